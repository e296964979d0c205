/**
 * The integration tier's harness: one real stack (local tenant, Azurite, bot as child processes) plus a
 * recording connector, the tenant's admin API, personas picked from the seed by what they are (not by
 * hard-coded ids), and readers for the cards the bot sends.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, type RunningStack } from '../../src/local/stack';
import { openAuditStorage } from '../../src/storage/tables';
import type { AuditRecord, ResetRequest } from '../../src/reset/model';
import {
  cardAction,
  conversationIdFor,
  message,
  type ConversationType,
  type TeamsUser,
} from '../support/activities';
import { invokeBody, postActivity, type BotAnswer, type InvokeBody } from '../support/botClient';
import type { CanarySources } from '../support/canary';
import {
  cardOf,
  startConnector,
  type AdaptiveCardJson,
  type ConnectorCall,
  type RecordingConnector,
} from '../support/connector';
import { tenantAdmin, type LoggedRequest, type TenantAdmin } from '../support/tenantAdmin';

const ROOT = path.resolve(__dirname, '..', '..');
export const SEED_PATH = path.join(ROOT, 'src/local/tenant/seed/contoso.json');

/** Built-in role template ids used to pick personas. */
export const Roles = {
  global: '62e90394-69f5-4237-9190-012177145e10',
  privAuth: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  user: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  password: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
} as const;

/** A seed user as the tests need it. */
export interface Person extends TeamsUser {
  readonly upn: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly otherMails: readonly string[];
}

// ---------------------------------------------------------------------------------------------------
// The seed, read the way the tenant reads it

interface Seed {
  tenant: { id: string; domains: { name: string; authenticationType: string }[] };
  users: {
    id: string;
    displayName: string;
    userPrincipalName: string;
    mail?: string | null;
    otherMails?: string[];
    userType?: string;
    accountEnabled?: boolean;
    onPremisesSyncEnabled?: boolean | null;
    hasMailbox?: boolean;
  }[];
  groups?: { id: string; isAssignableToRole?: boolean; members?: string[]; owners?: string[] }[];
  administrativeUnits?: {
    id: string;
    displayName: string;
    isMemberManagementRestricted?: boolean;
    members?: string[];
  }[];
  roleDefinitions?: { id: string; templateId?: string; isBuiltIn?: boolean }[];
  roleAssignments?: {
    principalId: string;
    roleTemplateId?: string;
    roleDefinitionId?: string;
    directoryScopeId?: string;
    status?: string;
  }[];
  groupEligibilities?: { groupId: string; principalId: string; accessId: string }[];
  applications: { clientId: string; permissions?: string[] }[];
}

/** Everyone the tests act as or on, chosen from the seed by their properties. */
export interface Personas {
  readonly tenantId: string;
  /** Tenant-wide, active Helpdesk Administrator: the main requester. */
  readonly helpdesk: Person;
  /** Another tenant-wide resetting admin (a Global or Privileged Authentication Administrator). */
  readonly otherAdmin: Person;
  /** A member with no role at all. */
  readonly noRole: Person;
  /** Holds a resetting role only as a PIM-eligible assignment. */
  readonly eligibleOnly: Person;
  readonly guest: Person;
  readonly synced: Person;
  readonly federated: Person;
  /** Holds a role a Helpdesk Administrator may not reset (User Administrator). */
  readonly privileged: Person;
  readonly globalAdmin: Person;
  /** Helpdesk Administrator scoped to a (non-restricted) administrative unit. */
  readonly unitHelpdesk: Person;
  /** A plain member of that unit. */
  readonly unitMember: Person;
  /** A plain member of a restricted management unit. */
  readonly restrictedMember: Person;
  /** "Bob Brown": the plain, unambiguous target. */
  readonly bob: Person;
  /** Plain targets besides bob, for tests that each need a fresh one (rate limits are per target). */
  readonly plain: readonly Person[];
  /** Users whose name starts with "Alice" (at least two). */
  readonly alices: readonly Person[];
  /** Tenant-wide, active Password Administrator. */
  readonly passwordAdmin: Person;
  /** Tenant-wide, active Privileged Authentication Administrator. */
  readonly privAuthAdmin: Person;
  /** Holds (only) a custom role whose templateId copies Helpdesk Administrator's. */
  readonly customHelpdeskCopy: Person;
  /** Holds (only) a custom role whose templateId copies Directory Readers'. */
  readonly customReadersCopy: Person;
  /** PIM-eligible for Global Administrator, no active role. */
  readonly eligibleGlobalAdmin: Person;
  /** PIM for Groups: eligible member of a role-assignable group, no role and no membership. */
  readonly eligibleGroupMember: Person;
}

