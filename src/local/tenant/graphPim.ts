/**
 * Privileged Identity Management reads: eligibility schedules of Microsoft Entra roles
 * (`/roleManagement/directory/roleEligibilitySchedules`) and of group memberships and ownerships
 * (`/identityGovernance/privilegedAccess/group/eligibilitySchedules`, PIM for Groups), each with the
 * permissions Graph documents and PIM's own 403 body when they are missing.
 */
import type { TenantGroupEligibility, TenantRoleAssignment } from './directory';
import { derivedGuid } from './directory';
import {
  type GraphContext,
  graphError,
  odataFailure,
  type GraphRequest,
  type GraphResponse,
  hasPermission,
  ok,
  paginate,
  project,
} from './graphCore';
import { expandRoleDefinition, groupResource } from './graphRelations';
import { checkFilter, evaluate, type FilterCapability, type FilterNode, parseFilter } from './odata';

/** "List roleEligibilitySchedules": least privileged first, as Graph's permission table lists them. */
export const ROLE_ELIGIBILITY_READ = [
  'RoleEligibilitySchedule.Read.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
];

/** PIM for Groups "List eligibilitySchedules". */
export const GROUP_ELIGIBILITY_READ = [
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup',
];

/** When the seed's eligibilities were "created" (stable, like the seed's other dates). */
const CREATED = '2024-01-15T09:00:00Z';

/**
 * PIM's 403: unlike the directory's Authorization_RequestDenied, its services answer `UnknownError` with
 * their own JSON error, naming the permissions that would do, as a string in `message`.
 */
function permissionScopeNotGranted(ctx: GraphContext, permissions: readonly string[]): GraphResponse {
  return graphError(
    ctx,
    403,
    'UnknownError',
    JSON.stringify({
      errorCode: 'PermissionScopeNotGranted',
      message: `Authorization failed due to missing permission scope ${permissions.join(',')}.`,
      instanceAnnotations: [],
    }),
  );
}

/** A schedule that started when the seed says and never expires. */
function scheduleInfo(): Record<string, unknown> {
  return {
    startDateTime: CREATED,
    recurrence: null,
    expiration: { type: 'noExpiration', endDateTime: null, duration: null },
  };
}

function roleSchedule(a: TenantRoleAssignment): Record<string, unknown> {
  const id = derivedGuid(`roleEligibilitySchedule:${a.id}`);
  return {
    id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    createdUsing: id,
    createdDateTime: CREATED,
    modifiedDateTime: null,
    status: 'Provisioned',
    memberType: 'Direct',
    scheduleInfo: scheduleInfo(),
  };
}

function groupSchedule(e: TenantGroupEligibility): Record<string, unknown> {
  return {
    id: e.id,
    accessId: e.accessId,
    principalId: e.principalId,
    groupId: e.groupId,
    memberType: 'direct',
    status: 'Provisioned',
    createdUsing: e.id.split('_').pop(),
    createdDateTime: CREATED,
    modifiedDateTime: null,
    scheduleInfo: scheduleInfo(),
  };
}

const eqOnly: FilterCapability = { eq: true, startswith: false };
const ROLE_FILTERS: Record<string, FilterCapability> = {
  id: eqOnly,
  principalId: eqOnly,
  roleDefinitionId: eqOnly,
  directoryScopeId: eqOnly,
  appScopeId: eqOnly,
  status: eqOnly,
  memberType: eqOnly,
  createdUsing: eqOnly,
};
const GROUP_FILTERS: Record<string, FilterCapability> = {
  id: eqOnly,
  principalId: eqOnly,
  groupId: eqOnly,
  accessId: eqOnly,
  status: eqOnly,
  memberType: eqOnly,
  createdUsing: eqOnly,
};

/** Applies `$filter`; null when there is none, Graph's 400 for what the resource does not filter on. */
function filtered(
  ctx: GraphContext,
  req: GraphRequest,
  items: Record<string, unknown>[],
  capabilities: Record<string, FilterCapability>,
  resource: string,
): { items: Record<string, unknown>[]; filter: FilterNode | null } | GraphResponse {
  const raw = req.query.get('$filter');
  if (raw === null) return { items, filter: null };
  try {
    const filter = parseFilter(raw);
    checkFilter(filter, capabilities, resource);
    return { items: items.filter((i) => evaluate(filter, i)), filter };
  } catch (error) {
    return odataFailure(ctx, error);
  }
}

