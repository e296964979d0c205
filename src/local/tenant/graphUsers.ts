/**
 * Graph's /users routes: list with $filter/$search/$select/$top/$count and paging, get by id or UPN,
 * PATCH passwordProfile with Entra's rules, and revokeSignInSessions.
 */
import type { TenantUser } from './directory';
import {
  advancedQueryMessage,
  countRequested,
  eventual,
  type GraphContext,
  graphError,
  odataFailure,
  type GraphRequest,
  type GraphResponse,
  hasPermission,
  insufficientPrivileges,
  ok,
  paginate,
  project,
  requirePermission,
} from './graphCore';
import {
  advancedOperators,
  checkFilter,
  evaluate,
  type FilterCapability,
  ODataError,
  parseFilter,
  parseSearch,
  parseSelect,
  searchMatches,
} from './odata';
import { checkPassword, hashPassword } from './passwords';

/** Permissions that can read users. */
export const USER_READ = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'User.ReadBasic.All',
];
const PASSWORD_WRITE = [
  'User-PasswordProfile.ReadWrite.All',
  'User.ReadWrite.All',
  'Directory.ReadWrite.All',
];
const ENABLE_WRITE = ['User.EnableDisableAccount.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];
const REVOKE = ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];

/** Properties the local user carries. */
export const USER_PROPERTIES = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'otherMails',
  'userType',
  'accountEnabled',
  'onPremisesSyncEnabled',
  'preferredLanguage',
  'jobTitle',
  'businessPhones',
  'mobilePhone',
  'officeLocation',
  'createdDateTime',
  'lastPasswordChangeDateTime',
  'signInSessionsValidFromDateTime',
  'passwordProfile',
  'mailNickname',
];

// What v1.0 returns without $select.
const USER_DEFAULTS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

const USER_FILTERS: Record<string, FilterCapability> = {
  id: { eq: true, startswith: false },
  displayName: { eq: true, startswith: true },
  givenName: { eq: true, startswith: true },
  surname: { eq: true, startswith: true },
  mail: { eq: true, startswith: true },
  userPrincipalName: { eq: true, startswith: true },
  otherMails: { eq: true, startswith: true, collection: true },
  userType: { eq: true, startswith: false },
  accountEnabled: { eq: true, startswith: false },
  onPremisesSyncEnabled: { eq: true, startswith: false },
  preferredLanguage: { eq: true, startswith: false },
  jobTitle: { eq: true, startswith: true },
  mailNickname: { eq: true, startswith: true },
};

const SEARCHABLE = [
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'otherMails',
  'jobTitle',
  'mailNickname',
];

/** The user as Graph serializes it (all properties). */
export function userResource(user: TenantUser): Record<string, unknown> {
  return {
    id: user.id,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    mail: user.mail,
    otherMails: [...user.otherMails],
    userType: user.userType,
    accountEnabled: user.accountEnabled,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled,
    preferredLanguage: user.preferredLanguage,
    jobTitle: user.jobTitle,
    businessPhones: [],
    mobilePhone: null,
    officeLocation: null,
    createdDateTime: user.createdDateTime,
    lastPasswordChangeDateTime: user.lastPasswordChangeDateTime,
    signInSessionsValidFromDateTime: user.signInSessionsValidFromDateTime,
    passwordProfile: {
      password: null,
      forceChangePasswordNextSignIn: user.forceChangePasswordNextSignIn,
      forceChangePasswordNextSignInWithMfa: false,
    },
    mailNickname: user.userPrincipalName.split('@')[0],
  };
}

function contextUrl(ctx: GraphContext, req: GraphRequest, select: string[] | null, entity: boolean): string {
  const projection = select ? `(${select.join(',')})` : '';
  return `${ctx.baseUrl}/${req.version}/$metadata#users${projection}${entity ? '/$entity' : ''}`;
}

