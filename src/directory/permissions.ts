/**
 * What each Graph call of the adapter needs and what kind of call it is, by the log-safe route name the
 * adapter gives it. The edge uses it to say what a refusal means: a read refused for a missing
 * permission, a change refused, or a search Graph could not run. The permissions are those that
 * docs/DEPLOY.md grants ("Permissions, and what each is for").
 */

/** How a refusal of the call is explained. */
export type CallKind = 'search' | 'read' | 'change';

/** What the edge knows about one route. */
export interface CallNeeds {
  readonly kind: CallKind;
  /** The Graph application permission (and, for the password, the directory role) the call needs. */
  readonly permission: string;
}

/** The password PATCH needs the permission and a directory role of the app that covers the target. */
export const PASSWORD_CHANGE_NEEDS =
  'User-PasswordProfile.ReadWrite.All and a directory role of the bot that may reset this user';

/** Creating a Temporary Access Pass needs the permission and a directory role that covers the target. */
export const TAP_CHANGE_NEEDS =
  "UserAuthMethod-TAP.ReadWrite.All and a directory role of the bot that may manage this user's authentication methods";

const ROUTES: Readonly<Record<string, CallNeeds | { kind: CallKind; permission?: undefined }>> = {
  // Its items carry their own routes; a refusal of the whole read batch names no single permission.
  'POST /$batch reads': { kind: 'read' },
  'GET /users?$filter': { kind: 'search', permission: 'User.Read.All' },
  'GET /users/{id}': { kind: 'read', permission: 'User.Read.All' },
  'GET /users/{id}/memberOf': { kind: 'read', permission: 'GroupMember.Read.All' },
  'GET /users/{id}/ownedObjects/group': { kind: 'read', permission: 'GroupMember.Read.All' },
  'GET /roleManagement/directory/roleAssignments': {
    kind: 'read',
    permission: 'RoleManagement.Read.Directory',
  },
  'GET /roleManagement/directory/roleEligibilitySchedules': {
    kind: 'read',
    permission: 'RoleManagement.Read.Directory',
  },
  'GET /identityGovernance/privilegedAccess/group/eligibilitySchedules': {
    kind: 'read',
    permission: 'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  },
  'GET /domains/{domain}': { kind: 'read', permission: 'Domain.Read.All' },
  'PATCH /users/{id} passwordProfile': { kind: 'change', permission: PASSWORD_CHANGE_NEEDS },
  'POST /users/{id}/revokeSignInSessions': { kind: 'change', permission: 'User.RevokeSessions.All' },
  'POST /users/{sender}/sendMail': { kind: 'change', permission: 'Mail.Send' },
  'GET /policies/authenticationMethodsPolicy/TemporaryAccessPass': {
    kind: 'read',
    permission: 'Policy.Read.AuthenticationMethod',
  },
  'POST /users/{id}/authentication/temporaryAccessPassMethods': {
    kind: 'change',
    permission: TAP_CHANGE_NEEDS,
  },
};

/** The needs of a route; an unknown route is a read when its method is GET, else a change. */
export function needsOf(
  route: string,
  method?: string,
): CallNeeds | { kind: CallKind; permission?: undefined } {
  const known = ROUTES[route];
  if (known) return known;
  const verb = (method ?? route.split(' ')[0] ?? '').toUpperCase();
  return { kind: verb === 'GET' ? 'read' : 'change' };
}
