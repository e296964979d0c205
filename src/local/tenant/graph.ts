/**
 * The Graph front door: bearer-token validation with Graph's 401 bodies, the route table, and $batch
 * (at most 20 relative requests, dependsOn with 424, per-request status, faults and throttling).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  faultResponse,
  type GraphContext,
  graphError,
  type GraphRequest,
  type GraphResponse,
  ok,
} from './graphCore';
import {
  createTemporaryAccessPass,
  getMethodConfiguration,
  listTemporaryAccessPasses,
} from './graphAuthMethods';
import { sendMail } from './graphMail';
import {
  getDomains,
  getGroup,
  getUnits,
  listRelation,
  listRoleAssignments,
  listRoleDefinitions,
} from './graphRelations';
import { listGroupEligibilitySchedules, listRoleEligibilitySchedules } from './graphPim';
import { getUser, listUsers, patchUser, revokeSessions } from './graphUsers';
import type { TokenProblem } from './tokens';

/** The audiences Entra issues Graph tokens for, and the only ones Graph accepts. */
export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];

const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  empty: 'Access token is empty.',
  malformed: 'IDX14100: JWT is not well formed, there are no dots (.).',
  signature: 'Access token validation failure.',
  expired: 'Lifetime validation failed, the token is expired.',
  audience: 'Access token validation failure. Invalid audience.',
  tenant: 'Access token validation failure. Invalid tenant.',
};

/** Authenticates and routes one Graph request. */
export async function handleGraph(ctx: GraphContext, req: GraphRequest): Promise<GraphResponse> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers['authorization'] ?? '');
  const checked = ctx.state.tokens.check(match?.[1], {
    audiences: GRAPH_AUDIENCES,
    tenantId: ctx.state.directory.tenantId,
  });
  if (!checked.ok) {
    return graphError(ctx, 401, 'InvalidAuthenticationToken', TOKEN_MESSAGES[checked.problem], {
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    });
  }
  ctx.app = ctx.state.directory.application(checked.claims.appid);
  ctx.roles = checked.claims.roles;
  return route(ctx, req);
}

type Handler = (
  ctx: GraphContext,
  req: GraphRequest,
  params: string[],
) => GraphResponse | Promise<GraphResponse>;

