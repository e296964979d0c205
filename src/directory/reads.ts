/**
 * Everything the bot reads from Graph, as few round trips as the data allows: the requester's profile
 * and the searches of a message in one $batch; the profiles of the targets (and, when needed, the rest
 * of the requester's) in the next. Every inner answer must be a 2xx: a read that fails means "no".
 *
 * A profile is the user, its direct memberships (groups and administrative units), the role-assignable
 * groups it owns (targets), its active role assignments and, for a requester, the assignments of the
 * role-assignable groups it is a member of (group-based roles count). A target's profile also holds what
 * it is eligible for through PIM (roles, and memberships or ownerships of groups): a password set today
 * outlives the day the target activates them. A requester's eligibilities grant nothing until activated,
 * so they are not read. Direct memberships are the right
 * ones: Entra refuses groups as members of role-assignable groups, and a group inside an administrative
 * unit does not bring its members into the unit.
 */
import { ErrorCodes, GraphError } from '../errors';
import type { DirectoryUser, SecurityProfile } from '../policy/profile';
import type { TapPolicy } from '../policy/tapPolicy';
import type { CallOptions, Profiles, ProfileQuery, UserSearchResult } from '../reset/ports';
import { itemError, missingAnswer, sendBatch, type BatchItem, type ItemAnswer } from './batch';
import { isRetryableStatus, type GraphEdge } from './edge';
import { queryString, userPath } from './odata';
import {
  denied,
  groupEligibilitySchedulesUrl,
  MEMBERSHIP_SELECT,
  OWNED_GROUP_SELECT,
  readGroupEligibilities,
  readMemberships,
  readOwnedRoleAssignableGroups,
  readRoleAssignments,
  roleAssignmentsUrl,
  roleEligibilitySchedulesUrl,
} from './profile';
import { planRetry, type RandomInt, type RetryPolicy } from './retry';
import { readTapPolicy, tapPolicyItem } from './tap';
import {
  exactFilter,
  exactMatches,
  isAddressQuery,
  searchFilter,
  toDirectoryUser,
  USER_SELECT,
} from './users';

/** How long a domain's federation answer is reused. */
const DOMAIN_TTL_MS = 10 * 60_000;
/** Requesters whose role-assignable groups are remembered (a hint of what to read, never trusted). */
const GROUP_HINTS = 1_000;
/** Stops a runaway @odata.nextLink chain; 50 pages of 999 is far beyond any real membership list. */
const MAX_PAGES = 50;
/**
 * Graph's answer to a PIM read in a tenant without Microsoft Entra ID P2 (or ID Governance): such a tenant
 * has no eligibilities to read, so the answer means "none".
 */
const PIM_UNLICENSED = 'AadPremiumLicenseRequired';
const PIM_ROUTES = new Set([
  'GET /roleManagement/directory/roleEligibilitySchedules',
  'GET /identityGovernance/privilegedAccess/group/eligibilitySchedules',
]);
/** Advanced queries ($count, startswith over several properties) need this header on every page. */
const EVENTUAL = { ConsistencyLevel: 'eventual' } as const;

/** What the reads need from the adapter. */
export interface ReadSettings {
  readonly edge: GraphEdge;
  readonly policy: RetryPolicy;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random?: RandomInt;
}

/** The parts of one user's profile being read. */
interface ProfileParts {
  readonly id: string;
  readonly role: 'requester' | 'target';
  user?: DirectoryUser;
  memberOf?: unknown[];
  owned?: unknown[];
  roles?: unknown[];
  /** Group id → its role assignments, for the groups read with this profile. */
  groupRoles: Map<string, unknown[]>;
}

/** Reads profiles and searches through $batch. */
export class GraphReads {
  private readonly domains = new Map<string, { federated: boolean; expiresAt: number }>();
  private readonly groupHints = new Map<string, readonly string[]>();

  constructor(private readonly settings: ReadSettings) {}

