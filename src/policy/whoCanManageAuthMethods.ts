/**
 * Who may manage another user's authentication methods — here, create a Temporary Access Pass: Entra's
 * "Who can perform sensitive actions" table, which Microsoft's "Compare authentication roles" points to for
 * "Manage user's auth methods" (docs/who-can-manage-auth-methods.md has the table and its sources). Only
 * Authentication, Privileged Authentication and Global Administrators manage methods at all; Helpdesk,
 * Password and User Administrators reset passwords but never methods.
 *
 * The table is applied by the same machinery as the password table (src/policy/roleTable.ts): active
 * built-in roles only for the requester, a target protected by what it is eligible for (PIM) as if
 * active, a custom role is "any other role", a unit-scoped role covers only plain members of its unit,
 * members of a restricted management unit only roles scoped to that unit, one requester assignment must
 * cover every row. What differs from a password: a Temporary Access Pass is a cloud method Entra checks
 * itself, so directory-synced and federated users may have one (a pass signs a federated user in at Entra,
 * without the federation provider). Pure; any missing or malformed datum means "no".
 */
import { ErrorCodes } from '../errors';
import type { RoleAssignmentView, SecurityProfile, UnitMembership } from './profile';
import type { ResettingRole, TargetRow } from './roles';
import {
  decideByTable,
  tableRolesOf,
  type RoleTable,
  type TableDecision,
  type TablePolicy,
} from './roleTable';

/** The requester roles that manage other users' authentication methods, least privileged first. */
export type MethodsRole = Extract<ResettingRole, 'auth' | 'privAuth' | 'global'>;

const METHODS_ROLES: readonly MethodsRole[] = ['auth', 'privAuth', 'global'];
const ALL: ReadonlySet<MethodsRole> = new Set(METHODS_ROLES);
const TOP: ReadonlySet<MethodsRole> = new Set<MethodsRole>(['privAuth', 'global']);

/**
 * The table: which requester roles may manage the methods of a target in each row. An Authentication
 * Administrator manages users without admin roles and the roles the table lists; Privileged
 * Authentication and Global Administrators manage everyone. On the three columns they share it answers
 * as the password table (src/policy/roles.ts) does today, yet it is not derived from it: Entra publishes
 * "Who can perform sensitive actions" apart from "Who can reset passwords", for a different permission,
 * and either may change without the other, so each table is written out from its own source.
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
export type MethodsDecision = TableDecision;

const METHODS_TABLE: RoleTable<MethodsRole> = { columns: METHODS_ROLES, rows: METHODS_MATRIX };

const METHODS_POLICY: TablePolicy<MethodsRole> = {
  table: METHODS_TABLE,
  refusals: {
    notAllowed: ErrorCodes.TAP_NOT_ALLOWED,
    privileged: ErrorCodes.TAP_TARGET_PRIVILEGED,
    self: ErrorCodes.TAP_TARGET_SELF,
    guest: ErrorCodes.TAP_TARGET_GUEST,
    restrictedUnit: ErrorCodes.TAP_TARGET_RESTRICTED_UNIT,
  },
};

/** The requester's active assignments of the three roles that manage methods (any scope). */
export function methodsRolesOf(requester: SecurityProfile): RoleAssignmentView[] {
  return tableRolesOf(requester, METHODS_TABLE);
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
  return decideByTable(requester, target, knownUnits, METHODS_POLICY);
}
