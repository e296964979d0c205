/**
 * The tenant's directory in memory, built from a seed: users (with password hashes only), groups,
 * administrative units, role definitions (built-in and custom), active and PIM-eligible role assignments,
 * PIM for Groups eligibilities, plus the relationship queries Graph answers (memberOf,
 * transitiveMemberOf, ownedObjects, role assignments, eligibility schedules).
 */
import { createHash, randomUUID } from 'node:crypto';
import { hashPassword, type PasswordHash } from './passwords';
import {
  BUILT_IN_ROLE_NAMES,
  customRoleKey,
  roleMayManageMethods,
  roleMayReset,
  type ResetTargetFacts,
} from './roles';
import type { SeedApplication, SeedDomain, SeedTapPolicy, TenantSeed } from './seed';
import { SeedError } from './seed';

/** A user as the tenant keeps it. */
export interface TenantUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  otherMails: string[];
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  onPremisesSyncEnabled: boolean | null;
  preferredLanguage: string | null;
  jobTitle: string | null;
  hasMailbox: boolean;
  passwordHash: PasswordHash | null;
  forceChangePasswordNextSignIn: boolean;
  lastPasswordChangeDateTime: string | null;
  signInSessionsValidFromDateTime: string | null;
  createdDateTime: string;
  /** The user's Temporary Access Pass (at most one, as in Entra); only a hash of the pass is kept. */
  temporaryAccessPass: TenantTap | null;
}

/** A Temporary Access Pass as the tenant keeps it. */
export interface TenantTap {
  id: string;
  passHash: PasswordHash;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

/** The Temporary Access Pass configuration of the authentication methods policy, with Graph's fields. */
export interface TenantTapPolicy {
  state: 'enabled' | 'disabled';
  defaultLifetimeInMinutes: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
  defaultLength: number;
  /** Group ids, or "all_users". */
  includeTargets: string[];
  excludeTargets: string[];
}

/**
 * Entra's documented defaults ("Configure Temporary Access Pass"): 1 hour to 8 hours, 1 hour by default,
 * one-time use not enforced, 8 characters, for all users. The seed may change any of them.
 */
export function tapPolicyFromSeed(seed: SeedTapPolicy | undefined): TenantTapPolicy {
  return {
    state: seed?.state ?? 'enabled',
    defaultLifetimeInMinutes: seed?.defaultLifetimeInMinutes ?? 60,
    minimumLifetimeInMinutes: seed?.minimumLifetimeInMinutes ?? 60,
    maximumLifetimeInMinutes: seed?.maximumLifetimeInMinutes ?? 480,
    isUsableOnce: seed?.isUsableOnce ?? false,
    defaultLength: seed?.defaultLength ?? 8,
    includeTargets: (seed?.includeTargets ?? ['all_users']).map((t) => t.toLowerCase()),
    excludeTargets: (seed?.excludeTargets ?? []).map((t) => t.toLowerCase()),
  };
}

/** A group. */
export interface TenantGroup {
  id: string;
  displayName: string;
  isAssignableToRole: boolean;
  securityEnabled: boolean;
  mailEnabled: boolean;
  members: Set<string>;
  owners: Set<string>;
}

/** An administrative unit. */
export interface TenantUnit {
  id: string;
  displayName: string;
  isMemberManagementRestricted: boolean;
  members: Set<string>;
}

/** A role definition. */
export interface TenantRoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  /** Object id of the activated directoryRole (built-ins only). */
  directoryRoleId: string;
}

/** A role assignment (active or PIM-eligible). */
export interface TenantRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  status: 'active' | 'eligible';
}

/** An eligible membership or ownership of a group (PIM for Groups). */
export interface TenantGroupEligibility {
  /** Graph's shape: `{groupId}_{accessId}_{schedule GUID}`. */
  id: string;
  groupId: string;
  principalId: string;
  accessId: 'member' | 'owner';
}

/** An application and its service principal. */
export interface TenantApplication extends SeedApplication {
  servicePrincipalId: string;
}