  /** The requester (as far as one round trip goes) and every query's users, in one round trip. */
  async search(
    requesterId: string,
    queries: readonly string[],
    limit: number,
    options?: CallOptions,
  ): Promise<{ requester: SecurityProfile; results: UserSearchResult[] }> {
    const max = Math.max(1, Math.min(Math.floor(limit), 998));
    const plan = new ReadPlan();
    const requester = this.planProfile(
      plan,
      requesterId,
      'requester',
      this.groupHints.get(requesterId) ?? [],
    );
    const searches = queries.map((query) => {
      const q = query.trim();
      const prefix = plan.add({
        method: 'GET',
        url: `/users${queryString({ $filter: searchFilter(q), $select: USER_SELECT, $top: max + 1, $count: true })}`,
        route: 'GET /users?$filter',
        headers: EVENTUAL,
      });
      // Too many prefix matches can hide an exact one: ask for it by name in the same round trip.
      const exact = isAddressQuery(q)
        ? null
        : plan.add({
            method: 'GET',
            url: `/users${queryString({ $filter: exactFilter(q), $select: USER_SELECT, $top: max + 1, $count: true })}`,
            route: 'GET /users?$filter',
            headers: EVENTUAL,
          });
      return { query: q, prefix, exact };
    });
    const answers = await this.run(plan, options);
    const results = searches.map(({ query, prefix, exact }) => {
      const found = usersOf(answers.get(prefix)!);
      const named = exact ? usersOf(answers.get(exact)!) : [];
      return searchResult(query, found, named, max);
    });
    const profile = await this.assemble(requester, answers, options);
    return { requester: profile, results };
  }

  /** The profiles of a query in one round trip (two when the requester joined a group since the hint). */
  async profiles(query: ProfileQuery, options?: CallOptions): Promise<Profiles> {
    const plan = new ReadPlan();
    const known = new Map((query.knownUsers ?? []).map((user) => [user.id, user]));
    let requesterParts: PlannedProfile | null = null;
    if (query.requester?.partial) {
      requesterParts = this.planCompletion(plan, query.requester.partial);
    } else if (query.requester) {
      const hints = query.requester.knownGroupIds ?? this.groupHints.get(query.requester.id) ?? [];
      requesterParts = this.planProfile(plan, query.requester.id, 'requester', hints);
    }
    const targetParts = (query.targets ?? []).map((target) =>
      this.planProfile(plan, target.id, 'target', [], known.get(target.id), target.upn),
    );
    // A Temporary Access Pass request reads the tenant's policy in the same round trip.
    const tapPolicy = query.tapPolicy ? plan.add(tapPolicyItem()) : null;
    const answers = plan.size > 0 ? await this.run(plan, options) : new Map<string, ItemAnswer>();
    const targets = new Map<string, SecurityProfile>();
    const assembled = await Promise.all(
      targetParts.map(async (parts) => {
        try {
          return await this.assemble(parts, answers, options);
        } catch (error) {
          // A target that no longer exists is left out; the caller refuses it by name.
          if (error instanceof GraphError && error.code === ErrorCodes.GRAPH_NOT_FOUND) return null;
          throw error;
        }
      }),
    );
    for (const profile of assembled) if (profile) targets.set(profile.user.id, profile);
    let requester: SecurityProfile | undefined;
    if (requesterParts) {
      requester = await this.assemble(requesterParts, answers, options);
      if (!requester.groupRolesRead) requester = await this.complete(requester, options);
    }
    const policy = tapPolicy ? this.tapPolicyOf(answers.get(tapPolicy)!) : null;
    return { ...(requester ? { requester } : {}), targets, ...(policy ? { tapPolicy: policy } : {}) };
  }

  /** The policy from its answer; anything but a 2xx (a 404 included) fails the read: no pass on a guess. */
  private tapPolicyOf(answer: ItemAnswer): TapPolicy {
    if (answer.status < 200 || answer.status >= 300)
      throw itemError({ id: '', ...tapPolicyItem() }, answer, this.settings.now());
    return readTapPolicy(answer.body, answer.requestId);
  }

  /** Reads the roles of the requester's groups that `partial` lacks (one more round trip). */
  private async complete(partial: SecurityProfile, options?: CallOptions): Promise<SecurityProfile> {
    const plan = new ReadPlan();
    const parts = this.planCompletion(plan, partial);
    return this.assemble(parts, await this.run(plan, options), options);
  }

