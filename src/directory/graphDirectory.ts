/**
 * The DirectoryPort on Microsoft Graph. Each method names the exact Graph calls it makes; the edge
 * (edge.ts) owns retries, timeouts, logging and error mapping, so this file is about what is asked.
 */
import type { TokenCredential } from '@azure/identity';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError, ErrorCodes, GraphError } from '../errors';
import type { Logger } from '../logger';
import { GraphEdge, errorFromAnswer, type EdgeRequest, type EdgeResponse } from './edge';
import { queryString, userPath } from './odata';
import type {
  CallOptions,
  DirectoryPort,
  DirectoryUser,
  GraphReceipt,
  OutgoingMail,
  RoleAssignmentView,
  SecurityProfile,
  UserSearchResult,
} from './port';
import {
  MEMBERSHIP_SELECT,
  OWNED_GROUP_SELECT,
  denied,
  groupEligibilitySchedulesUrl,
  readGroupEligibilities,
  readMemberships,
  readOwnedRoleAssignableGroups,
  readRoleAssignments,
  roleAssignmentsUrl,
  roleEligibilitySchedulesUrl,
} from './profile';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, type RandomInt } from './retry';
import { GraphTransport, type FetchLike } from './transport';
import { MailboxGate } from './mailboxGate';
import {
  USER_SELECT,
  exactFilter,
  exactMatches,
  isAddressQuery,
  searchFilter,
  toDirectoryUser,
} from './users';

/** Construction options; only credential, endpoint and logger are needed in production. */
export interface GraphDirectoryOptions {
  readonly credential: TokenCredential;
  /** `https://graph.microsoft.com` or the local tenant's https URL. */
  readonly endpoint: string;
  readonly logger: Logger;
  /** Per-attempt timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Attempts per call, the first included (default 4). */
  readonly maxAttempts?: number;
  /** Budget of one call including retries and waits (default 60 s). */
  readonly deadlineMs?: number;
  /** Waits between attempts; injectable so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Wall clock in ms (Retry-After dates, the deadline, the domain cache). */
  readonly now?: () => number;
  /** Replaces global fetch, for unit tests. */
  readonly fetch?: FetchLike;
  /** Jitter source for backoff; node:crypto by default. */
  readonly random?: RandomInt;
}

/** Graph's documented ceiling of requests in one $batch. */
const BATCH_LIMIT = 20;
/** How long a domain's federation answer is reused. */
const DOMAIN_TTL_MS = 10 * 60_000;
/** Stops a runaway @odata.nextLink chain; 50 pages of 999 is far beyond any real membership list. */
const MAX_PAGES = 50;
/** Advanced queries ($count, startswith over several properties) need this header on every page. */
const EVENTUAL = { ConsistencyLevel: 'eventual' } as const;

/** DirectoryPort backed by Microsoft Graph v1.0. */
export class GraphDirectory implements DirectoryPort {
  private readonly edge: GraphEdge;
  private readonly now: () => number;
  private readonly domains = new Map<string, { federated: boolean; expiresAt: number }>();
  /** Two sends per mailbox per instance: two instances together stay within Outlook's four. */
  private readonly mailGate = new MailboxGate(2);

  constructor(options: GraphDirectoryOptions) {
    const endpoint = options.endpoint.replace(/\/+$/, '');
    if (!/^https:\/\//i.test(endpoint)) {
      // The Graph client attaches tokens only over https; failing here beats a 401 on every call.
      throw new AppError(ErrorCodes.INTERNAL, `Graph endpoint must be an https URL (it is "${endpoint}").`);
    }
    this.now = options.now ?? Date.now;
    this.edge = new GraphEdge({
      transport: new GraphTransport(options.credential, endpoint, options.fetch),
      endpoint,
      version: 'v1.0',
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? 10_000,
      policy: {
        ...DEFAULT_RETRY_POLICY,
        maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
        deadlineMs: options.deadlineMs ?? DEFAULT_RETRY_POLICY.deadlineMs,
      },
      sleep: options.sleep ?? ((ms) => delay(ms)),
      now: this.now,
      random: options.random,
    });
  }

  /** GET /users/{id | upn}; null on 404. */
  async getUser(idOrUpn: string, options?: CallOptions): Promise<DirectoryUser | null> {
    try {
      return await this.readUser(idOrUpn, options);
    } catch (error) {
      if (error instanceof GraphError && error.code === ErrorCodes.GRAPH_NOT_FOUND) return null;
      throw error;
    }
  }

