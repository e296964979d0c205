/**
 * The ports the use cases call, in the use cases' own terms. Microsoft Graph implements the directory
 * (src/directory/), Azure Table storage the rest (src/storage/, Azurite locally); tests run the same
 * contracts against in-memory implementations.
 *
 * Directory failures surface as GraphError (src/errors.ts) with a stable code:
 * 401/403 → GRAPH_DENIED, 404 → GRAPH_NOT_FOUND, 400 → GRAPH_BAD_REQUEST, 429 → GRAPH_THROTTLED,
 * 5xx/timeout/dropped connection → GRAPH_UNAVAILABLE (ambiguous = true); token endpoint trouble →
 * GRAPH_UNAVAILABLE too, and only a refused credential → GRAPH_DENIED.
 * Storage failures surface as AppError STORAGE_UNAVAILABLE, a lost ETag race as STORAGE_CONFLICT.
 */
import type { GraphError } from '../errors';
import type { DirectoryUser, SecurityProfile } from '../policy/profile';
import type { TapPolicy } from '../policy/tapPolicy';
import type { AuditEntry, EntryFilters } from './auditEntry';
import type { AuditEvent, AuditRecord, CreatedTap, ResetRequest, SecretMetadata } from './model';

// ---------------------------------------------------------------------------------------------------
// Directory (Microsoft Graph)

/** Per-call options. */
export interface CallOptions {
  /** Correlates Graph's client-request-id with our audit records. */
  readonly correlationId?: string;
  readonly signal?: AbortSignal;
}

/** The users one query found. */
export interface UserSearchResult {
  readonly query: string;
  readonly users: readonly DirectoryUser[];
  /** True when more users matched than were returned. */
  readonly more: boolean;
}

/** A mail message the bot sends; bodies are HTML. */
export interface OutgoingMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
}

/** Whose profiles to read, and how. */
export interface ProfileQuery {
  /**
   * The requester: active roles, including those held through role-assignable groups. `knownGroupIds`
   * are groups seen before (read in the same round trip); `partial` is a profile from `search` to finish.
   */
  readonly requester?: {
    readonly id: string;
    readonly knownGroupIds?: readonly string[];
    readonly partial?: SecurityProfile;
  };
  /**
   * Targets: roles (active, and eligible through PIM), units, role-assignable groups, domain. `upn` is
   * the UPN as last seen, so its domain is read in the same round trip.
   */
  readonly targets?: readonly { readonly id: string; readonly upn?: string }[];
  /** Users already read in this run (by a search): not read again. */
  readonly knownUsers?: readonly DirectoryUser[];
  /** Also read the tenant's Temporary Access Pass policy, in the same round trip. */
  readonly tapPolicy?: boolean;
}

/** Profiles read by one {@link DirectoryPort.readProfiles}. */
export interface Profiles {
  readonly requester?: SecurityProfile;
  readonly targets: ReadonlyMap<string, SecurityProfile>;
  /** When asked for: the tenant's Temporary Access Pass policy. */
  readonly tapPolicy?: TapPolicy;
}

/** A Temporary Access Pass to create. */
export interface TapRequest {
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
  /** Absent: usable from the moment it is created. */
  readonly startDateTime?: string;
}

/**
 * What became of one creation. `done` carries the pass itself, which Graph shows only in this answer.
 * `failed`: Graph refused, no pass was made. `unknown`: no answer came (5xx, timeout, lost connection, or an
 * answer without the pass), so a pass may exist that nobody knows.
 */
export type TapOutcome =
  | {
      readonly status: 'done';
      readonly requestId: string;
      readonly pass: string;
      readonly created: CreatedTap;
    }
  | { readonly status: 'failed' | 'unknown'; readonly error: GraphError };

/**
 * One change to a user. The changes of one call run in order; each needs the first change to have
 * succeeded, and one marked `afterPrevious` also the change just before it (a notice only follows a
 * password mail that went).
 */
export type Change = (
  | { readonly kind: 'reset-password'; readonly password: string; readonly forceChange: boolean }
  | { readonly kind: 'revoke-sessions' }
  | { readonly kind: 'send-mail'; readonly sender: string; readonly mail: OutgoingMail }
) & { readonly afterPrevious?: boolean };

/**
 * What became of one change. `failed`: Graph refused it, nothing happened. `unknown`: no answer came
 * (5xx, timeout, lost connection), so it may have happened. `not-run`: an earlier change of the same
 * call did not succeed, so Graph did not attempt this one.
 */
