/**
 * In-memory implementations of our own ports and a sinon-stubbed directory, for unit tests of the use
 * cases. They keep the ports' contracts (ETag conflicts, records in the same write as the state, one-time
 * reveal) — tests/storage/contracts.test.ts runs the same suite against them and the Table adapters.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { AppError, ErrorCodes, GraphError } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import type { DirectoryUser, SecurityProfile } from '../../src/policy/profile';
import type { TapPolicy } from '../../src/policy/tapPolicy';
import type { ResetDeps, ResetSettings } from '../../src/reset/deps';
import { checkUses, counted, fits, type CheckedUse } from '../../src/storage/limitUses';
import type {
  AuditChainHead,
  AuditEvent,
  AuditRecord,
  CardLocation,
  ResetRequest,
  SecretMetadata,
} from '../../src/reset/model';
import type {
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditVerification,
  Change,
  EntryPage,
  EntryQuery,
  ChangeOutcome,
  DirectoryPort,
  LimitOutcome,
  LimitUse,
  OutgoingMail,
  RateLimiter,
  RequestStore,
  SecretVault,
  TapOutcome,
  TapRequest,
  Versioned,
} from '../../src/reset/ports';
import type { CardPort, OutgoingCard } from '../../src/reset/types';
import { headAfter, linkProblem, nextRecords } from '../../src/storage/auditChain';
import { fillEntryPage } from '../../src/reset/auditEntry';

interface StoredRequest {
  value: ResetRequest;
  etag: string;
  records: AuditRecord[];
  notes: AuditRecord[];
  notesHead?: AuditChainHead;
}

/** Requests with ETags and their audit records, like Table storage. */
export class MemoryRequestStore implements RequestStore {
  readonly rows = new Map<string, StoredRequest>();
  /** When set, every call fails as storage does when it is down. */
  failing = false;

  async create(request: ResetRequest, audit: readonly AuditEvent[]): Promise<Versioned<ResetRequest>> {
    this.check();
    if (this.rows.has(request.id)) throw new AppError(ErrorCodes.STORAGE_CONFLICT);
    const records = nextRecords(audit, undefined, new Date());
    const value = { ...structuredClone(request), auditHead: headAfter(records, undefined) };
    const row = { value, etag: randomUUID(), records, notes: [] };
    this.rows.set(request.id, row);
    return { value: structuredClone(value), etag: row.etag };
  }

  async get(id: string): Promise<Versioned<ResetRequest> | null> {
    this.check();
    const row = this.rows.get(id);
    return row ? { value: structuredClone(row.value), etag: row.etag } : null;
  }

  async save(
    request: ResetRequest,
    etag: string,
    audit: readonly AuditEvent[] = [],
  ): Promise<Versioned<ResetRequest>> {
    this.check();
    const row = this.rows.get(request.id);
    if (!row || row.etag !== etag) throw new AppError(ErrorCodes.STORAGE_CONFLICT);
    const records = nextRecords(audit, request.auditHead, new Date());
    row.value = { ...structuredClone(request), auditHead: headAfter(records, request.auditHead) };
    row.records.push(...records);
    row.etag = randomUUID();
    return { value: structuredClone(row.value), etag: row.etag };
  }

  async note(requestId: string, audit: readonly AuditEvent[]): Promise<void> {
    this.check();
    const row = this.rows.get(requestId);
    if (!row) throw new AppError(ErrorCodes.REQUEST_NOT_FOUND);
    const records = nextRecords(audit, row.notesHead, new Date());
    row.notes.push(...records);
    row.notesHead = headAfter(records, row.notesHead);
  }

  async listUnfinished(): Promise<Versioned<ResetRequest>[]> {
    this.check();
    return [...this.rows.values()]
      .filter((row) => row.value.state === 'claimed' || row.value.state === 'awaiting-approval')
      .map((row) => ({ value: structuredClone(row.value), etag: row.etag }));
  }