/** Graph's 404 for an unknown directory object. */
export function notFound(ctx: GraphContext, key: string): GraphResponse {
  return graphError(
    ctx,
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** GET /users */
export function listUsers(ctx: GraphContext, req: GraphRequest): GraphResponse {
  const denied = requirePermission(ctx, USER_READ);
  if (denied) return denied;
  const advanced = eventual(req) && countRequested(req);
  let users = [...ctx.state.directory.users.values()].map(userResource);
  let select: string[] | null;
  try {
    select = parseSelect(req.query.get('$select'), USER_PROPERTIES, 'microsoft.graph.user');
    const filterRaw = req.query.get('$filter');
    if (filterRaw !== null) {
      const filter = parseFilter(filterRaw);
      checkFilter(filter, USER_FILTERS, 'User');
      const needsAdvanced = advancedOperators(filter);
      if (needsAdvanced.length > 0 && !advanced) {
        return graphError(
          ctx,
          400,
          'Request_UnsupportedQuery',
          advancedQueryMessage(`Operator '${needsAdvanced[0]}'`),
        );
      }
      users = users.filter((u) => evaluate(filter, u));
    }
    const searchRaw = req.query.get('$search');
    if (searchRaw !== null) {
      if (!eventual(req)) {
        return graphError(
          ctx,
          400,
          'Request_UnsupportedQuery',
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
        );
      }
      const groups = parseSearch(searchRaw);
      for (const clause of groups.flat()) {
        if (!SEARCHABLE.some((p) => p.toLowerCase() === clause.property.toLowerCase())) {
          throw new ODataError(
            `Unsupported or invalid query filter clause specified for property '${clause.property}' of resource 'User'.`,
            clause.property,
          );
        }
      }
      users = users.filter((u) =>
        groups.some((all) =>
          all.every((c) =>
            searchMatches(u[SEARCHABLE.find((p) => p.toLowerCase() === c.property.toLowerCase())!], c.term),
          ),
        ),
      );
    }
    const orderRaw = req.query.get('$orderby');
    if (orderRaw !== null) {
      const [prop = '', dir = 'asc'] = orderRaw.trim().split(/\s+/);
      const key = ['displayName', 'userPrincipalName'].find((p) => p.toLowerCase() === prop.toLowerCase());
      if (!key) throw new ODataError(`Unsupported sort property '${prop}' for 'User'.`, prop);
      if (filterRaw !== null && !advanced) {
        return graphError(
          ctx,
          400,
          'Request_UnsupportedQuery',
          advancedQueryMessage('Sorting with a filter'),
        );
      }
      const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
      users.sort((a, b) => sign * String(a[key]).localeCompare(String(b[key])));
    }
  } catch (error) {
    return odataFailure(ctx, error);
  }
  const paged = paginate(ctx, req, users);
  if ('status' in paged) return paged;
  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx, req, select, false) };
  if (eventual(req) && countRequested(req)) body['@odata.count'] = users.length;
  if (paged.nextLink) body['@odata.nextLink'] = paged.nextLink;
  body.value = paged.page.map((u) => project(u, select, USER_DEFAULTS));
  return ok(body);
}

/** GET /users/{id | userPrincipalName} */
export function getUser(ctx: GraphContext, req: GraphRequest, key: string): GraphResponse {
  const denied = requirePermission(ctx, USER_READ);
  if (denied) return denied;
  let select: string[] | null;
  try {
    select = parseSelect(req.query.get('$select'), USER_PROPERTIES, 'microsoft.graph.user');
  } catch (error) {
    return odataFailure(ctx, error);
  }
  const user = ctx.state.directory.findUser(key);
  if (!user) return notFound(ctx, key);
  return ok({
    '@odata.context': contextUrl(ctx, req, select, true),
    ...project(userResource(user), select, USER_DEFAULTS),
  });
}

const COMPLEXITY =
  'The specified password does not comply with password complexity requirements. Please provide a different password.';

