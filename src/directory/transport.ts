/**
 * One HTTP attempt through @microsoft/microsoft-graph-client, with a middleware chain we own:
 * probe → AuthenticationHandler → fetch. The SDK's default chain carries a RetryHandler that would
 * repeat a POST after 503/504; that must never happen to sendMail, so retries live in our edge instead.
 * The probe records, per attempt, whether the request left the process and the original error (the SDK
 * would otherwise wrap it), which is how a timeout is told apart from a refused connection.
 */
import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  ResponseType,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { graphScope } from './credential';

/** The subset of `fetch` the transport needs; injectable so unit tests never open a socket. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** One request as the edge describes it. */
export interface AttemptRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Absolute https URL. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Aborts the attempt (per-call timeout or the caller's signal). */
  readonly signal: AbortSignal;
}

/** What one attempt produced: an HTTP answer of any status, or a failure before one arrived. */
export type AttemptResult =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Headers; readonly text: string }
  | {
      readonly kind: 'failure';
      /** True when the request may have reached Graph, so a write may have happened. */
      readonly sent: boolean;
      readonly error: unknown;
    };

/** Per-attempt record shared by our middlewares through the SDK's middleware options. */
class AttemptProbe implements MiddlewareOptions {
  sent = false;
  error: unknown = undefined;
}

/** First in the chain: keeps the original error before the SDK wraps it into its own GraphError. */
class ProbeHandler implements Middleware {
  private next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    try {
      await this.next?.execute(context);
    } catch (error) {
      const probe = context.middlewareControl?.getMiddlewareOptions(AttemptProbe) as AttemptProbe | undefined;
      if (probe && probe.error === undefined) probe.error = error;
      throw error;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Last in the chain: sends the request; a connection that was never opened is marked unsent. */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: FetchLike) {}

  async execute(context: Context): Promise<void> {
    const probe = context.middlewareControl?.getMiddlewareOptions(AttemptProbe) as AttemptProbe | undefined;
    if (probe) probe.sent = true;
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    try {
      context.response = await this.fetchImpl(url, (context.options ?? {}) as RequestInit);
    } catch (error) {
      if (probe) {
        probe.error = error;
        probe.sent = !neverConnected(error);
      }
      throw error;
    }
  }
}

/** Error codes that prove no byte of the request reached the server. */
const UNSENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function neverConnected(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNSENT_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Builds the Graph client for an endpoint and sends single attempts through it. */
export class GraphTransport {
  private readonly client: Client;

  constructor(
    credential: TokenCredential,
    endpoint: string,
    fetchImpl: FetchLike = (input, init) => fetch(input, init),
    scope: string = graphScope(credential, endpoint),
  ) {
    const host = new URL(endpoint).hostname;
    this.client = Client.initWithMiddleware({
      baseUrl: endpoint,
      // The SDK attaches the bearer token only to Graph's own hosts and to these (hostnames, no port).
      customHosts: new Set([host]),
      middleware: [
        new ProbeHandler(),
        new AuthenticationHandler(new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] })),
        new FetchHandler(fetchImpl),
      ],
    });
  }

  /** Sends one request and reads the whole body; never throws. */
  async attempt(request: AttemptRequest): Promise<AttemptResult> {
    const probe = new AttemptProbe();
    try {
      const call = this.client
        .api(request.url)
        .headers({ ...request.headers })
        .option('signal', request.signal)
        .middlewareOptions([probe])
        .responseType(ResponseType.RAW);
      const pending: Promise<Response> =
        request.method === 'GET'
          ? call.get()
          : request.method === 'POST'
            ? call.post(request.body)
            : call.patch(request.body);
      // The credential may hang on a slow token endpoint without seeing our signal: race it.
      const response = await untilAborted(pending, request.signal);
      const text = await untilAborted(response.text(), request.signal);
      return { kind: 'response', status: response.status, headers: response.headers, text };
    } catch (error) {
      return { kind: 'failure', sent: probe.sent, error: probe.error ?? error };
    }
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
