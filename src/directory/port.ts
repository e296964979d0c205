/**
 * The directory port: everything the product asks of Microsoft Graph, in the product's own terms.
 * The Graph adapter (graphDirectory.ts) is the only implementation and the only importer of the Graph
 * client; use cases and tests depend on this interface alone.
 *
 * Failures surface as GraphError (src/errors.ts) with a stable code:
 * 401 → GRAPH_AUTH_FAILED, 403 → GRAPH_DENIED for a change and GRAPH_READ_DENIED for a read (an answer
 * stripped of what we asked for is GRAPH_READ_DENIED too; both name the missing permission),
 * 404 → GRAPH_NOT_FOUND, 400/414/431 to the user search → GRAPH_SEARCH_REJECTED, any other 4xx →
 * GRAPH_BAD_REQUEST, 429 → GRAPH_THROTTLED, 5xx/timeout/dropped connection → GRAPH_UNAVAILABLE
 * (ambiguous = true). Mail calls fail with MAIL_FAILED / MAIL_UNKNOWN instead.
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
