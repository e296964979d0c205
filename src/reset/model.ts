/**
 * The request model the use cases own: a request, the users it acts on and where each step on each user
 * stands, and what the audit trail records about it. Storage keeps it (src/storage/); nothing here
 * knows how.
 */
import type { Locale } from '../i18n';
import type { TargetReach } from '../policy/auditScope';

/** The lifecycle of a request. 'refused': nothing was opened; the attempt is on record all the same. */
export type RequestState = 'open' | 'claimed' | 'done' | 'cancelled' | 'refused';

/** The changes a run makes to one user, in the order Graph applies them. */
export type StepName = 'reset' | 'revoke' | 'mail' | 'notice';

/**
 * Where one step stands. `sent`: audited and handed to Graph, its answer not recorded yet (after a crash
 * it means "may have happened"); `unknown`: Graph's answer never came (5xx, timeout, lost connection);
 * `not-run`: Graph skipped it because a step before it failed.
 */
export type StepStatus = 'sent' | 'done' | 'failed' | 'unknown' | 'not-run';

/**
 * Where one user stands. Final: `refused`, `reset-failed`, `mailed`, `mail-failed`, `mail-unknown`;
 * `running` means the steps say how far it got.
 */
export type TargetState =
  'pending' | 'running' | 'refused' | 'reset-failed' | 'mailed' | 'mail-failed' | 'mail-unknown';

/** Target states nothing more will happen to (a resend may still mail again). */
export const FINAL_TARGET_STATES: ReadonlySet<TargetState> = new Set<TargetState>([
  'refused',
  'reset-failed',
  'mailed',
  'mail-failed',
  'mail-unknown',
]);

/** One user a request acts on. */
export interface RequestTarget {
  readonly userId: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly accountEnabled: boolean;
  /** Suggested recipients shown on the form (alternate mails and the requester's address). */
  readonly suggestedRecipients: readonly string[];
  state: TargetState;
  steps?: Partial<Record<StepName, StepStatus>>;
  /** Chosen at submit. */
  recipients?: readonly string[];
  /** The user's own addresses for the notice (never the password), read fresh at authorization. */
  noticeTo?: readonly string[];
  /** Id of the kept secret; the secret itself is only in the vault, encrypted. */
  secretId?: string;
  /**
   * When this attempt authorized the user against fresh roles. Cleared by a submit and by a resend, so
   * every path re-authorizes before it changes anything; a recovery finishes what was authorized.
   */
  authorizedAt?: string;
  /** A resend is under way; the state to go back to if it is refused or never starts. */
  resendOf?: 'mail-failed' | 'mail-unknown';
  graphRequestIds?: string[];
  failureCode?: string;
  completedAt?: string;
  /**
   * The user's roles, units and role-assignable groups when last read for this request: who may read its
   * audit entries is decided against them (src/policy/auditScope.ts), without a Graph call per entry.
   */
  reach?: TargetReach;
}

/**
 * A name of a bulk request that matched several users: the form asks which one (or none), and the user
 * chosen at submit becomes a target, authorized like any other.
 */
export interface NameChoice {
  /** The name as typed (shown to the requester only). */
  readonly query: string;
  readonly candidates: readonly {
    readonly userId: string;
    readonly displayName: string;
    readonly userPrincipalName: string;
    readonly accountEnabled: boolean;
  }[];
  /** Set at submit: the UPN of the candidate chosen, or null when the name was left out. */
  chosen?: string | null;
}

/** Where the card lives, so it can be replaced later (opaque to the use cases; serialized JSON). */
export interface CardLocation {
  readonly conversationReference: string;
  activityId: string;
}

/** The choices of a submit (never the password). */
export interface SubmitOptions {
  readonly passwordMode: 'auto' | 'custom';
  readonly forceChange: boolean;
  readonly revokeSessions: boolean;
}

/** The end of a request's audit chain, kept by storage next to the request. */
export interface AuditChainHead {
  readonly sequence: number;
  readonly hash: string;
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
  /**
   * The requester's role-assignable groups when the request was opened: a hint of which groups' roles to
   * read with the requester's fresh memberships at submit, so re-authorization takes one round trip.
   * Never trusted: only groups the fresh read still lists count.
   */
  readonly requesterGroupIds?: readonly string[];
  readonly locale: Locale;
  readonly conversationType: 'personal' | 'groupChat' | 'channel';
  readonly createdAt: string;
  readonly expiresAt: string;
  state: RequestState;
  targets: RequestTarget[];
  /** Names of a bulk request that matched several users, to be chosen on the form. */
  choices?: NameChoice[];
  card?: CardLocation;
  options?: SubmitOptions;
  claimedAt?: string;
  claimedBy?: string;
  /** Why a request ended without any reset (a refusal of the requester, a limit). */
  failureCode?: string;
  /** Runs that stopped on an unexpected failure; after a few, in-between targets are settled for good. */
  runAttempts?: number;
  /** Failed attempts to replace the card; the request stays claimed (recovery retries) until it works. */
  cardAttempts?: number;
  updatedAt?: string;
  /** Maintained by storage with every save; the use cases never set it. */
  auditHead?: AuditChainHead;
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
  | 'notice-intent'
  | 'notice-sent'
  | 'notice-failed'
  | 'resend-requested'
  | 'link-viewed'
  | 'link-expired'
  | 'cancelled';

/** One audit event, as a use case writes it. Never carries a password. */
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

/** A stored audit record: the event plus time, its place in the request's chain and the chain's hashes. */
export interface AuditRecord extends AuditEvent {
  readonly at: string;
  readonly sequence: number;
  readonly previousHash: string;
  readonly hash: string;
}

/** Metadata kept next to a one-time secret (not secret itself). */
export interface SecretMetadata {
  readonly requestId: string;
  readonly targetUpn: string;
  readonly targetDisplayName: string;
  readonly locale: Locale;
  readonly expiresAt: string;
  /** Set when the secret is a file (an audit export) rather than a password: the link page downloads it. */
  readonly file?: { readonly name: string; readonly entries: number };
}
