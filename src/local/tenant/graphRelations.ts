/**
 * Graph's relationship and directory routes: memberOf / transitiveMemberOf (with type casts),
 * ownedObjects, roleManagement role assignments and definitions, and domains.
 */
import type { TenantGroup, TenantRoleDefinition, TenantUnit } from './directory';
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
  ok,
  paginate,
  project,
  requirePermission,
} from './graphCore';
import { notFound, USER_READ } from './graphUsers';
import { checkFilter, evaluate, type FilterCapability, parseFilter, parseSelect } from './odata';

const GROUP_DETAILS = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const UNIT_DETAILS = [
  'AdministrativeUnit.Read.All',
  'AdministrativeUnit.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const ROLE_READ = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const DOMAIN_READ = [
  'Domain.Read.All',
  'Domain.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

/** The directory-object type casts Graph accepts on these relationships. */
const CASTS = {
  'microsoft.graph.group': {
    set: 'groups',
    properties: [
      'id',
      'displayName',
      'description',
      'isAssignableToRole',
      'securityEnabled',
      'mailEnabled',
      'groupTypes',
      'deletedDateTime',
    ],
  },
  'microsoft.graph.directoryRole': {
    set: 'directoryRoles',
    properties: ['id', 'displayName', 'description', 'roleTemplateId', 'deletedDateTime'],
  },
  'microsoft.graph.administrativeUnit': {
    set: 'administrativeUnits',
    properties: [
      'id',
      'displayName',
      'description',
      'isMemberManagementRestricted',
      'membershipRule',
      'membershipType',
      'membershipRuleProcessingState',
      'visibility',
      'deletedDateTime',
    ],
  },
} as const;

type Cast = keyof typeof CASTS;

/** A group as Graph shows it to this caller (a stub with only its id without a group-reading permission). */
export function groupResource(ctx: GraphContext, g: TenantGroup): Record<string, unknown> {
  // Without a group-reading permission Graph returns the object with little more than its id.
  if (!hasPermission(ctx, GROUP_DETAILS)) return { '@odata.type': '#microsoft.graph.group', id: g.id };
  return {
    '@odata.type': '#microsoft.graph.group',
    id: g.id,
    deletedDateTime: null,
    description: null,
    displayName: g.displayName,
    groupTypes: [],
    isAssignableToRole: g.isAssignableToRole,
    mailEnabled: g.mailEnabled,
    securityEnabled: g.securityEnabled,
  };
}

function roleResource(ctx: GraphContext, r: TenantRoleDefinition): Record<string, unknown> {
  if (!hasPermission(ctx, [...ROLE_READ, ...USER_READ.filter((p) => p.startsWith('Directory'))])) {
    return { '@odata.type': '#microsoft.graph.directoryRole', id: r.directoryRoleId };
  }
  return {
    '@odata.type': '#microsoft.graph.directoryRole',
    id: r.directoryRoleId,
    deletedDateTime: null,
    description: r.description,
    displayName: r.displayName,
    roleTemplateId: r.templateId,
  };
}

function unitResource(ctx: GraphContext, u: TenantUnit): Record<string, unknown> {
  if (!hasPermission(ctx, UNIT_DETAILS))
    return { '@odata.type': '#microsoft.graph.administrativeUnit', id: u.id };
  return {
    '@odata.type': '#microsoft.graph.administrativeUnit',
    id: u.id,
    deletedDateTime: null,
    description: null,
    displayName: u.displayName,
    isMemberManagementRestricted: u.isMemberManagementRestricted,
    membershipRule: null,
    membershipRuleProcessingState: null,
    membershipType: null,
    visibility: null,
  };
}

/** GET /users/{id}/memberOf | transitiveMemberOf | ownedObjects [/cast] */
export function listRelation(
  ctx: GraphContext,
  req: GraphRequest,
  key: string,
  relation: 'memberOf' | 'transitiveMemberOf' | 'ownedObjects',
  castRaw: string | undefined,
): GraphResponse {
  const denied = requirePermission(ctx, USER_READ);
  if (denied) return denied;
  const cast = castRaw
    ? (Object.keys(CASTS).find((c) => c.toLowerCase() === castRaw.toLowerCase()) as Cast | undefined)
    : undefined;
  if (castRaw && !cast)
    return graphError(ctx, 400, 'BadRequest', `Resource not found for the segment '${castRaw}'.`);
  const advanced = eventual(req) && countRequested(req);
  if (cast && relation === 'transitiveMemberOf' && !advanced) {
    return graphError(
      ctx,
      400,
      'Request_UnsupportedQuery',
      advancedQueryMessage(`The OData cast to '${cast}'`),
    );
  }
  const dir = ctx.state.directory;
  const user = dir.findUser(key);
  if (!user) return notFound(ctx, key);

  let items: Record<string, unknown>[];
  if (relation === 'ownedObjects') {
    items = dir.ownedGroups(user.id).map((g) => groupResource(ctx, g));
  } else {
    const groups = relation === 'memberOf' ? dir.directGroups(user.id) : dir.transitiveGroups(user.id);
    // Directory roles come from active, tenant-scoped assignments of the user (memberOf) or of the
    // user and its role-assignable groups (transitiveMemberOf); custom and unit-scoped roles never show.
    const principals =
      relation === 'memberOf'
        ? [user.id]
        : [user.id, ...groups.filter((g) => g.isAssignableToRole).map((g) => g.id)];
    items = [
      ...groups.map((g) => groupResource(ctx, g)),
      ...dir.directoryRolesOf(principals).map((r) => roleResource(ctx, r)),
      ...dir.unitsOf(user.id).map((u) => unitResource(ctx, u)),
    ];
  }
  let select: string[] | null = null;
  try {
    if (cast) {
      items = items.filter((i) => i['@odata.type'] === `#${cast}`);
      select = parseSelect(req.query.get('$select'), CASTS[cast].properties, cast);
      const filterRaw = req.query.get('$filter');
      if (filterRaw !== null) {
        const caps: Record<string, FilterCapability> = Object.fromEntries(
          CASTS[cast].properties.map((p) => [p, { eq: true, startswith: p === 'displayName' }]),
        );
        const filter = parseFilter(filterRaw);
        checkFilter(filter, caps, cast.replace('microsoft.graph.', ''));
        items = items.filter((i) => evaluate(filter, i));
      }
    } else {
      const raw = req.query.get('$select');
      select = raw ? raw.split(',').map((s) => s.trim()) : null;
      if (req.query.get('$filter') !== null && !advanced) {
        return graphError(
          ctx,
          400,
          'Request_UnsupportedQuery',
          advancedQueryMessage('$filter on directory object relationships'),
        );
      }
    }
  } catch (error) {
    return odataFailure(ctx, error);
  }
  const paged = paginate(ctx, req, items);
  if ('status' in paged) return paged;
  const set = cast ? CASTS[cast].set : 'directoryObjects';
  const projection = select ? `(${select.join(',')})` : '';
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#${set}${projection}`,
  };
  if (advanced) body['@odata.count'] = items.length;
  if (paged.nextLink) body['@odata.nextLink'] = paged.nextLink;
  body.value = paged.page.map((i) => (select ? project(i, ['id', ...select], []) : i));
  return ok(body);
}

