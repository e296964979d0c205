/** Builders of directory data for the policy tests. */
import type {
  DirectoryUser,
  RoleAssignmentView,
  SecurityProfile,
  UnitMembership,
} from '../../src/policy/profile';

/** A cloud-only, enabled member with no roles, units or groups. */
export function user(id: string, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id,
    displayName: `User ${id}`,
    givenName: 'User',
    surname: id,
    userPrincipalName: `${id}@contoso.com`,
    mail: `${id}@contoso.com`,
    otherMails: [],
    userType: 'Member',
    accountEnabled: true,
    onPremisesSyncEnabled: false,
    preferredLanguage: null,
    ...overrides,
  };
}

/** A role assignment; tenant-wide and direct unless told otherwise. */
export function role(
  roleTemplateId: string,
  directoryScopeId = '/',
  viaGroupId: string | null = null,
  roleDisplayName = 'role',
): RoleAssignmentView {
  return { roleTemplateId, roleDisplayName, directoryScopeId, viaGroupId };
}

/** The directoryScopeId of an administrative unit. */
export function unitScope(unitId: string): string {
  return `/administrativeUnits/${unitId}`;
}

/** A security profile with sensible defaults. */
export function profile(
  id: string,
  parts: {
    roles?: RoleAssignmentView[];
    units?: UnitMembership[];
    groups?: string[];
    federated?: boolean;
    user?: Partial<DirectoryUser>;
  } = {},
): SecurityProfile {
  return {
    user: user(id, parts.user),
    roleAssignments: parts.roles ?? [],
    administrativeUnits: parts.units ?? [],
    roleAssignableGroupIds: parts.groups ?? [],
    federated: parts.federated ?? false,
    groupRolesRead: true,
  };
}