  /** Plans the reads of one profile; `hints` are groups whose roles are read in the same round trip. */
  private planProfile(
    plan: ReadPlan,
    id: string,
    role: 'requester' | 'target',
    hints: readonly string[],
    knownUser?: DirectoryUser,
    upnHint?: string,
  ): PlannedProfile {
    const path = userPath(id);
    // A target's domain goes into the same round trip when its UPN is known (or was, at the last read).
    const domain = role === 'target' ? domainOf(knownUser?.userPrincipalName ?? upnHint ?? '') : '';
    return {
      domain:
        domain && this.cachedDomain(domain) === undefined ? [domain, plan.add(domainItem(domain))] : null,
      parts: { id, role, groupRoles: new Map(), ...(knownUser ? { user: knownUser } : {}) },
      user: knownUser
        ? null
        : plan.add({
            method: 'GET',
            url: `${path}${queryString({ $select: USER_SELECT })}`,
            route: 'GET /users/{id}',
          }),
      memberOf: plan.add({
        method: 'GET',
        url: `${path}/memberOf${queryString({ $select: MEMBERSHIP_SELECT, $top: 999 })}`,
        route: 'GET /users/{id}/memberOf',
      }),
      owned:
        role === 'target'
          ? plan.add({
              method: 'GET',
              url: `${path}/ownedObjects/microsoft.graph.group${queryString({ $select: OWNED_GROUP_SELECT, $top: 999 })}`,
              route: 'GET /users/{id}/ownedObjects/group',
            })
          : null,
      roles: plan.add({
        method: 'GET',
        url: roleAssignmentsUrl(id),
        route: 'GET /roleManagement/directory/roleAssignments',
      }),
      eligibleRoles:
        role === 'target'
          ? plan.add({
              method: 'GET',
              url: roleEligibilitySchedulesUrl(id),
              route: 'GET /roleManagement/directory/roleEligibilitySchedules',
            })
          : null,
      eligibleGroups:
        role === 'target'
          ? plan.add({
              method: 'GET',
              url: groupEligibilitySchedulesUrl(id),
              route: 'GET /identityGovernance/privilegedAccess/group/eligibilitySchedules',
            })
          : null,
      groups: new Map(hints.map((group) => [group, plan.add(groupRolesItem(group))])),
    };
  }

  /** Plans the reads that finish a requester profile from `search`: the roles of its groups. */
  private planCompletion(plan: ReadPlan, partial: SecurityProfile): PlannedProfile {
    const groups = partial.roleAssignableGroupIds;
    return {
      parts: { id: partial.user.id, role: 'requester', groupRoles: new Map(), user: partial.user },
      base: partial,
      domain: null,
      user: null,
      memberOf: null,
      owned: null,
      roles: null,
      eligibleRoles: null,
      eligibleGroups: null,
      groups: new Map(groups.map((group) => [group, plan.add(groupRolesItem(group))])),
    };
  }

  /** Turns the answers of a planned profile into a SecurityProfile (following nextLinks if any). */
  private async assemble(
    planned: PlannedProfile,
    answers: ReadonlyMap<string, ItemAnswer>,
    options?: CallOptions,
  ): Promise<SecurityProfile> {
    const { parts } = planned;
    const answer = (id: string): ItemAnswer => answers.get(id)!;
    const items = [planned.user, planned.memberOf, planned.owned, planned.roles, ...planned.groups.values()];
    for (const id of items) {
      const found = id ? answers.get(id) : undefined;
      if (found?.status === 404) throw itemError(plannedItem(id!), found, this.settings.now());
    }
    const user = planned.user
      ? toDirectoryUser(answer(planned.user).body, answer(planned.user).requestId)
      : parts.user!;
    const groupRoles = new Map<string, unknown[]>();
    for (const [group, itemId] of planned.groups)
      groupRoles.set(group, await this.allValues(answer(itemId), options));

    if (planned.base) {
      // Finishing a requester: memberships come from the profile being finished (this run's read).
      const roles = [...planned.base.roleAssignments.filter((a) => a.viaGroupId === null)];
      for (const [group, values] of groupRoles) roles.push(...readRoleAssignments(values, group, ''));
      return { ...planned.base, roleAssignments: roles, groupRolesRead: true };
    }

    const memberOf = await this.allValues(answer(planned.memberOf!), options);
    const memberships = readMemberships(memberOf, answer(planned.memberOf!).requestId);
    const owned = planned.owned ? await this.allValues(answer(planned.owned), options) : [];
    const ownedGroups = planned.owned
      ? readOwnedRoleAssignableGroups(owned, answer(planned.owned).requestId)
      : [];
    const roleAssignments = readRoleAssignments(
      await this.allValues(answer(planned.roles!), options),
      null,
      answer(planned.roles!).requestId,
    );
    const groupsNow = memberships.roleAssignableGroupIds;
    let groupRolesRead = true;
    if (parts.role === 'requester') {
      this.rememberGroups(parts.id, groupsNow);
      // Only groups the fresh read lists count; a group not read yet leaves the profile unfinished.
      for (const group of groupsNow) {
        const values = groupRoles.get(group);
        if (values === undefined) groupRolesRead = false;
        else roleAssignments.push(...readRoleAssignments(values, group, ''));
      }
    }
    if (planned.domain) {
      const [domain, itemId] = planned.domain;
      this.rememberDomain(domain, answer(itemId).body, answer(itemId).requestId);
    }
    const eligibleRoleAssignments = planned.eligibleRoles
      ? readRoleAssignments(
          await this.allValues(answer(planned.eligibleRoles), options),
          null,
          answer(planned.eligibleRoles).requestId,
        )
      : [];
    const eligibleRoleAssignableGroupIds = planned.eligibleGroups
      ? readGroupEligibilities(
          await this.allValues(answer(planned.eligibleGroups), options),
          answer(planned.eligibleGroups).requestId,
        )
      : [];
    // A requester's own federation decides nothing, so it is not read.
    const federated =
      parts.role === 'target' ? await this.isFederated(user.userPrincipalName, options) : false;
    return {
      user,
      roleAssignments,
      eligibleRoleAssignments,
      administrativeUnits: memberships.units,
      // Membership grants the group's roles; ownership does not, but both make a target "privileged".
      roleAssignableGroupIds: [...new Set([...groupsNow, ...ownedGroups])],
      groupIds: memberships.groupIds,
      eligibleRoleAssignableGroupIds,
      federated,
      groupRolesRead,
    };
  }