  /** Every record of every request, in the order written. */
  allRecords(): AuditRecord[] {
    return [...this.rows.values()]
      .flatMap((row) => [...row.records, ...row.notes])
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  private check(): void {
    if (this.failing) throw new AppError(ErrorCodes.STORAGE_UNAVAILABLE);
  }
}

/** The audit log over a MemoryRequestStore. */
export class MemoryAuditLog implements AuditLog {
  constructor(private readonly store: MemoryRequestStore) {}

  async list(query: AuditQuery): Promise<AuditPage> {
    const rows = this.listed(query);
    const start = query.cursor ? rows.findIndex((row) => row.value.id === query.cursor) + 1 : 0;
    const page = rows.slice(start, start + query.limit);
    const entries = page.map((row) => ({ requestId: row.value.id, at: row.value.createdAt }));
    return start + query.limit < rows.length ? { entries, cursor: page.at(-1)!.value.id } : { entries };
  }

  async entries(query: EntryQuery): Promise<EntryPage> {
    return fillEntryPage(
      query,
      async (after) => {
        const rows = this.listed(query);
        const start = after ? rows.findIndex((row) => row.value.id === after) + 1 : 0;
        const batch = rows.slice(start, start + 25);
        return {
          requests: batch.map((row) => ({ position: row.value.id, request: structuredClone(row.value) })),
          more: start + 25 < rows.length,
        };
      },
      200,
    );
  }

  /** Requests with records, newest first, by the filters (like the index: targets and choices' users). */
  private listed(query: AuditQuery): StoredRequest[] {
    const lower = (value: string | undefined) => (value ?? '').toLowerCase();
    const users = (request: ResetRequest): string[] => [
      ...request.targets.map((t) => t.userPrincipalName),
      ...(request.choices ?? []).flatMap((c) => c.candidates.map((u) => u.userPrincipalName)),
    ];
    return [...this.store.rows.values()]
      .filter((row) => row.records.length > 0)
      .filter((row) => !query.requester || lower(row.value.requesterUpn).startsWith(lower(query.requester)))
      .filter(
        (row) => !query.target || users(row.value).some((upn) => lower(upn).startsWith(lower(query.target))),
      )
      .filter((row) => !query.since || row.value.createdAt >= query.since)
      .filter((row) => !query.until || row.value.createdAt < query.until)
      .sort((a, b) =>
        a.value.createdAt === b.value.createdAt
          ? a.value.id < b.value.id
            ? -1
            : 1
          : a.value.createdAt > b.value.createdAt
            ? -1
            : 1,
      );
  }

  async history(requestId: string): Promise<AuditRecord[]> {
    const row = this.store.rows.get(requestId);
    return row ? [...row.records, ...row.notes].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)) : [];
  }

  async seal(): Promise<number> {
    return 0;
  }

  async verify(): Promise<AuditVerification> {
    const problems: string[] = [];
    let checked = 0;
    for (const row of this.store.rows.values()) {
      let previous: AuditRecord | null = null;
      for (const record of row.records) {
        const problem = linkProblem(record, previous);
        if (problem) problems.push(`request ${row.value.id}: ${problem}`);
        previous = record;
        checked += 1;
      }
    }
    return { ok: problems.length === 0, checked, requests: this.store.rows.size, problems };
  }
}

/** A vault that keeps secrets in memory, revealed once. */
export class MemoryVault implements SecretVault {
  readonly secrets = new Map<string, { secret: string; metadata: SecretMetadata; token: string }>();

  async put(secret: string, metadata: SecretMetadata): Promise<{ id: string; token: string }> {
    const id = randomBytes(16).toString('base64url');
    const token = `${id}${randomBytes(32).toString('base64url')}`;
    this.secrets.set(id, { secret, metadata, token });
    return { id, token };
  }

  async peek(token: string): Promise<SecretMetadata | null> {
    return [...this.secrets.values()].find((s) => s.token === token)?.metadata ?? null;
  }

