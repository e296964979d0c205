/**
 * Authorization as the use cases apply it: fresh profiles from Graph, the pure policy, and "no" on any
 * doubt. Used both when a request starts and again on every submit (card data is never trusted).
 */
import type { CallOptions, SecurityProfile } from '../directory/port';
import { AppError, ErrorCodes, type ErrorCode } from '../errors';
import { canReset, resettingRolesOf } from '../policy/whoCanReset';
import type { ResetDeps } from './deps';

/** The requester's fresh profile, or a refusal when they hold no resetting role. */
export async function loadRequester(
  deps: ResetDeps,
  requesterId: string,
  options: CallOptions,
): Promise<SecurityProfile> {
  const profile = await deps.directory.getSecurityProfile(requesterId, options);
  if (resettingRolesOf(profile).length === 0) {
    throw new AppError(ErrorCodes.REQUESTER_NOT_ADMIN, 'requester holds no active resetting role');
  }
  return profile;
}

/** A decision for one target; `warnings` are shown on the form (e.g. a disabled account). */
export type TargetDecision =
  | { readonly allowed: true; readonly profile: SecurityProfile; readonly warnings: readonly string[] }
  | { readonly allowed: false; readonly reason: ErrorCode; readonly profile?: SecurityProfile };

/** Reads the target fresh and applies the who-can-reset policy. Any error while deciding means "no". */
export async function authorizeTarget(
  deps: ResetDeps,
  requester: SecurityProfile,
  targetId: string,
  options: CallOptions,
): Promise<TargetDecision> {
  if (targetId === requester.user.id) return { allowed: false, reason: ErrorCodes.TARGET_SELF };
  const profile = await deps.directory.getSecurityProfile(targetId, options);
  const decision = canReset(requester, profile);
  if (!decision.allowed) return { allowed: false, reason: decision.reason, profile };
  return { allowed: true, profile, warnings: decision.warnings };
}
