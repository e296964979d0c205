/**
 * Reading the pieces of a SecurityProfile out of Graph answers: memberships (groups and administrative
 * units), owned groups, role assignments and PIM eligibilities (Microsoft Entra roles and PIM for Groups).
 * Pure functions; every doubt becomes an error or the stricter reading, never a guess in the user's favour.
 */
import { ErrorCodes, GraphError } from '../errors';
import { odataString, queryString } from './odata';
import type { RoleAssignmentView, UnitMembership } from '../policy/profile';

/** $select of memberOf: enough to tell role-assignable groups and restricted units. */
export const MEMBERSHIP_SELECT = 'id,displayName,isAssignableToRole,isMemberManagementRestricted';

/** $select of owned groups; displayName only to recognise stubs of objects we may not read. */
export const OWNED_GROUP_SELECT = 'id,displayName,isAssignableToRole';

/** A user's memberships as the profile needs them. */
export interface Memberships {
  /** Role-assignable groups the user is a member of (their roles apply to the user). */
  readonly roleAssignableGroupIds: readonly string[];
  /** Every group the user is a direct member of. */
  readonly groupIds: readonly string[];
  readonly units: readonly UnitMembership[];
}

/** Reads memberOf entries; directory roles are skipped (role assignments are read instead). */
export function readMemberships(values: readonly unknown[], requestId: string): Memberships {
  const groups: string[] = [];
  const allGroups: string[] = [];
  const units: UnitMembership[] = [];
  for (const raw of values) {
    const o = (raw ?? {}) as Record<string, unknown>;
    const type = o['@odata.type'];
    const id = o.id;
    if (typeof id !== 'string' || typeof type !== 'string')
      throw denied(requestId, 'a membership without id or type', 'GroupMember.Read.All');
    if (type === '#microsoft.graph.group') {
      if (!isReadable(o, 'isAssignableToRole'))
        throw denied(requestId, `group ${id} with limited information`, 'GroupMember.Read.All');
      allGroups.push(id);
      if (o.isAssignableToRole === true) groups.push(id);
    } else if (type === '#microsoft.graph.administrativeUnit') {
      if (typeof o.displayName !== 'string')
        throw denied(
          requestId,
          `administrative unit ${id} with limited information`,
          'AdministrativeUnit.Read.All',
        );
      units.push({
        id,
        displayName: o.displayName,
        // Graph documents null as "not restricted"; a property we could not read counts as restricted.
        restricted: !('isMemberManagementRestricted' in o) || o.isMemberManagementRestricted === true,
      });
    }
  }
  return { roleAssignableGroupIds: groups, groupIds: allGroups, units };
}

/** Ids of the role-assignable groups among owned groups. */
export function readOwnedRoleAssignableGroups(values: readonly unknown[], requestId: string): string[] {
  const ids: string[] = [];
  for (const raw of values) {
    const o = (raw ?? {}) as Record<string, unknown>;
    if (typeof o.id !== 'string')
      throw denied(requestId, 'an owned object without id', 'GroupMember.Read.All');
    if (!isReadable(o, 'isAssignableToRole'))
      throw denied(requestId, `owned group ${o.id} with limited information`, 'GroupMember.Read.All');
    if (o.isAssignableToRole === true) ids.push(o.id);
  }
  return ids;
}

/**
 * Graph answers objects it may not show us with only `@odata.type` and `id`, every other property null
 * or absent. A group or unit always has a display name, so a missing one marks such a stub.
 */
function isReadable(o: Record<string, unknown>, property: string): boolean {
  return typeof o.displayName === 'string' && property in o;
}

/**
 * Each role's definition as the policy needs it: `isBuiltIn` decides whether `templateId` may be trusted
 * (a custom role can set its templateId to a built-in's).
 */
const ROLE_DEFINITION_EXPAND = 'roleDefinition($select=id,templateId,displayName,isBuiltIn)';

