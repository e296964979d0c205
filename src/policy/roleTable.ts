/**
 * How one of Entra's "who may act on whom" tables is applied to two security profiles read fresh from
 * Graph: the requester's grants (active built-in roles, each at its scope), the target's rows (its active
 * AND eligible roles, its role-assignable groups), administrative-unit scope and restricted management
 * units. The password table (src/policy/roles.ts) and the authentication-methods table
 * (src/policy/whoCanManageAuthMethods.ts) are both applied here; what differs between them is the table
 * itself and the refusals, which each policy passes in. Pure; any missing or malformed datum means "no".
 *
 * Evaluation is per requester assignment: a target with several roles is allowed only when ONE of the
 * requester's assignments, at a scope covering the target, may act on every one of them. That is how
 * Entra evaluates a role: each assignment grants its own permissions at its own scope, and two partial
 * grants do not add up to a whole one.
 */
import { ErrorCodes, type ErrorCode } from '../errors';
import type { RoleAssignmentView, SecurityProfile, UnitMembership } from './profile';
import {
  classifyTargetRole,
  normalizeId,
  resettingRoleOf,
  type ResettingRole,
  type TargetRow,
} from './roles';

/** One of Entra's tables: its requester columns and, per target row, the columns allowed. */
export interface RoleTable<R extends ResettingRole> {
  /** The requester roles the table has columns for, least privileged first (the one named on a decision). */
  readonly columns: readonly R[];
  readonly rows: Readonly<Record<TargetRow, ReadonlySet<R>>>;
}

/** What a policy answers in each case the table machinery refuses. */
export interface TableRefusals {
  /** The requester holds none of the table's roles. */
  readonly notAllowed: ErrorCode;
  /** The target holds more than the requester's roles reach (or its data cannot be trusted). */
  readonly privileged: ErrorCode;
  readonly self: ErrorCode;
  readonly guest: ErrorCode;
  /** The target sits in a restricted management unit none of the requester's roles is scoped to. */
  readonly restrictedUnit: ErrorCode;
}

/** A policy: a table, its refusals, and the kinds of account its action cannot reach at all. */
export interface TablePolicy<R extends ResettingRole> {
  readonly table: RoleTable<R>;
  readonly refusals: TableRefusals;
  /** Checked after self and guest, before the table: e.g. a password mastered elsewhere. */
  readonly accountRefusal?: (target: SecurityProfile) => ErrorCode | null;
}

/** Warnings that do not stop a request but must be shown. */
export type ResetWarning = 'TARGET_DISABLED';

/** The decision: allowed through one named role, or refused with a stable reason code. */
export type TableDecision =
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

interface Grant<R> {
  readonly assignment: RoleAssignmentView;
  readonly role: R;
  readonly scope: DirectoryScope;
}

/** The requester's active assignments of the table's roles (any scope). Empty → may do nothing. */
export function tableRolesOf<R extends ResettingRole>(
  requester: SecurityProfile,
  table: RoleTable<R>,
): RoleAssignmentView[] {
  return grantsOf(requester, table).map((grant) => grant.assignment);
}

function grantsOf<R extends ResettingRole>(requester: SecurityProfile, table: RoleTable<R>): Grant<R>[] {
  if (!isObject(requester) || !Array.isArray(requester.roleAssignments)) return [];
  // Roles a requester holds through a group we did not read could widen or narrow nothing we know of:
  // a profile without them grants nothing.
  if (requester.groupRolesRead !== true) return [];
  const columns: readonly ResettingRole[] = table.columns;
  const grants: Grant<R>[] = [];
  for (const assignment of requester.roleAssignments) {
    if (!isObject(assignment)) continue;
    const role = resettingRoleOf(assignment);
    const scope = parseScope(assignment.directoryScopeId);
    if (!role || !scope || !columns.includes(role)) continue;
    // Global Administrator cannot be assigned at unit scope in Entra; such data is wrong, so it grants nothing.
    if (role === 'global' && scope.kind !== 'tenant') continue;
    grants.push({ assignment, role: role as R, scope });
  }
  return grants;
}

/**
 * May `requester` act on `target` under `policy`? `knownUnits` may add administrative units whose
 * restricted flag is known beyond the two profiles' own memberships (e.g. units that scope the target's roles).
 */