const ASSIGNMENT_FILTERS: Record<string, FilterCapability> = {
  principalId: { eq: true, startswith: false },
  roleDefinitionId: { eq: true, startswith: false },
  directoryScopeId: { eq: true, startswith: false },
  id: { eq: true, startswith: false },
};

/** GET /roleManagement/directory/roleAssignments (and beta transitiveRoleAssignments). */
export function listRoleAssignments(
  ctx: GraphContext,
  req: GraphRequest,
  transitive: boolean,
): GraphResponse {
  const denied = requirePermission(ctx, ROLE_READ);
  if (denied) return denied;
  const dir = ctx.state.directory;
  if (transitive && !eventual(req)) {
    return graphError(
      ctx,
      404,
      'UnknownError',
      'The transitiveRoleAssignments API requires the ConsistencyLevel: eventual header.',
    );
  }
  let items: Record<string, unknown>[] = dir.roleAssignments
    .filter((a) => a.status === 'active')
    .map((a) => ({
      id: a.id,
      principalId: a.principalId,
      roleDefinitionId: a.roleDefinitionId,
      directoryScopeId: a.directoryScopeId,
    }));
  const filterRaw = req.query.get('$filter');
  try {
    if (filterRaw !== null) {
      const filter = parseFilter(filterRaw);
      checkFilter(filter, ASSIGNMENT_FILTERS, 'UnifiedRoleAssignment');
      if (transitive) {
        // Transitive: a principalId filter also matches assignments to role-assignable groups the user is in.
        const expand = (node: typeof filter): typeof filter => {
          if (
            node.kind === 'compare' &&
            node.property.toLowerCase() === 'principalid' &&
            typeof node.value === 'string'
          ) {
            const groups = dir
              .directGroups(node.value.toLowerCase())
              .filter((g) => g.isAssignableToRole)
              .map((g) => g.id);
            return { kind: 'in', property: 'principalId', values: [node.value, ...groups] };
          }
          if (node.kind === 'and' || node.kind === 'or')
            return { ...node, left: expand(node.left), right: expand(node.right) };
          return node;
        };
        const expanded = expand(filter);
        items = items.filter((i) => evaluate(expanded, i));
      } else {
        items = items.filter((i) => evaluate(filter, i));
      }
    } else if (transitive) {
      return graphError(
        ctx,
        400,
        'BadRequest',
        'A $filter on principalId is required for transitiveRoleAssignments.',
      );
    }
  } catch (error) {
    return odataFailure(ctx, error);
  }
  const expanded = expandRoleDefinition(ctx, req, items, 'microsoft.graph.unifiedRoleAssignment');
  if (!Array.isArray(expanded)) return expanded;
  items = expanded;
  const paged = paginate(ctx, req, items);
  if ('status' in paged) return paged;
  const set = transitive ? 'transitiveRoleAssignments' : 'roleAssignments';
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#roleManagement/directory/${set}`,
  };
  if (paged.nextLink) body['@odata.nextLink'] = paged.nextLink;
  body.value = paged.page;
  return ok(body);
}