/** The whole directory. */
export class Directory {
  readonly users = new Map<string, TenantUser>();
  readonly groups = new Map<string, TenantGroup>();
  readonly units = new Map<string, TenantUnit>();
  readonly roleDefinitions = new Map<string, TenantRoleDefinition>();
  readonly roleAssignments: TenantRoleAssignment[] = [];
  readonly groupEligibilities: TenantGroupEligibility[] = [];
  readonly applications = new Map<string, TenantApplication>();
  readonly domains: SeedDomain[];
  /** The Temporary Access Pass policy (authenticationMethodsPolicy); tests may change it at run time. */
  tapPolicy: TenantTapPolicy = tapPolicyFromSeed(undefined);

  private constructor(
    readonly tenantId: string,
    readonly tenantName: string,
    domains: SeedDomain[],
    readonly bannedPasswords: string[],
  ) {
    this.domains = domains;
  }

  /** Builds the directory from a checked seed, hashing initial passwords. */
  static async build(seed: TenantSeed, file = 'seed'): Promise<Directory> {
    const dir = new Directory(
      seed.tenant.id,
      seed.tenant.name,
      seed.tenant.domains,
      seed.tenant.bannedPasswords ?? [],
    );
    const problems: string[] = [];
    const created = new Date(Date.UTC(2024, 0, 15, 9, 0, 0)).toISOString();
    // Seeded users usually share one initial password: hash each distinct one once, so start-up stays
    // fast (a reset always gets a fresh salt).
    const initialHashes = new Map<string, Promise<PasswordHash>>();
    const initialHash = (password: string): Promise<PasswordHash> => {
      if (!initialHashes.has(password)) initialHashes.set(password, hashPassword(password));
      return initialHashes.get(password)!;
    };
    for (const u of seed.users) {
      const userType = u.userType ?? 'Member';
      const mail = u.mail === undefined ? (userType === 'Member' ? u.userPrincipalName : null) : u.mail;
      dir.users.set(u.id.toLowerCase(), {
        id: u.id.toLowerCase(),
        displayName: u.displayName,
        givenName: u.givenName ?? null,
        surname: u.surname ?? null,
        userPrincipalName: u.userPrincipalName,
        mail,
        otherMails: u.otherMails ?? [],
        userType,
        accountEnabled: u.accountEnabled ?? true,
        onPremisesSyncEnabled: u.onPremisesSyncEnabled ?? null,
        preferredLanguage: u.preferredLanguage ?? null,
        jobTitle: u.jobTitle ?? null,
        hasMailbox: u.hasMailbox ?? (userType === 'Member' && mail !== null),
        passwordHash: u.password ? await initialHash(u.password) : null,
        forceChangePasswordNextSignIn: u.forceChangePasswordNextSignIn ?? false,
        lastPasswordChangeDateTime: u.password ? created : null,
        signInSessionsValidFromDateTime: created,
        createdDateTime: created,
        temporaryAccessPass: null,
      });
    }
    dir.tapPolicy = tapPolicyFromSeed(seed.authenticationMethodsPolicy?.temporaryAccessPass);
    for (const [templateId, displayName] of Object.entries(BUILT_IN_ROLE_NAMES)) {
      dir.addRoleDefinition({ id: templateId, templateId, displayName, isBuiltIn: true, description: '' });
    }
    for (const r of seed.roleDefinitions ?? []) {
      const isBuiltIn = r.isBuiltIn ?? Boolean(BUILT_IN_ROLE_NAMES[r.id.toLowerCase()]);
      // Built-in definitions are Entra's own: their id is their template id and the tenant knows them.
      if (isBuiltIn && !BUILT_IN_ROLE_NAMES[r.id.toLowerCase()]) {
        problems.push(
          `role definition ${r.displayName}: isBuiltIn is true but ${r.id} is not a built-in role`,
        );
      }
      if (!isBuiltIn && BUILT_IN_ROLE_NAMES[r.id.toLowerCase()]) {
        problems.push(`role definition ${r.displayName}: a custom role cannot have a built-in role's id`);
      }
      dir.addRoleDefinition({
        id: r.id.toLowerCase(),
        templateId: (r.templateId ?? r.id).toLowerCase(),
        displayName: r.displayName,
        isBuiltIn,
        description: r.description ?? '',
      });
    }
    for (const app of seed.applications) {
      const servicePrincipalId = (app.servicePrincipalId ?? derivedGuid(`sp:${app.clientId}`)).toLowerCase();
      dir.applications.set(app.clientId.toLowerCase(), { ...app, servicePrincipalId });
    }
    for (const g of seed.groups ?? []) {
      dir.groups.set(g.id.toLowerCase(), {
        id: g.id.toLowerCase(),
        displayName: g.displayName,
        isAssignableToRole: g.isAssignableToRole ?? false,
        securityEnabled: g.securityEnabled ?? true,
        mailEnabled: g.mailEnabled ?? false,
        members: new Set(),
        owners: new Set(),
      });
    }
    for (const a of seed.administrativeUnits ?? []) {
      dir.units.set(a.id.toLowerCase(), {
        id: a.id.toLowerCase(),
        displayName: a.displayName,
        isMemberManagementRestricted: a.isMemberManagementRestricted ?? false,
        members: new Set(),
      });
    }
    const resolve = (ref: string, where: string, allowGroups: boolean): string | null => {
      const key = ref.toLowerCase();
      const user = dir.findUser(key);
      if (user) return user.id;
      if (allowGroups && dir.groups.has(key)) return key;
      problems.push(`${where}: "${ref}" is not a known ${allowGroups ? 'user or group' : 'user'}`);
      return null;
    };
    for (const g of seed.groups ?? []) {
      const group = dir.groups.get(g.id.toLowerCase())!;
      for (const m of g.members ?? []) {
        const id = resolve(m, `group ${g.displayName} member`, !group.isAssignableToRole);
        if (id) group.members.add(id);
      }
      for (const o of g.owners ?? []) {
        const id = resolve(o, `group ${g.displayName} owner`, false);
        if (id) group.owners.add(id);
      }
    }
    for (const a of seed.administrativeUnits ?? []) {
      const unit = dir.units.get(a.id.toLowerCase())!;
      for (const m of a.members ?? []) {
        const id = resolve(m, `administrative unit ${a.displayName} member`, true);
        if (id) unit.members.add(id);
      }
    }
    const servicePrincipals = new Map([...dir.applications.values()].map((a) => [a.servicePrincipalId, a]));
    const addAssignment = (
      principalRef: string,
      roleRef: string,
      scope: string | undefined,
      status: 'active' | 'eligible',
      id: string | undefined,
      where: string,
    ): void => {
      const key = principalRef.toLowerCase();
      let principalId: string | null = servicePrincipals.has(key) ? key : null;
      if (!principalId) principalId = resolve(principalRef, where, true);
      if (principalId && dir.groups.has(principalId) && !dir.groups.get(principalId)!.isAssignableToRole) {
        problems.push(`${where}: group ${principalRef} is not role-assignable`);
      }
      const role = dir.roleDefinitionByAnyId(roleRef);
      if (!role) problems.push(`${where}: role ${roleRef} is not a known role definition`);
      const directoryScopeId = scope ?? '/';
      const unitMatch = /^\/administrativeUnits\/(.+)$/i.exec(directoryScopeId);
      if (directoryScopeId !== '/' && !(unitMatch && dir.units.has(unitMatch[1]!.toLowerCase()))) {
        problems.push(
          `${where}: directoryScopeId ${directoryScopeId} is neither "/" nor a known administrative unit`,
        );
      }
      if (!principalId || !role) return;
      dir.roleAssignments.push({
        id: id ?? derivedAssignmentId(role.id, principalId, directoryScopeId),
        principalId,
        roleDefinitionId: role.id,
        directoryScopeId: unitMatch ? `/administrativeUnits/${unitMatch[1]!.toLowerCase()}` : '/',
        status,
      });
    };
    for (const r of seed.roleAssignments ?? []) {
      addAssignment(
        r.principalId,
        (r.roleDefinitionId ?? r.roleTemplateId)!,
        r.directoryScopeId,
        r.status ?? 'active',
        r.id,
        `role assignment of ${r.principalId}`,
      );
    }
    for (const e of seed.groupEligibilities ?? []) {
      const where = `group eligibility of ${e.principalId}`;
      const group = dir.groups.get(e.groupId.toLowerCase());
      if (!group) problems.push(`${where}: group ${e.groupId} is not a known group`);
      const principalId = resolve(e.principalId, where, false);
      if (!group || !principalId) continue;
      dir.groupEligibilities.push({
        id: `${group.id}_${e.accessId}_${derivedGuid(`groupEligibility:${group.id}:${e.accessId}:${principalId}`)}`,
        groupId: group.id,
        principalId,
        accessId: e.accessId,
      });
    }
    for (const app of dir.applications.values()) {
      for (const role of app.directoryRoles ?? []) {
        addAssignment(
          app.servicePrincipalId,
          role.roleTemplateId,
          role.directoryScopeId,
          'active',
          undefined,
          `application ${app.displayName} role`,
        );
      }
    }
    if (problems.length > 0) throw new SeedError(file, problems);
    return dir;
  }

