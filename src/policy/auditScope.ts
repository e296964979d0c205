/**
 * Who may read which audit entries. A requester reads entries only about users their roles could reset
 * now (Entra's table and administrative-unit scope, src/policy/whoCanReset.ts); tenant-wide Global and
 * Privileged Authentication Administrators read the whole trail. What the decision needs about a user is
 * kept with each request when the user is authorized (`TargetReach`), so a listing decides without a
 * Graph call per entry: the requester's roles are read fresh, the user's are those of the request's time.
 */
import type { RoleAssignmentView, SecurityProfile, UnitMembership } from './profile';
import { normalizeId, resettingRoleOf } from './roles';
import { parseScope, resettingRolesOf, rolesReach } from './whoCanReset';

/** What decided who may reset a user, as read when the user was authorized for a request. */
export interface TargetReach {
  /** Active roles and the roles the user was eligible for through PIM. */
  readonly roles: readonly TargetRole[];
  readonly units: readonly UnitMembership[];
  /** Member, owner or eligible member or owner of a role-assignable group. */
  readonly roleAssignableGroup: boolean;
}

/** A role of a user, as much of it as the table needs. */
export type TargetRole = Pick<RoleAssignmentView, 'roleTemplateId' | 'isBuiltIn' | 'directoryScopeId'>;

/** The reach of a user's profile: what a later reader's roles are compared with. */
export function reachOf(profile: SecurityProfile): TargetReach {
  return {
    roles: [...profile.roleAssignments, ...profile.eligibleRoleAssignments].map((role) => ({
      roleTemplateId: role.roleTemplateId,
      isBuiltIn: role.isBuiltIn,
      directoryScopeId: role.directoryScopeId,
      // A role held through a group means a role-assignable group: `roleAssignableGroup` says so.
    })),
    units: profile.administrativeUnits.map((unit) => ({
      id: unit.id,
      displayName: unit.displayName,
      restricted: unit.restricted,
    })),
    roleAssignableGroup:
      profile.roleAssignableGroupIds.length > 0 ||
      profile.eligibleRoleAssignableGroupIds.length > 0 ||
      profile.roleAssignments.some((role) => role.viaGroupId !== null && role.viaGroupId !== undefined),
  };
}

/** True for a requester who reads the whole trail: a tenant-wide Global or Privileged Authentication Administrator. */
export function readsWholeTrail(requester: SecurityProfile): boolean {
  return resettingRolesOf(requester).some((assignment) => {
    const role = resettingRoleOf(assignment);
    return (
      (role === 'global' || role === 'privAuth') && parseScope(assignment.directoryScopeId)?.kind === 'tenant'
    );
  });
}

/**
 * May `requester` read an entry about a user of this reach? Entries without a user (a requester refused,
 * a name that matched nobody) and users whose reach was never read belong to the whole-trail readers only:
 * in doubt, no.
 */
export function mayReadEntry(requester: SecurityProfile, reach: TargetReach | undefined): boolean {
  return entryReader(requester)(reach);
}

/**
 * `mayReadEntry` for one reader and many entries: what depends on the reader alone (a resetting role at
 * all, the whole trail) is decided once, not again for every entry of a listing or an export.
 */
export function entryReader(requester: SecurityProfile): (reach: TargetReach | undefined) => boolean {
  if (resettingRolesOf(requester).length === 0) return () => false;
  if (readsWholeTrail(requester)) return () => true;
  return (reach) => reachedBy(requester, reach);
}

function reachedBy(requester: SecurityProfile, reach: TargetReach | undefined): boolean {
  if (!reach || !Array.isArray(reach.roles) || !Array.isArray(reach.units)) return false;
  return rolesReach(requester, {
    roleAssignments: reach.roles.map((role) => ({
      roleTemplateId: normalizeId(role.roleTemplateId),
      isBuiltIn: role.isBuiltIn === true,
      roleDisplayName: '',
      directoryScopeId: role.directoryScopeId,
      viaGroupId: null,
    })),
    eligibleRoleAssignments: [],
    administrativeUnits: reach.units,
    roleAssignableGroupIds: reach.roleAssignableGroup ? ['role-assignable group'] : [],
    eligibleRoleAssignableGroupIds: [],
  });
}