/**
 * `$expand=roleDefinition` or `roleDefinition($select=…)` on items carrying `roleDefinitionId`: the items
 * with their definition, or Graph's 400 for any other expansion.
 */
export function expandRoleDefinition(
  ctx: GraphContext,
  req: GraphRequest,
  items: Record<string, unknown>[],
  type: string,
): Record<string, unknown>[] | GraphResponse {
  const expandRaw = req.query.get('$expand');
  if (expandRaw === null) return items;
  const m = /^roleDefinition(?:\(\$select=([^)]*)\))?$/i.exec(expandRaw.trim());
  if (!m)
    return graphError(
      ctx,
      400,
      'BadRequest',
      `Could not find a property named '${expandRaw.split('(')[0]}' on type '${type}'.`,
    );
  const fields = m[1] ? m[1].split(',').map((s) => s.trim()) : null;
  return items.map((i) => {
    const def = ctx.state.directory.roleDefinitions.get(i.roleDefinitionId as string);
    const full = def ? roleDefinitionResource(def) : null;
    return {
      ...i,
      roleDefinition:
        full && fields ? Object.fromEntries(fields.filter((f) => f in full).map((f) => [f, full[f]])) : full,
    };
  });
}

function roleDefinitionResource(def: TenantRoleDefinition): Record<string, unknown> {
  return {
    id: def.id,
    description: def.description,
    displayName: def.displayName,
    isBuiltIn: def.isBuiltIn,
    isEnabled: true,
    templateId: def.templateId,
    version: '1',
  };
}

