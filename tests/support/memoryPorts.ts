/**
 * In-memory implementations of our own storage ports and a sinon-stubbed directory, for unit tests of the
 * use cases. They keep the ports' contracts (ETag conflicts, one-time reveal) so the tests mean something.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import sinon from 'sinon';
import type { DirectoryPort, DirectoryUser, SecurityProfile } from '../../src/directory/port';
import { AppError, ErrorCodes } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import type { ResetDeps, ResetSettings } from '../../src/reset/deps';
import { checkUses, counted, fits, type CheckedUse } from '../../src/storage/limitUses';
import type {
  AuditEvent,
  AuditRecord,
  AuditTrail,
  LimitOutcome,
  LimitUse,
  RateLimiter,
  RequestStore,
  ResetRequest,
  SecretMetadata,
  SecretVault,
  Versioned,
} from '../../src/storage/ports';

/** Requests with ETags, like Table storage. */
export class MemoryRequestStore implements RequestStore {
  readonly rows = new Map<string, Versioned<ResetRequest>>();

  async create(request: ResetRequest): Promise<Versioned<ResetRequest>> {
    if (this.rows.has(request.id)) throw new AppError(ErrorCodes.STORAGE_CONFLICT);
    return this.put(request);
  }

  async get(id: string): Promise<Versioned<ResetRequest> | null> {
    const row = this.rows.get(id);
    return row ? { value: structuredClone(row.value), etag: row.etag } : null;
  }

  async update(request: ResetRequest, etag: string): Promise<Versioned<ResetRequest>> {
    const row = this.rows.get(request.id);
    if (!row || row.etag !== etag) throw new AppError(ErrorCodes.STORAGE_CONFLICT);
    return this.put(request);
  }

  async listUnfinished(): Promise<Versioned<ResetRequest>[]> {
    return [...this.rows.values()]
      .filter((row) => row.value.state === 'claimed')
      .map((row) => structuredClone(row));
  }

  private put(request: ResetRequest): Versioned<ResetRequest> {
    const row = { value: structuredClone(request), etag: randomUUID() };
    this.rows.set(request.id, row);
    return structuredClone(row);
  }
}

/** An audit trail that records events in order. */
export class MemoryAudit implements AuditTrail {
  readonly records: AuditRecord[] = [];
  failing = false;

  async append(event: AuditEvent): Promise<AuditRecord> {
    if (this.failing) throw new AppError(ErrorCodes.STORAGE_UNAVAILABLE);
    const record = {
      ...event,
      at: new Date().toISOString(),
      sequence: this.records.length + 1,
      previousHash: '',
      hash: '',
    };
    this.records.push(record);
    return record;
  }

  async query(filter: { user?: string; limit: number }): Promise<AuditRecord[]> {
    return [...this.records].reverse().slice(0, filter.limit);
  }

  async verify(): Promise<{ ok: boolean; checked: number }> {
    return { ok: true, checked: this.records.length };
  }

  actions(): string[] {
    return this.records.map((record) => record.action);
  }
}

/** A vault that keeps secrets in memory, revealed once. */
export class MemoryVault implements SecretVault {
  readonly secrets = new Map<string, { secret: string; metadata: SecretMetadata; token: string }>();

  async put(secret: string, metadata: SecretMetadata): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const token = randomBytes(32).toString('base64url');
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
    entry.token = randomBytes(32).toString('base64url');
    return { token: entry.token };
  }

  async recover(id: string): Promise<{ secret: string; token: string } | null> {
    const reissued = await this.reissue(id);
    const entry = this.secrets.get(id);
    return reissued && entry ? { secret: entry.secret, token: reissued.token } : null;
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
    ...overrides,
  };
}

/** A directory stub answering from a list of profiles; every method is a sinon stub to assert on. */
export function stubDirectory(sandbox: sinon.SinonSandbox, profiles: SecurityProfile[]) {
  const byId = new Map(profiles.map((p) => [p.user.id, p]));
  let receipt = 0;
  const next = () => ({ requestId: `graph-${++receipt}` });
  const directory = {
    getUser: sandbox
      .stub<Parameters<DirectoryPort['getUser']>, ReturnType<DirectoryPort['getUser']>>()
      .callsFake(
        async (id) =>
          byId.get(id)?.user ?? profiles.find((p) => p.user.userPrincipalName === id)?.user ?? null,
      ),
    findUsers: sandbox
      .stub<Parameters<DirectoryPort['findUsers']>, ReturnType<DirectoryPort['findUsers']>>()
      .callsFake(async (query, limit) => {
        const q = query.toLowerCase();
        const users = profiles
          .map((p) => p.user)
          .filter(
            (u) =>
              u.displayName.toLowerCase().startsWith(q) || u.userPrincipalName.toLowerCase().startsWith(q),
          );
        return { users: users.slice(0, limit), more: users.length > limit };
      }),
    getSecurityProfile: sandbox
      .stub<
        Parameters<DirectoryPort['getSecurityProfile']>,
        ReturnType<DirectoryPort['getSecurityProfile']>
      >()
      .callsFake(async (id) => {
        const found = byId.get(id);
        if (!found) throw new AppError(ErrorCodes.GRAPH_NOT_FOUND);
        return found;
      }),
    resetPassword: sandbox
      .stub<Parameters<DirectoryPort['resetPassword']>, ReturnType<DirectoryPort['resetPassword']>>()
      .callsFake(async () => next()),
    revokeSessions: sandbox
      .stub<Parameters<DirectoryPort['revokeSessions']>, ReturnType<DirectoryPort['revokeSessions']>>()
      .callsFake(async () => next()),
    sendMail: sandbox
      .stub<Parameters<DirectoryPort['sendMail']>, ReturnType<DirectoryPort['sendMail']>>()
      .callsFake(async () => next()),
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
    ...overrides,
  };
}

/** Deps wired from the in-memory ports. */
export function memoryDeps(
  directory: DirectoryPort,
  overrides: Partial<Omit<ResetDeps, 'settings'>> & { settings?: Partial<ResetSettings> } = {},
) {
  const requests = new MemoryRequestStore();
  const audit = new MemoryAudit();
  const secrets = new MemoryVault();
  const rateLimiter = new MemoryRateLimiter();
  const { settings, ...rest } = overrides;
  const deps: ResetDeps = {
    directory,
    requests,
    audit,
    secrets,
    rateLimiter,
    settings: testSettings(settings),
    logger: silentLogger(),
    now: () => new Date(),
    ...rest,
  };
  return { deps, requests, audit, secrets, rateLimiter };
}
