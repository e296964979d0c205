/**
 * The seed file: a readable JSON description of a tenant (domains, applications, users, groups,
 * administrative units, role definitions and assignments). Loaded and checked once at start and on
 * /_admin/reset; a mistake stops the tenant with a sentence naming the entry.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** A domain of the tenant. */
export interface SeedDomain {
  name: string;
  authenticationType: 'Managed' | 'Federated';
  isDefault?: boolean;
}

/** An application registration with its granted application permissions and directory roles. */
export interface SeedApplication {
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** Object id of the app's service principal (the principal of its role assignments). */
  servicePrincipalId?: string;
  /** Granted application permissions (appRoles on Microsoft Graph), e.g. "User.Read.All". */
  permissions: string[];
  /** Directory roles assigned to the service principal. */
  directoryRoles?: { roleTemplateId: string; directoryScopeId?: string }[];
}

/** A user. `password` is an initial password in clear (hashed at load), or omitted. */
export interface SeedUser {
  id: string;
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
  userPrincipalName: string;
  mail?: string | null;
  otherMails?: string[];
  userType?: 'Member' | 'Guest';
  accountEnabled?: boolean;
  onPremisesSyncEnabled?: boolean | null;
  preferredLanguage?: string | null;
  jobTitle?: string | null;
  /** Whether the user has an Exchange Online mailbox (sendMail sender). Default: members with `mail`. */
  hasMailbox?: boolean;
  password?: string;
  forceChangePasswordNextSignIn?: boolean;
  /** Free text for people reading the seed; never served. */
  note?: string;
}

/** A group; members and owners are user ids or UPNs (members may also be group ids). */
export interface SeedGroup {
  id: string;
  displayName: string;
  isAssignableToRole?: boolean;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
  members?: string[];
  owners?: string[];
  note?: string;
}

/** An administrative unit; members are user ids/UPNs or group ids (membership is direct only). */
export interface SeedAdministrativeUnit {
  id: string;
  displayName: string;
  isMemberManagementRestricted?: boolean;
  members?: string[];
  note?: string;
}

/**
 * A role definition: built-ins carry their template id as id; custom roles have isBuiltIn false and may set
 * any templateId (Graph lets a custom role name one, even a built-in's), which defaults to their id.
 */
export interface SeedRoleDefinition {
  id: string;
  displayName: string;
  templateId?: string;
  isBuiltIn?: boolean;
  description?: string;
}

/**
 * A role assignment: `active` ones are listed as roleAssignments; `eligible` ones (PIM for Microsoft Entra
 * roles) only as roleEligibilitySchedules.
 */
export interface SeedRoleAssignment {
  id?: string;
  /** A user id or UPN, a group id, or an application's service principal id. */
  principalId: string;
  roleTemplateId?: string;
  roleDefinitionId?: string;
  /** "/" (tenant) or "/administrativeUnits/{id}". */
  directoryScopeId?: string;
  status?: 'active' | 'eligible';
  note?: string;
}

/** An eligible membership or ownership of a group through PIM for Groups. */
export interface SeedGroupEligibility {
  /** A group id. */
  groupId: string;
  /** A user id or UPN. */
  principalId: string;
  accessId: 'member' | 'owner';
  note?: string;
}

/**
 * The Temporary Access Pass configuration of the authentication methods policy, with Graph's field names.
 * Missing fields take Entra's documented defaults (enabled here, as the demo needs it).
 */
export interface SeedTapPolicy {
  state?: 'enabled' | 'disabled';
  defaultLifetimeInMinutes?: number;
  minimumLifetimeInMinutes?: number;
  maximumLifetimeInMinutes?: number;
  isUsableOnce?: boolean;
  defaultLength?: number;
  /** Group ids, or "all_users" (the default). */
  includeTargets?: string[];
  excludeTargets?: string[];
}

/** Tunables of the local tenant itself. */
export interface SeedSettings {
  /** How long a sendMail call holds its mailbox slot (Outlook allows 4 concurrent per mailbox). */
  sendMailLatencyMs?: number;
  tokenLifetimeSeconds?: number;
}

/** The whole seed file. */
export interface TenantSeed {
  tenant: {
    id: string;
    name: string;
    domains: SeedDomain[];
    /** The tenant's custom banned-password list (Entra Password Protection). */
    bannedPasswords?: string[];
  };
  settings?: SeedSettings;
  applications: SeedApplication[];
  roleDefinitions?: SeedRoleDefinition[];
  users: SeedUser[];
  groups?: SeedGroup[];
  administrativeUnits?: SeedAdministrativeUnit[];
  roleAssignments?: SeedRoleAssignment[];
  /** PIM for Groups: eligible (not active) memberships and ownerships. */
  groupEligibilities?: SeedGroupEligibility[];
  /** The authentication methods policy; only its Temporary Access Pass configuration is served. */
  authenticationMethodsPolicy?: { temporaryAccessPass?: SeedTapPolicy };
}

/** The default seed shipped with the repository. */
export const DEFAULT_SEED_PATH = path.resolve(__dirname, 'seed/contoso.json');