/** Picks the personas from a seed file; fails with a sentence naming the persona it could not find. */
export function personasFrom(seedPath: string = SEED_PATH): Personas {
  const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as Seed;
  const lower = (value: string | undefined | null): string => String(value ?? '').toLowerCase();
  const userByRef = new Map<string, Seed['users'][number]>();
  for (const user of seed.users) {
    userByRef.set(lower(user.id), user);
    userByRef.set(lower(user.userPrincipalName), user);
  }
  const resolve = (ref: string): Seed['users'][number] | undefined => userByRef.get(lower(ref));
  // A custom role's templateId may copy a built-in's; as the tenant does, only built-in roles have one here.
  const customRole = (id: string | undefined) =>
    seed.roleDefinitions?.find((d) => lower(d.id) === lower(id) && d.isBuiltIn === false);
  const templateOf = (a: NonNullable<Seed['roleAssignments']>[number]): string => {
    if (a.roleTemplateId) return lower(a.roleTemplateId);
    const custom = customRole(a.roleDefinitionId);
    if (custom) return `custom:${lower(custom.id)}`;
    return lower(
      seed.roleDefinitions?.find((d) => lower(d.id) === lower(a.roleDefinitionId))?.templateId ??
        a.roleDefinitionId,
    );
  };
  /** The templateId a custom role held by this assignment copies, or null. */
  const copiedTemplateOf = (a: NonNullable<Seed['roleAssignments']>[number]): string | null => {
    const custom = customRole(a.roleDefinitionId);
    return custom ? lower(custom.templateId ?? custom.id) : null;
  };
  const eligibleGroupsOf = (userId: string) =>
    (seed.groupEligibilities ?? []).filter((e) => resolve(e.principalId)?.id === userId);
  const groupsOf = (userId: string): string[] =>
    (seed.groups ?? [])
      .filter((g) => (g.members ?? []).some((m) => resolve(m)?.id === userId))
      .map((g) => lower(g.id));
  const assignmentsOf = (userId: string, status: 'active' | 'eligible' | 'any' = 'active') => {
    const principals = new Set([lower(userId), ...groupsOf(userId)]);
    const upn = lower(seed.users.find((u) => u.id === userId)?.userPrincipalName);
    return (seed.roleAssignments ?? []).filter(
      (a) =>
        (principals.has(lower(a.principalId)) || lower(a.principalId) === upn) &&
        (status === 'any' || (a.status ?? 'active') === status),
    );
  };
  const unitsOf = (userId: string) =>
    (seed.administrativeUnits ?? []).filter((u) => (u.members ?? []).some((m) => resolve(m)?.id === userId));
  const federatedDomains = seed.tenant.domains
    .filter((d) => d.authenticationType === 'Federated')
    .map((d) => lower(d.name));
  const isFederated = (upn: string): boolean => federatedDomains.includes(lower(upn.split('@')[1]));
  const roleAssignable = new Set(
    (seed.groups ?? []).filter((g) => g.isAssignableToRole).map((g) => lower(g.id)),
  );
  const isCloudMember = (u: Seed['users'][number]): boolean =>
    (u.userType ?? 'Member') === 'Member' && !u.onPremisesSyncEnabled && !isFederated(u.userPrincipalName);
  const isPlain = (u: Seed['users'][number]): boolean =>
    isCloudMember(u) &&
    u.accountEnabled !== false &&
    assignmentsOf(u.id, 'any').length === 0 &&
    unitsOf(u.id).length === 0 &&
    !groupsOf(u.id).some((g) => roleAssignable.has(g)) &&
    !(seed.groups ?? []).some(
      (g) => roleAssignable.has(lower(g.id)) && (g.owners ?? []).some((o) => resolve(o)?.id === u.id),
    ) &&
    eligibleGroupsOf(u.id).length === 0 &&
    !/^helpdesk@/i.test(u.userPrincipalName);

  const person = (u: Seed['users'][number]): Person => ({
    aadObjectId: u.id,
    name: u.displayName,
    upn: u.userPrincipalName,
    displayName: u.displayName,
    mail: u.mail ?? null,
    otherMails: u.otherMails ?? [],
  });
  const pick = (label: string, test: (u: Seed['users'][number]) => boolean, prefer?: RegExp): Person => {
    const found = seed.users.filter(test);
    const chosen = (prefer && found.find((u) => prefer.test(u.displayName))) ?? found[0];
    if (!chosen) throw new Error(`The seed ${seedPath} has no user for the persona "${label}".`);
    return person(chosen);
  };
  const activeAt = (u: Seed['users'][number], template: string, scope: (s: string) => boolean): boolean =>
    assignmentsOf(u.id).some((a) => templateOf(a) === template && scope(a.directoryScopeId ?? '/'));
  const tenantWide = (s: string): boolean => s === '/';
  const resetting = [
    Roles.global,
    Roles.privAuth,
    Roles.user,
    Roles.helpdesk,
    'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    '966707d0-3269-4727-9be2-8c3a10f19b9d',
  ];

  const unitHelpdesk = pick(
    'Helpdesk Administrator scoped to a non-restricted administrative unit',
    (u) =>
      isCloudMember(u) &&
      assignmentsOf(u.id).every(
        (a) => (a.directoryScopeId ?? '/') !== '/' || !resetting.includes(templateOf(a)),
      ) &&
      assignmentsOf(u.id).some((a) => {
        const unit = /^\/administrativeUnits\/(.+)$/.exec(a.directoryScopeId ?? '');
        const au = unit && (seed.administrativeUnits ?? []).find((x) => lower(x.id) === lower(unit[1]));
        return templateOf(a) === Roles.helpdesk && Boolean(au) && !au?.isMemberManagementRestricted;
      }),
  );
  const unitScope =
    assignmentsOf(unitHelpdesk.aadObjectId).find((a) => templateOf(a) === Roles.helpdesk)?.directoryScopeId ??
    '';
  const unitId = lower(unitScope.split('/').pop());
  const restrictedIds = new Set(
    (seed.administrativeUnits ?? []).filter((u) => u.isMemberManagementRestricted).map((u) => lower(u.id)),
  );

  const plainUsers = seed.users.filter(isPlain);
  return {
    tenantId: seed.tenant.id,
    helpdesk: pick(
      'tenant-wide Helpdesk Administrator',
      (u) => isCloudMember(u) && activeAt(u, Roles.helpdesk, tenantWide),
      /Alex Wilber/,
    ),
    otherAdmin: pick(
      'another tenant-wide resetting admin',
      (u) =>
        isCloudMember(u) &&
        (activeAt(u, Roles.global, tenantWide) || activeAt(u, Roles.privAuth, tenantWide)),
      /Megan Bowen/,
    ),
    noRole: pick('a member without any role', isPlain, /^(?!Bob Brown)/),
    eligibleOnly: pick(
      'an admin whose only resetting role is PIM-eligible',
      (u) =>
        isCloudMember(u) &&
        assignmentsOf(u.id, 'eligible').some((a) => resetting.includes(templateOf(a))) &&
        !assignmentsOf(u.id).some((a) => resetting.includes(templateOf(a))),
    ),
    guest: pick('a guest', (u) => u.userType === 'Guest'),
    synced: pick(
      'a directory-synced user',
      (u) => u.onPremisesSyncEnabled === true && (u.userType ?? 'Member') === 'Member',
    ),
    federated: pick(
      'a user of a federated domain',
      (u) => isFederated(u.userPrincipalName) && !u.onPremisesSyncEnabled,
    ),
    privileged: pick(
      'a tenant-wide User Administrator',
      (u) => isCloudMember(u) && unitsOf(u.id).length === 0 && activeAt(u, Roles.user, tenantWide),
    ),
    globalAdmin: pick(
      'a tenant-wide Global Administrator',
      (u) => isCloudMember(u) && activeAt(u, Roles.global, tenantWide),
      /Megan Bowen/,
    ),
    unitHelpdesk,
    unitMember: pick(
      'a plain member of the helpdesk unit',
      (u) =>
        isCloudMember(u) &&
        u.accountEnabled !== false &&
        assignmentsOf(u.id, 'any').length === 0 &&
        unitsOf(u.id).some((x) => lower(x.id) === unitId) &&
        unitsOf(u.id).every((x) => !restrictedIds.has(lower(x.id))) &&
        !groupsOf(u.id).some((g) => roleAssignable.has(g)),
    ),
    restrictedMember: pick(
      'a member of a restricted management unit',
      (u) => isCloudMember(u) && unitsOf(u.id).some((x) => restrictedIds.has(lower(x.id))),
    ),
    bob: pick('Bob Brown', (u) => lower(u.userPrincipalName) === 'bob@contoso.com'),
    plain: plainUsers.filter((u) => lower(u.userPrincipalName) !== 'bob@contoso.com').map(person),
    alices: seed.users.filter((u) => /^alice\b/i.test(u.displayName)).map(person),
    passwordAdmin: pick(
      'a tenant-wide Password Administrator',
      (u) => isCloudMember(u) && activeAt(u, Roles.password, tenantWide),
    ),
    privAuthAdmin: pick(
      'a tenant-wide Privileged Authentication Administrator',
      (u) => isCloudMember(u) && unitsOf(u.id).length === 0 && activeAt(u, Roles.privAuth, tenantWide),
    ),
    customHelpdeskCopy: pick(
      "a holder of a custom role copying Helpdesk Administrator's template id, and of nothing else",
      (u) => {
        const held = assignmentsOf(u.id, 'any');
        return (
          isCloudMember(u) && held.length > 0 && held.every((a) => copiedTemplateOf(a) === Roles.helpdesk)
        );
      },
    ),
    customReadersCopy: pick(
      "a holder of a custom role copying Directory Readers' template id, and of nothing else",
      (u) => {
        const held = assignmentsOf(u.id, 'any');
        return (
          isCloudMember(u) &&
          held.length > 0 &&
          held.every((a) => copiedTemplateOf(a) === Roles.directoryReaders)
        );
      },
    ),
    eligibleGlobalAdmin: pick(
      'a user eligible (PIM) for Global Administrator, with no active role',
      (u) =>
        isCloudMember(u) &&
        unitsOf(u.id).length === 0 &&
        assignmentsOf(u.id).length === 0 &&
        assignmentsOf(u.id, 'eligible').some(
          (a) => templateOf(a) === Roles.global && (a.directoryScopeId ?? '/') === '/',
        ),
    ),
    eligibleGroupMember: pick(
      'a user eligible (PIM for Groups) for membership of a role-assignable group, with no role',
      (u) =>
        isCloudMember(u) &&
        unitsOf(u.id).length === 0 &&
        assignmentsOf(u.id, 'any').length === 0 &&
        !groupsOf(u.id).some((g) => roleAssignable.has(g)) &&
        eligibleGroupsOf(u.id).some((e) => e.accessId === 'member' && roleAssignable.has(lower(e.groupId))),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------
// Cards

/** Every text a card shows (TextRun/TextBlock texts, titles, labels, choice titles), in order. */
export function cardTexts(card: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'label'])
      if (typeof record[key] === 'string') texts.push(record[key] as string);
    for (const [key, value] of Object.entries(record))
      if (key !== 'data' && typeof value === 'object') walk(value);
  };
  walk(card);
  return texts;
}

