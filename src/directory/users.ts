/**
 * Users as Graph returns them, read into the port's DirectoryUser, and the user-search rules: which
 * filter a query becomes and when an exact match beats prefix matches. Pure functions.
 */
import { ErrorCodes, GraphError } from '../errors';
import { odataString } from './odata';
import type { DirectoryUser } from '../policy/profile';

/** The properties every user read asks for. */
export const USER_SELECT = [
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
].join(',');

/**
 * Properties whose absence means we were not allowed to see them (Graph then returns little more than
 * the id); guessing them could let the bot reset a guest, a synced or a disabled account.
 */
const REQUIRED = [
  'id',
  'displayName',
  'userPrincipalName',
  'userType',
  'accountEnabled',
  'onPremisesSyncEnabled',
];

/** Reads one Graph user; throws GRAPH_READ_DENIED when the answer lacks what we asked for. */
export function toDirectoryUser(raw: unknown, requestId: string): DirectoryUser {
  const u = (raw ?? {}) as Record<string, unknown>;
  const missing = REQUIRED.filter((key) => !(key in u));
  const { id, displayName, userPrincipalName } = u;
  if (
    missing.length > 0 ||
    typeof id !== 'string' ||
    typeof userPrincipalName !== 'string' ||
    typeof displayName !== 'string'
  ) {
    throw new GraphError(
      ErrorCodes.GRAPH_READ_DENIED,
      200,
      'PropertiesMissing',
      requestId,
      `Graph returned a user without ${missing.join(', ') || 'id, userPrincipalName or displayName'}: the app needs User.Read.All`,
      false,
      undefined,
      'User.Read.All',
    );
  }
  return {
    id,
    displayName,
    givenName: stringOrNull(u.givenName),
    surname: stringOrNull(u.surname),
    userPrincipalName,
    mail: stringOrNull(u.mail),
    otherMails: Array.isArray(u.otherMails)
      ? u.otherMails.filter((m): m is string => typeof m === 'string')
      : [],
    // Anything but an explicit Member is treated as a guest: any doubt is "no".
    userType: u.userType === 'Member' ? 'Member' : 'Guest',
    accountEnabled: u.accountEnabled === true,
    // Graph documents null as "never synchronized from on-premises".
    onPremisesSyncEnabled: u.onPremisesSyncEnabled === true,
    preferredLanguage: stringOrNull(u.preferredLanguage),
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** True when the query is an address (UPN or mail) rather than a name. */
export function isAddressQuery(query: string): boolean {
  return query.includes('@');
}

/**
 * The $filter of a search. An address is matched exactly on UPN and mail (otherMails is left out: an
 * alternate address can belong to anyone and would find the wrong person); a name by prefix on the
 * name parts, UPN and mail.
 */
export function searchFilter(query: string): string {
  const q = odataString(query);
  if (isAddressQuery(query)) return `userPrincipalName eq ${q} or mail eq ${q}`;
  return ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail']
    .map((property) => `startswith(${property},${q})`)
    .join(' or ');
}

/**
 * The $filter that finds only exact name matches. It is sent in the same `$batch` as the prefix search
 * (src/directory/reads.ts), so that when prefix matches overflow the limit, the exact match is already
 * there: one more request in the batch instead of one more round trip before the form.
 */
export function exactFilter(query: string): string {
  return `displayName eq ${odataString(query)} or startswith(userPrincipalName,${odataString(`${query}@`)})`;
}

/**
 * The users that match the query exactly (case-insensitive display name, or UPN local part; for an
 * address, UPN or mail). When any exist they win over mere prefix matches.
 */
export function exactMatches(users: readonly DirectoryUser[], query: string): DirectoryUser[] {
  const q = fold(query);
  return users.filter((user) => {
    if (isAddressQuery(query))
      return fold(user.userPrincipalName) === q || (user.mail !== null && fold(user.mail) === q);
    const localPart = user.userPrincipalName.split('@')[0] ?? '';
    return fold(user.displayName) === q || fold(localPart) === q;
  });
}

function fold(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}