  /** GET /domains/{domain} (cached): Federated means the password lives with another identity provider. */
  private async isFederated(userPrincipalName: string, options?: CallOptions): Promise<boolean> {
    const domain = domainOf(userPrincipalName);
    const cached = this.cachedDomain(domain);
    if (cached !== undefined) return cached;
    // The UPN moved to a domain not read with the profile (renamed since the hint): one more call.
    const response = await this.settings.edge.request({
      method: 'GET',
      path: `/domains/${encodeURIComponent(domain)}${queryString({ $select: 'id,authenticationType' })}`,
      route: 'GET /domains/{domain}',
      retry: 'idempotent',
      options,
    });
    return this.rememberDomain(domain, response.body, response.requestId);
  }

  private cachedDomain(domain: string): boolean | undefined {
    const cached = this.domains.get(domain);
    return cached && cached.expiresAt > this.settings.now() ? cached.federated : undefined;
  }

  private rememberDomain(domain: string, body: unknown, requestId: string): boolean {
    const type = (body as { authenticationType?: unknown } | null)?.authenticationType;
    if (typeof type !== 'string')
      throw denied(requestId, `domain ${domain} without authenticationType`, 'Domain.Read.All');
    const federated = type.toLowerCase() !== 'managed';
    this.domains.set(domain, { federated, expiresAt: this.settings.now() + DOMAIN_TTL_MS });
    return federated;
  }

  private rememberGroups(requesterId: string, groups: readonly string[]): void {
    this.groupHints.delete(requesterId);
    this.groupHints.set(requesterId, [...groups]);
    if (this.groupHints.size > GROUP_HINTS) this.groupHints.delete(this.groupHints.keys().next().value!);
  }

  /** The values of a collection answer, with every further page (same headers, as Graph requires). */
  private async allValues(answer: ItemAnswer, options?: CallOptions): Promise<unknown[]> {
    const values = [...valuesOf(answer.body, answer.requestId)];
    let next = nextLinkOf(answer.body);
    for (let page = 1; next !== undefined; page++) {
      if (page >= MAX_PAGES)
        throw unexpected(answer.requestId, `a collection with more than ${MAX_PAGES} pages`);
      const response = await this.settings.edge.request({
        method: 'GET',
        path: next,
        route: 'GET (next page)',
        headers: EVENTUAL,
        retry: 'idempotent',
        options,
      });
      values.push(...valuesOf(response.body, response.requestId));
      next = nextLinkOf(response.body);
    }
    return values;
  }

