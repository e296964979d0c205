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

/**
 * A directory role held by a user (an active assignment, directly or through a role-assignable group, or a
 * PIM eligibility).
 */
export interface RoleAssignmentView {
  /**
   * The role's template id when Graph says its definition is built in; otherwise the definition id. A custom
   * role may name any template id, a built-in's included, so its template id is never trusted.
   */
  readonly roleTemplateId: string;
  /** True only when Graph returned the role definition with `isBuiltIn: true`. */
  readonly isBuiltIn: boolean;
  /** For people reading logs and tests; never used to recognise a role. */
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
  /** Active assignments only: what the user may do now (the requester side reads only these). */
  readonly roleAssignments: readonly RoleAssignmentView[];
  /**
   * Roles the user is eligible for through PIM (may activate at will). They protect a target as if active;
   * they never give a requester anything. Read for targets only (empty in a requester's profile).
   */
  readonly eligibleRoleAssignments: readonly RoleAssignmentView[];
  /** Ids of role-assignable groups the user is eligible (PIM for Groups) to become a member or owner of. */
  readonly eligibleRoleAssignableGroupIds: readonly string[];
  readonly administrativeUnits: readonly UnitMembership[];
  /** Ids of role-assignable groups the user is a member or owner of. */
  readonly roleAssignableGroupIds: readonly string[];
  /**
   * Ids of every group the user is a direct member of (for the groups that need a second admin's
   * approval). Absent when they were not read: then no group can be ruled out.
   */
  readonly groupIds?: readonly string[];
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
