/**
 * Sends activities to the bot's `/api/messages` over HTTP, as the Bot Connector service would (without
 * a token: the bot under test runs in LOCAL_MODE), and returns what the bot answered.
 */
import http from 'node:http';

/** The bot's HTTP answer: for an invoke, `body` is the invoke response `{statusCode, type, value}`. */
export interface BotAnswer {
  readonly status: number;
  readonly body: unknown;
  /** The raw answer text (scanned by the canary). */
  readonly raw: string;
}

/** An invoke response as Teams reads it. */
export interface InvokeBody {
  readonly statusCode: number;
  readonly type: string;
  readonly value: unknown;
}

/** Posts one activity to `${botUrl}/api/messages`. */
export async function postActivity(botUrl: string, activity: object, timeoutMs = 20_000): Promise<BotAnswer> {
  const url = new URL('/api/messages', botUrl);
  const payload = JSON.stringify(activity);
  return new Promise<BotAnswer>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let body: unknown = raw;
          try {
            body = raw ? JSON.parse(raw) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body, raw });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`bot did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Narrows a bot answer to an invoke response, failing with the whole answer when it is not one. */
export function invokeBody(answer: BotAnswer): InvokeBody {
  const body = answer.body as Partial<InvokeBody> | null;
  if (!body || typeof body !== 'object' || typeof body.type !== 'string' || typeof body.statusCode !== 'number') {
    throw new Error(`not an invoke response: HTTP ${answer.status} ${answer.raw.slice(0, 500)}`);
  }
  return body as InvokeBody;
}

/** Plain HTTP GET/POST of a page (the one-time link pages), returning status, headers and text. */
export async function fetchPage(
  url: string,
  options: { method?: 'GET' | 'POST'; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const body = options.form ? new URLSearchParams(options.form).toString() : '';
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          ...(options.form ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } : {}),
          ...(options.headers ?? {}),
        },
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer`)));
    req.on('error', reject);
    req.end(body);
  });
}
