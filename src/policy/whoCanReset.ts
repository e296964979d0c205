/**
 * Who may reset whose password: Entra's "Who can reset passwords" table, administrative-unit scope and
 * restricted management units, applied to two security profiles read fresh from Graph. Pure; any
 * missing or malformed datum means "no". The requester counts with active built-in roles only; the target
 * is protected by its active roles AND by what it is eligible for through PIM (roles, and membership or
 * ownership of role-assignable groups), since it could activate them with the new password.
 *
 * Evaluation is per requester assignment: a target with several roles is allowed only when ONE of the
 * requester's assignments, at a scope covering the target, may reset every one of them. That is how
 * Entra evaluates a role: each assignment grants its own permissions at its own scope, and two partial
 * grants do not add up to a whole one.
 */
import type { RoleAssignmentView, SecurityProfile, UnitMembership } from './profile';
import { ErrorCodes, type ErrorCode } from '../errors';
import {
  classifyTargetRole,
  normalizeId,
  RESET_MATRIX,
  RESETTING_ROLES_BY_PRIVILEGE,
  resettingRoleOf,
  type ResettingRole,
  type TargetRow,
} from './roles';

/** Warnings that do not stop a reset but must be shown. */
export type ResetWarning = 'TARGET_DISABLED';

/** The decision: allowed through one named role, or refused with a stable reason code. */
export type ResetDecision =
  { allowed: true; viaRole: string; warnings: ResetWarning[] } | { allowed: false; reason: ErrorCode };

/** A parsed `directoryScopeId`: the whole tenant or one administrative unit. */
export type DirectoryScope = { kind: 'tenant' } | { kind: 'unit'; unitId: string };

const UNIT_SCOPE = /^\/administrativeUnits\/([^/\s]+)$/i;

/** Parses '/' or '/administrativeUnits/{id}'; null for anything else (which then grants nothing). */
export function parseScope(directoryScopeId: unknown): DirectoryScope | null {
  if (directoryScopeId === '/') return { kind: 'tenant' };
  if (typeof directoryScopeId !== 'string') return null;
  const match = UNIT_SCOPE.exec(directoryScopeId);
  return match ? { kind: 'unit', unitId: normalizeId(match[1]) } : null;
}

interface Grant {
  readonly assignment: RoleAssignmentView;
  readonly role: ResettingRole;
  readonly scope: DirectoryScope;
}

/** The requester's active assignments of the six resetting roles (any scope). Empty → may use nothing. */
export function resettingRolesOf(requester: SecurityProfile): RoleAssignmentView[] {
  return grantsOf(requester).map((grant) => grant.assignment);
}

function grantsOf(requester: SecurityProfile): Grant[] {
  if (!isObject(requester) || !Array.isArray(requester.roleAssignments)) return [];
  // Roles a requester holds through a group we did not read could widen or narrow nothing we know of:
  // a profile without them grants nothing.
  if (requester.groupRolesRead !== true) return [];
  const grants: Grant[] = [];
  for (const assignment of requester.roleAssignments) {
    if (!isObject(assignment)) continue;
    const role = resettingRoleOf(assignment);
    const scope = parseScope(assignment.directoryScopeId);
    if (!role || !scope) continue;
    // Global Administrator cannot be assigned at unit scope in Entra; such data is wrong, so it grants nothing.
    if (role === 'global' && scope.kind !== 'tenant') continue;
    grants.push({ assignment, role, scope });
  }
  return grants;
}

/**
 * May `requester` reset `target`'s password? `knownUnits` may add administrative units whose restricted
 * flag is known beyond the two profiles' own memberships (e.g. units that scope the target's roles).
 */
export function canReset(
  requester: SecurityProfile,
  target: SecurityProfile,
  knownUnits: readonly UnitMembership[] = [],
): ResetDecision {
  const grants = grantsOf(requester);
  const requesterId = isObject(requester) && isObject(requester.user) ? normalizeId(requester.user.id) : '';
  if (grants.length === 0 || !requesterId) return refuse(ErrorCodes.REQUESTER_NOT_ADMIN);

  if (!isObject(target) || !isObject(target.user)) return refuse(ErrorCodes.TARGET_PRIVILEGED);
  const user = target.user;
  const targetId = normalizeId(user.id);
  if (!targetId) return refuse(ErrorCodes.TARGET_PRIVILEGED);
  if (targetId === requesterId) return refuse(ErrorCodes.TARGET_SELF);
  if (user.userType !== 'Member') return refuse(ErrorCodes.TARGET_GUEST);
  if (user.onPremisesSyncEnabled !== false) return refuse(ErrorCodes.TARGET_SYNCED);
  if (target.federated !== false) return refuse(ErrorCodes.TARGET_FEDERATED);

  const decision = decideByRoles(grants, requester, target, knownUnits);
  if (!decision.allowed) return decision;
  const warnings: ResetWarning[] = user.accountEnabled === true ? [] : ['TARGET_DISABLED'];
  return { ...decision, warnings };
}

/** What decides whether a requester's roles reach a user: the user's roles, units and role-assignable groups. */
export type RoleReachTarget = Pick<
  SecurityProfile,
  | 'roleAssignments'
  | 'eligibleRoleAssignments'
  | 'administrativeUnits'
  | 'roleAssignableGroupIds'
  | 'eligibleRoleAssignableGroupIds'
>;

/**
 * Whether one of the requester's roles reaches a user with these roles, units and groups: the table and the
 * administrative-unit scope, without the checks about the kind of account (self, guest, synced, federated).
 * It decides whose audit entries a requester may read.
 */