/** The relative URL of a principal's active role assignments, with each role's definition. */
export function roleAssignmentsUrl(principalId: string): string {
  return (
    '/roleManagement/directory/roleAssignments' +
    queryString({
      $filter: `principalId eq ${odataString(principalId)}`,
      $expand: ROLE_DEFINITION_EXPAND,
    })
  );
}

/**
 * The relative URL of the Microsoft Entra roles a principal is eligible for (PIM), with each role's
 * definition. Schedules rather than schedule instances: they also hold eligibilities that start later, and a
 * password set today outlives today.
 */
export function roleEligibilitySchedulesUrl(principalId: string): string {
  return (
    '/roleManagement/directory/roleEligibilitySchedules' +
    queryString({
      $filter: `principalId eq ${odataString(principalId)}`,
      $expand: ROLE_DEFINITION_EXPAND,
    })
  );
}

/** The relative URL of a principal's eligible group memberships and ownerships (PIM for Groups). */
export function groupEligibilitySchedulesUrl(principalId: string): string {
  return (
    '/identityGovernance/privilegedAccess/group/eligibilitySchedules' +
    queryString({
      $filter: `principalId eq ${odataString(principalId)}`,
      $expand: 'group($select=id,displayName,isAssignableToRole)',
    })
  );
}

/**
 * Reads unifiedRoleAssignment (or unifiedRoleEligibilitySchedule: same fields) entries into the port's
 * view. Only a definition Graph calls built in keeps its template id; any other role, or one whose
 * definition did not come back, is a custom role, which the policy treats as "any other role".
 */
export function readRoleAssignments(
  values: readonly unknown[],
  viaGroupId: string | null,
  requestId: string,
): RoleAssignmentView[] {
  return values.map((raw) => {
    const o = (raw ?? {}) as Record<string, unknown>;
    const definition = (o.roleDefinition ?? null) as Record<string, unknown> | null;
    const definitionId = o.roleDefinitionId;
    const scope = o.directoryScopeId;
    if (typeof definitionId !== 'string' || typeof scope !== 'string') {
      throw denied(
        requestId,
        'a role assignment without roleDefinitionId or directoryScopeId',
        'RoleManagement.Read.Directory',
      );
    }
    const isBuiltIn = definition?.isBuiltIn === true;
    const templateId =
      isBuiltIn && typeof definition.templateId === 'string' && definition.templateId
        ? definition.templateId
        : definitionId;
    return {
      roleTemplateId: templateId,
      isBuiltIn,
      roleDisplayName: typeof definition?.displayName === 'string' ? definition.displayName : '',
      directoryScopeId: scope,
      viaGroupId,
    };
  });
}

/**
 * Ids of the role-assignable groups among privilegedAccessGroupEligibilitySchedule entries (eligible
 * membership or ownership: either makes the target privileged). A group we may not see is refused.
 */
export function readGroupEligibilities(values: readonly unknown[], requestId: string): string[] {
  const permission = 'PrivilegedEligibilitySchedule.Read.AzureADGroup';
  const ids: string[] = [];
  for (const raw of values) {
    const o = (raw ?? {}) as Record<string, unknown>;
    const group = (o.group ?? null) as Record<string, unknown> | null;
    if (typeof o.groupId !== 'string' || (o.accessId !== 'member' && o.accessId !== 'owner'))
      throw denied(requestId, 'a group eligibility without groupId or accessId', permission);
    if (!group || !isReadable(group, 'isAssignableToRole'))
      throw denied(requestId, `eligibility for group ${o.groupId} with limited information`, permission);
    if (group.isAssignableToRole === true && !ids.includes(o.groupId)) ids.push(o.groupId);
  }
  return ids;
}

/**
 * A Graph answer that lacks what we asked for: we were not allowed to see it. Graph strips what an app
 * may not read instead of refusing the call, so the missing `permission` is named from what is absent.
 */
export function denied(requestId: string, what: string, permission: string): GraphError {
  return new GraphError(
    ErrorCodes.GRAPH_READ_DENIED,
    200,
    'PropertiesMissing',
    requestId,
    `Graph returned ${what}: the app needs ${permission}`,
    false,
    undefined,
    permission,
  );
}
