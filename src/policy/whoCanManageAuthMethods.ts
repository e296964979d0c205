/**
 * Who may manage another user's authentication methods — here, create a Temporary Access Pass: Entra's
 * "Who can perform sensitive actions" table, which Microsoft's "Compare authentication roles" points to for
 * "Manage user's auth methods" (docs/who-can-manage-auth-methods.md has the table and its sources). Only
 * Authentication, Privileged Authentication and Global Administrators manage methods at all; Helpdesk,
 * Password and User Administrators reset passwords but never methods.
 *
 * The same rules as the password policy (src/policy/whoCanReset.ts) apply around the table: active
 * built-in roles only for the requester, a target protected by what it is eligible for (PIM) as if
 * active, a custom role is "any other role", a unit-scoped role covers only plain members of its unit,
 * members of a restricted management unit only roles scoped to that unit, one requester assignment must
 * cover every row. What differs from a password: a Temporary Access Pass is a cloud method Entra checks
 * itself, so directory-synced and federated users may have one (a pass signs a federated user in at Entra,
 * without the federation provider). Pure; any missing or malformed datum means "no".
 */
import { ErrorCodes, type ErrorCode } from '../errors';
import type { RoleAssignmentView, SecurityProfile, UnitMembership } from './profile';
import { normalizeId, resettingRoleOf, type ResettingRole, type TargetRow } from './roles';
import {
  parseScope,
  restrictedFlags,
  targetRows,
  targetUnits,
  unitsOf,
  type DirectoryScope,
  type ResetWarning,
} from './whoCanReset';

/** The requester roles that manage other users' authentication methods, least privileged first. */
export type MethodsRole = Extract<ResettingRole, 'auth' | 'privAuth' | 'global'>;

const METHODS_ROLES: readonly MethodsRole[] = ['auth', 'privAuth', 'global'];
const ALL: ReadonlySet<MethodsRole> = new Set(METHODS_ROLES);
const TOP: ReadonlySet<MethodsRole> = new Set<MethodsRole>(['privAuth', 'global']);

/**
 * The table: which requester roles may manage the methods of a target in each row. An Authentication
 * Administrator manages users without admin roles and the roles the table lists; Privileged
 * Authentication and Global Administrators manage everyone.
 */
export const METHODS_MATRIX: Readonly<Record<TargetRow, ReadonlySet<MethodsRole>>> = {
  none: ALL,
  directoryReaders: ALL,
  guestInviter: ALL,
  passwordAdmin: ALL,
  messageCenterReader: ALL,
  reportsReader: ALL,
  usageSummaryReportsReader: ALL,
  uxSuccessManager: ALL,
  authAdmin: ALL,
  helpdeskAdmin: TOP,
  groupsAdmin: TOP,
  userAdmin: TOP,
  globalAdmin: TOP,
  privAuthAdmin: TOP,
  privRoleAdmin: TOP,
  roleAssignableGroup: TOP,
  restrictedUnitRole: TOP,
  other: TOP,
};

/** The decision: allowed through one named role, or refused with a stable reason code. */
export type MethodsDecision =
  { allowed: true; viaRole: string; warnings: ResetWarning[] } | { allowed: false; reason: ErrorCode };

interface Grant {
  readonly assignment: RoleAssignmentView;
  readonly role: MethodsRole;
  readonly scope: DirectoryScope;
}

/** The requester's active assignments of the three roles that manage methods (any scope). */
export function methodsRolesOf(requester: SecurityProfile): RoleAssignmentView[] {
  return grantsOf(requester).map((grant) => grant.assignment);
}

function grantsOf(requester: SecurityProfile): Grant[] {
  if (!isObject(requester) || !Array.isArray(requester.roleAssignments)) return [];
  if (requester.groupRolesRead !== true) return [];
  const grants: Grant[] = [];
  for (const assignment of requester.roleAssignments) {
    if (!isObject(assignment)) continue;
    const role = resettingRoleOf(assignment);
    const scope = parseScope(assignment.directoryScopeId);
    if (!role || !scope || !(METHODS_ROLES as readonly string[]).includes(role)) continue;
    if (role === 'global' && scope.kind !== 'tenant') continue;
    grants.push({ assignment, role: role as MethodsRole, scope });
  }
  return grants;
}

/**
 * May `requester` manage `target`'s authentication methods (create a Temporary Access Pass)?
 * `knownUnits` may add administrative units whose restricted flag is known beyond the two profiles.
 */
export function canManageAuthMethods(
  requester: SecurityProfile,
  target: SecurityProfile,
  knownUnits: readonly UnitMembership[] = [],
): MethodsDecision {
  const grants = grantsOf(requester);
  const requesterId = isObject(requester) && isObject(requester.user) ? normalizeId(requester.user.id) : '';
  if (grants.length === 0 || !requesterId) return refuse(ErrorCodes.TAP_NOT_ALLOWED);

  if (!isObject(target) || !isObject(target.user)) return refuse(ErrorCodes.TAP_TARGET_PRIVILEGED);
  const user = target.user;
  const targetId = normalizeId(user.id);
  if (!targetId) return refuse(ErrorCodes.TAP_TARGET_PRIVILEGED);
  if (targetId === requesterId) return refuse(ErrorCodes.TAP_TARGET_SELF);
  if (user.userType !== 'Member') return refuse(ErrorCodes.TAP_TARGET_GUEST);

  const units = targetUnits(target);
  if (!units) return refuse(ErrorCodes.TAP_TARGET_RESTRICTED_UNIT);
  const restrictedById = restrictedFlags([...units, ...unitsOf(requester), ...knownUnits]);
  const rows = targetRows(target, restrictedById);
  if (!rows) return refuse(ErrorCodes.TAP_TARGET_PRIVILEGED);

  // A unit-scoped Authentication Administrator manages the methods of the unit's members who hold no
  // admin role (nor sit in a role-assignable group), as for passwords.
  const holdsNothing = rows.length === 1 && rows[0] === 'none';
  const mayManageAll = (grant: Grant): boolean =>
    (grant.scope.kind === 'tenant' || holdsNothing) &&
    rows.every((row) => METHODS_MATRIX[row].has(grant.role));
  const restrictedUnits = new Set(units.filter((u) => u.restricted).map((u) => normalizeId(u.id)));
  const memberOf = new Set(units.map((u) => normalizeId(u.id)));

  let covering: Grant[];
  if (restrictedUnits.size > 0) {
    covering = grants.filter((g) => g.scope.kind === 'unit' && restrictedUnits.has(g.scope.unitId));
    if (covering.length === 0) return refuse(ErrorCodes.TAP_TARGET_RESTRICTED_UNIT);
  } else {
    covering = grants.filter((g) => g.scope.kind === 'tenant' || memberOf.has(g.scope.unitId));
  }

  const able = covering.filter(mayManageAll);
  if (able.length > 0) {
    const chosen = able.reduce((best, g) =>
      METHODS_ROLES.indexOf(g.role) < METHODS_ROLES.indexOf(best.role) ? g : best,
    );
    const warnings: ResetWarning[] = user.accountEnabled === true ? [] : ['TARGET_DISABLED'];
    return { allowed: true, viaRole: normalizeId(chosen.assignment.roleTemplateId), warnings };
  }
  if (restrictedUnits.size === 0 && grants.some(mayManageAll)) return refuse(ErrorCodes.TARGET_OUT_OF_SCOPE);
  return refuse(ErrorCodes.TAP_TARGET_PRIVILEGED);
}

function refuse(reason: ErrorCode): MethodsDecision {
  return { allowed: false, reason };
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