/** PATCH /users/{id}: passwordProfile and accountEnabled. */
export async function patchUser(ctx: GraphContext, req: GraphRequest, key: string): Promise<GraphResponse> {
  const body = req.body as Record<string, unknown> | null;
  if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
    return graphError(ctx, 400, 'BadRequest', 'Empty Payload. JSON content expected.');
  }
  for (const prop of Object.keys(body)) {
    if (prop !== 'passwordProfile' && prop !== 'accountEnabled') {
      const known = USER_PROPERTIES.includes(prop);
      return graphError(
        ctx,
        400,
        'Request_BadRequest',
        known
          ? `The local tenant does not update property '${prop}'.`
          : `Property '${prop}' does not exist as a declared property or extension property.`,
      );
    }
  }
  const needs = [
    ...('passwordProfile' in body ? [PASSWORD_WRITE] : []),
    ...('accountEnabled' in body ? [ENABLE_WRITE] : []),
  ];
  if (!needs.every((perms) => hasPermission(ctx, perms))) return insufficientPrivileges(ctx);
  const dir = ctx.state.directory;
  const user = dir.findUser(key);
  if (!user) return notFound(ctx, key);
  if (user.onPremisesSyncEnabled) {
    return graphError(
      ctx,
      400,
      'Request_BadRequest',
      'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
    );
  }
  let newHash = null;
  let forceChange = user.forceChangePasswordNextSignIn;
  if ('passwordProfile' in body) {
    const profile = body.passwordProfile as {
      password?: unknown;
      forceChangePasswordNextSignIn?: unknown;
    } | null;
    if (
      !profile ||
      typeof profile !== 'object' ||
      typeof profile.password !== 'string' ||
      profile.password === ''
    ) {
      return graphError(
        ctx,
        400,
        'Request_BadRequest',
        "Invalid value specified for property 'passwordProfile' of resource 'User'.",
      );
    }
    if (
      profile.forceChangePasswordNextSignIn !== undefined &&
      typeof profile.forceChangePasswordNextSignIn !== 'boolean'
    ) {
      return graphError(
        ctx,
        400,
        'Request_BadRequest',
        "Invalid value specified for property 'passwordProfile' of resource 'User'.",
      );
    }
    if (dir.domainOf(user.userPrincipalName)?.authenticationType === 'Federated') {
      return graphError(
        ctx,
        400,
        'Request_BadRequest',
        'Unable to update the password of a user in a federated domain: the password is managed by the federation provider.',
      );
    }
    if (!ctx.app || !dir.applicationMayReset(ctx.app, user.id)) return insufficientPrivileges(ctx);
    const problem = checkPassword(profile.password, {
      tenantName: dir.tenantName,
      userNames: [
        user.givenName ?? '',
        user.surname ?? '',
        user.displayName,
        user.userPrincipalName.split('@')[0]!,
      ],
      customBanned: dir.bannedPasswords,
    });
    if (problem) return graphError(ctx, 400, 'Request_BadRequest', COMPLEXITY);
    newHash = await hashPassword(profile.password);
    forceChange = profile.forceChangePasswordNextSignIn ?? false;
  }
  if (typeof body.accountEnabled === 'boolean') user.accountEnabled = body.accountEnabled;
  else if ('accountEnabled' in body) {
    return graphError(
      ctx,
      400,
      'Request_BadRequest',
      "Invalid value specified for property 'accountEnabled' of resource 'User'.",
    );
  }
  if (newHash) {
    user.passwordHash = newHash;
    user.forceChangePasswordNextSignIn = forceChange;
    user.lastPasswordChangeDateTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return { status: 204, headers: {} };
}

/** POST /users/{id}/revokeSignInSessions */
export function revokeSessions(ctx: GraphContext, req: GraphRequest, key: string): GraphResponse {
  const denied = requirePermission(ctx, REVOKE);
  if (denied) return denied;
  const user = ctx.state.directory.findUser(key);
  if (!user) return notFound(ctx, key);
  user.signInSessionsValidFromDateTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return ok({ '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#Edm.Boolean`, value: true });
}