/** `$select` over an item's own properties; the id and an expanded relationship are always kept. */
function selected(
  req: GraphRequest,
  items: Record<string, unknown>[],
  expanded: string,
): { items: Record<string, unknown>[]; projection: string } {
  const raw = req.query.get('$select');
  if (!raw) return { items, projection: '' };
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const keep = ['id', ...fields, expanded];
  return { items: items.map((i) => project(i, keep, [])), projection: `(${fields.join(',')})` };
}

/** GET /roleManagement/directory/roleEligibilitySchedules (PIM for Microsoft Entra roles). */
export function listRoleEligibilitySchedules(ctx: GraphContext, req: GraphRequest): GraphResponse {
  if (!hasPermission(ctx, ROLE_ELIGIBILITY_READ))
    return permissionScopeNotGranted(ctx, ROLE_ELIGIBILITY_READ);
  const all = ctx.state.directory.roleAssignments.filter((a) => a.status === 'eligible').map(roleSchedule);
  const result = filtered(ctx, req, all, ROLE_FILTERS, 'unifiedRoleEligibilitySchedule');
  if ('status' in result) return result;
  const expanded = expandRoleDefinition(
    ctx,
    req,
    result.items,
    'microsoft.graph.unifiedRoleEligibilitySchedule',
  );
  if (!Array.isArray(expanded)) return expanded;
  const { items, projection } = selected(req, expanded, 'roleDefinition');
  const paged = paginate(ctx, req, items);
  if ('status' in paged) return paged;
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#roleManagement/directory/roleEligibilitySchedules${projection}`,
  };
  if (paged.nextLink) body['@odata.nextLink'] = paged.nextLink;
  body.value = paged.page;
  return ok(body);
}

/** True when the filter pins principalId or groupId with eq somewhere it must hold (an `and` chain). */
function scopesToPrincipalOrGroup(node: FilterNode | null): boolean {
  if (!node) return false;
  if (node.kind === 'and') return scopesToPrincipalOrGroup(node.left) || scopesToPrincipalOrGroup(node.right);
  if (node.kind !== 'compare' || node.op !== 'eq') return false;
  const property = node.property.toLowerCase();
  return property === 'principalid' || property === 'groupid';
}

/** GET /identityGovernance/privilegedAccess/group/eligibilitySchedules (PIM for Groups). */
export function listGroupEligibilitySchedules(ctx: GraphContext, req: GraphRequest): GraphResponse {
  if (!hasPermission(ctx, GROUP_ELIGIBILITY_READ))
    return permissionScopeNotGranted(ctx, GROUP_ELIGIBILITY_READ);
  const dir = ctx.state.directory;
  const result = filtered(
    ctx,
    req,
    dir.groupEligibilities.map(groupSchedule),
    GROUP_FILTERS,
    'privilegedAccessGroupEligibilitySchedule',
  );
  if ('status' in result) return result;
  // Graph requires the request to be scoped to one principal or one group.
  if (!scopesToPrincipalOrGroup(result.filter)) {
    return graphError(
      ctx,
      400,
      'BadRequest',
      'The $filter query parameter must scope the request to a principalId or a groupId (eq).',
    );
  }
  let withGroups = result.items;
  const expandRaw = req.query.get('$expand');
  if (expandRaw !== null) {
    const m = /^group(?:\(\$select=([^)]*)\))?$/i.exec(expandRaw.trim());
    if (!m) {
      return graphError(
        ctx,
        400,
        'BadRequest',
        `Could not find a property named '${expandRaw.split('(')[0]}' on type 'microsoft.graph.privilegedAccessGroupEligibilitySchedule'.`,
      );
    }
    const fields = m[1] ? m[1].split(',').map((f) => f.trim()) : null;
    withGroups = withGroups.map((i) => {
      const group = dir.groups.get(String(i.groupId));
      if (!group) return { ...i, group: null };
      const { '@odata.type': _type, ...full } = groupResource(ctx, group);
      return { ...i, group: fields ? project(full, fields, []) : full };
    });
  }
  const { items, projection } = selected(req, withGroups, 'group');
  const paged = paginate(ctx, req, items);
  if ('status' in paged) return paged;
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#identityGovernance/privilegedAccess/group/eligibilitySchedules${projection}`,
  };
  if (paged.nextLink) body['@odata.nextLink'] = paged.nextLink;
  body.value = paged.page;
  return ok(body);
}