  /**
   * Sends a plan (parallel batches) and returns a 2xx answer for every item. Inner 429, 503 and 504 are
   * repeated in the next round after Retry-After (or backoff); anything else fails the whole read.
   */
  private async run(plan: ReadPlan, options?: CallOptions): Promise<Map<string, ItemAnswer>> {
    const { edge, now, sleep, policy } = this.settings;
    const started = now();
    const done = new Map<string, ItemAnswer>();
    let pending = [...plan.items];
    for (let attempt = 1; pending.length > 0; attempt++) {
      const answers = await sendBatch(edge, pending, {
        rule: 'idempotent',
        route: `POST /$batch reads`,
        call: options,
      });
      const retry: BatchItem[] = [];
      let waitMs: number | undefined;
      let last: GraphError | undefined;
      for (const item of pending) {
        const answer = answers.get(item.id);
        if (!answer) throw missingAnswer(item, '');
        // A user that does not exist (404) is an answer about that user, decided where it is assembled.
        if ((answer.status >= 200 && answer.status < 300) || answer.status === 404) {
          done.set(item.id, answer);
          continue;
        }
        if (isUnlicensedPim(item, answer)) {
          done.set(item.id, { ...answer, status: 200, body: { value: [] } });
          continue;
        }
        const error = itemError(item, answer, now());
        if (!isRetryableStatus(answer.status, 'idempotent')) throw error;
        retry.push(item);
        last = error;
        if (error.retryAfterMs !== undefined) waitMs = Math.max(waitMs ?? 0, error.retryAfterMs);
      }
      if (retry.length === 0) break;
      const decision = planRetry(
        { attempt, retryAfterMs: waitMs, elapsedMs: now() - started },
        policy,
        this.settings.random,
      );
      if (!decision.retry || options?.signal?.aborted) throw last!;
      await sleep(decision.delayMs);
      pending = retry;
    }
    return done;
  }
}

/** The item ids of one planned profile. */
interface PlannedProfile {
  readonly parts: ProfileParts;
  /** Set when finishing a requester profile from `search`. */
  readonly base?: SecurityProfile;
  readonly user: string | null;
  readonly memberOf: string | null;
  readonly owned: string | null;
  readonly roles: string | null;
  readonly eligibleRoles: string | null;
  readonly eligibleGroups: string | null;
  readonly groups: ReadonlyMap<string, string>;
  /** The target's domain and the item that reads it, when not cached. */
  readonly domain: readonly [string, string] | null;
}

/** The items of one read, with short unique ids. */
class ReadPlan {
  readonly items: BatchItem[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Adds an item; returns its id. */
  add(item: Omit<BatchItem, 'id'>): string {
    const id = String(this.items.length + 1);
    this.items.push({ ...item, id });
    return id;
  }
}

/** A PIM read in a tenant without the licence PIM needs: no eligibilities exist. */
function isUnlicensedPim(item: BatchItem, answer: ItemAnswer): boolean {
  const code = (answer.body as { error?: { code?: unknown } } | null)?.error?.code;
  return answer.status === 400 && code === PIM_UNLICENSED && PIM_ROUTES.has(item.route);
}

/** A stand-in item for mapping a 404 answer (only its route and kind matter). */
function plannedItem(id: string): BatchItem {
  return { id, method: 'GET', url: '', route: 'GET (profile part)' };
}

function domainOf(userPrincipalName: string): string {
  return (userPrincipalName.split('@').pop() ?? '').toLowerCase();
}

function domainItem(domain: string): Omit<BatchItem, 'id'> {
  return {
    method: 'GET',
    url: `/domains/${encodeURIComponent(domain)}${queryString({ $select: 'id,authenticationType' })}`,
    route: 'GET /domains/{domain}',
  };
}

function groupRolesItem(group: string): Omit<BatchItem, 'id'> {
  return {
    method: 'GET',
    url: roleAssignmentsUrl(group),
    route: 'GET /roleManagement/directory/roleAssignments',
  };
}

/** The result of one query: exact matches win; too many prefix matches say so. */
function searchResult(
  query: string,
  found: readonly DirectoryUser[],
  named: readonly DirectoryUser[],
  max: number,
): UserSearchResult {
  const byId = new Map([...found, ...named].map((user) => [user.id, user]));
  const exact = exactMatches([...byId.values()], query);
  if (exact.length > 0) return { query, users: exact.slice(0, max), more: exact.length > max };
  if (found.length <= max) return { query, users: found, more: false };
  return { query, users: found.slice(0, max), more: true };
}

function usersOf(answer: ItemAnswer): DirectoryUser[] {
  return valuesOf(answer.body, answer.requestId).map((raw) => toDirectoryUser(raw, answer.requestId));
}

function valuesOf(body: unknown, requestId: string): unknown[] {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw unexpected(requestId, 'a collection without value');
  return value;
}

function nextLinkOf(body: unknown): string | undefined {
  const next = (body as { '@odata.nextLink'?: unknown } | null)?.['@odata.nextLink'];
  return typeof next === 'string' && next ? next : undefined;
}

/** A 2xx answer we cannot read: the call failed, and nothing is guessed from it. */
function unexpected(requestId: string, what: string): GraphError {
  return new GraphError(
    ErrorCodes.GRAPH_UNAVAILABLE,
    200,
    'UnexpectedAnswer',
    requestId,
    `Graph returned ${what}`,
    false,
  );
}