  /** GET /users?$filter=… (advanced query); an exact name match wins over prefix matches. */
  async findUsers(query: string, limit: number, options?: CallOptions): Promise<UserSearchResult> {
    const q = query.trim();
    const max = Math.max(1, Math.min(Math.floor(limit), 998));
    if (!q) return { users: [], more: false };
    const found = await this.searchUsers(searchFilter(q), max + 1, options);
    const exact = exactMatches(found, q);
    if (exact.length > 0) return { users: exact.slice(0, max), more: exact.length > max };
    if (found.length <= max) return { users: found, more: false };
    // Too many prefix matches: an exact match may sit outside the page, so ask for it by name.
    if (!isAddressQuery(q)) {
      const named = exactMatches(await this.searchUsers(exactFilter(q), max + 1, options), q);
      if (named.length > 0) return { users: named.slice(0, max), more: named.length > max };
    }
    return { users: found.slice(0, max), more: true };
  }

  /**
   * The user, memberships, owned groups and PIM eligibilities in parallel, then one $batch of role
   * assignments for the user and every role-assignable group it is a member of, plus the UPN domain
   * (cached): 4–5 round trips. Direct memberships (memberOf) are the right ones: Entra refuses groups as
   * members of role-assignable groups, and a group inside an administrative unit does not bring its
   * members into the unit, so transitiveMemberOf could only add units that do not scope this user.
   * Eligibilities are read for every profile (the policy uses them on the target side only); if Graph
   * will not show them, the whole profile fails, and with it the decision: "no".
   */
  async getSecurityProfile(userId: string, options?: CallOptions): Promise<SecurityProfile> {
    const path = userPath(userId);
    const [user, memberOf, owned, eligible] = await Promise.all([
      this.readUser(userId, options),
      this.listAll(
        {
          method: 'GET',
          path: `${path}/memberOf${queryString({ $select: MEMBERSHIP_SELECT, $top: 999 })}`,
          route: 'GET /users/{id}/memberOf',
        },
        options,
      ),
      this.listAll(
        {
          method: 'GET',
          path: `${path}/ownedObjects/microsoft.graph.group${queryString({ $select: OWNED_GROUP_SELECT, $top: 999 })}`,
          route: 'GET /users/{id}/ownedObjects/group',
        },
        options,
      ),
      this.readEligibility(userId, options),
    ]);
    const memberships = readMemberships(memberOf.values, memberOf.requestId);
    const ownedGroups = readOwnedRoleAssignableGroups(owned.values, owned.requestId);
    const principals = [
      { id: user.id, viaGroupId: null },
      ...memberships.roleAssignableGroupIds.map((id) => ({ id, viaGroupId: id })),
    ];
    const [roleAssignments, federated] = await Promise.all([
      this.readRoleAssignments(principals, options),
      this.isFederated(user.userPrincipalName, options),
    ]);
    return {
      user,
      roleAssignments,
      eligibleRoleAssignments: eligible.roles,
      administrativeUnits: memberships.units,
      // Membership grants the group's roles; ownership does not, but both count as "privileged" targets.
      roleAssignableGroupIds: [...new Set([...memberships.roleAssignableGroupIds, ...ownedGroups])],
      eligibleRoleAssignableGroupIds: eligible.groupIds,
      federated,
    };
  }

  /**
   * What the user is eligible for through PIM, in one $batch: Microsoft Entra roles
   * (roleEligibilitySchedules, with RoleManagement.Read.Directory) and memberships or ownerships of groups
   * (PIM for Groups, with PrivilegedEligibilitySchedule.Read.AzureADGroup). Any inner failure (a 403 for a
   * missing permission included) fails the call.
   */
  private async readEligibility(
    userId: string,
    options?: CallOptions,
  ): Promise<{ roles: RoleAssignmentView[]; groupIds: string[] }> {
    const requests = [
      { id: '1', method: 'GET', url: roleEligibilitySchedulesUrl(userId) },
      { id: '2', method: 'GET', url: groupEligibilitySchedulesUrl(userId) },
    ];
    const route = 'POST /$batch eligibilitySchedules';
    const response = await this.edge.request({
      method: 'POST',
      path: '/$batch',
      route,
      body: { requests },
      retry: 'idempotent',
      check: (res) => checkBatch(res, requests.length, this.now(), route),
      options,
    });
    const answers = batchAnswers(response.body);
    const [roles, groups] = await Promise.all([
      this.allValues(answers.get('1')?.body, response.requestId, route, options),
      this.allValues(answers.get('2')?.body, response.requestId, route, options),
    ]);
    return {
      roles: readRoleAssignments(roles, null, response.requestId),
      groupIds: readGroupEligibilities(groups, response.requestId),
    };
  }