  async reveal(token: string): Promise<{ secret: string; metadata: SecretMetadata } | null> {
    for (const [id, entry] of this.secrets) {
      if (entry.token === token) {
        this.secrets.delete(id);
        return { secret: entry.secret, metadata: entry.metadata };
      }
    }
    return null;
  }

  async reissue(id: string): Promise<{ token: string } | null> {
    const entry = this.secrets.get(id);
    if (!entry) return null;
    entry.token = `${id}${randomBytes(32).toString('base64url')}`;
    return { token: entry.token };
  }

  async open(id: string): Promise<string | null> {
    return this.secrets.get(id)?.secret ?? null;
  }

  async discard(id: string): Promise<void> {
    this.secrets.delete(id);
  }

  async purgeExpired(): Promise<SecretMetadata[]> {
    return [];
  }
}

/**
 * Sliding-window limits in memory, with the port's contract (tests/storage/rateLimiter.contract.ts runs on
 * it): instances made with one `sharedStore()` see the same counters, like bot instances on one table.
 */
export class MemoryRateLimiter implements RateLimiter {
  /** A store several instances may share: `${windowMs}|${key}` → the times of the counted uses. */
  static sharedStore(): Map<string, number[]> {
    return new Map();
  }

  constructor(
    private readonly clock: () => Date = () => new Date(),
    readonly logs: Map<string, number[]> = MemoryRateLimiter.sharedStore(),
  ) {}

  async consume(limits: readonly LimitUse[]): Promise<LimitOutcome> {
    const uses = checkUses(limits);
    const nowMs = this.clock().getTime();
    const slot = (use: CheckedUse): string => `${use.windowMs}|${use.key}`;
    // One synchronous pass: nothing else runs between the check and the count, as an atomic store would.
    const refusing = uses.find((use) => !fits(this.logs.get(slot(use)) ?? [], use, nowMs));
    if (refusing) return { ok: false, refused: refusing.key };
    for (const use of uses) this.logs.set(slot(use), counted(this.logs.get(slot(use)) ?? [], use, nowMs));
    return { ok: true };
  }
}

/** Records the cards the use cases replace. */
export class RecordingCards implements CardPort {
  readonly replaced: { location: CardLocation; card: object }[] = [];
  failing = false;

  async replace(location: CardLocation, card: object): Promise<void> {
    if (this.failing) throw new Error('the conversation is gone');
    this.replaced.push({ location, card });
  }

  readonly posted: { conversationReference: string; cards: readonly OutgoingCard[] }[] = [];

  async post(conversationReference: string, cards: readonly OutgoingCard[]): Promise<void> {
    if (this.failing) throw new Error('the conversation is gone');
    this.posted.push({ conversationReference, cards });
  }

  /** Cards posted one by one (an approval card), with where they landed. */
  readonly postedCards: {
    conversationReference: string;
    card: object;
    channelId?: string;
    activityId: string;
  }[] = [];

  async postCard(
    conversationReference: string,
    card: object,
    options: { channelId?: string } = {},
  ): Promise<CardLocation> {
    if (this.failing) throw new Error('the conversation is gone');
    const activityId = `card-${this.postedCards.length + 1}`;
    const reference = options.channelId
      ? JSON.stringify({ channel: options.channelId })
      : conversationReference;
    this.postedCards.push({
      conversationReference: reference,
      card,
      ...(options.channelId ? { channelId: options.channelId } : {}),
      activityId,
    });
    return { conversationReference: reference, activityId };
  }

  /** The JSON of the last card replaced. */
  last(): string {
    return JSON.stringify(this.replaced.at(-1)?.card ?? null);
  }
}

/** A user with sensible defaults. */
export function user(id: string, displayName: string, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  const local = displayName.toLowerCase().replace(/[^a-z]+/g, '.');
  return {
    id,
    displayName,
    givenName: displayName.split(' ')[0] ?? null,
    surname: displayName.split(' ')[1] ?? null,
    userPrincipalName: `${local}@contoso.com`,
    mail: `${local}@contoso.com`,
    otherMails: [],
    userType: 'Member',
    accountEnabled: true,
    onPremisesSyncEnabled: false,
    preferredLanguage: null,
    ...overrides,
  };
}