/** All of a card's text in one string, for `includes` checks. */
export function cardText(card: unknown): string {
  return cardTexts(card).join('\n');
}

/** The Action.Execute actions of a card (body and actions, refresh included). */
export function cardActions(
  card: unknown,
): { verb: string; data: Record<string, unknown>; title?: string }[] {
  const found: { verb: string; data: Record<string, unknown>; title?: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute' && typeof record.verb === 'string') {
      found.push({
        verb: record.verb,
        data: (record.data ?? {}) as Record<string, unknown>,
        ...(typeof record.title === 'string' ? { title: record.title } : {}),
      });
    }
    for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return found;
}

/** The request id a card's actions carry, or null. */
export function requestIdOf(card: unknown): string | null {
  const id = cardActions(card).find((a) => typeof a.data.requestId === 'string')?.data.requestId;
  return typeof id === 'string' ? id : null;
}

/** The inputs of a card with the values Teams would send untouched (empty string when none). */
export function cardInputs(card: unknown): Record<string, string> {
  const inputs: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (
      typeof record.type === 'string' &&
      record.type.startsWith('Input.') &&
      typeof record.id === 'string'
    ) {
      inputs[record.id] = record.value === undefined ? '' : String(record.value);
    }
    for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return inputs;
}

/** The card an invoke answered with (type application/vnd.microsoft.card.adaptive), or a failure. */
export function answeredCard(body: InvokeBody): AdaptiveCardJson {
  if (body.type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected a card answer, got ${body.type}: ${JSON.stringify(body.value).slice(0, 300)}`);
  }
  return body.value as AdaptiveCardJson;
}

/** Decodes the HTML entities a page or mail may use. */
export function htmlDecode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Finds a value in a rendered page by rendering the same template with a marker in its place: the static
 * markup right before and after the marker frames the real value. Independent of the template's layout.
 */
export function extractByTemplate(
  rendered: string,
  templateWithMarker: string,
  marker: string,
): string | null {
  const at = templateWithMarker.indexOf(marker);
  if (at < 0) return null;
  for (const width of [40, 24, 12, 6]) {
    const before = templateWithMarker.slice(Math.max(0, at - width), at);
    const afterFull = templateWithMarker.slice(at + marker.length);
    const after = afterFull.slice(0, Math.min(width, afterFull.length));
    const start = rendered.indexOf(before);
    if (start < 0 || !before) continue;
    const from = start + before.length;
    const end = after ? rendered.indexOf(after, from) : rendered.length;
    if (end < 0) continue;
    return htmlDecode(rendered.slice(from, end));
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// The stack and how tests talk to it

/** A running integration environment. */
export interface Harness {
  readonly stack: RunningStack;
  readonly connector: RecordingConnector;
  readonly admin: TenantAdmin;
  readonly people: Personas;
  readonly tenantId: string;
  /** Raw text of every answer the bot gave (scanned by the canary). */
  readonly answers: string[];
  /** Sends a message as `user`; resolves once the bot answered (its replies are then recorded). */
  say(user: Person, text: string, options?: SayOptions): Promise<SaidResult>;
  /** Presses an Action.Execute button as `user`; resolves with the invoke response. */
  press(user: Person, verb: string, options: PressOptions): Promise<InvokeBody>;
  /** Graph requests the tenant logged after `since` (exclusive). */
  graphSince(since: number): Promise<LoggedRequest[]>;
  /** The tenant log's latest sequence number. */
  graphMark(): Promise<number>;
  /** Overwrites a stored request's `expiresAt` directly in Azurite. */
  expireRequest(requestId: string, expiresAt: string): Promise<void>;
  /** Reads a stored request directly from Azurite. */
  storedRequest(requestId: string): Promise<ResetRequest | null>;
  /** Audit records (newest first) straight from the audit table, optionally only one request's. */
  auditRecords(requestId?: string, limit?: number): Promise<AuditRecord[]>;
  /** The bot's log file (stdout and stderr) split into lines, empty lines dropped. */
  botLogLines(): string[];
  stop(): Promise<void>;
}

/** Where a message is sent. */
export interface SayOptions {
  readonly conversationType?: ConversationType;
  readonly conversationId?: string;
  readonly locale?: string;
  readonly mentionBot?: boolean;
  readonly tenantId?: string;
}

/** What a message produced. */
export interface SaidResult {
  readonly answer: BotAnswer;
  readonly conversationId: string;
  /** Messages the bot posted in answer (replies), oldest first, with their cards. */
  readonly replies: { id: string; card: AdaptiveCardJson | null; call: ConnectorCall }[];
}

/** A button press. */
export interface PressOptions {
  readonly replyToId: string;
  readonly conversationId: string;
  readonly conversationType?: ConversationType;
  readonly requestId?: string | null;
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly trigger?: 'manual' | 'automatic' | null;
  readonly extraData?: Readonly<Record<string, unknown>>;
  readonly tenantId?: string;
  readonly locale?: string;
}

/** Starts connector + stack (bot env overrides and another seed file optional) and the helpers around them. */
export async function startHarness(
  botEnv: Record<string, string> = {},
  options: { seed?: string } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pwreset-it-'));
  const connector = await startConnector();
  let stack: RunningStack;
  try {
    stack = await startStack({
      dataDir,
      output: 'files',
      botEnv,
      ...(options.seed ? { seed: options.seed } : {}),
    });
  } catch (error) {
    await connector.stop();
    const logs = ['tenant.log', 'bot.log']
      .map((name) => {
        try {
          return `--- ${name}\n${readFileSync(path.join(dataDir, name), 'utf8').slice(-3000)}`;
        } catch {
          return '';
        }
      })
      .join('\n');
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${logs}`);
  }
  const admin = tenantAdmin(stack.tenantUrl, stack.caPath);
  const people = personasFrom();
  const answers: string[] = [];
  const tenantId = stack.tenantId;
  // The same ports the bot uses, on the same tables: tests read and age requests without Table internals.
  const storage = openAuditStorage(
    stack.storageConnectionString,
    stack.botEnv.STORAGE_TABLE_PREFIX ?? 'pwreset',
  );

  const harness: Harness = {
    stack,
    connector,
    admin,
    people,
    tenantId,
    answers,
    async say(user, text, options = {}) {
      const conversationType = options.conversationType ?? 'personal';
      const conversationId = options.conversationId ?? conversationIdFor(conversationType);
      const before = connector.mark();
      const activity = message(text, {
        user,
        tenantId: options.tenantId ?? tenantId,
        serviceUrl: connector.url,
        conversationType,
        conversationId,
        locale: options.locale ?? 'en-US',
        mentionBot: options.mentionBot ?? conversationType === 'channel',
      });
      const answer = await postActivity(stack.botUrl, activity, 30_000);
      answers.push(answer.raw);
      const replies = connector
        .callsSince(before)
        .filter(
          (call) => (call.kind === 'reply' || call.kind === 'send') && call.conversationId === conversationId,
        )
        .map((call) => ({ id: call.resultId, card: cardOf(call.body), call }));
      return { answer, conversationId, replies };
    },
    async press(user, verb, options) {
      const activity = cardAction(verb, {
        user,
        tenantId: options.tenantId ?? tenantId,
        serviceUrl: connector.url,
        conversationType: options.conversationType ?? 'personal',
        conversationId: options.conversationId,
        replyToId: options.replyToId,
        ...(options.requestId !== undefined ? { requestId: options.requestId } : {}),
        inputs: options.inputs ?? {},
        ...(options.trigger !== undefined ? { trigger: options.trigger } : {}),
        ...(options.extraData ? { extraData: options.extraData } : {}),
        locale: options.locale ?? 'en-US',
      });
      const answer = await postActivity(stack.botUrl, activity, 30_000);
      answers.push(answer.raw);
      if (answer.status !== 200)
        throw new Error(`invoke answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
      return invokeBody(answer);
    },
    graphSince: async (since) => (await admin.requests()).filter((r) => r.seq > since),
    graphMark: async () => (await admin.requests()).reduce((max, r) => Math.max(max, r.seq), 0),
    async expireRequest(requestId, expiresAt) {
      const stored = await storage.requests.get(requestId);
      if (!stored) throw new Error(`no request ${requestId}`);
      await storage.requests.save({ ...stored.value, expiresAt }, stored.etag);
    },
    async storedRequest(requestId) {
      return (await storage.requests.get(requestId))?.value ?? null;
    },
    async auditRecords(requestId, limit = 200) {
      const ids =
        requestId !== undefined
          ? [requestId]
          : (await storage.audit.list({ limit })).entries.map((e) => e.requestId);
      const records = (await Promise.all(ids.map((id) => storage.audit.history(id)))).flat();
      // Newest first.
      return records.sort((a, b) => (a.at === b.at ? b.sequence - a.sequence : a.at < b.at ? 1 : -1));
    },
    botLogLines() {
      return readFileSync(path.join(stack.dataDir, 'bot.log'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
    },
    async stop() {
      await stack.stop();
      await connector.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Everywhere a secret could leak that the canary scan reads: activities, invoke answers, logs, storage. */
export function canarySources(h: Harness): CanarySources {
  return {
    connectorBodies: h.connector.calls().map((c) => c.raw),
    botAnswers: h.answers,
    logDir: h.stack.dataDir,
    storageConnectionString: h.stack.storageConnectionString,
  };
}

/**
 * Starts the whole stack before the tests of the `describe` it is called in and stops it after them; the
 * running harness goes to `started` (with whatever must happen once, before the first test).
 */
export function useHarness(
  botEnv: Record<string, string>,
  started: (h: Harness) => unknown,
  options: { seed?: string } = {},
): void {
  let harness: Harness | undefined;
  before(async function () {
    this.timeout(120_000);
    harness = await startHarness(botEnv, options);
    await started(harness);
  });
  after(async function () {
    this.timeout(30_000);
    await harness?.stop();
  });
}

/**
 * Graph calls of one kind in a slice of the tenant's log (path compared without its query). A request
 * of a $batch that Graph answered 424 (what it depends on failed) was never attempted: left out.
 */
export function graphCalls(
  log: readonly LoggedRequest[],
  method: string,
  pathPattern: RegExp,
): LoggedRequest[] {
  return log.filter(
    (r) =>
      r.method === method && r.status !== 424 && pathPattern.test(decodeURIComponent(r.path.split('?')[0])),
  );
}

/** `PATCH /v1.0/users/{id}` for this user (by id or UPN). */
export function patchesOf(log: readonly LoggedRequest[], user: Person): LoggedRequest[] {
  return graphCalls(log, 'PATCH', /^\/v1\.0\/users\/[^/]+$/).filter((r) => {
    const key = decodeURIComponent(r.path.split('?')[0]).split('/').pop()?.toLowerCase();
    return key === user.aadObjectId.toLowerCase() || key === user.upn.toLowerCase();
  });
}

/** Every `PATCH /v1.0/users/…` (any user). */
export function allPatches(log: readonly LoggedRequest[]): LoggedRequest[] {
  return graphCalls(log, 'PATCH', /^\/v1\.0\/users\/[^/]+$/);
}

/** Every `POST /v1.0/users/{sender}/sendMail`. */
export function sendMails(log: readonly LoggedRequest[]): LoggedRequest[] {
  return graphCalls(log, 'POST', /^\/v1\.0\/users\/[^/]+\/sendMail$/);
}

/** Polls `probe` until it returns a value (not undefined/null/false) or the time is up. */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`,
  );
}