export type ChangeOutcome =
  | { readonly status: 'done'; readonly requestId: string }
  | { readonly status: 'failed' | 'unknown'; readonly error: GraphError }
  | { readonly status: 'not-run' };

/** The Graph port. */
export interface DirectoryPort {
  /**
   * One round trip: the users each query names (exact matches win over prefix matches), and the
   * requester's profile as far as that round trip reads it (`groupRolesRead` false when roles held
   * through groups still have to be read by {@link readProfiles}).
   */
  search(
    requesterId: string,
    queries: readonly string[],
    limit: number,
    options?: CallOptions,
  ): Promise<{ requester: SecurityProfile; results: readonly UserSearchResult[] }>;
  /** One round trip (a second only when the requester joined a role-assignable group since the hint). */
  readProfiles(query: ProfileQuery, options?: CallOptions): Promise<Profiles>;
  /**
   * One round trip: the changes to one user, in order (see {@link Change} for what each needs). 429s
   * are waited out and repeated inside the call; a password change is repeated with the same password
   * after an ambiguous failure; a mail is never repeated after one.
   */
  applyChanges(userId: string, changes: readonly Change[], options?: CallOptions): Promise<ChangeOutcome[]>;
  /**
   * One round trip: creates a Temporary Access Pass for the user (replacing any pass the user had). Never
   * repeated after an ambiguous failure: a second pass would silently replace the first. Only a 429 or a
   * call that never left is sent again.
   */
  createTemporaryAccessPass(userId: string, request: TapRequest, options?: CallOptions): Promise<TapOutcome>;
}

// ---------------------------------------------------------------------------------------------------
// Storage

/** A stored value with the ETag to update it safely. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/**
 * Requests and their audit trail, kept together: a request's records are written in the same
 * transaction as the state change they describe, so the two cannot disagree, and only the holder of the
 * current ETag can add to a request's record.
 */
export interface RequestStore {
  /** Stores a new request with the records of how it was opened; STORAGE_CONFLICT if the id exists. */
  create(request: ResetRequest, audit: readonly AuditEvent[]): Promise<Versioned<ResetRequest>>;
  /** The request and its ETag, or null (also for ids that cannot be storage keys). */
  get(id: string): Promise<Versioned<ResetRequest> | null>;
  /**
   * Replaces the request if `etag` is current and appends `audit` to its records, both or neither;
   * STORAGE_CONFLICT when the ETag moved (someone else holds the request now).
   */
  save(request: ResetRequest, etag: string, audit?: readonly AuditEvent[]): Promise<Versioned<ResetRequest>>;
  /**
   * Appends records that change nothing about the request (a link opened or expired) to a chain of
   * their own in the request's record, so they never contend with the run that holds the request.
   */
  note(requestId: string, audit: readonly AuditEvent[]): Promise<void>;
  /**
   * Requests in state 'claimed' (work a crash may have left between two steps) or 'awaiting-approval'
   * (whose deadline housekeeping watches).
   */
  listUnfinished(): Promise<Versioned<ResetRequest>[]>;
}

/** Filters of an audit listing. */
export interface AuditQuery {
  /** Case-insensitive prefix of a target's UPN. */
  readonly target?: string;
  /** Case-insensitive prefix of the requester's UPN. */
  readonly requester?: string;
  /** Only requests opened at or after this time (ISO). */
  readonly since?: string;
  /** Only requests opened before this time (ISO). */
  readonly until?: string;
  readonly limit: number;
  /** Continues a previous listing. */
  readonly cursor?: string;
}

/** One request as the audit listing finds it (its outcome comes from the request itself). */
export interface ListedRequest {
  readonly requestId: string;
  readonly at: string;
}

/** A page of a listing. */
export interface AuditPage {
  readonly entries: readonly ListedRequest[];
  readonly cursor?: string;
}

/** What a listing of entries (one per request and user, src/reset/auditEntry.ts) asks for. */
export interface EntryQuery extends EntryFilters {
  /** Entries per page (1–100). */
  readonly limit: number;
  /** Continues a previous page. */
  readonly cursor?: string;
  /** Which entries the reader may see: a page holds only those, and is filled from older requests. */
  readonly visible?: (entry: AuditEntry) => boolean;
}

/** A page of entries; `cursor` is there when there may be more. */
export interface EntryPage {
  readonly entries: readonly AuditEntry[];
  readonly cursor?: string;
}

/** The result of checking the trail. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Records checked. */
  readonly checked: number;
  readonly requests: number;
  /** What is wrong, first problems first (at most a few dozen). */
  readonly problems: readonly string[];
}

