/**
 * The Graph edge: every call goes through `request()`, which adds the client-request-id, applies the
 * per-attempt timeout, retries by the call's rule, logs one line per attempt (route, status, duration,
 * ids; never a body or a query value: debug for a success, a warning for a failure or a retry) and turns
 * every failure into a GraphError with a stable code.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCodes, GraphError, type ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { CallOptions } from '../reset/ports';
import { needsOf } from './permissions';
import { parseRetryAfter, planRetry, type RandomInt, type RetryPolicy } from './retry';
import type { AttemptResult, GraphTransport } from './transport';

/**
 * Which failures a call may repeat. `idempotent`: 429, 503, 504, timeouts and dropped connections
 * (reads, PATCH, revoke). `refusals-only`: only answers that prove nothing happened (429, or a
 * connection never opened); for sendMail, where a repeat after an ambiguous failure could mail twice.
 */
export type RetryRule = 'idempotent' | 'refusals-only';

/** One Graph call as the adapter describes it. */
export interface EdgeRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Path and query under the versioned root (`/users/…?$select=…`), or an absolute `@odata.nextLink`. */
  readonly path: string;
  /** Log-safe name of the call, e.g. `GET /users/{id}`: no names or addresses. */
  readonly route: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly retry: RetryRule;
  /** Mail calls fail with MAIL_FAILED / MAIL_UNKNOWN instead of the GRAPH_* codes. */
  readonly mail?: boolean;
  /** Values that must never appear in an error message (the password of a reset). */
  readonly secrets?: readonly string[];
  /**
   * Inspects a 2xx answer; returning a GraphError makes the attempt count as failed (used for the inner
   * answers of $batch). `retryable` says whether the whole call may be repeated for it.
   */
  readonly check?: (
    response: EdgeResponse,
  ) => { readonly error: GraphError; readonly retryable: boolean } | undefined;
  readonly options?: CallOptions;
}

/** A successful answer. */
export interface EdgeResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  /** Graph's `request-id` (else our client-request-id, so the audit trail always has one). */
  readonly requestId: string;
}

/** Knobs of the edge; every one has a production default in GraphDirectory. */
export interface EdgeSettings {
  readonly transport: GraphTransport;
  /** `https://graph.microsoft.com` or the local tenant's URL, without a trailing slash. */
  readonly endpoint: string;
  readonly version: string;
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random?: RandomInt;
}

/** The outcome of one failed attempt, already classified. */
interface FailedAttempt {
  readonly error: GraphError;
  readonly retryable: boolean;
}

/** Sends Graph calls with retries, timeouts, logging and error mapping. */
export class GraphEdge {
  private readonly log: Logger;

  constructor(private readonly settings: EdgeSettings) {
    this.log = settings.logger.child({ name: 'graph' });
  }

  /**
   * Logs one answer inside a $batch like a call of its own (route, status, its request-id, the
   * correlation id), so every Graph operation can be found in the log by the ids the audit keeps: a
   * success at debug, a refusal as a warning that names the permission it lacked.
   */
  logInner(
    fields: {
      readonly route: string;
      readonly status: number;
      readonly requestId: string;
      readonly batchRequestId: string;
      readonly correlationId?: string;
    },
    error?: GraphError,
  ): void {
    if (!error) {
      this.log.debug(fields, 'graph call');
      return;
    }
    this.log.warn(
      {
        ...fields,
        graphCode: error.graphCode,
        code: error.code,
        ...(error.permission ? { permission: error.permission } : {}),
      },
      error.permission ? `graph call refused: the app needs ${error.permission}` : 'graph call failed',
    );
  }