/** A profile holding the given tenant-wide roles. */
export function profile(
  u: DirectoryUser,
  roleTemplateIds: string[] = [],
  overrides: Partial<SecurityProfile> = {},
): SecurityProfile {
  return {
    user: u,
    roleAssignments: roleTemplateIds.map((roleTemplateId) => ({
      roleTemplateId,
      isBuiltIn: true,
      roleDisplayName: roleTemplateId,
      directoryScopeId: '/',
      viaGroupId: null,
    })),
    eligibleRoleAssignments: [],
    administrativeUnits: [],
    roleAssignableGroupIds: [],
    eligibleRoleAssignableGroupIds: [],
    federated: false,
    groupRolesRead: true,
    ...overrides,
  };
}

/** A Temporary Access Pass policy as Entra's defaults have it, enabled. */
export const DEFAULT_TAP_POLICY: TapPolicy = {
  state: 'enabled',
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  defaultLifetimeInMinutes: 60,
  isUsableOnce: false,
  defaultLength: 8,
};

/**
 * A directory stub answering from a list of profiles; every method is a sinon stub to assert on.
 * `tapPolicy` answers the policy read (Entra's defaults); `createTap` creates passes `Tap-1…`, `Tap-2…`.
 * `applyChanges` goes through one stub per kind of change (`resetPassword`, `revokeSessions`,
 * `sendMail`), so a test can count them or make one fail: a GraphError that is ambiguous becomes
 * 'unknown', any other 'failed'; after a first change that did not succeed the rest are 'not-run'.
 */