/** Reading and checking the audit trail. */
export interface AuditLog {
  /** Requests newest first, by the filters; never a scan of the whole trail. */
  list(query: AuditQuery): Promise<AuditPage>;
  /**
   * Entries newest first, one per request and user, by the filters (through the same index as `list`,
   * never a scan of the whole trail). A page reads a bounded number of requests: when `visible` hides most
   * of them it may hold fewer entries than asked, with a cursor to go on.
   */
  entries(query: EntryQuery): Promise<EntryPage>;
  /** Every record of one request (its notes included), oldest first. */
  history(requestId: string): Promise<AuditRecord[]>;
  /** Seals the hours that ended (what each hour opened), so a deleted request cannot go unnoticed. */
  seal(now?: Date): Promise<number>;
  /** Checks every chain, the index and the seals; names what does not verify. */
  verify(): Promise<AuditVerification>;
}

/**
 * One audit event as it leaves the process (src/auditSink.ts): an audit record with the outcome of its
 * entry, or an event about the trail itself (an export). Never a password.
 */
export interface OutgoingAuditEvent {
  /** An AuditAction, or `audit-exported` / `audit-export-downloaded`. */
  readonly action: string;
  readonly at: string;
  readonly requestId?: string;
  readonly correlationId?: string;
  readonly requesterId?: string;
  readonly requesterUpn?: string;
  readonly targetId?: string;
  readonly targetUpn?: string;
  /** Where the entry (request and user) stands after this event: an EntryOutcome code. */
  readonly outcome?: string;
  readonly reasonCode?: string;
  readonly recipients?: readonly string[];
  readonly graphRequestIds?: readonly string[];
  readonly detail?: string;
  /** Exports: how many entries, and with which filters. */
  readonly entries?: number;
  readonly filters?: string;
}

/** Where audit events go besides the trail: the structured log and, when configured, Application Insights. */
export interface AuditEventSink {
  /** Never throws: the trail is written already, and the event must not undo that. */
  emit(event: OutgoingAuditEvent): void;
}

/** One-time secrets for links: encrypted at rest (AES-256-GCM, rotating keys), deleted when revealed. */
export interface SecretVault {
  /** Stores an encrypted secret; returns its id and the unguessable token that goes into the link. */
  put(secret: string, metadata: SecretMetadata): Promise<{ id: string; token: string }>;
  /** The metadata for a link token without revealing or burning it (the GET page), or null. */
  peek(token: string): Promise<SecretMetadata | null>;
  /** Decrypts, deletes and returns the secret exactly once; null when gone, expired or wrong. */
  reveal(token: string): Promise<{ secret: string; metadata: SecretMetadata } | null>;
  /** Issues a fresh token for an existing secret (resend), invalidating the old one. */
  reissue(id: string): Promise<{ token: string } | null>;
  /**
   * Crash recovery only: the plaintext of a kept secret, neither burned nor reissued, so the same
   * password can be applied again while a link that may have been mailed keeps working.
   */
  open(id: string): Promise<string | null>;
  /** Deletes a secret that is no longer needed (delivered inline, or never applied). */
  discard(id: string): Promise<void>;
  /** Deletes expired secrets; returns the metadata of each, for the audit trail. */
  purgeExpired(now?: Date): Promise<SecretMetadata[]>;
}

/** One limit a request counts against: at most `limit` uses of `key` in any span of `windowMs`. */
export interface LimitUse {
  readonly key: string;
  /** Whole number from 0 to MAX_RATE_LIMIT (src/policy/rateLimits.ts). */
  readonly limit: number;
  /** Positive whole number of milliseconds. */
  readonly windowMs: number;
  /** Uses this request counts (default 1), e.g. one per target of a bulk reset. */
  readonly amount?: number;
}

/** The outcome of counting: everything was counted, or nothing was, and `refused` names the first limit hit. */
export type LimitOutcome = { readonly ok: true } | { readonly ok: false; readonly refused: string };

/**
 * Sliding-window limits shared by every instance: a use counts for exactly `windowMs` after it happened, so
 * no burst fits across a window boundary.
 */
export interface RateLimiter {
  /**
   * Counts the request against every limit at once, or against none: when any limit would be exceeded,
   * nothing is counted (a refused request spends no budget) and the first such limit, in the order given,
   * is named. A key given twice, or a malformed limit, is a RangeError.
   */
  consume(limits: readonly LimitUse[]): Promise<LimitOutcome>;
}
