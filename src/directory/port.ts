/**
 * The directory port: everything the product asks of Microsoft Graph, in the product's own terms.
 * The Graph adapter (graphDirectory.ts) is the only implementation and the only importer of the Graph
 * client; use cases and tests depend on this interface alone.
 *
 * Failures surface as GraphError (src/errors.ts) with a stable code:
 * 401/403 → GRAPH_DENIED, 404 → GRAPH_NOT_FOUND, 400 → GRAPH_BAD_REQUEST, 429 → GRAPH_THROTTLED,
 * 5xx/timeout/dropped connection → GRAPH_UNAVAILABLE (ambiguous = true).
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
   * they never give a requester anything.
   */
  readonly eligibleRoleAssignments: readonly RoleAssignmentView[];
  readonly administrativeUnits: readonly UnitMembership[];
  /** Ids of role-assignable groups the user is a member or owner of. */
  readonly roleAssignableGroupIds: readonly string[];
  /** Ids of role-assignable groups the user is eligible (PIM for Groups) to become a member or owner of. */
  readonly eligibleRoleAssignableGroupIds: readonly string[];
  /** True when the user's UPN domain is federated: the password lives with the external IdP. */
  readonly federated: boolean;
}

/** The outcome of a user search. */
export interface UserSearchResult {
  readonly users: readonly DirectoryUser[];
  /** True when more users matched than were returned. */
  readonly more: boolean;
}

/** A mail message the bot sends; bodies are HTML. */
export interface OutgoingMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
}

/** The Graph request id of a call, kept in the audit trail. */
export interface GraphReceipt {
  readonly requestId: string;
}

/** Per-call options. */
export interface CallOptions {
  /** Correlates Graph's client-request-id with our audit records. */
  readonly correlationId?: string;
  readonly signal?: AbortSignal;
}

/** The Graph port. */
export interface DirectoryPort {
  /** A user by object id or UPN, or null when Graph answers 404. */
  getUser(idOrUpn: string, options?: CallOptions): Promise<DirectoryUser | null>;
  /** Members and guests whose name, UPN or mail match `query` (exact or prefix), at most `limit`. */
  findUsers(query: string, limit: number, options?: CallOptions): Promise<UserSearchResult>;
  /** Roles (direct and group-based, with scope), units and role-assignable groups of a user. */
  getSecurityProfile(userId: string, options?: CallOptions): Promise<SecurityProfile>;
  /** PATCH passwordProfile. Never logs or stores the password. */
  resetPassword(
    userId: string,
    password: string,
    forceChangeNextSignIn: boolean,
    options?: CallOptions,
  ): Promise<GraphReceipt>;
  /** POST revokeSignInSessions. */
  revokeSessions(userId: string, options?: CallOptions): Promise<GraphReceipt>;
  /** POST sendMail from `sender`; never retried after an ambiguous failure. */
  sendMail(sender: string, mail: OutgoingMail, options?: CallOptions): Promise<GraphReceipt>;
}