export function stubDirectory(sandbox: sinon.SinonSandbox, profiles: SecurityProfile[]) {
  const byId = new Map(profiles.map((p) => [p.user.id, p]));
  let receipt = 0;
  const next = async () => ({ requestId: `graph-${++receipt}` });
  const resetPassword = sandbox
    .stub<[string, string, boolean], Promise<{ requestId: string }>>()
    .callsFake(next);
  const revokeSessions = sandbox.stub<[string], Promise<{ requestId: string }>>().callsFake(next);
  const sendMail = sandbox.stub<[string, OutgoingMail], Promise<{ requestId: string }>>().callsFake(next);
  const tapPolicy = sandbox.stub<[], TapPolicy>().returns(DEFAULT_TAP_POLICY);
  let passes = 0;
  const createTap = sandbox
    .stub<[string, TapRequest], Promise<TapOutcome>>()
    .callsFake(async (_userId, request) => {
      passes += 1;
      return {
        status: 'done',
        requestId: `graph-${++receipt}`,
        pass: `Tap-${passes}-${randomBytes(6).toString('base64url')}`,
        created: {
          methodId: randomUUID(),
          startDateTime: request.startDateTime ?? new Date().toISOString(),
          lifetimeInMinutes: request.lifetimeInMinutes,
          isUsableOnce: request.isUsableOnce,
        },
      };
    });
  const directory = {
    search: sandbox
      .stub<Parameters<DirectoryPort['search']>, ReturnType<DirectoryPort['search']>>()
      .callsFake(async (requesterId, queries, limit) => {
        const requester = byId.get(requesterId);
        if (!requester) throw new AppError(ErrorCodes.GRAPH_NOT_FOUND);
        const results = queries.map((query) => {
          const q = query.toLowerCase();
          const users = profiles
            .map((p) => p.user)
            .filter(
              (u) =>
                u.displayName.toLowerCase().startsWith(q) || u.userPrincipalName.toLowerCase().startsWith(q),
            );
          const exact = users.filter((u) => u.displayName.toLowerCase() === q);
          const chosen = exact.length > 0 ? exact : users;
          return { query, users: chosen.slice(0, limit), more: chosen.length > limit };
        });
        return { requester, results };
      }),
    readProfiles: sandbox
      .stub<Parameters<DirectoryPort['readProfiles']>, ReturnType<DirectoryPort['readProfiles']>>()
      .callsFake(async (query) => {
        const targets = new Map<string, SecurityProfile>();
        for (const target of query.targets ?? []) {
          const found = byId.get(target.id);
          if (found) targets.set(target.id, found);
        }
        const requester = query.requester ? byId.get(query.requester.id) : undefined;
        if (query.requester && !requester) throw new AppError(ErrorCodes.GRAPH_NOT_FOUND);
        return {
          ...(requester ? { requester } : {}),
          targets,
          ...(query.tapPolicy ? { tapPolicy: tapPolicy() } : {}),
        };
      }),
    applyChanges: sandbox
      .stub<Parameters<DirectoryPort['applyChanges']>, ReturnType<DirectoryPort['applyChanges']>>()
      .callsFake(async (userId: string, changes: readonly Change[]) => {
        const outcomes: ChangeOutcome[] = [];
        for (const change of changes) {
          const needed = [outcomes[0], ...(change.afterPrevious ? [outcomes.at(-1)] : [])];
          if (outcomes.length > 0 && needed.some((outcome) => outcome?.status !== 'done')) {
            outcomes.push({ status: 'not-run' });
            continue;
          }
          try {
            const done =
              change.kind === 'reset-password'
                ? await resetPassword(userId, change.password, change.forceChange)
                : change.kind === 'revoke-sessions'
                  ? await revokeSessions(userId)
                  : await sendMail(change.sender, change.mail);
            outcomes.push({ status: 'done', requestId: done.requestId });
          } catch (error) {
            if (!(error instanceof GraphError)) throw error;
            outcomes.push({ status: error.ambiguous ? 'unknown' : 'failed', error });
          }
        }
        return outcomes;
      }),
    createTemporaryAccessPass: sandbox
      .stub<
        Parameters<DirectoryPort['createTemporaryAccessPass']>,
        ReturnType<DirectoryPort['createTemporaryAccessPass']>
      >()
      .callsFake(async (userId, request) => {
        try {
          return await createTap(userId, request);
        } catch (error) {
          if (!(error instanceof GraphError)) throw error;
          return { status: error.ambiguous ? 'unknown' : 'failed', error };
        }
      }),
    resetPassword,
    revokeSessions,
    sendMail,
    tapPolicy,
    createTap,
  };
  return directory satisfies DirectoryPort;
}

/** Settings for unit tests. */
export function testSettings(overrides: Partial<ResetSettings> = {}): ResetSettings {
  return {
    tenantId: 'tenant-1',
    tenantName: 'contoso',
    mailSender: 'helpdesk@contoso.com',
    delivery: 'link',
    publicUrl: 'https://bot.example',
    linkTtlMs: 86_400_000,
    requestTtlMs: 30 * 60_000,
    helpdeskContact: 'helpdesk@contoso.com',
    allowedRecipientDomains: [],
    perRequesterPerHour: 20,
    perTargetPerDay: 3,
    notifyTarget: true,
    recoverAfterMs: 30_000,
    targetConcurrency: 4,
    approval: { forAdmins: true, groupIds: [], ttlMs: 30 * 60_000, channelId: '' },
    ...overrides,
  };
}

/** Deps wired from the in-memory ports. */
export function memoryDeps(
  directory: DirectoryPort,
  overrides: Partial<Omit<ResetDeps, 'settings'>> & { settings?: Partial<ResetSettings> } = {},
) {
  const requests = new MemoryRequestStore();
  const audit = new MemoryAuditLog(requests);
  const secrets = new MemoryVault();
  const rateLimiter = new MemoryRateLimiter();
  const cards = new RecordingCards();
  const { settings, ...rest } = overrides;
  const deps: ResetDeps = {
    directory,
    requests,
    audit,
    secrets,
    rateLimiter,
    cards,
    settings: testSettings(settings),
    logger: silentLogger(),
    now: () => new Date(),
    ...rest,
  };
  return { deps, requests, audit, secrets, rateLimiter, cards };
}
