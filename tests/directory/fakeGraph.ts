/**
 * A scripted stand-in for `fetch` at the bottom of the Graph adapter's middleware chain: each test says
 * how Graph answers, and every request that reached the "network" is recorded (method, URL, headers,
 * parsed body) so tests can count attempts and compare bodies.
 */
import type { TokenCredential } from '@azure/identity';
import type { FetchLike } from '../../src/directory/transport';

/** One recorded request. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** What the scripted Graph does with a request. */
export type Reply = Response | 'drop' | 'hang' | 'refused';
export type Handler = (request: SeenRequest, index: number) => Reply | Promise<Reply>;

/** A JSON answer with Graph's usual headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'request-id': `rid-${status}`, ...headers },
  });
}

/** Graph's error body. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(
    status,
    { error: { code, message, innerError: { date: '2025-01-01T00:00:00', 'request-id': 'inner-rid' } } },
    headers,
  );
}

/** A fetch that follows `handler` and records every call. */
export function fakeFetch(handler: Handler): { fetch: FetchLike; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>))
      headers[k.toLowerCase()] = v;
    const request: SeenRequest = {
      method: String(init.method),
      url: new URL(input),
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    seen.push(request);
    const reply = await handler(request, seen.length - 1);
    if (reply === 'drop')
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    if (reply === 'refused') {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    }
    if (reply === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init.signal;
        if (signal) signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    return reply;
  };
  return { fetch, seen };
}

/** A credential that hands out a fixed token and counts requests for it. */
export function fakeCredential(token = 'test-token'): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken() {
      credential.calls += 1;
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return credential;
}
