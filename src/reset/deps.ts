/**
 * What the reset use cases need from the outside world, injected by the composition root. Tests build
 * it with real adapters (integration) or in-memory ports and sinon stubs (units).
 */
import type { Logger } from '../logger';
import type {
  AuditEventSink,
  AuditLog,
  DirectoryPort,
  RateLimiter,
  RequestStore,
  SecretVault,
} from './ports';
import type { CardPort } from './types';

/** Settings the use cases read (a slice of Config, so tests need not build a whole one). */
export interface ResetSettings {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly mailSender: string;
  readonly delivery: 'link' | 'inline';
  readonly publicUrl: string;
  readonly linkTtlMs: number;
  readonly requestTtlMs: number;
  readonly helpdeskContact: string;
  readonly allowedRecipientDomains: readonly string[];
  readonly perRequesterPerHour: number;
  readonly perTargetPerDay: number;
  /** A claimed request untouched this long is taken over by recovery; runs renew their claim well before. */
  readonly recoverAfterMs: number;
  /** Whether to send the short notice (no password) to the target's own addresses after a reset. */
  readonly notifyTarget: boolean;
  /** Users of one request worked on at once (the sending mailbox takes 4 concurrent requests). */
  readonly targetConcurrency: number;
  /** Four-eyes approval for privileged targets (README, "Four-eyes approval"). */
  readonly approval: ApprovalSettings;
}

/** When a second admin must approve, where the approval card goes, and for how long it waits. */
export interface ApprovalSettings {
  /** Users who hold, or are eligible for, any admin role need a second admin's approval. */
  readonly forAdmins: boolean;
  /** Direct members of these groups (object ids, lower case) need it too. */
  readonly groupIds: readonly string[];
  /** How long a request waits for approval before it expires. */
  readonly ttlMs: number;
  /** The Teams channel ("19:…@thread.tacv2") for requests made in a personal chat; empty: none. */
  readonly channelId: string;
}

/** The ports and settings of the reset use cases. */
export interface ResetDeps {
  readonly directory: DirectoryPort;
  readonly requests: RequestStore;
  readonly audit: AuditLog;
  readonly secrets: SecretVault;
  readonly rateLimiter: RateLimiter;
  readonly cards: CardPort;
  readonly settings: ResetSettings;
  readonly logger: Logger;
  /**
   * Where events about the audit trail itself (an export) go besides the log; the trail's own records reach
   * it through the RequestStore (src/reset/auditEvents.ts). Optional so tests may leave it out.
   */
  readonly auditEvents?: AuditEventSink;
  /** Injectable clock, so expiry can be tested without waiting. */
  readonly now: () => Date;
}
