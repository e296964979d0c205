/**
 * The request model the use cases own: a request, the users it acts on and where each step on each user
 * stands, and what the audit trail records about it. Storage keeps it (src/storage/); nothing here
 * knows how.
 */
import type { Locale } from '../i18n';
import type { TapPolicy } from '../policy/tapPolicy';
import type { TargetReach } from '../policy/auditScope';

/**
 * The lifecycle of a request. 'refused': nothing was opened; the attempt is on record all the same.
 * 'awaiting-approval': submitted, waiting for a second admin (approval.ts); `expiresAt` is then the
 * approval's deadline.
 */
export type RequestState = 'open' | 'claimed' | 'done' | 'cancelled' | 'refused' | 'awaiting-approval';

/** The changes a run makes to one user, in the order Graph applies them. */
export type StepName = 'reset' | 'revoke' | 'mail' | 'notice' | TapStepName;

/**
 * What a request does to each user: reset the password, or create a Temporary Access Pass. Requests stored
 * before there was a choice have none: they reset passwords.
 */
export type RequestKind = 'password' | 'tap';

/** The step that creates a Temporary Access Pass (its mail and notice are the password's). */
export type TapStepName = 'tap';

/** True once `now` reached the request's deadline (the form's, or while it waits, the approval's). */
export function isExpired(request: Pick<ResetRequest, 'expiresAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(request.expiresAt);
}

/** The kind of a request, for requests stored with and without one. */
export function kindOf(request: { readonly kind?: RequestKind }): RequestKind {
  return request.kind ?? 'password';
}

/** A Temporary Access Pass as Graph created it; never its value, which only the vault keeps. */
export interface CreatedTap {
  readonly methodId: string;
  /** When the pass starts to work (ISO). */
  readonly startDateTime: string;
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
}

/** The choices of a Temporary Access Pass submit. */
export interface TapOptions {
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
  /** Null: from the moment it is created. */
  readonly startDateTime: string | null;
}

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
  /** The Temporary Access Pass created for this user (kind 'tap'). */
  tap?: CreatedTap;
  /** Why this user needs a second admin's approval (read fresh; empty or absent: it does not). */
  approvalReasons?: readonly ApprovalReason[];
  /**
   * The user's roles, units and role-assignable groups when last read for this request: who may read its
   * audit entries is decided against them (src/policy/auditScope.ts), without a Graph call per entry.
   */
  reach?: TargetReach;
}

/**
 * Why a user needs a second admin's approval (src/policy/approvalPolicy.ts): a directory role it holds,
 * one it is eligible for (PIM), membership or ownership of a role-assignable group, or a listed group.
 */
export interface ApprovalReason {
  readonly kind: 'role' | 'eligible-role' | 'role-assignable-group' | 'listed-group';
  /** The role's display name, or the group's id. */
  readonly name: string;
}

/** An admin who decided about an approval (or tried to). */
export interface ApprovalDecider {
  /** Entra object id (from.aadObjectId). */
  readonly id: string;
  /** The name Teams gave, or the directory's once read. */
  readonly name: string;
  /** The UPN (or mail) from the directory; empty until read. */
  readonly upn: string;
}

/** A request's approval by a second admin (README, "Four-eyes approval"). */
export interface RequestApproval {
  readonly requestedAt: string;
  /** Where the approval card goes: the conversation the request came from, or the approvals channel. */
  readonly place: 'conversation' | 'channel';
  /** The users put up for approval (every user still to act on when the request started to wait). */
  readonly userIds: readonly string[];
  /** Where the approval card landed, once posted. */
  card?: CardLocation;
  /**
   * A decision being checked against the decider's fresh roles: taken with the request's ETag, so only
   * one decision at a time is checked and only the one that took it may settle it.
   */
  pending?: ApprovalDecider & {
    readonly decision: 'approve' | 'decline';
    readonly at: string;
    readonly correlationId: string;
  };
  /** The last decision that was not accepted (shown on the approval card). */
  lastRefusal?: { readonly name: string; readonly code: string; readonly at: string };
  outcome?: {
    readonly kind: 'approved' | 'declined' | 'expired' | 'unreachable' | 'cancelled';
    readonly by?: ApprovalDecider;
    readonly at: string;
  };
}

/** A name that reached nobody when the request was opened, as typed (at most 100 characters), and why. */
export interface UnresolvedName {
  readonly query: string;
  readonly code: string;
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
  /** The form's deadline; while the request waits for approval, the approval's. */
  expiresAt: string;
  state: RequestState;
  targets: RequestTarget[];
  /** Names of a bulk request that matched several users, to be chosen on the form. */
  choices?: NameChoice[];
  /** Names typed into the command that matched nobody (or too many): each is an audit entry of its own. */
  unresolvedNames?: UnresolvedName[];
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
  /** Set once the request needed a second admin's approval. */
  approval?: RequestApproval;
  /** Absent: a password reset (see {@link kindOf}). */
  readonly kind?: RequestKind;
  /** Kind 'tap': the tenant's policy as read when the form was built (the run reads it again). */
  tapPolicy?: TapPolicy;
  /** Kind 'tap': the choices of the submit. */
  tapOptions?: TapOptions;
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
  | 'cancelled'
  | 'approval-requested'
  | 'approved'
  | 'declined'
  | 'approval-refused'
  | 'approval-expired'
  | 'tap-intent'
  | 'tap-created'
  | 'tap-failed'
  | 'tap-unknown';

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
  /** The second admin of an approval decision (README, "Four-eyes approval"). */
  readonly approverId?: string;
  readonly approverUpn?: string;
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
  /** Absent: a password. */
  readonly kind?: RequestKind;
  /** A Temporary Access Pass: when it works and how often, for the page that shows it. */
  readonly tap?: Omit<CreatedTap, 'methodId'>;
  /** Set when the secret is a file (an audit export) rather than a password: the link page downloads it. */
  readonly file?: { readonly name: string; readonly entries: number };
}
