/**
 * The people the policy decides about, as the directory describes them: a user, their role assignments,
 * administrative units and role-assignable groups. The directory port (src/reset/ports.ts) reads them
 * fresh from Graph; the policy never sees Graph itself.
 */

/** A user as the bot needs to see it. */
export interface DirectoryUser {
  readonly id: string;
  readonly displayName: string;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly userPrincipalName: string;
  readonly mail: string | null;
  readonly otherMails: readonly string[];
  readonly userType: 'Member' | 'Guest';
  readonly accountEnabled: boolean;
  /** True for users synchronized from on-premises AD: their password is mastered there. */
  readonly onPremisesSyncEnabled: boolean;
  readonly preferredLanguage: string | null;
}

/** An active directory role assignment held by a user, directly or through a role-assignable group. */
export interface RoleAssignmentView {
  /** The role's template id (built-in roles) or definition id (custom roles). */
  readonly roleTemplateId: string;
  readonly roleDisplayName: string;
  /** '/' for tenant-wide, '/administrativeUnits/{id}' for a unit-scoped assignment. */
  readonly directoryScopeId: string;
  /** Set when the role comes through membership of a role-assignable group. */
  readonly viaGroupId: string | null;
}

/** A user's administrative-unit membership. */
export interface UnitMembership {
  readonly id: string;
  readonly displayName: string;
  /** Restricted management administrative unit: only unit-scoped admins may change its members. */
  readonly restricted: boolean;
}

/** Everything the authorization policy needs to know about one user, read fresh from Graph. */
export interface SecurityProfile {
  readonly user: DirectoryUser;
  /** Active assignments only; PIM-eligible ones are not returned by Graph and so never appear. */
  readonly roleAssignments: readonly RoleAssignmentView[];
  readonly administrativeUnits: readonly UnitMembership[];
  /** Ids of role-assignable groups the user is a member or owner of. */
  readonly roleAssignableGroupIds: readonly string[];
  /**
   * True when the user's UPN domain is federated: the password lives with the external IdP. Read for
   * targets; a requester's profile says false (it decides nothing there).
   */
  readonly federated: boolean;
  /**
   * Whether `roleAssignments` includes the roles of the role-assignable groups the user is a member of.
   * A requester's profile must have them (group-based roles count); a target's need not: membership of
   * a role-assignable group already limits the target to Privileged Authentication and Global
   * Administrators, and every row of the table allows those two, so the groups' roles cannot change a
   * decision about a target.
   */
  readonly groupRolesRead: boolean;
}