/** GET /roleManagement/directory/roleDefinitions[/{id}] */
export function listRoleDefinitions(ctx: GraphContext, req: GraphRequest, id?: string): GraphResponse {
  const denied = requirePermission(ctx, ROLE_READ);
  if (denied) return denied;
  const dir = ctx.state.directory;
  if (id) {
    const def = dir.roleDefinitionByAnyId(id);
    if (!def) return notFound(ctx, id);
    return ok({
      '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#roleManagement/directory/roleDefinitions/$entity`,
      ...roleDefinitionResource(def),
    });
  }
  return ok({
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#roleManagement/directory/roleDefinitions`,
    value: [...dir.roleDefinitions.values()].map(roleDefinitionResource),
  });
}

const DOMAIN_PROPERTIES = [
  'id',
  'authenticationType',
  'isDefault',
  'isInitial',
  'isVerified',
  'isAdminManaged',
  'isRoot',
  'supportedServices',
];

/** GET /domains[/{name}] */
export function getDomains(ctx: GraphContext, req: GraphRequest, name?: string): GraphResponse {
  const denied = requirePermission(ctx, DOMAIN_READ);
  if (denied) return denied;
  let select: string[] | null;
  try {
    select = parseSelect(req.query.get('$select'), DOMAIN_PROPERTIES, 'microsoft.graph.domain');
  } catch (error) {
    return graphError(ctx, 400, 'BadRequest', (error as Error).message);
  }
  const resource = (d: {
    name: string;
    authenticationType: string;
    isDefault?: boolean;
  }): Record<string, unknown> => ({
    id: d.name,
    authenticationType: d.authenticationType,
    isAdminManaged: true,
    isDefault: d.isDefault ?? false,
    isInitial: false,
    isRoot: true,
    isVerified: true,
    supportedServices: ['Email', 'OfficeCommunicationsOnline'],
  });
  const projection = select ? `(${select.join(',')})` : '';
  const domains = ctx.state.directory.domains;
  if (name === undefined) {
    return ok({
      '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#domains${projection}`,
      value: domains.map((d) => project(resource(d), select, DOMAIN_PROPERTIES)),
    });
  }
  const domain = domains.find((d) => d.name.toLowerCase() === name.toLowerCase());
  if (!domain) {
    return graphError(
      ctx,
      404,
      'Request_ResourceNotFound',
      `Resource '${name}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return ok({
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#domains${projection}/$entity`,
    ...project(resource(domain), select, DOMAIN_PROPERTIES),
  });
}

/** GET /directory/administrativeUnits[/{id}] (v1.0) and /administrativeUnits[/{id}] (beta). */
export function getUnits(ctx: GraphContext, req: GraphRequest, id?: string): GraphResponse {
  const denied = requirePermission(ctx, UNIT_DETAILS);
  if (denied) return denied;
  const strip = (o: Record<string, unknown>): Record<string, unknown> => {
    const { '@odata.type': _type, ...rest } = o;
    return rest;
  };
  const units = [...ctx.state.directory.units.values()];
  if (id === undefined) {
    return ok({
      '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#directory/administrativeUnits`,
      value: units.map((u) => strip(unitResource(ctx, u))),
    });
  }
  const unit = ctx.state.directory.units.get(id.toLowerCase());
  if (!unit) return notFound(ctx, id);
  return ok({
    '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#directory/administrativeUnits/$entity`,
    ...strip(unitResource(ctx, unit)),
  });
}

/** GET /groups/{id} */
export function getGroup(ctx: GraphContext, req: GraphRequest, id: string): GraphResponse {
  const denied = requirePermission(ctx, GROUP_DETAILS);
  if (denied) return denied;
  const group = ctx.state.directory.groups.get(id.toLowerCase());
  if (!group) return notFound(ctx, id);
  const { '@odata.type': _type, ...rest } = groupResource(ctx, group);
  return ok({ '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#groups/$entity`, ...rest });
}