  private addRoleDefinition(def: Omit<TenantRoleDefinition, 'directoryRoleId'>): void {
    this.roleDefinitions.set(def.id, {
      ...def,
      directoryRoleId: derivedGuid(`directoryRole:${def.templateId}`),
    });
  }

  /**
   * A role definition by definition id, else a built-in one by template id. A custom role is found only by
   * its own id: its templateId may copy a built-in's, and must never stand for it.
   */
  roleDefinitionByAnyId(id: string): TenantRoleDefinition | undefined {
    const key = id.toLowerCase();
    return (
      this.roleDefinitions.get(key) ??
      [...this.roleDefinitions.values()].find((d) => d.isBuiltIn && d.templateId === key)
    );
  }

  /** A user by object id or UPN (case-insensitive), or undefined. */
  findUser(idOrUpn: string): TenantUser | undefined {
    const key = idOrUpn.toLowerCase();
    const byId = this.users.get(key);
    if (byId) return byId;
    for (const user of this.users.values()) if (user.userPrincipalName.toLowerCase() === key) return user;
    return undefined;
  }

  /** The domain of a UPN, if it is one of the tenant's. */
  domainOf(upn: string): SeedDomain | undefined {
    const name = upn.split('@').pop()!.toLowerCase();
    return this.domains.find((d) => d.name.toLowerCase() === name);
  }

