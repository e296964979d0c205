/**
 * Graph's Temporary Access Pass routes: the policy (authenticationMethodsPolicy's TemporaryAccessPass
 * configuration) and a user's temporaryAccessPassMethods. As Graph: a user has at most one pass and a new
 * one replaces it; the pass itself is shown only in the 201 that creates it; the policy must be enabled and
 * include the user, and bounds the lifetime (400 with Graph's message); an application also needs a
 * directory role that may manage the user's methods, by Entra's table (403 otherwise). The tenant keeps a
 * scrypt hash of each pass, never the pass.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { TenantTap } from './directory';
import {
  type GraphContext,
  graphError,
  type GraphRequest,
  type GraphResponse,
  hasPermission,
  ok,
} from './graphCore';
import { notFound } from './graphUsers';
import { hashPassword } from './passwords';

const POLICY_READ = [
  'Policy.Read.AuthenticationMethod',
  'Policy.ReadWrite.AuthenticationMethod',
  'Policy.Read.All',
];
const TAP_WRITE = ['UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'];
const TAP_READ = [...TAP_WRITE, 'UserAuthMethod-TAP.Read.All', 'UserAuthenticationMethod.Read.All'];
/** Properties a create may carry (the rest of the resource is read-only). */
const WRITABLE = ['lifetimeInMinutes', 'isUsableOnce', 'startDateTime'];
/** Graph's answer when the policy does not let the user have the method. */
const POLICY_REFUSAL =
  'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].';
// Letters and digits without look-alikes, and the symbols Entra's passes use.
const PASS_CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&*+-=?@';

/** The authentication methods service's 403 (not the directory's Authorization_RequestDenied). */
function accessDenied(ctx: GraphContext): GraphResponse {
  return graphError(ctx, 403, 'accessDenied', 'Request Authorization failed');
}

/** GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id} */
export function getMethodConfiguration(ctx: GraphContext, req: GraphRequest, id: string): GraphResponse {
  if (!hasPermission(ctx, POLICY_READ)) return accessDenied(ctx);
  if (id.toLowerCase() !== 'temporaryaccesspass')
    return graphError(ctx, 404, 'itemNotFound', `Authentication method configuration '${id}' was not found.`);
  const policy = ctx.state.directory.tapPolicy;
  return ok({
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity`,
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
    id: 'TemporaryAccessPass',
    state: policy.state,
    defaultLifetimeInMinutes: policy.defaultLifetimeInMinutes,
    defaultLength: policy.defaultLength,
    minimumLifetimeInMinutes: policy.minimumLifetimeInMinutes,
    maximumLifetimeInMinutes: policy.maximumLifetimeInMinutes,
    isUsableOnce: policy.isUsableOnce,
    includeTargets: policy.includeTargets.map((target) => ({
      targetType: 'group',
      id: target,
      isRegistrationRequired: false,
    })),
    excludeTargets: policy.excludeTargets.map((target) => ({ targetType: 'group', id: target })),
  });
}

/** GET /users/{id}/authentication/temporaryAccessPassMethods: the pass's settings, never the pass. */
export function listTemporaryAccessPasses(ctx: GraphContext, req: GraphRequest, key: string): GraphResponse {
  if (!hasPermission(ctx, TAP_READ)) return accessDenied(ctx);
  const user = ctx.state.directory.findUser(key);
  if (!user) return notFound(ctx, key);
  const tap = user.temporaryAccessPass;
  return ok({
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods`,
    value: tap ? [resource(tap, null)] : [],
  });
}

/** POST /users/{id}/authentication/temporaryAccessPassMethods */
export async function createTemporaryAccessPass(
  ctx: GraphContext,
  req: GraphRequest,
  key: string,
): Promise<GraphResponse> {
  if (!hasPermission(ctx, TAP_WRITE)) return accessDenied(ctx);
  const dir = ctx.state.directory;
  const user = dir.findUser(key);
  if (!user) return notFound(ctx, key);
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body))
    return graphError(ctx, 400, 'badRequest', 'Invalid request body.');
  for (const prop of Object.keys(body)) {
    if (prop !== '@odata.type' && !WRITABLE.includes(prop))
      return graphError(ctx, 400, 'badRequest', `Property '${prop}' cannot be set when creating the method.`);
  }
  const policy = dir.tapPolicy;
  if (policy.state !== 'enabled' || !dir.tapPolicyIncludes(user.id))
    return graphError(ctx, 400, 'badRequest', POLICY_REFUSAL);
  const lifetime = body.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
  if (
    typeof lifetime !== 'number' ||
    !Number.isInteger(lifetime) ||
    lifetime < policy.minimumLifetimeInMinutes ||
    lifetime > policy.maximumLifetimeInMinutes
  ) {
    return graphError(
      ctx,
      400,
      'badRequest',
      `Invalid LifetimeInMinutes specified. The valid range between ${policy.minimumLifetimeInMinutes} and ${policy.maximumLifetimeInMinutes}.`,
    );
  }
  const usableOnce = body.isUsableOnce ?? policy.isUsableOnce;
  if (typeof usableOnce !== 'boolean')
    return graphError(ctx, 400, 'badRequest', 'Invalid IsUsableOnce specified.');
  if (policy.isUsableOnce && !usableOnce) {
    return graphError(
      ctx,
      400,
      'badRequest',
      'Invalid IsUsableOnce specified. The policy allows only one-time Temporary Access Passes.',
    );
  }
  const now = new Date();
  let start = now;
  if (body.startDateTime !== undefined && body.startDateTime !== null) {
    const parsed = typeof body.startDateTime === 'string' ? new Date(body.startDateTime) : null;
    if (!parsed || Number.isNaN(parsed.getTime()))
      return graphError(ctx, 400, 'badRequest', 'Invalid StartDateTime specified.');
    start = parsed;
  }
  // The app acts with its own rights: its directory role must cover this user's methods (as a password).
  if (!ctx.app || !dir.applicationMayManageMethods(ctx.app, user.id)) return accessDenied(ctx);

  const pass = newPass(policy.defaultLength);
  const tap: TenantTap = {
    id: randomUUID(),
    passHash: await hashPassword(pass),
    createdDateTime: graphTime(now),
    startDateTime: graphTime(start),
    lifetimeInMinutes: lifetime,
    isUsableOnce: usableOnce,
  };
  // One pass per user: a new one replaces the one before, valid or not.
  user.temporaryAccessPass = tap;
  return ok(
    {
      '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`,
      ...resource(tap, pass),
    },
    201,
  );
}

/** The resource as Graph shows it; the pass only on creation. */
function resource(tap: TenantTap, pass: string | null): Record<string, unknown> {
  const now = Date.now();
  const start = Date.parse(tap.startDateTime);
  const expired = now >= start + tap.lifetimeInMinutes * 60_000;
  return {
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
    id: tap.id,
    temporaryAccessPass: pass,
    createdDateTime: tap.createdDateTime,
    startDateTime: tap.startDateTime,
    lifetimeInMinutes: tap.lifetimeInMinutes,
    isUsableOnce: tap.isUsableOnce,
    isUsable: now >= start && !expired,
    methodUsabilityReason: now < start ? 'NotYetValid' : expired ? 'Expired' : 'EnabledByPolicy',
  };
}

function newPass(length: number): string {
  let pass = '';
  for (let i = 0; i < length; i++) pass += PASS_CHARACTERS[randomInt(PASS_CHARACTERS.length)];
  return pass;
}

function graphTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
