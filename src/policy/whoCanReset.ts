/**
 * Who may reset whose password: Entra's "Who can reset passwords" table (src/policy/roles.ts), applied by
 * the table machinery (src/policy/roleTable.ts) with administrative-unit scope and restricted management
 * units, to two security profiles read fresh from Graph. Pure; any missing or malformed datum means "no".
 * The requester counts with active built-in roles only; the target is protected by its active roles AND by
 * what it is eligible for through PIM (roles, and membership or ownership of role-assignable groups), since
 * it could activate them with the new password.
 *
 * What only a password has: a password mastered elsewhere cannot be reset here, so directory-synced and
 * federated users are refused whatever the table says.
 */
import { ErrorCodes } from '../errors';
import type { RoleAssignmentView, SecurityProfile, UnitMembership } from './profile';
import { RESET_MATRIX, RESETTING_ROLES_BY_PRIVILEGE, type ResettingRole } from './roles';
import {
  decideByTable,
  tableReaches,
  tableRolesOf,
  type RoleReachTarget,
  type RoleTable,
  type TableDecision,
  type TablePolicy,
} from './roleTable';

export { parseScope } from './roleTable';

/** The decision: allowed through one named role, or refused with a stable reason code. */
export type ResetDecision = TableDecision;

const PASSWORD_TABLE: RoleTable<ResettingRole> = {
  columns: RESETTING_ROLES_BY_PRIVILEGE,
  rows: RESET_MATRIX,
};

const PASSWORD_POLICY: TablePolicy<ResettingRole> = {
  table: PASSWORD_TABLE,
  refusals: {
    notAllowed: ErrorCodes.REQUESTER_NOT_ADMIN,
    privileged: ErrorCodes.TARGET_PRIVILEGED,
    self: ErrorCodes.TARGET_SELF,
    guest: ErrorCodes.TARGET_GUEST,
    restrictedUnit: ErrorCodes.TARGET_RESTRICTED_UNIT,
  },
  accountRefusal: (target) => {
    if (target.user.onPremisesSyncEnabled !== false) return ErrorCodes.TARGET_SYNCED;
    if (target.federated !== false) return ErrorCodes.TARGET_FEDERATED;
    return null;
  },
};

/** The requester's active assignments of the six resetting roles (any scope). Empty → may use nothing. */
export function resettingRolesOf(requester: SecurityProfile): RoleAssignmentView[] {
  return tableRolesOf(requester, PASSWORD_TABLE);
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
  return decideByTable(requester, target, knownUnits, PASSWORD_POLICY);
}

/**
 * Whether one of the requester's roles reaches a user with these roles, units and groups: the table and the
 * administrative-unit scope, without the checks about the kind of account (self, guest, synced, federated).
 * It decides whose audit entries a requester may read.
 */
export function rolesReach(requester: SecurityProfile, target: RoleReachTarget): boolean {
  return tableReaches(requester, target, PASSWORD_TABLE);
}