/** Thrown when a seed file cannot be used; the message names every problem. */
export class SeedError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Seed ${file} is not valid:\n- ${problems.join('\n- ')}`);
    this.name = 'SeedError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and checks a seed file. */
export async function loadSeedFile(file: string): Promise<TenantSeed> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SeedError(file, [`cannot read it as JSON (${(error as Error).message})`]);
  }
  const problems = checkSeed(parsed);
  if (problems.length > 0) throw new SeedError(file, problems);
  return parsed as TenantSeed;
}

/** Structural checks; reference checks happen when the directory is built. */
export function checkSeed(value: unknown): string[] {
  const problems: string[] = [];
  const seed = value as Partial<TenantSeed>;
  if (!seed || typeof seed !== 'object') return ['the file must hold a JSON object'];
  if (!seed.tenant || !GUID.test(seed.tenant.id ?? '')) problems.push('tenant.id must be a GUID');
  if (!seed.tenant?.name) problems.push('tenant.name is missing');
  if (!Array.isArray(seed.tenant?.domains) || seed.tenant.domains.length === 0) {
    problems.push('tenant.domains must list at least one domain');
  } else {
    for (const d of seed.tenant.domains) {
      if (d.authenticationType !== 'Managed' && d.authenticationType !== 'Federated') {
        problems.push(`domain ${d.name}: authenticationType must be Managed or Federated`);
      }
    }
  }
  if (!Array.isArray(seed.applications)) problems.push('applications must be an array');
  for (const app of seed.applications ?? []) {
    if (!GUID.test(app.clientId ?? ''))
      problems.push(`application ${app.displayName}: clientId must be a GUID`);
    if (!app.clientSecret) problems.push(`application ${app.displayName}: clientSecret is missing`);
    if (!Array.isArray(app.permissions))
      problems.push(`application ${app.displayName}: permissions must be an array`);
  }
  if (!Array.isArray(seed.users)) problems.push('users must be an array');
  const ids = new Set<string>();
  const checkId = (kind: string, id: string | undefined, label: string): void => {
    if (!GUID.test(id ?? '')) problems.push(`${kind} ${label}: id must be a GUID`);
    else if (ids.has(id!.toLowerCase())) problems.push(`${kind} ${label}: id ${id} is used twice`);
    else ids.add(id!.toLowerCase());
  };
  const upns = new Set<string>();
  for (const u of seed.users ?? []) {
    checkId('user', u.id, u.userPrincipalName);
    const upn = (u.userPrincipalName ?? '').toLowerCase();
    if (upns.has(upn)) problems.push(`user ${u.id}: userPrincipalName ${u.userPrincipalName} is used twice`);
    upns.add(upn);
    if (!u.displayName) problems.push(`user ${u.id}: displayName is missing`);
    if (!/^[^@\s]+@[^@\s]+$/.test(u.userPrincipalName ?? '')) {
      problems.push(`user ${u.id}: userPrincipalName must look like name@domain`);
    }
  }
  for (const g of seed.groups ?? []) checkId('group', g.id, g.displayName);
  for (const a of seed.administrativeUnits ?? []) checkId('administrative unit', a.id, a.displayName);
  for (const r of seed.roleAssignments ?? []) {
    if (!r.roleTemplateId && !r.roleDefinitionId) {
      problems.push(`role assignment of ${r.principalId}: roleTemplateId or roleDefinitionId is required`);
    }
    if (r.status && r.status !== 'active' && r.status !== 'eligible') {
      problems.push(`role assignment of ${r.principalId}: status must be active or eligible`);
    }
  }
  for (const d of seed.roleDefinitions ?? []) {
    if (!GUID.test(d.id ?? '')) problems.push(`role definition ${d.displayName}: id must be a GUID`);
    if (d.templateId !== undefined && !GUID.test(d.templateId))
      problems.push(`role definition ${d.displayName}: templateId must be a GUID`);
  }
  for (const e of seed.groupEligibilities ?? []) {
    if (e.accessId !== 'member' && e.accessId !== 'owner') {
      problems.push(`group eligibility of ${e.principalId}: accessId must be member or owner`);
    }
  }
  problems.push(...checkTapPolicy(seed.authenticationMethodsPolicy?.temporaryAccessPass));
  return problems;
}

/** Graph's bounds for the Temporary Access Pass configuration. */
export function checkTapPolicy(
  policy: SeedTapPolicy | undefined,
  where = 'authenticationMethodsPolicy.temporaryAccessPass',
): string[] {
  if (policy === undefined) return [];
  if (!policy || typeof policy !== 'object') return [`${where} must be an object`];
  const problems: string[] = [];
  const minutes = (name: keyof SeedTapPolicy): void => {
    const value = policy[name];
    if (
      value !== undefined &&
      (!Number.isInteger(value) || (value as number) < 10 || (value as number) > 43_200)
    )
      problems.push(`${where}.${name} must be a whole number of minutes from 10 to 43200`);
  };
  minutes('defaultLifetimeInMinutes');
  minutes('minimumLifetimeInMinutes');
  minutes('maximumLifetimeInMinutes');
  if (policy.state !== undefined && policy.state !== 'enabled' && policy.state !== 'disabled')
    problems.push(`${where}.state must be enabled or disabled`);
  if (policy.isUsableOnce !== undefined && typeof policy.isUsableOnce !== 'boolean')
    problems.push(`${where}.isUsableOnce must be true or false`);
  if (
    policy.defaultLength !== undefined &&
    (!Number.isInteger(policy.defaultLength) || policy.defaultLength < 8 || policy.defaultLength > 48)
  )
    problems.push(`${where}.defaultLength must be a whole number from 8 to 48`);
  const min = policy.minimumLifetimeInMinutes ?? 60;
  const max = policy.maximumLifetimeInMinutes ?? 480;
  const fallback = policy.defaultLifetimeInMinutes ?? 60;
  if (min > max) problems.push(`${where}: minimumLifetimeInMinutes is above maximumLifetimeInMinutes`);
  else if (fallback < min || fallback > max)
    problems.push(`${where}.defaultLifetimeInMinutes must lie between the minimum and the maximum`);
  for (const list of ['includeTargets', 'excludeTargets'] as const) {
    const value = policy[list];
    if (value !== undefined && (!Array.isArray(value) || value.some((t) => typeof t !== 'string')))
      problems.push(`${where}.${list} must be a list of group ids or "all_users"`);
  }
  return problems;
}
