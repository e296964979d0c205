/**
 * Entra role template ids and the two axes of the "Who can reset passwords" table: the requester's
 * resetting role (the columns) and the row a target's role falls into.
 */
import type { RoleAssignmentView } from './profile';

/** Built-in role template ids (stable across tenants). */
export const RoleTemplateIds = {
  GLOBAL_ADMIN: '62e90394-69f5-4237-9190-012177145e10',
  PRIVILEGED_AUTH_ADMIN: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  PRIVILEGED_ROLE_ADMIN: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  USER_ADMIN: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  AUTH_ADMIN: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  HELPDESK_ADMIN: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  PASSWORD_ADMIN: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  GROUPS_ADMIN: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  DIRECTORY_READERS: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  GUEST_INVITER: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  MESSAGE_CENTER_READER: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  REPORTS_READER: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  USAGE_SUMMARY_REPORTS_READER: '75934031-6c7e-415a-99d7-48dbd49e875e',
  // From Microsoft's "Microsoft Entra built-in roles" reference (docs/ names no other source for it).
  UX_SUCCESS_MANAGER: '27460883-1df1-4691-b032-3b79643e5e63',
} as const;

/** The requester roles that may reset passwords: the table's columns, least privileged first. */
export type ResettingRole = 'password' | 'helpdesk' | 'auth' | 'user' | 'privAuth' | 'global';

/** Columns in order of privilege; `resettingRolesOf` callers pick the least privileged that suffices. */
export const RESETTING_ROLES_BY_PRIVILEGE: readonly ResettingRole[] = [
  'password',
  'helpdesk',
  'auth',
  'user',
  'privAuth',
  'global',
];

/** Template id → requester column, for the six roles that can reset passwords. */
export const RESETTING_ROLE_TEMPLATES: ReadonlyMap<string, ResettingRole> = new Map<string, ResettingRole>([
  [RoleTemplateIds.PASSWORD_ADMIN, 'password'],
  [RoleTemplateIds.HELPDESK_ADMIN, 'helpdesk'],
  [RoleTemplateIds.AUTH_ADMIN, 'auth'],
  [RoleTemplateIds.USER_ADMIN, 'user'],
  [RoleTemplateIds.PRIVILEGED_AUTH_ADMIN, 'privAuth'],
  [RoleTemplateIds.GLOBAL_ADMIN, 'global'],
]);

/** The template ids of the six requester roles. */
export const REQUESTER_ROLE_TEMPLATE_IDS: ReadonlySet<string> = new Set(RESETTING_ROLE_TEMPLATES.keys());

/** A row of the table: what a target holds. */
export type TargetRow =
  | 'none'
  | 'directoryReaders'
  | 'guestInviter'
  | 'passwordAdmin'
  | 'helpdeskAdmin'
  | 'messageCenterReader'
  | 'reportsReader'
  | 'usageSummaryReportsReader'
  | 'uxSuccessManager'
  | 'authAdmin'
  | 'groupsAdmin'
  | 'userAdmin'
  | 'globalAdmin'
  | 'privAuthAdmin'
  | 'privRoleAdmin'
  | 'roleAssignableGroup'
  | 'restrictedUnitRole'
  | 'other';

const ROW_BY_TEMPLATE: ReadonlyMap<string, TargetRow> = new Map<string, TargetRow>([
  [RoleTemplateIds.DIRECTORY_READERS, 'directoryReaders'],
  [RoleTemplateIds.GUEST_INVITER, 'guestInviter'],
  [RoleTemplateIds.PASSWORD_ADMIN, 'passwordAdmin'],
  [RoleTemplateIds.HELPDESK_ADMIN, 'helpdeskAdmin'],
  [RoleTemplateIds.MESSAGE_CENTER_READER, 'messageCenterReader'],
  [RoleTemplateIds.REPORTS_READER, 'reportsReader'],
  [RoleTemplateIds.USAGE_SUMMARY_REPORTS_READER, 'usageSummaryReportsReader'],
  [RoleTemplateIds.UX_SUCCESS_MANAGER, 'uxSuccessManager'],
  [RoleTemplateIds.AUTH_ADMIN, 'authAdmin'],
  [RoleTemplateIds.GROUPS_ADMIN, 'groupsAdmin'],
  [RoleTemplateIds.USER_ADMIN, 'userAdmin'],
  [RoleTemplateIds.GLOBAL_ADMIN, 'globalAdmin'],
  [RoleTemplateIds.PRIVILEGED_AUTH_ADMIN, 'privAuthAdmin'],
  [RoleTemplateIds.PRIVILEGED_ROLE_ADMIN, 'privRoleAdmin'],
]);

const ALL: readonly ResettingRole[] = RESETTING_ROLES_BY_PRIVILEGE;
const TOP: readonly ResettingRole[] = ['privAuth', 'global'];

/** The table itself: which requester columns may reset a target in each row. */
export const RESET_MATRIX: Readonly<Record<TargetRow, ReadonlySet<ResettingRole>>> = {
  none: new Set(ALL),
  directoryReaders: new Set(ALL),
  guestInviter: new Set(ALL),
  passwordAdmin: new Set(ALL),
  helpdeskAdmin: new Set<ResettingRole>(['helpdesk', 'user', ...TOP]),
  messageCenterReader: new Set<ResettingRole>(['helpdesk', 'auth', 'user', ...TOP]),
  reportsReader: new Set<ResettingRole>(['helpdesk', 'auth', 'user', ...TOP]),
  usageSummaryReportsReader: new Set<ResettingRole>(['helpdesk', 'auth', 'user', ...TOP]),
  uxSuccessManager: new Set<ResettingRole>(['helpdesk', 'auth', 'user', ...TOP]),
  authAdmin: new Set<ResettingRole>(['auth', ...TOP]),
  groupsAdmin: new Set<ResettingRole>(['user', ...TOP]),
  userAdmin: new Set<ResettingRole>(['user', ...TOP]),
  globalAdmin: new Set(TOP),
  privAuthAdmin: new Set(TOP),
  privRoleAdmin: new Set(TOP),
  roleAssignableGroup: new Set(TOP),
  restrictedUnitRole: new Set(TOP),
  other: new Set(TOP),
};

/**
 * The requester column of an assignment, or null when the role cannot reset passwords. Only a built-in
 * role has a column: a custom role copying a resetting role's template id resets nobody.
 */
export function resettingRoleOf(
  assignment: Pick<RoleAssignmentView, 'roleTemplateId' | 'isBuiltIn'>,
): ResettingRole | null {
  if (assignment.isBuiltIn !== true) return null;
  return RESETTING_ROLE_TEMPLATES.get(normalizeId(assignment.roleTemplateId)) ?? null;
}

/**
 * The row a target's role falls into, scope aside (the caller decides the restricted-unit row). A role is
 * recognised by the template id of a built-in definition only, never by its name: custom roles (whatever
 * template id they copy), unknown built-ins and a missing template id are all "any other role".
 */
export function classifyTargetRole(
  assignment: Pick<RoleAssignmentView, 'roleTemplateId' | 'isBuiltIn'>,
): TargetRow {
  if (assignment.isBuiltIn !== true) return 'other';
  return ROW_BY_TEMPLATE.get(normalizeId(assignment.roleTemplateId)) ?? 'other';
}

/** Directory ids are GUIDs; Graph may return them in either case. */
export function normalizeId(id: unknown): string {
  return typeof id === 'string' ? id.trim().toLowerCase() : '';
}
