/**
 * Reads one request body in memory, for the one media type a route takes. Nothing is ever written to
 * disk, nothing compressed is inflated, and a body over its limit is refused while it streams in, so an
 * anonymous caller can neither fill the disk nor the memory before authentication.
 */
import type { IncomingMessage } from 'node:http';

/** The body kinds the server's routes take. */
export type BodyKind = 'json' | 'form';

const MEDIA_TYPES: Readonly<Record<BodyKind, string>> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
};

/** Why a body was refused: the HTTP status to answer with and a short reason for the log. */
export class BodyRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    reason: string,
  ) {
    super(reason);
    this.name = 'BodyRefused';
  }
}

/**
 * The parsed body: a JSON object for `json`, the form's fields (first value of each) for `form`.
 * Rejects with BodyRefused: 415 for another media type, a charset other than UTF-8 or any
 * Content-Encoding; 413 past `maxBytes`; 400 for a body that is not what its type says.
 */
export async function readBody(
  req: IncomingMessage,
  kind: BodyKind,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const [mediaType, ...parameters] = String(req.headers['content-type'] ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (mediaType !== MEDIA_TYPES[kind]) throw new BodyRefused(415, `content type ${mediaType || 'missing'}`);
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new BodyRefused(415, 'charset');
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity') throw new BodyRefused(415, 'content encoding');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyRefused(413, 'declared length');

  const text = await readText(req, maxBytes);
  if (kind === 'form') return Object.fromEntries(new URLSearchParams(text));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyRefused(400, 'malformed JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new BodyRefused(400, 'not a JSON object');
  return parsed as Record<string, unknown>;
}

/** The body as UTF-8 text, counted while it arrives. */
function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const fail = (error: Error): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      // Stop reading; the caller answers, and the connection is closed after the answer.
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) return fail(new BodyRefused(413, 'body too large'));
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        reject(new BodyRefused(400, 'not UTF-8'));
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', (error) => fail(error));
  });
}
