/**
 * What differs between the kinds of request on the one engine: which Entra table decides who may act on
 * whom (passwords: src/policy/whoCanReset.ts; Temporary Access Passes: src/policy/whoCanManageAuthMethods.ts),
 * what a requester without a suitable role is told, and the steps on each user (src/reset/advanceReset.ts,
 * src/reset/tapSteps.ts). Everything else — opening, claiming, limits, the audit, recovery, the mail and
 * notice steps and their recording — is the same code for every kind.
 */
import { ErrorCodes, type ErrorCode } from '../errors';
import type { RoleAssignmentView, SecurityProfile } from '../policy/profile';
import { canManageAuthMethods, methodsRolesOf } from '../policy/whoCanManageAuthMethods';
import type { ResetWarning } from '../policy/roleTable';
import { canReset, resettingRolesOf } from '../policy/whoCanReset';
import { advanceReset } from './advanceReset';
import type { RunInput } from './engine';
import type { RequestKind, RequestTarget } from './model';
import type { RequestRun } from './run';
import { settleForGood } from './steps';
import { advanceTap, settleTapForGood } from './tapSteps';

/** A decision about one target. */
export type KindDecision =
  | { readonly allowed: true; readonly viaRole: string; readonly warnings: readonly ResetWarning[] }
  | { readonly allowed: false; readonly reason: ErrorCode };

/** The authorization rules of one kind of request. */
export interface KindPolicy {
  /** The requester's active assignments of roles that can do this kind of request at all. */
  rolesOf(requester: SecurityProfile): RoleAssignmentView[];
  /** May the requester act on this target? */
  decide(requester: SecurityProfile, target: SecurityProfile): KindDecision;
  /** The refusal of a requester without any of those roles. */
  readonly notAllowed: ErrorCode;
}

const POLICIES: Readonly<Record<RequestKind, KindPolicy>> = {
  password: {
    rolesOf: resettingRolesOf,
    decide: (requester, target) => canReset(requester, target),
    notAllowed: ErrorCodes.REQUESTER_NOT_ADMIN,
  },
  tap: {
    rolesOf: methodsRolesOf,
    decide: (requester, target) => canManageAuthMethods(requester, target),
    notAllowed: ErrorCodes.TAP_NOT_ALLOWED,
  },
};

/** The rules for a kind of request. */
export function policyOf(kind: RequestKind): KindPolicy {
  return POLICIES[kind];
}

/** The steps of one kind of request on a user. */
export interface KindSteps {
  /** Drives one authorized user from wherever its record says to a final state. */
  advance(run: RequestRun, target: RequestTarget, input: RunInput): Promise<void>;
  /** The honest final state of a user whose runs kept being interrupted. */
  settleForGood(target: RequestTarget): void;
}

const KIND_STEPS: Readonly<Record<RequestKind, KindSteps>> = {
  password: { advance: advanceReset, settleForGood },
  tap: { advance: (run, target) => advanceTap(run, target), settleForGood: settleTapForGood },
};

/** The steps of a kind of request. */
export function stepsOf(kind: RequestKind): KindSteps {
  return KIND_STEPS[kind];
}
