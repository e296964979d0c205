/**
 * Storage ports: request state (optimistic concurrency with ETags), the audit trail, one-time secrets
 * and rate-limit counters. Azure Table storage implements them (Azurite locally); use cases depend on
 * these interfaces only.
 */

/** The lifecycle of one target inside a request. Each step is audited before it happens. */
export type TargetState =
  | 'pending'
  | 'reset-intent'
  | 'reset'
  | 'reset-failed'
  | 'revoke-intent'
  | 'revoked'
  | 'mail-intent'
  | 'mailed'
  | 'mail-unknown'
  | 'mail-failed';

/** The lifecycle of a request as a whole. */
export type RequestState = 'open' | 'claimed' | 'done' | 'cancelled';

/** One user a request resets. */
export interface RequestTarget {
  readonly userId: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly accountEnabled: boolean;
  /** Suggested recipients shown on the form (alternate mails and the requester's address). */
  readonly suggestedRecipients: readonly string[];
  state: TargetState;
  /** Chosen at submit. */
  recipients?: readonly string[];
  /** Id of the one-time secret (link mode); the secret itself is only in the vault, encrypted. */
  secretId?: string;
  graphRequestIds?: string[];
  failureCode?: string;
  completedAt?: string;
}

/** Where the card lives, so it can be replaced later (opaque to storage; serialized JSON). */
export interface CardLocation {
  readonly conversationReference: string;
  activityId: string;
}

/** A reset request as stored. Card data carries only `id`. */
export interface ResetRequest {
  readonly id: string;
  readonly tenantId: string;
  readonly requesterId: string;
  readonly requesterName: string;
  readonly requesterUpn: string;
  /** The requester's Teams user id ("29:…"), for `refresh.userIds`; authorization uses `requesterId`. */
  readonly requesterTeamsId?: string;
  readonly locale: 'en' | 'ja';
  readonly conversationType: 'personal' | 'groupChat' | 'channel';
  readonly createdAt: string;
  readonly expiresAt: string;
  state: RequestState;
  targets: RequestTarget[];
  card?: CardLocation;
  /** Submit choices (never the password). */
  options?: {
    passwordMode: 'auto' | 'custom';
    forceChange: boolean;
    revokeSessions: boolean;
  };
  claimedAt?: string;
  claimedBy?: string;
  /** Runs that stopped on an unexpected failure; after a few, in-between targets are settled for good. */
  runAttempts?: number;
  /** Failed attempts to replace the card; the request stays claimed (recovery retries) until it works. */
  cardAttempts?: number;
  updatedAt?: string;
}

/** A stored value with the ETag to update it safely. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/** Thrown (code STORAGE_CONFLICT) when an update's ETag no longer matches: someone else won. */
export interface RequestStore {
  create(request: ResetRequest): Promise<Versioned<ResetRequest>>;
  get(id: string): Promise<Versioned<ResetRequest> | null>;
  /** Replaces the request if `etag` is still current; otherwise throws AppError STORAGE_CONFLICT. */
  update(request: ResetRequest, etag: string): Promise<Versioned<ResetRequest>>;
  /** Requests not final (claimed, with a target in between), for recovery after a crash. */
  listUnfinished(): Promise<Versioned<ResetRequest>[]>;
}

/** What happened, for the audit trail. Never carries a password. */
export type AuditAction =
  | 'requested'
  | 'refused'
  | 'submitted'
  | 'reset-intent'
  | 'reset'
  | 'reset-failed'
  | 'revoke-intent'
  | 'sessions-revoked'
  | 'revoke-failed'
  | 'mail-intent'
  | 'mail-accepted'
  | 'mail-failed'
  | 'mail-unknown'
  | 'notice-sent'
  | 'link-viewed'
  | 'link-expired'
  | 'cancelled';

/** One audit record. */
export interface AuditEvent {
  readonly action: AuditAction;
  readonly requestId: string;
  readonly correlationId: string;
  readonly requesterId: string;
  readonly requesterUpn: string;
  readonly targetId?: string;
  readonly targetUpn?: string;
  readonly recipients?: readonly string[];
  readonly reasonCode?: string;
  readonly graphRequestIds?: readonly string[];
  readonly detail?: string;
}

/** A stored audit record: the event plus time, sequence and hash chain. */
export interface AuditRecord extends AuditEvent {
  readonly at: string;
  readonly sequence: number;
  readonly previousHash: string;
  readonly hash: string;
}

/** Append-only audit trail. `append` resolves only once the record is durable. */
export interface AuditTrail {
  append(event: AuditEvent): Promise<AuditRecord>;
  /** Newest first; `user` matches requester or target UPN/id (case-insensitive prefix). */
  query(filter: { user?: string; limit: number }): Promise<AuditRecord[]>;
  /** Walks the hash chain; names the first record that does not verify. */
  verify(): Promise<{ ok: boolean; checked: number; firstBroken?: { sequence: number; reason: string } }>;
}

/** Metadata kept next to a one-time secret (not secret itself). */
export interface SecretMetadata {
  readonly requestId: string;
  readonly targetUpn: string;
  readonly targetDisplayName: string;
  readonly locale: 'en' | 'ja';
  readonly expiresAt: string;
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
   * Crash recovery only: a fresh token for an existing secret (old tokens stop working) AND its plaintext,
   * without burning it, so the same password can be applied again and still be delivered.
   */
  recover(id: string): Promise<{ secret: string; token: string } | null>;
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