  /** Groups the object is a direct member of. */
  directGroups(objectId: string): TenantGroup[] {
    return [...this.groups.values()].filter((g) => g.members.has(objectId));
  }

  /** Groups the object is a member of directly or through nested groups. */
  transitiveGroups(objectId: string): TenantGroup[] {
    const found = new Map<string, TenantGroup>();
    const queue = [objectId];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const g of this.directGroups(current)) {
        if (!found.has(g.id)) {
          found.set(g.id, g);
          queue.push(g.id);
        }
      }
    }
    return [...found.values()];
  }

  /** Administrative units the object is a direct member of (Entra has no transitive AU membership). */
  unitsOf(objectId: string): TenantUnit[] {
    return [...this.units.values()].filter((u) => u.members.has(objectId));
  }

  /** Groups the user owns. */
  ownedGroups(userId: string): TenantGroup[] {
    return [...this.groups.values()].filter((g) => g.owners.has(userId));
  }

  /** Active assignments whose principal is exactly `principalId`. */
  activeAssignments(principalId: string): TenantRoleAssignment[] {
    return this.roleAssignments.filter((a) => a.status === 'active' && a.principalId === principalId);
  }

  /** Active assignments of a user, direct and through role-assignable groups, any scope. */
  effectiveAssignments(userId: string): TenantRoleAssignment[] {
    const principals = [
      userId,
      ...this.directGroups(userId)
        .filter((g) => g.isAssignableToRole)
        .map((g) => g.id),
    ];
    return principals.flatMap((p) => this.activeAssignments(p));
  }

  /** Built-in roles a principal holds at tenant scope through its own active assignments. */
  directoryRolesOf(principalIds: readonly string[]): TenantRoleDefinition[] {
    const roles = new Map<string, TenantRoleDefinition>();
    for (const p of principalIds) {
      for (const a of this.activeAssignments(p)) {
        const def = this.roleDefinitions.get(a.roleDefinitionId);
        if (def && def.isBuiltIn && a.directoryScopeId === '/') roles.set(def.id, def);
      }
    }
    return [...roles.values()];
  }

  /**
   * The facts Entra's table looks at for a target user (active roles only: the app's own reset is decided
   * on what the user holds now). A custom role is "any other role", whatever template id it names.
   */
  resetFacts(userId: string): ResetTargetFacts {
    const assignments = this.effectiveAssignments(userId);
    const defs = assignments.map((a) => this.roleDefinitions.get(a.roleDefinitionId)!);
    const restrictedScopes = assignments.some((a) => {
      const unit = this.unitFromScope(a.directoryScopeId);
      return unit?.isMemberManagementRestricted ?? false;
    });
    const inRoleAssignableGroup =
      this.directGroups(userId).some((g) => g.isAssignableToRole) ||
      this.ownedGroups(userId).some((g) => g.isAssignableToRole);
    return {
      roleIds: defs.map((d) => (d.isBuiltIn ? d.templateId : customRoleKey(d.id))),
      inRoleAssignableGroup,
      holdsRoleScopedToRestrictedUnit: restrictedScopes,
    };
  }

  /** The administrative unit named by a directoryScopeId, if any. */
  unitFromScope(scope: string): TenantUnit | undefined {
    const match = /^\/administrativeUnits\/(.+)$/i.exec(scope);
    return match ? this.units.get(match[1]!.toLowerCase()) : undefined;
  }

  /**
   * Whether the application's own directory roles let it reset the user's password, as Entra decides:
   * a tenant-scoped role covers users outside restricted units; a unit-scoped role covers that unit's
   * members only; members of a restricted unit need a role scoped to that very unit.
   */
  applicationMayReset(app: TenantApplication, userId: string): boolean {
    return this.applicationRoleCovers(app, userId, roleMayReset);
  }

  /**
   * Whether the application's own directory roles let it manage the user's authentication methods (a
   * Temporary Access Pass), by the same scope rules as a password and the authentication-methods table.
   */
  applicationMayManageMethods(app: TenantApplication, userId: string): boolean {
    return this.applicationRoleCovers(app, userId, roleMayManageMethods);
  }

  /** The scope rules both share; `mayAct` is the role's table (who may reset, who may manage methods). */
  private applicationRoleCovers(
    app: TenantApplication,
    userId: string,
    mayAct: (templateId: string, facts: ResetTargetFacts) => boolean,
  ): boolean {
    const facts = this.resetFacts(userId);
    const restricted = this.unitsOf(userId).filter((u) => u.isMemberManagementRestricted);
    return this.activeAssignments(app.servicePrincipalId).some((a) => {
      const def = this.roleDefinitions.get(a.roleDefinitionId);
      // Only a built-in role's template id means what the table says; a custom copy acts on nobody.
      if (!def || !def.isBuiltIn || !mayAct(def.templateId, facts)) return false;
      if (a.directoryScopeId === '/') return restricted.length === 0;
      const unit = this.unitFromScope(a.directoryScopeId);
      if (!unit || !unit.members.has(userId)) return false;
      return restricted.every((r) => r.id === unit.id);
    });
  }

  /** Whether the Temporary Access Pass policy includes the user (its groups, transitively) and excludes it not. */
  tapPolicyIncludes(userId: string): boolean {
    const groups = new Set(this.transitiveGroups(userId).map((g) => g.id));
    const { includeTargets, excludeTargets } = this.tapPolicy;
    if (excludeTargets.some((t) => groups.has(t))) return false;
    return includeTargets.some((t) => t === 'all_users' || groups.has(t));
  }

  /** The application with this client id. */
  application(clientId: string): TenantApplication | undefined {
    return this.applications.get(clientId.toLowerCase());
  }
}

/** A stable GUID derived from a name (so seeds need not spell out every id). */
export function derivedGuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// Graph's role assignment ids look like base64 of role+principal(+scope); a readable stable id is enough.
function derivedAssignmentId(roleId: string, principalId: string, scope: string): string {
  return Buffer.from(`${roleId}:${principalId}:${scope}`).toString('base64url').slice(0, 43);
}

/** A new request id. */
export function newId(): string {
  return randomUUID();
}