  /** The `value` of a $batch inner answer, followed through its @odata.nextLink pages. */
  private async allValues(
    body: unknown,
    requestId: string,
    route: string,
    options?: CallOptions,
  ): Promise<unknown[]> {
    const page = body as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
    if (!Array.isArray(page?.value)) throw unexpected(requestId, `${route}: an answer without value`);
    const next = nextLinkOf(page);
    if (!next) return page.value;
    const rest = await this.listAll({ method: 'GET', path: next, route: `${route} (next page)` }, options);
    return [...page.value, ...rest.values];
  }

  /** PATCH /users/{id} passwordProfile; repeated with the same password after 429/503/504/drops. */
  async resetPassword(
    userId: string,
    password: string,
    forceChangeNextSignIn: boolean,
    options?: CallOptions,
  ): Promise<GraphReceipt> {
    const response = await this.edge.request({
      method: 'PATCH',
      path: userPath(userId),
      route: 'PATCH /users/{id} passwordProfile',
      body: { passwordProfile: { password, forceChangePasswordNextSignIn: forceChangeNextSignIn } },
      retry: 'idempotent',
      secrets: [password],
      options,
    });
    return { requestId: response.requestId };
  }

  /** POST /users/{id}/revokeSignInSessions; idempotent, so retried like the reset. */
  async revokeSessions(userId: string, options?: CallOptions): Promise<GraphReceipt> {
    const response = await this.edge.request({
      method: 'POST',
      path: `${userPath(userId)}/revokeSignInSessions`,
      route: 'POST /users/{id}/revokeSignInSessions',
      body: {},
      retry: 'idempotent',
      options,
    });
    return { requestId: response.requestId };
  }

  /** POST /users/{sender}/sendMail; repeated only after a refusal (429), never after 5xx or a drop. */
  async sendMail(sender: string, mail: OutgoingMail, options?: CallOptions): Promise<GraphReceipt> {
    return this.mailGate.run(sender, () => this.postMail(sender, mail, options));
  }

  private async postMail(sender: string, mail: OutgoingMail, options?: CallOptions): Promise<GraphReceipt> {
    const response = await this.edge.request({
      method: 'POST',
      path: `${userPath(sender)}/sendMail`,
      route: 'POST /users/{sender}/sendMail',
      body: {
        message: {
          subject: mail.subject,
          body: { contentType: 'HTML', content: mail.html },
          toRecipients: mail.to.map((address) => ({ emailAddress: { address } })),
        },
        saveToSentItems: false,
      },
      retry: 'refusals-only',
      mail: true,
      options,
    });
    return { requestId: response.requestId };
  }

  private async readUser(idOrUpn: string, options?: CallOptions): Promise<DirectoryUser> {
    const response = await this.edge.request({
      method: 'GET',
      path: `${userPath(idOrUpn)}${queryString({ $select: USER_SELECT })}`,
      route: 'GET /users/{id}',
      retry: 'idempotent',
      options,
    });
    return toDirectoryUser(response.body, response.requestId);
  }

  private async searchUsers(filter: string, top: number, options?: CallOptions): Promise<DirectoryUser[]> {
    const response = await this.edge.request({
      method: 'GET',
      path: `/users${queryString({ $filter: filter, $select: USER_SELECT, $top: top, $count: true })}`,
      route: 'GET /users?$filter',
      headers: EVENTUAL,
      retry: 'idempotent',
      options,
    });
    return valuesOf(response).map((raw) => toDirectoryUser(raw, response.requestId));
  }

  /** Follows @odata.nextLink to the end (same headers on every page, as Graph requires). */
  private async listAll(
    first: Pick<EdgeRequest, 'method' | 'path' | 'route' | 'headers'>,
    options?: CallOptions,
  ): Promise<{ values: unknown[]; requestId: string }> {
    const values: unknown[] = [];
    let path: string | undefined = first.path;
    let requestId = '';
    for (let page = 0; path !== undefined; page += 1) {
      if (page >= MAX_PAGES) throw unexpected(requestId, `${first.route} has more than ${MAX_PAGES} pages`);
      const response: EdgeResponse = await this.edge.request({
        ...first,
        path,
        retry: 'idempotent',
        options,
      });
      requestId = response.requestId;
      values.push(...valuesOf(response));
      path = nextLinkOf(response.body);
    }
    return { values, requestId };
  }