  /** Sends one call; resolves with a 2xx answer or rejects with a GraphError. */
  async request(request: EdgeRequest): Promise<EdgeResponse> {
    const { now, policy } = this.settings;
    const started = now();
    const clientRequestId = randomUUID();
    const url = /^https:\/\//i.test(request.path)
      ? request.path
      : `${this.settings.endpoint}/${this.settings.version}${request.path}`;
    if (!url.toLowerCase().startsWith(`${this.settings.endpoint.toLowerCase()}/`)) {
      // A nextLink to another host is not ours to follow.
      throw new GraphError(
        ErrorCodes.GRAPH_UNAVAILABLE,
        0,
        'ForeignLink',
        clientRequestId,
        `Graph ${request.route} links elsewhere`,
        false,
      );
    }
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attemptOnce(request, url, clientRequestId, attempt);
      if (!('error' in outcome)) return outcome;
      const { error, retryable } = outcome;
      if (!retryable || request.options?.signal?.aborted) throw error;
      const decision = planRetry(
        { attempt, retryAfterMs: error.retryAfterMs, elapsedMs: now() - started },
        policy,
        this.settings.random,
      );
      if (!decision.retry) {
        this.log.warn(
          { route: request.route, attempt, reason: decision.reason, code: error.code },
          'graph call given up',
        );
        throw error;
      }
      this.log.warn(
        { route: request.route, attempt, delayMs: decision.delayMs, status: error.status },
        'graph call retry',
      );
      await this.settings.sleep(decision.delayMs);
    }
  }

  private async attemptOnce(
    request: EdgeRequest,
    url: string,
    clientRequestId: string,
    attempt: number,
  ): Promise<EdgeResponse | FailedAttempt> {
    const { transport, timeoutMs, now } = this.settings;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new GraphTimeout(timeoutMs)), timeoutMs);
    const caller = request.options?.signal;
    const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
    const started = now();
    let result: AttemptResult;
    try {
      result = await transport.attempt({
        method: request.method,
        url,
        headers: { ...request.headers, 'client-request-id': clientRequestId },
        body: request.body,
        signal,
      });
    } finally {
      clearTimeout(timer);
    }
    const durationMs = now() - started;
    const base = {
      route: request.route,
      attempt,
      durationMs,
      clientRequestId,
      correlationId: request.options?.correlationId,
    };

    if (result.kind === 'failure') {
      const failure = this.classifyFailure(request, result, clientRequestId, timeout.signal.aborted);
      this.log.warn(
        { ...base, code: failure.error.code, sent: result.sent, failure: failureName(result.error) },
        'graph call failed',
      );
      return failure;
    }

    const requestId =
      result.headers.get('request-id') ?? innerRequestId(parseJson(result.text)) ?? clientRequestId;
    if (result.status >= 200 && result.status < 300) {
      // Every call at info would drown a day's log (one request makes a dozen): successes are debug.
      this.log.debug({ ...base, status: result.status, requestId }, 'graph call');
      const response: EdgeResponse = {
        status: result.status,
        headers: result.headers,
        body: parseJson(result.text),
        requestId,
      };
      const verdict = request.check?.(response);
      return verdict ?? response;
    }
    const error = errorFromAnswer(
      result.status,
      parseJson(result.text),
      requestId,
      parseRetryAfter(result.headers.get('retry-after'), this.settings.now()),
      request,
    );
    this.log.warn(
      {
        ...base,
        status: result.status,
        requestId,
        graphCode: error.graphCode,
        code: error.code,
        ...(error.permission ? { permission: error.permission } : {}),
      },
      error.permission ? `graph call refused: the app needs ${error.permission}` : 'graph call failed',
    );
    return { error, retryable: isRetryableStatus(result.status, request.retry) };
  }

  private classifyFailure(
    request: EdgeRequest,
    result: Extract<AttemptResult, { kind: 'failure' }>,
    clientRequestId: string,
    timedOut: boolean,
  ): FailedAttempt {
    const what = timedOut ? `timed out after ${this.settings.timeoutMs} ms` : describeFailure(result.error);
    if (!result.sent) {
      // Nothing reached Graph: safe to repeat for any call, unless the credential itself was refused.
      const denied = isCredentialRejection(result.error);
      const code = request.mail
        ? ErrorCodes.MAIL_FAILED
        : denied
          ? ErrorCodes.GRAPH_AUTH_FAILED
          : ErrorCodes.GRAPH_UNAVAILABLE;
      const error = new GraphError(
        code,
        denied ? 401 : 0,
        denied ? 'CredentialRejected' : 'NotSent',
        clientRequestId,
        `Graph ${request.route} not sent: ${what}`,
        false,
      );
      return { error, retryable: !denied && !request.options?.signal?.aborted };
    }
    const code = request.mail ? ErrorCodes.MAIL_UNKNOWN : ErrorCodes.GRAPH_UNAVAILABLE;
    const graphCode = timedOut ? 'Timeout' : 'ConnectionLost';
    const error = new GraphError(code, 0, graphCode, clientRequestId, `Graph ${request.route} ${what}`, true);
    return { error, retryable: request.retry === 'idempotent' };
  }
}

