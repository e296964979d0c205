/**
 * Temporary Access Pass on Graph: the tenant's policy (read inside the profiles' $batch) and the one POST
 * that creates a pass. The POST is not idempotent — Graph keeps one pass per user and a second creation
 * replaces the first — so it goes out with the `refusals-only` rule: repeated after a 429 or when it never
 * left, never after an answer that did not come (5xx, timeout, lost connection), which is `unknown`.
 */
import { ErrorCodes, GraphError } from '../errors';
import { tapPolicyFrom, type TapPolicy } from '../policy/tapPolicy';
import type { CreatedTap } from '../reset/model';
import type { CallOptions, TapOutcome, TapRequest } from '../reset/ports';
import type { BatchItem } from './batch';
import type { GraphEdge } from './edge';
import { userPath } from './odata';
import { denied } from './profile';

/** Where Graph keeps the policy (v1.0). */
export const TAP_POLICY_PATH =
  '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass';
/** Log-safe route names (src/directory/permissions.ts says what each needs). */
export const TAP_POLICY_ROUTE = 'GET /policies/authenticationMethodsPolicy/TemporaryAccessPass';
export const TAP_CREATE_ROUTE = 'POST /users/{id}/authentication/temporaryAccessPassMethods';

/** The policy read, as an item of a read $batch. */
export function tapPolicyItem(): Omit<BatchItem, 'id'> {
  return { method: 'GET', url: TAP_POLICY_PATH, route: TAP_POLICY_ROUTE };
}

/** The policy from Graph's answer; an answer without its fields is a refusal to read it. */
export function readTapPolicy(body: unknown, requestId: string): TapPolicy {
  const policy = tapPolicyFrom(body);
  if (!policy)
    throw denied(
      requestId,
      'a Temporary Access Pass policy without its settings',
      'Policy.Read.AuthenticationMethod',
    );
  return policy;
}

/** Creates a pass for a user; see the module comment for when it is sent again. */
export async function createTap(
  edge: GraphEdge,
  userId: string,
  request: TapRequest,
  options?: CallOptions,
): Promise<TapOutcome> {
  try {
    const response = await edge.request({
      method: 'POST',
      path: `${userPath(userId)}/authentication/temporaryAccessPassMethods`,
      route: TAP_CREATE_ROUTE,
      body: {
        lifetimeInMinutes: request.lifetimeInMinutes,
        isUsableOnce: request.isUsableOnce,
        ...(request.startDateTime ? { startDateTime: request.startDateTime } : {}),
      },
      retry: 'refusals-only',
      options,
    });
    const created = createdFrom(response.body, request);
    if (!created) {
      // Graph made a pass and did not show it: it exists, and nobody can deliver it.
      return {
        status: 'unknown',
        error: new GraphError(
          ErrorCodes.GRAPH_UNAVAILABLE,
          response.status,
          'UnexpectedAnswer',
          response.requestId,
          `Graph ${TAP_CREATE_ROUTE} answered without the pass`,
          true,
        ),
      };
    }
    return { status: 'done', requestId: response.requestId, ...created };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return { status: error.ambiguous ? 'unknown' : 'failed', error };
  }
}

/** The pass and its settings from a 201; null when the pass itself is missing. */
function createdFrom(body: unknown, request: TapRequest): { pass: string; created: CreatedTap } | null {
  const raw = (body ?? {}) as Record<string, unknown>;
  const pass = raw.temporaryAccessPass;
  if (typeof pass !== 'string' || pass.length === 0) return null;
  const start =
    typeof raw.startDateTime === 'string' && !Number.isNaN(Date.parse(raw.startDateTime))
      ? raw.startDateTime
      : typeof raw.createdDateTime === 'string'
        ? raw.createdDateTime
        : (request.startDateTime ?? new Date().toISOString());
  return {
    pass,
    created: {
      methodId: typeof raw.id === 'string' ? raw.id : '',
      startDateTime: start,
      lifetimeInMinutes:
        typeof raw.lifetimeInMinutes === 'number' ? raw.lifetimeInMinutes : request.lifetimeInMinutes,
      isUsableOnce: typeof raw.isUsableOnce === 'boolean' ? raw.isUsableOnce : request.isUsableOnce,
    },
  };
}
