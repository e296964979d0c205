/**
 * Entra's built-in roles the tenant knows by template id, and Entra's "who can reset passwords" table,
 * used to decide whether the calling application's own directory role may reset a target.
 */

/** Built-in role template ids (stable across tenants). */
export const RoleTemplates = {
  GlobalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  PrivilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  PrivilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  UserAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  AuthenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  HelpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  PasswordAdministrator: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  GroupsAdministrator: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  DirectoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  GuestInviter: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  MessageCenterReader: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  ReportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  UsageSummaryReportsReader: '75934031-6c7e-415a-99d7-48dbd49e875e',
  UserExperienceSuccessManager: '27460883-1df1-4691-b032-3b79643e5e63',
} as const;

/** Display names of the built-in roles above. */
export const BUILT_IN_ROLE_NAMES: Readonly<Record<string, string>> = {
  [RoleTemplates.GlobalAdministrator]: 'Global Administrator',
  [RoleTemplates.PrivilegedAuthenticationAdministrator]: 'Privileged Authentication Administrator',
  [RoleTemplates.PrivilegedRoleAdministrator]: 'Privileged Role Administrator',
  [RoleTemplates.UserAdministrator]: 'User Administrator',
  [RoleTemplates.AuthenticationAdministrator]: 'Authentication Administrator',
  [RoleTemplates.HelpdeskAdministrator]: 'Helpdesk Administrator',
  [RoleTemplates.PasswordAdministrator]: 'Password Administrator',
  [RoleTemplates.GroupsAdministrator]: 'Groups Administrator',
  [RoleTemplates.DirectoryReaders]: 'Directory Readers',
  [RoleTemplates.GuestInviter]: 'Guest Inviter',
  [RoleTemplates.MessageCenterReader]: 'Message Center Reader',
  [RoleTemplates.ReportsReader]: 'Reports Reader',
  [RoleTemplates.UsageSummaryReportsReader]: 'Usage Summary Reports Reader',
  [RoleTemplates.UserExperienceSuccessManager]: 'User Experience Success Manager',
};

const T = RoleTemplates;
const PASSWORD = T.PasswordAdministrator;
const HELPDESK = T.HelpdeskAdministrator;
const AUTH = T.AuthenticationAdministrator;
const USER = T.UserAdministrator;
const PRIV_AUTH = T.PrivilegedAuthenticationAdministrator;
const GLOBAL = T.GlobalAdministrator;

/** Requester roles that may reset passwords at all. */
export const RESETTER_ROLES: ReadonlySet<string> = new Set<string>([
  PASSWORD,
  HELPDESK,
  AUTH,
  USER,
  PRIV_AUTH,
  GLOBAL,
]);

const EVERYONE: ReadonlySet<string> = new Set<string>([PASSWORD, HELPDESK, AUTH, USER, PRIV_AUTH, GLOBAL]);
const TOP: ReadonlySet<string> = new Set<string>([PRIV_AUTH, GLOBAL]);
const READERS: ReadonlySet<string> = new Set<string>([HELPDESK, AUTH, USER, PRIV_AUTH, GLOBAL]);

// Rows of the table: which requester roles may reset a target holding this role.
const TABLE: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  [T.DirectoryReaders, EVERYONE],
  [T.GuestInviter, EVERYONE],
  [T.PasswordAdministrator, EVERYONE],
  [T.HelpdeskAdministrator, new Set<string>([HELPDESK, USER, PRIV_AUTH, GLOBAL])],
  [T.MessageCenterReader, READERS],
  [T.ReportsReader, READERS],
  [T.UsageSummaryReportsReader, READERS],
  [T.UserExperienceSuccessManager, READERS],
  [T.AuthenticationAdministrator, new Set<string>([AUTH, PRIV_AUTH, GLOBAL])],
  [T.GroupsAdministrator, new Set<string>([USER, PRIV_AUTH, GLOBAL])],
  [T.UserAdministrator, new Set<string>([USER, PRIV_AUTH, GLOBAL])],
]);

/** What the table needs to know about a target. */
export interface ResetTargetFacts {
  /**
   * Template ids of the built-in roles the target holds actively, any scope, and for each custom role
   * something that is no built-in template id (a custom role may copy one: it is "any other role").
   */
  readonly roleIds: readonly string[];
  readonly inRoleAssignableGroup: boolean;
  readonly holdsRoleScopedToRestrictedUnit: boolean;
}

/** The `roleIds` entry of a custom role: never a template id of the table. */
export function customRoleKey(definitionId: string): string {
  return `custom:${definitionId}`;
}

/**
 * True when a requester holding the built-in role `requesterRole` may reset a target with these facts
 * (tenant scope). Callers pass only built-in template ids: a custom role resets nobody.
 */
export function roleMayReset(requesterRole: string, target: ResetTargetFacts): boolean {
  if (!RESETTER_ROLES.has(requesterRole)) return false;
  if (target.inRoleAssignableGroup || target.holdsRoleScopedToRestrictedUnit) return TOP.has(requesterRole);
  return target.roleIds.every((roleId) => (TABLE.get(roleId) ?? TOP).has(requesterRole));
}

// Entra's "Who can perform sensitive actions" table, which "Compare authentication roles" points to for
// managing another user's authentication methods (docs/who-can-manage-auth-methods.md): only these three
// roles manage methods; an Authentication Administrator only for the rows listed.
const METHOD_MANAGERS: ReadonlySet<string> = new Set<string>([AUTH, PRIV_AUTH, GLOBAL]);
const METHODS_TABLE: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  [T.AuthenticationAdministrator, METHOD_MANAGERS],
  [T.DirectoryReaders, METHOD_MANAGERS],
  [T.GuestInviter, METHOD_MANAGERS],
  [T.MessageCenterReader, METHOD_MANAGERS],
  [T.PasswordAdministrator, METHOD_MANAGERS],
  [T.ReportsReader, METHOD_MANAGERS],
  [T.UsageSummaryReportsReader, METHOD_MANAGERS],
  [T.UserExperienceSuccessManager, METHOD_MANAGERS],
]);

/**
 * True when a principal holding the built-in role `role` may manage the authentication methods (a
 * Temporary Access Pass) of a target with these facts (tenant scope).
 */
export function roleMayManageMethods(role: string, target: ResetTargetFacts): boolean {
  if (!METHOD_MANAGERS.has(role)) return false;
  if (target.inRoleAssignableGroup || target.holdsRoleScopedToRestrictedUnit) return TOP.has(role);
  return target.roleIds.every((roleId) => (METHODS_TABLE.get(roleId) ?? TOP).has(role));
}