export function decideByTable<R extends ResettingRole>(
  requester: SecurityProfile,
  target: SecurityProfile,
  knownUnits: readonly UnitMembership[],
  policy: TablePolicy<R>,
): TableDecision {
  const { refusals } = policy;
  const grants = grantsOf(requester, policy.table);
  const requesterId = isObject(requester) && isObject(requester.user) ? normalizeId(requester.user.id) : '';
  if (grants.length === 0 || !requesterId) return refuse(refusals.notAllowed);

  if (!isObject(target) || !isObject(target.user)) return refuse(refusals.privileged);
  const user = target.user;
  const targetId = normalizeId(user.id);
  if (!targetId) return refuse(refusals.privileged);
  if (targetId === requesterId) return refuse(refusals.self);
  if (user.userType !== 'Member') return refuse(refusals.guest);
  const account = policy.accountRefusal?.(target) ?? null;
  if (account) return refuse(account);

  const decision = decideByRoles(grants, requester, target, knownUnits, policy.table, refusals);
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
 */
export function tableReaches<R extends ResettingRole>(
  requester: SecurityProfile,
  target: RoleReachTarget,
  table: RoleTable<R>,
): boolean {
  const grants = grantsOf(requester, table);
  if (grants.length === 0 || !isObject(target)) return false;
  // Only whether it is allowed counts here, so any refusal code will do.
  const anyRefusal: TableRefusals = {
    notAllowed: ErrorCodes.INTERNAL,
    privileged: ErrorCodes.INTERNAL,
    self: ErrorCodes.INTERNAL,
    guest: ErrorCodes.INTERNAL,
    restrictedUnit: ErrorCodes.INTERNAL,
  };
  return decideByRoles(grants, requester, target, [], table, anyRefusal).allowed;
}

/** The table and the unit scope: the part of {@link decideByTable} that reads roles, units and groups. */
function decideByRoles<R extends ResettingRole>(
  grants: readonly Grant<R>[],
  requester: SecurityProfile,
  target: RoleReachTarget,
  knownUnits: readonly UnitMembership[],
  table: RoleTable<R>,
  refusals: TableRefusals,
): { allowed: true; viaRole: string } | { allowed: false; reason: ErrorCode } {
  const units = targetUnits(target);
  if (!units) return refuse(refusals.restrictedUnit);
  const restrictedById = restrictedFlags([...units, ...unitsOf(requester), ...knownUnits]);
  const rows = targetRows(target, restrictedById);
  if (!rows) return refuse(refusals.privileged);

  // Entra: an administrator whose role is scoped to an administrative unit may act on users of that unit
  // only if those users hold no administrator role (nor sit in a role-assignable group).
  const holdsNothing = rows.length === 1 && rows[0] === 'none';
  const mayActOnAll = (grant: Grant<R>): boolean =>
    (grant.scope.kind === 'tenant' || holdsNothing) && rows.every((row) => table.rows[row].has(grant.role));
  const restrictedUnits = new Set(units.filter((u) => u.restricted).map((u) => normalizeId(u.id)));
  const memberOf = new Set(units.map((u) => normalizeId(u.id)));

  let covering: Grant<R>[];
  if (restrictedUnits.size > 0) {
    // Members of a restricted management unit: only roles scoped to one such unit the target is in count;
    // tenant-wide roles (Global Administrator included) and ordinary unit scopes do not.
    covering = grants.filter((g) => g.scope.kind === 'unit' && restrictedUnits.has(g.scope.unitId));
    if (covering.length === 0) return refuse(refusals.restrictedUnit);
  } else {
    covering = grants.filter((g) => g.scope.kind === 'tenant' || memberOf.has(g.scope.unitId));
  }

  const able = covering.filter(mayActOnAll);
  if (able.length > 0) {
    const rank = (g: Grant<R>): number => table.columns.indexOf(g.role);
    const chosen = able.reduce((best, g) => (rank(g) < rank(best) ? g : best));
    return { allowed: true, viaRole: normalizeId(chosen.assignment.roleTemplateId) };
  }
  // A role that could act on this target exists, but only at unit scopes the target is not in.
  if (restrictedUnits.size === 0 && grants.some(mayActOnAll)) return refuse(ErrorCodes.TARGET_OUT_OF_SCOPE);
  return refuse(refusals.privileged);
}

/** The table rows a target falls into; null when its data cannot be trusted. */
function targetRows(
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
function targetUnits(target: RoleReachTarget): UnitMembership[] | null {
  if (!Array.isArray(target.administrativeUnits)) return null;
  for (const unit of target.administrativeUnits) {
    if (!isObject(unit) || !normalizeId(unit.id) || typeof unit.restricted !== 'boolean') return null;
  }
  return [...target.administrativeUnits];
}

function unitsOf(profile: SecurityProfile): UnitMembership[] {
  return isObject(profile) && Array.isArray(profile.administrativeUnits)
    ? [...profile.administrativeUnits]
    : [];
}

/** Unit id → restricted; when sources disagree, "restricted" wins. */
function restrictedFlags(units: readonly UnitMembership[]): Map<string, boolean> {
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

function refuse(reason: ErrorCode): { allowed: false; reason: ErrorCode } {
  return { allowed: false, reason };
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