  /** Role assignments of several principals through $batch, 20 per batch, every inner answer checked. */
  private async readRoleAssignments(
    principals: readonly { id: string; viaGroupId: string | null }[],
    options?: CallOptions,
  ): Promise<RoleAssignmentView[]> {
    const chunks: (typeof principals)[] = [];
    for (let i = 0; i < principals.length; i += BATCH_LIMIT)
      chunks.push(principals.slice(i, i + BATCH_LIMIT));
    const results = await Promise.all(chunks.map((chunk) => this.batchRoleAssignments(chunk, options)));
    return results.flat();
  }

  private async batchRoleAssignments(
    principals: readonly { id: string; viaGroupId: string | null }[],
    options?: CallOptions,
  ): Promise<RoleAssignmentView[]> {
    const requests = principals.map((p, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: roleAssignmentsUrl(p.id),
    }));
    const response = await this.edge.request({
      method: 'POST',
      path: '/$batch',
      route: 'POST /$batch roleAssignments',
      body: { requests },
      // Only reads inside, so the whole batch may be repeated.
      retry: 'idempotent',
      check: (res) => checkBatch(res, requests.length, this.now(), 'POST /$batch roleAssignments'),
      options,
    });
    const answers = batchAnswers(response.body);
    const views: RoleAssignmentView[] = [];
    for (const [index, principal] of principals.entries()) {
      const answer = answers.get(String(index + 1));
      const body = answer?.body as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
      if (!Array.isArray(body?.value))
        throw unexpected(response.requestId, 'a role-assignment answer without value');
      let values: unknown[] = body.value;
      const next = nextLinkOf(body);
      if (next) {
        const rest = await this.listAll(
          { method: 'GET', path: next, route: 'GET /roleManagement/directory/roleAssignments' },
          options,
        );
        values = [...values, ...rest.values];
      }
      views.push(...readRoleAssignments(values, principal.viaGroupId, response.requestId));
    }
    return views;
  }

  /** GET /domains/{domain}: Federated means the password lives with another identity provider. */
  private async isFederated(userPrincipalName: string, options?: CallOptions): Promise<boolean> {
    const domain = (userPrincipalName.split('@').pop() ?? '').toLowerCase();
    const cached = this.domains.get(domain);
    if (cached && cached.expiresAt > this.now()) return cached.federated;
    const response = await this.edge.request({
      method: 'GET',
      path: `/domains/${encodeURIComponent(domain)}${queryString({ $select: 'id,authenticationType' })}`,
      route: 'GET /domains/{domain}',
      retry: 'idempotent',
      options,
    });
    const type = (response.body as { authenticationType?: unknown } | null)?.authenticationType;
    if (typeof type !== 'string')
      throw denied(response.requestId, `domain ${domain} without authenticationType`);
    const federated = type.toLowerCase() !== 'managed';
    this.domains.set(domain, { federated, expiresAt: this.now() + DOMAIN_TTL_MS });
    return federated;
  }
}

interface BatchAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

function batchAnswers(body: unknown): Map<string, BatchAnswer> {
  const answers = new Map<string, BatchAnswer>();
  const responses = (body as { responses?: unknown } | null)?.responses;
  if (!Array.isArray(responses)) return answers;
  for (const raw of responses) {
    const r = (raw ?? {}) as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
    if (typeof r.id !== 'string' || typeof r.status !== 'number') continue;
    answers.set(r.id, { status: r.status, headers: lowerKeys(r.headers), body: r.body });
  }
  return answers;
}

/**
 * Every inner answer must be a 2xx. Graph throttles inner requests one by one and does not retry them,
 * so an inner 429/503/504 makes the whole (read-only) batch retryable; anything else fails the call.
 */
function checkBatch(
  response: EdgeResponse,
  expected: number,
  nowMs: number,
  route: string,
): { error: GraphError; retryable: boolean } | undefined {
  const answers = batchAnswers(response.body);
  for (let i = 1; i <= expected; i += 1) {
    const answer = answers.get(String(i));
    if (!answer)
      return { error: unexpected(response.requestId, `$batch without answer ${i}`), retryable: false };
    if (answer.status >= 200 && answer.status < 300) continue;
    const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], nowMs);
    const error = errorFromAnswer(answer.status, answer.body, response.requestId, retryAfterMs, {
      route: `${route} (inner)`,
    });
    return { error, retryable: answer.status === 429 || answer.status === 503 || answer.status === 504 };
  }
  return undefined;
}

function lowerKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [key, value] of Object.entries(headers))
      if (typeof value === 'string') out[key.toLowerCase()] = value;
  }
  return out;
}

function valuesOf(response: EdgeResponse): unknown[] {
  const value = (response.body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw unexpected(response.requestId, 'a collection without value');
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