const ROUTES: { pattern: RegExp; methods: Record<string, Handler>; betaOnly?: boolean }[] = [
  { pattern: /^\/users$/i, methods: { GET: (c, r) => listUsers(c, r) } },
  {
    pattern: /^\/users\/([^/]+)$/i,
    methods: { GET: (c, r, [k]) => getUser(c, r, k!), PATCH: (c, r, [k]) => patchUser(c, r, k!) },
  },
  {
    pattern: /^\/users\/([^/]+)\/(memberOf|transitiveMemberOf|ownedObjects)(?:\/([^/]+))?$/i,
    methods: {
      GET: (c, r, [k, rel, cast]) =>
        listRelation(
          c,
          r,
          k!,
          (['memberOf', 'transitiveMemberOf', 'ownedObjects'].find(
            (x) => x.toLowerCase() === rel!.toLowerCase(),
          ) ?? 'memberOf') as 'memberOf',
          cast,
        ),
    },
  },
  {
    pattern: /^\/users\/([^/]+)\/revokeSignInSessions$/i,
    methods: { POST: (c, r, [k]) => revokeSessions(c, r, k!) },
  },
  { pattern: /^\/users\/([^/]+)\/sendMail$/i, methods: { POST: (c, r, [k]) => sendMail(c, r, k!) } },
  {
    pattern: /^\/users\/([^/]+)\/authentication\/temporaryAccessPassMethods$/i,
    methods: {
      GET: (c, r, [k]) => listTemporaryAccessPasses(c, r, k!),
      POST: (c, r, [k]) => createTemporaryAccessPass(c, r, k!),
    },
  },
  {
    pattern: /^\/policies\/authenticationMethodsPolicy\/authenticationMethodConfigurations\/([^/]+)$/i,
    methods: { GET: (c, r, [id]) => getMethodConfiguration(c, r, id!) },
  },
  {
    pattern: /^\/roleManagement\/directory\/roleAssignments$/i,
    methods: { GET: (c, r) => listRoleAssignments(c, r, false) },
  },
  {
    pattern: /^\/roleManagement\/directory\/transitiveRoleAssignments$/i,
    methods: { GET: (c, r) => listRoleAssignments(c, r, true) },
    betaOnly: true,
  },
  {
    pattern: /^\/roleManagement\/directory\/roleEligibilitySchedules$/i,
    methods: { GET: (c, r) => listRoleEligibilitySchedules(c, r) },
  },
  {
    pattern: /^\/identityGovernance\/privilegedAccess\/group\/eligibilitySchedules$/i,
    methods: { GET: (c, r) => listGroupEligibilitySchedules(c, r) },
  },
  {
    pattern: /^\/roleManagement\/directory\/roleDefinitions(?:\/([^/]+))?$/i,
    methods: { GET: (c, r, [id]) => listRoleDefinitions(c, r, id) },
  },
  { pattern: /^\/domains(?:\/([^/]+))?$/i, methods: { GET: (c, r, [name]) => getDomains(c, r, name) } },
  {
    pattern: /^\/(?:directory\/)?administrativeUnits(?:\/([^/]+))?$/i,
    methods: { GET: (c, r, [id]) => getUnits(c, r, id) },
  },
  { pattern: /^\/groups\/([^/]+)$/i, methods: { GET: (c, r, [id]) => getGroup(c, r, id!) } },
  {
    // Application tokens have no signed-in user.
    pattern: /^\/me(?:\/.*)?$/i,
    methods: {
      GET: (c) =>
        graphError(c, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.'),
      POST: (c) =>
        graphError(c, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.'),
      PATCH: (c) =>
        graphError(c, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.'),
    },
  },
  { pattern: /^\/\$batch$/i, methods: { POST: (c, r) => batch(c, r) } },
];

async function route(ctx: GraphContext, req: GraphRequest): Promise<GraphResponse> {
  for (const r of ROUTES) {
    const m = r.pattern.exec(req.path);
    if (!m || (r.betaOnly && req.version !== 'beta')) continue;
    const handler = r.methods[req.method.toUpperCase()];
    if (!handler)
      return graphError(
        ctx,
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
      );
    let params: string[];
    try {
      params = m
        .slice(1)
        .map((p) => (p === undefined ? (undefined as unknown as string) : decodeURIComponent(p)));
    } catch {
      return graphError(ctx, 400, 'BadRequest', 'The request URI is not valid.');
    }
    return handler(ctx, req, params);
  }
  const segment = req.path.split('/').filter(Boolean)[0] ?? '';
  return graphError(ctx, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

interface BatchItem {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  headers?: unknown;
  body?: unknown;
  dependsOn?: unknown;
}

const BATCH_LIMIT = 20;

async function batch(ctx: GraphContext, req: GraphRequest): Promise<GraphResponse> {
  const payload = req.body as { requests?: unknown } | null;
  if (!payload || !Array.isArray(payload.requests)) {
    return graphError(ctx, 400, 'BadRequest', 'Invalid batch payload format.');
  }
  const items = payload.requests as BatchItem[];
  if (items.length === 0) return graphError(ctx, 400, 'BadRequest', 'Invalid batch payload format.');
  if (items.length > BATCH_LIMIT) {
    return graphError(
      ctx,
      400,
      'BadRequest',
      `Number of batch requests exceeds the limit of ${BATCH_LIMIT}.`,
    );
  }
  const ids = new Set<string>();
  for (const item of items) {
    if (
      typeof item.id !== 'string' ||
      item.id === '' ||
      typeof item.method !== 'string' ||
      typeof item.url !== 'string'
    ) {
      return graphError(ctx, 400, 'BadRequest', 'Invalid batch payload format.');
    }
    // Ids are not case-sensitive and must be unique.
    if ([...ids].some((id) => id.toLowerCase() === (item.id as string).toLowerCase())) {
      return graphError(ctx, 400, 'BadRequest', `Batch request contains duplicate request id '${item.id}'.`);
    }
    ids.add(item.id);
    const headers = lowerKeys(item.headers);
    if (item.body !== undefined && !headers['content-type']) {
      return graphError(
        ctx,
        400,
        'BadRequest',
        `Write request id : ${item.id} does not contain Content-Type header or body.`,
      );
    }
  }
  const seen = new Set<string>();
  for (const item of items) {
    const deps = item.dependsOn;
    // A request may depend only on requests before it in the array, as Graph checks.
    if (
      deps !== undefined &&
      (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string' || !seen.has(d) || d === item.id))
    ) {
      return graphError(ctx, 400, 'BadRequest', `Invalid dependency for request Id ${String(item.id)}.`);
    }
    seen.add(item.id as string);
  }
  // Graph runs a batch either fully in parallel (no dependsOn) or fully in sequence (every request after
  // the first depends on another); anything in between is refused.
  const dependent = items.filter((item) => item.dependsOn !== undefined).length;
  if (dependent > 0 && dependent !== items.length - 1) {
    return graphError(ctx, 400, 'BadRequest', 'Batch should be either fully sequential or fully parallel');
  }

  const results = new Map<
    string,
    Promise<{ id: string; status: number; headers: Record<string, string>; body?: unknown }>
  >();
  const run = async (
    item: BatchItem,
  ): Promise<{ id: string; status: number; headers: Record<string, string>; body?: unknown }> => {
    const id = item.id as string;
    const deps = (item.dependsOn as string[] | undefined) ?? [];
    const before = await Promise.all(deps.map((d) => results.get(d)!));
    const innerCtx: GraphContext = { ...ctx, requestId: randomUUID() };
    let response: GraphResponse;
    const started = Date.now();
    if (before.some((b) => b.status >= 400)) {
      response = graphError(
        innerCtx,
        424,
        'FailedDependency',
        'The request could not be completed because a request it depends on failed.',
      );
    } else {
      response = await runInner(innerCtx, req, item);
    }
    const parsedPath = innerPath(item.url as string);
    ctx.state.record({
      seq: ctx.state.seq(),
      method: (item.method as string).toUpperCase(),
      path: `/${req.version}${parsedPath.path}`,
      query: parsedPath.query,
      status: response.status,
      durationMs: Date.now() - started,
      at: new Date(started).toISOString(),
      requestId: innerCtx.requestId,
      clientRequestId: innerCtx.clientRequestId,
      batch: ctx.seq,
      appId: ctx.app?.clientId,
    });
    const out: { id: string; status: number; headers: Record<string, string>; body?: unknown } = {
      id,
      status: response.status,
      headers: { ...response.headers, 'request-id': innerCtx.requestId },
    };
    if (response.body !== undefined) out.body = response.body;
    return out;
  };
  // Resolve in dependency order: each promise waits for the ones it names.
  const pending = [...items];
  while (pending.length > 0) {
    const index = pending.findIndex((i) =>
      ((i.dependsOn as string[] | undefined) ?? []).every((d) => results.has(d)),
    );
    const [item] = pending.splice(index, 1);
    results.set(item!.id as string, run(item!));
  }
  const responses = await Promise.all(items.map((i) => results.get(i.id as string)!));
  return ok({ responses });
}

function innerPath(url: string): { path: string; query: string } {
  const parsed = new URL(url.startsWith('/') ? url : `/${url}`, 'https://batch.invalid');
  return { path: parsed.pathname, query: parsed.search.replace(/^\?/, '') };
}

async function runInner(ctx: GraphContext, outer: GraphRequest, item: BatchItem): Promise<GraphResponse> {
  const url = item.url as string;
  if (/^[a-z]+:\/\//i.test(url))
    return graphError(ctx, 400, 'BadRequest', 'Batch request URLs must be relative.');
  const parsed = new URL(url.startsWith('/') ? url : `/${url}`, 'https://batch.invalid');
  const method = (item.method as string).toUpperCase();
  // Requests inside a batch are throttled (and faulted) one by one, like Graph does.
  const decision = ctx.state.faults.decide(method, `/${outer.version}${parsed.pathname}`, { inBatch: true });
  if (decision.latencyMs > 0) await delay(decision.latencyMs);
  // A connection lost behind Graph's front door fails that one request, not the batch it came in:
  // the gateway answers it 502, as Graph does for a backend that went away.
  if (decision.outcome?.kind === 'drop')
    return graphError(ctx, 502, 'BadGateway', 'The backend connection was lost before it answered.');
  if (decision.outcome?.kind === 'status')
    return faultResponse(ctx, decision.outcome.status, decision.outcome.retryAfterSeconds);
  const headers = { ...lowerKeys(item.headers), authorization: outer.headers['authorization'] };
  const inner: GraphRequest = {
    method,
    path: parsed.pathname,
    version: outer.version,
    query: parsed.searchParams,
    headers,
    body: item.body,
  };
  if (/^\/\$batch$/i.test(inner.path))
    return graphError(ctx, 400, 'BadRequest', 'A batch request cannot contain another batch.');
  return route(ctx, inner);
}

function lowerKeys(value: unknown): Record<string, string | undefined> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
}