/** Raised inside the attempt when the per-call timeout fires. */
class GraphTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'GraphTimeout';
  }
}

/**
 * 429 may always be repeated (nothing happened); 502/503/504 only for idempotent calls. The same rule
 * holds for a whole call and for one request inside a `$batch` (src/directory/reads.ts).
 */
export function isRetryableStatus(status: number, rule: RetryRule): boolean {
  if (status === 429) return true;
  return rule === 'idempotent' && (status === 502 || status === 503 || status === 504);
}

/**
 * Maps a non-2xx Graph answer to the error catalogue, saying what is true for this call: a refused read
 * names the permission it lacks (never "refused the change"), a refused search is about the name typed
 * (never the password policy), 401 is the app's own credential. What a 400 to the password PATCH means
 * for the admin is decided by the reset (src/reset/failures.ts).
 */
export function errorFromAnswer(
  status: number,
  body: unknown,
  requestId: string,
  retryAfterMs: number | undefined,
  request: Pick<EdgeRequest, 'route' | 'mail' | 'secrets'> & { readonly method?: string },
): GraphError {
  const { code: graphCode, message } = graphErrorOf(body);
  const ambiguous = status >= 500;
  const needs = needsOf(request.route, request.method);
  let code: ErrorCode;
  if (request.mail) code = ambiguous ? ErrorCodes.MAIL_UNKNOWN : ErrorCodes.MAIL_FAILED;
  else if (status === 401) code = ErrorCodes.GRAPH_AUTH_FAILED;
  else if (status === 403)
    code = needs.kind === 'change' ? ErrorCodes.GRAPH_DENIED : ErrorCodes.GRAPH_READ_DENIED;
  else if (status === 404) code = ErrorCodes.GRAPH_NOT_FOUND;
  else if (status === 429) code = ErrorCodes.GRAPH_THROTTLED;
  else if (ambiguous) code = ErrorCodes.GRAPH_UNAVAILABLE;
  // 414 URI Too Long / 431 Request Header Fields Too Large: only a search carries the typed name.
  else if (status === 414 || status === 431 || (status === 400 && needs.kind === 'search'))
    code = ErrorCodes.GRAPH_SEARCH_REJECTED;
  else code = ErrorCodes.GRAPH_BAD_REQUEST;
  const permission = status === 403 ? needs.permission : undefined;
  const text = scrub(`Graph ${request.route} answered ${status} ${graphCode}: ${message}`, request.secrets);
  return new GraphError(code, status, graphCode, requestId, text, ambiguous, retryAfterMs, permission);
}

/** Graph's `{ error: { code, message } }`, or placeholders when the body is not Graph's. */
function graphErrorOf(body: unknown): { code: string; message: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    code: typeof error?.code === 'string' ? error.code : 'Unknown',
    message: typeof error?.message === 'string' ? error.message.slice(0, 500) : '',
  };
}

function scrub(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const secret of secrets ?? []) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}

/** The request id Graph puts inside an error body (`error.innerError['request-id']`), if any. */
export function innerRequestId(body: unknown): string | undefined {
  const id = (body as { error?: { innerError?: Record<string, unknown> } } | null)?.error?.innerError?.[
    'request-id'
  ];
  return typeof id === 'string' ? id : undefined;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The token endpoint refused the app itself (bad secret, unknown app, no consent): SharedTokenCredential
 * says so with CredentialRejectedError; every other token failure is the endpoint being unavailable.
 */
function isCredentialRejection(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth += 1) {
    if ((e as { name?: unknown }).name === 'CredentialRejectedError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function failureName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return `failed: ${failureName(error)}${code}`;
}