export function rolesReach(requester: SecurityProfile, target: RoleReachTarget): boolean {
  const grants = grantsOf(requester);
  if (grants.length === 0 || !isObject(target)) return false;
  return decideByRoles(grants, requester, target, []).allowed;
}

/** The table and the unit scope: the part of {@link canReset} that reads roles, units and groups. */
function decideByRoles(
  grants: readonly Grant[],
  requester: SecurityProfile,
  target: RoleReachTarget,
  knownUnits: readonly UnitMembership[],
): { allowed: true; viaRole: string } | { allowed: false; reason: ErrorCode } {
  const units = targetUnits(target);
  if (!units) return refuse(ErrorCodes.TARGET_RESTRICTED_UNIT);
  const restrictedById = restrictedFlags([...units, ...unitsOf(requester), ...knownUnits]);
  const rows = targetRows(target, restrictedById);
  if (!rows) return refuse(ErrorCodes.TARGET_PRIVILEGED);

  // Entra: an administrator whose role is scoped to an administrative unit may reset users of that unit
  // only if those users hold no administrator role (nor sit in a role-assignable group).
  const holdsNothing = rows.length === 1 && rows[0] === 'none';
  const mayResetAll = (grant: Grant): boolean =>
    (grant.scope.kind === 'tenant' || holdsNothing) && rows.every((row) => RESET_MATRIX[row].has(grant.role));
  const restrictedUnits = new Set(units.filter((u) => u.restricted).map((u) => normalizeId(u.id)));
  const memberOf = new Set(units.map((u) => normalizeId(u.id)));

  let covering: Grant[];
  if (restrictedUnits.size > 0) {
    // Members of a restricted management unit: only roles scoped to one such unit the target is in count;
    // tenant-wide roles (Global Administrator included) and ordinary unit scopes do not.
    covering = grants.filter((g) => g.scope.kind === 'unit' && restrictedUnits.has(g.scope.unitId));
    if (covering.length === 0) return refuse(ErrorCodes.TARGET_RESTRICTED_UNIT);
  } else {
    covering = grants.filter((g) => g.scope.kind === 'tenant' || memberOf.has(g.scope.unitId));
  }

  const able = covering.filter(mayResetAll);
  if (able.length > 0) {
    const chosen = leastPrivileged(able);
    return { allowed: true, viaRole: normalizeId(chosen.assignment.roleTemplateId) };
  }
  // A role that could reset this target exists, but only at unit scopes the target is not in.
  if (restrictedUnits.size === 0 && grants.some(mayResetAll)) return refuse(ErrorCodes.TARGET_OUT_OF_SCOPE);
  return refuse(ErrorCodes.TARGET_PRIVILEGED);
}

/** The table rows a target falls into; null when its data cannot be trusted. */
export function targetRows(
  target: RoleReachTarget,
  restrictedById: ReadonlyMap<string, boolean>,
): TargetRow[] | null {
  if (
    !Array.isArray(target.roleAssignments) ||
    !Array.isArray(target.roleAssignableGroupIds) ||
    !Array.isArray(target.eligibleRoleAssignments) ||
    !Array.isArray(target.eligibleRoleAssignableGroupIds)
  )
    return null;
  const rows = new Set<TargetRow>();
  if (target.roleAssignableGroupIds.length > 0 || target.eligibleRoleAssignableGroupIds.length > 0)
    rows.add('roleAssignableGroup');
  for (const assignment of [...target.roleAssignments, ...target.eligibleRoleAssignments]) {
    if (!isObject(assignment) || typeof assignment.roleTemplateId !== 'string') return null;
    const scope = parseScope(assignment.directoryScopeId);
    if (!scope) return null;
    // A role arriving through a group means membership of a role-assignable group, whatever else we were told.
    if (assignment.viaGroupId !== null && assignment.viaGroupId !== undefined)
      rows.add('roleAssignableGroup');
    // A role counts whatever its scope, except at a restricted unit; a unit of unknown kind counts as
    // restricted, which only ever narrows the answer to Privileged Authentication / Global Administrators.
    if (scope.kind === 'unit' && restrictedById.get(scope.unitId) !== false) rows.add('restrictedUnitRole');
    else rows.add(classifyTargetRole(assignment));
  }
  if (rows.size === 0) rows.add('none');
  return [...rows];
}

/** The target's unit memberships, or null when any is malformed. */
export function targetUnits(target: RoleReachTarget): UnitMembership[] | null {
  if (!Array.isArray(target.administrativeUnits)) return null;
  for (const unit of target.administrativeUnits) {
    if (!isObject(unit) || !normalizeId(unit.id) || typeof unit.restricted !== 'boolean') return null;
  }
  return [...target.administrativeUnits];
}

export function unitsOf(profile: SecurityProfile): UnitMembership[] {
  return isObject(profile) && Array.isArray(profile.administrativeUnits)
    ? [...profile.administrativeUnits]
    : [];
}

/** Unit id → restricted; when sources disagree, "restricted" wins. */
export function restrictedFlags(units: readonly UnitMembership[]): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  for (const unit of units) {
    if (!isObject(unit)) continue;
    const id = normalizeId(unit.id);
    if (!id) continue;
    const restricted = unit.restricted !== false;
    flags.set(id, (flags.get(id) ?? false) || restricted);
  }
  return flags;
}

function leastPrivileged(grants: readonly Grant[]): Grant {
  const rank = (g: Grant): number => RESETTING_ROLES_BY_PRIVILEGE.indexOf(g.role);
  return grants.reduce((best, g) => (rank(g) < rank(best) ? g : best));
}

function refuse(reason: ErrorCode): { allowed: false; reason: ErrorCode } {
  return { allowed: false, reason };
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
