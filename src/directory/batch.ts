/**
 * Graph JSON batching (`POST /$batch`): many requests in one round trip, at most 20 per batch, every
 * inner answer checked on its own. Graph throttles inner requests one by one and never retries them, so
 * this is where an inner 429 is waited out and repeated; a dependent of a failed request answers 424.
 * Graph accepts a batch that is fully parallel (no `dependsOn`) or fully sequential (each request
 * depending on the one before it), nothing in between.
 */
import { ErrorCodes, GraphError } from '../errors';
import type { CallOptions } from '../reset/ports';
import { errorFromAnswer, innerRequestId, type EdgeResponse, type GraphEdge, type RetryRule } from './edge';
import { parseRetryAfter } from './retry';

/** Graph's documented ceiling of requests in one $batch. */
export const BATCH_LIMIT = 20;

/** One request inside a batch. `url` is relative to the version root (`/users/…`). */
export interface BatchItem {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  /** Log-safe name of the call (no names or addresses). */
  readonly route: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Mail calls fail with MAIL_FAILED / MAIL_UNKNOWN instead of the GRAPH_* codes. */
  readonly mail?: boolean;
  /** Values that must never appear in an error message (the password of a reset). */
  readonly secrets?: readonly string[];
}

/** One inner answer. */
export interface ItemAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The inner request's own request-id (else the batch's). */
  readonly requestId: string;
}

/**
 * Sends `items` as parallel batches of at most 20 (or, with `sequential`, as one chain in which each
 * request depends on the one before it) and returns every inner answer by id. The batch call itself is
 * repeated by the edge per `rule`; a failure of the call as a whole rejects with its GraphError.
 */
export async function sendBatch(
  edge: GraphEdge,
  items: readonly BatchItem[],
  options: { readonly rule: RetryRule; readonly sequential?: boolean; readonly route: string } & {
    readonly call?: CallOptions;
  },
): Promise<Map<string, ItemAnswer>> {
  if (options.sequential && items.length > BATCH_LIMIT) {
    throw new GraphError(
      ErrorCodes.INTERNAL,
      0,
      'BatchTooLong',
      '',
      'a sequential batch holds at most 20',
      false,
    );
  }
  const chunks: BatchItem[][] = [];
  for (let i = 0; i < items.length; i += BATCH_LIMIT) chunks.push(items.slice(i, i + BATCH_LIMIT));
  const answers = await Promise.all(
    chunks.map(async (chunk) => {
      const response = await edge.request({
        method: 'POST',
        path: '/$batch',
        route: options.route,
        body: {
          requests: chunk.map((item, index) => ({
            id: item.id,
            method: item.method,
            url: item.url,
            ...(item.body !== undefined
              ? { body: item.body, headers: { 'Content-Type': 'application/json', ...item.headers } }
              : item.headers
                ? { headers: item.headers }
                : {}),
            ...(options.sequential && index > 0 ? { dependsOn: [chunk[index - 1].id] } : {}),
          })),
        },
        retry: options.rule,
        secrets: chunk.flatMap((item) => item.secrets ?? []),
        options: options.call,
      });
      const answers = readAnswers(response);
      for (const item of chunk) {
        const answer = answers.get(item.id);
        if (!answer) continue;
        const ok = answer.status >= 200 && answer.status < 300;
        edge.logInner(
          {
            route: `${item.route} (in $batch)`,
            status: answer.status,
            requestId: answer.requestId,
            batchRequestId: response.requestId,
            correlationId: options.call?.correlationId,
          },
          ok ? undefined : itemError(item, answer, Date.now()),
        );
      }
      return answers;
    }),
  );
  const all = new Map<string, ItemAnswer>();
  for (const map of answers) for (const [id, answer] of map) all.set(id, answer);
  return all;
}

/** The inner answers of a batch response, by id; a malformed entry is left out (and so is missing). */
function readAnswers(response: EdgeResponse): Map<string, ItemAnswer> {
  const answers = new Map<string, ItemAnswer>();
  const responses = (response.body as { responses?: unknown } | null)?.responses;
  if (!Array.isArray(responses)) return answers;
  for (const raw of responses) {
    const r = (raw ?? {}) as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
    if (typeof r.id !== 'string' || typeof r.status !== 'number') continue;
    const headers = lowerKeys(r.headers);
    answers.set(r.id, {
      status: r.status,
      headers,
      body: r.body ?? null,
      requestId: headers['request-id'] ?? innerRequestId(r.body) ?? response.requestId,
    });
  }
  return answers;
}

/** The GraphError of a non-2xx inner answer (Retry-After included), as the edge maps plain calls. */
export function itemError(item: BatchItem, answer: ItemAnswer, nowMs: number): GraphError {
  return errorFromAnswer(
    answer.status,
    answer.body,
    answer.requestId,
    parseRetryAfter(answer.headers['retry-after'], nowMs),
    { route: item.route, method: item.method, mail: item.mail, secrets: item.secrets },
  );
}

/** A batch that came back without an answer for one of its requests: nothing is guessed from it. */
export function missingAnswer(item: BatchItem, batchRequestId: string): GraphError {
  return new GraphError(
    item.mail ? ErrorCodes.MAIL_UNKNOWN : ErrorCodes.GRAPH_UNAVAILABLE,
    200,
    'UnexpectedAnswer',
    batchRequestId,
    `Graph returned a $batch without an answer for ${item.route}`,
    true,
  );
}

function lowerKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [key, value] of Object.entries(headers))
      if (typeof value === 'string') out[key.toLowerCase()] = value;
  }
  return out;
}
