/**
 * Shapes shared by the Graph routes: the request/response model (so $batch can run routes without
 * HTTP), Graph's error body, headers, permission checks and paging.
 */
import type { TenantApplication } from './directory';
import type { TenantState } from './state';
import type { FaultStatus } from './faults';
import { ODataError } from './odata';

/** A Graph request, from HTTP or from inside a $batch. */
export interface GraphRequest {
  readonly method: string;
  /** Path after the version, e.g. "/users/{id}". */
  readonly path: string;
  readonly version: 'v1.0' | 'beta';
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

/** A Graph response. */
export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Per-request context. */
export interface GraphContext {
  readonly state: TenantState;
  /** The tenant's own URL, the base of @odata.context and nextLink. */
  readonly baseUrl: string;
  readonly requestId: string;
  readonly clientRequestId: string;
  app?: TenantApplication;
  roles?: readonly string[];
  /** Log sequence number of the HTTP request (the parent of $batch items). */
  seq?: number;
}

/** Thrown through the router when the connection must be dropped without an answer. */
export class DropConnection extends Error {
  constructor() {
    super('drop');
    this.name = 'DropConnection';
  }
}

/** Graph's JSON content type. */
export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Graph's error timestamp: ISO without milliseconds. */
export function graphDate(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '');
}

/** Graph's error body with its innerError. */
export function graphError(
  ctx: GraphContext,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): GraphResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: graphDate(),
          'request-id': ctx.requestId,
          'client-request-id': ctx.clientRequestId,
        },
      },
    },
  };
}

/** A 200 JSON answer with Graph's content type. */
export function ok(body: unknown, status = 200): GraphResponse {
  return { status, headers: { 'Content-Type': GRAPH_JSON, 'OData-Version': '4.0' }, body };
}

/** 403 unless the token carries one of `permissions`. */
export function requirePermission(ctx: GraphContext, permissions: readonly string[]): GraphResponse | null {
  if ((ctx.roles ?? []).some((r) => permissions.includes(r))) return null;
  return insufficientPrivileges(ctx);
}

/** Graph's 403 for directory calls. */
export function insufficientPrivileges(ctx: GraphContext): GraphResponse {
  return graphError(
    ctx,
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
}

/** True when the token carries one of `permissions`. */
export function hasPermission(ctx: GraphContext, permissions: readonly string[]): boolean {
  return (ctx.roles ?? []).some((r) => permissions.includes(r));
}

/** True when the request carries the ConsistencyLevel: eventual header. */
export function eventual(req: GraphRequest): boolean {
  return (req.headers['consistencylevel'] ?? '').trim().toLowerCase() === 'eventual';
}

/** True when $count=true was asked for. */
export function countRequested(req: GraphRequest): boolean {
  return (req.query.get('$count') ?? '').toLowerCase() === 'true';
}

/** The message Graph gives when an advanced-only feature lacks ConsistencyLevel and $count. */
export function advancedQueryMessage(what: string): string {
  return (
    `${what} is not supported because the required parameters might be missing. ` +
    'Try adding $count=true query parameter and ConsistencyLevel:eventual header. ' +
    'Refer to https://aka.ms/graph-docs/advanced-queries for more information'
  );
}

/** Default page size and maximum $top of directory collections. */
export const PAGE = { default: 100, max: 999 } as const;

/**
 * Pages a collection: $top (1..999), an opaque $skiptoken, and @odata.nextLink carrying every other
 * query parameter so the next page is the same query.
 */
export function paginate<T>(
  ctx: GraphContext,
  req: GraphRequest,
  items: readonly T[],
): { page: T[]; nextLink?: string } | GraphResponse {
  const topRaw = req.query.get('$top');
  let top: number = PAGE.default;
  if (topRaw !== null) {
    top = Number(topRaw);
    if (!Number.isInteger(top) || top < 1 || top > PAGE.max) {
      return graphError(
        ctx,
        400,
        'Request_BadRequest',
        `Invalid page size specified: '${topRaw}'. Must be between 1 and ${PAGE.max} inclusive.`,
      );
    }
  }
  let offset = 0;
  const skip = req.query.get('$skiptoken');
  if (skip !== null) {
    const decoded = decodeSkipToken(skip);
    if (decoded === null)
      return graphError(ctx, 400, 'Request_BadRequest', 'Specified skip token is invalid.');
    offset = decoded;
  }
  const page = items.slice(offset, offset + top);
  if (offset + top >= items.length) return { page };
  const next = new URLSearchParams(req.query);
  next.set('$skiptoken', encodeSkipToken(offset + top));
  return {
    page,
    nextLink: `${ctx.baseUrl}/${req.version}${req.path}?${next.toString().replace(/\+/g, '%20')}`,
  };
}

function encodeSkipToken(offset: number): string {
  return `RFNwdAIAAQAAA${Buffer.from(JSON.stringify({ o: offset })).toString('base64url')}`;
}

function decodeSkipToken(token: string): number | null {
  try {
    const parsed = JSON.parse(
      Buffer.from(token.replace(/^RFNwdAIAAQAAA/, ''), 'base64url').toString('utf8'),
    ) as { o?: unknown };
    return Number.isInteger(parsed.o) && (parsed.o as number) >= 0 ? (parsed.o as number) : null;
  } catch {
    return null;
  }
}

/** Picks properties for $select, always keeping @odata.type. */
export function project(
  item: Record<string, unknown>,
  select: readonly string[] | null,
  defaults: readonly string[],
): Record<string, unknown> {
  const keys = select ?? defaults;
  const out: Record<string, unknown> = {};
  if ('@odata.type' in item) out['@odata.type'] = item['@odata.type'];
  for (const k of keys) if (k in item) out[k] = item[k];
  return out;
}

/** The answer a status fault produces, shaped like Graph's own throttling and gateway errors. */
export function faultResponse(
  ctx: GraphContext,
  status: FaultStatus,
  retryAfterSeconds?: number,
): GraphResponse {
  const headers: Record<string, string> =
    retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  if (status === 400)
    return graphError(
      ctx,
      400,
      'Request_UnsupportedQuery',
      'Unsupported or invalid query filter clause specified for property of resource.',
    );
  if (status === 414) return graphError(ctx, 414, 'UriTooLong', 'The request URI is too long.');
  if (status === 431)
    return graphError(ctx, 431, 'RequestHeaderFieldsTooLarge', 'The request headers are too large.');
  if (status === 429)
    return graphError(
      ctx,
      429,
      'TooManyRequests',
      'Too many requests. Please retry after some time.',
      headers,
    );
  if (status === 503)
    return graphError(
      ctx,
      503,
      'ServiceUnavailable',
      'The service is currently unavailable. Please try again later.',
      headers,
    );
  return graphError(
    ctx,
    504,
    'GatewayTimeout',
    'The gateway did not receive a response from the service in time.',
    headers,
  );
}

/** Graph's 400 for a query it cannot run (an OData error); anything else is rethrown. */
export function odataFailure(ctx: GraphContext, error: unknown): GraphResponse {
  if (error instanceof ODataError) {
    const code = error.unsupportedProperty ? 'Request_UnsupportedQuery' : 'BadRequest';
    return graphError(ctx, 400, code, error.message);
  }
  throw error;
}
