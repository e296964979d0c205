/**
 * The error catalogue: every failure the product names has a stable code. User-facing texts live in
 * src/i18n under the same code; `message` is for logs only and never carries a password.
 */

export const ErrorCodes = {
  // Requester
  REQUESTER_UNKNOWN: 'REQUESTER_UNKNOWN',
  REQUESTER_NOT_ADMIN: 'REQUESTER_NOT_ADMIN',
  WRONG_TENANT: 'WRONG_TENANT',
  // Target
  TARGET_NOT_FOUND: 'TARGET_NOT_FOUND',
  TARGET_AMBIGUOUS: 'TARGET_AMBIGUOUS',
  TARGET_TOO_MANY: 'TARGET_TOO_MANY',
  TARGET_SELF: 'TARGET_SELF',
  TARGET_GUEST: 'TARGET_GUEST',
  TARGET_SYNCED: 'TARGET_SYNCED',
  TARGET_FEDERATED: 'TARGET_FEDERATED',
  TARGET_PRIVILEGED: 'TARGET_PRIVILEGED',
  TARGET_OUT_OF_SCOPE: 'TARGET_OUT_OF_SCOPE',
  TARGET_RESTRICTED_UNIT: 'TARGET_RESTRICTED_UNIT',
  /** Longer than any display name, UPN or mail can be: refused before any Graph call. */
  TARGET_NAME_TOO_LONG: 'TARGET_NAME_TOO_LONG',
  // Input
  PASSWORD_TOO_SHORT: 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_LONG: 'PASSWORD_TOO_LONG',
  PASSWORD_CLASSES: 'PASSWORD_CLASSES',
  PASSWORD_CHARACTERS: 'PASSWORD_CHARACTERS',
  PASSWORD_BANNED: 'PASSWORD_BANNED',
  PASSWORD_CONTAINS_NAME: 'PASSWORD_CONTAINS_NAME',
  /** Graph refused the new password itself (400 to the password PATCH): the tenant's password policy. */
  PASSWORD_REJECTED: 'PASSWORD_REJECTED',
  RECIPIENTS_NONE: 'RECIPIENTS_NONE',
  RECIPIENTS_TOO_MANY: 'RECIPIENTS_TOO_MANY',
  RECIPIENT_INVALID: 'RECIPIENT_INVALID',
  RECIPIENT_DOMAIN: 'RECIPIENT_DOMAIN',
  // Request lifecycle
  REQUEST_NOT_FOUND: 'REQUEST_NOT_FOUND',
  REQUEST_EXPIRED: 'REQUEST_EXPIRED',
  REQUEST_NOT_YOURS: 'REQUEST_NOT_YOURS',
  REQUEST_ALREADY_DONE: 'REQUEST_ALREADY_DONE',
  RATE_LIMITED_REQUESTER: 'RATE_LIMITED_REQUESTER',
  RATE_LIMITED_TARGET: 'RATE_LIMITED_TARGET',
  // Four-eyes approval for privileged targets (README, "Four-eyes approval")
  /** The requester pressed Approve or Decline on their own request. */
  APPROVAL_SELF: 'APPROVAL_SELF',
  /** A user of the request pressed Approve or Decline on the reset of their own password. */
  APPROVAL_OWN_RESET: 'APPROVAL_OWN_RESET',
  /** Approval is needed, the request came from a personal chat, and no approvals channel is configured. */
  APPROVAL_NO_CHANNEL: 'APPROVAL_NO_CHANNEL',
  /** The approval card could not be posted where it had to go. */
  APPROVAL_CHANNEL_UNREACHABLE: 'APPROVAL_CHANNEL_UNREACHABLE',
  /** A password the admin typed is never kept while a request waits for approval. */
  APPROVAL_TYPED_PASSWORD: 'APPROVAL_TYPED_PASSWORD',
  APPROVAL_DECLINED: 'APPROVAL_DECLINED',
  APPROVAL_EXPIRED: 'APPROVAL_EXPIRED',
  // Dependencies
  /** A change (password, sign-out) refused with 403: the app's own permission or directory role. */
  GRAPH_DENIED: 'GRAPH_DENIED',
  /** A read refused with 403, or answered with stubs: a Graph permission is missing (details.permission). */
  GRAPH_READ_DENIED: 'GRAPH_READ_DENIED',
  /** 401 or a token the authority refused: the app's own credential, not a permission. */
  GRAPH_AUTH_FAILED: 'GRAPH_AUTH_FAILED',
  /** The user search was refused (400, 414, 431): the name cannot be searched for as typed. */
  GRAPH_SEARCH_REJECTED: 'GRAPH_SEARCH_REJECTED',
  GRAPH_THROTTLED: 'GRAPH_THROTTLED',
  GRAPH_UNAVAILABLE: 'GRAPH_UNAVAILABLE',
  GRAPH_BAD_REQUEST: 'GRAPH_BAD_REQUEST',
  GRAPH_NOT_FOUND: 'GRAPH_NOT_FOUND',
  MAIL_FAILED: 'MAIL_FAILED',
  MAIL_UNKNOWN: 'MAIL_UNKNOWN',
  /** An audit export was asked for by someone without a mailbox to receive it. */
  AUDIT_NO_MAILBOX: 'AUDIT_NO_MAILBOX',
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  STORAGE_CONFLICT: 'STORAGE_CONFLICT',
  INTERNAL: 'INTERNAL',
  // Temporary Access Pass (docs/who-can-manage-auth-methods.md)
  /** The requester holds no active role that may manage another user's authentication methods. */
  TAP_NOT_ALLOWED: 'TAP_NOT_ALLOWED',
  TAP_TARGET_SELF: 'TAP_TARGET_SELF',
  TAP_TARGET_GUEST: 'TAP_TARGET_GUEST',
  /** The target holds (or may activate) a role the requester's role may not manage methods for. */
  TAP_TARGET_PRIVILEGED: 'TAP_TARGET_PRIVILEGED',
  TAP_TARGET_RESTRICTED_UNIT: 'TAP_TARGET_RESTRICTED_UNIT',
  /** The tenant's Temporary Access Pass policy is turned off. */
  TAP_POLICY_DISABLED: 'TAP_POLICY_DISABLED',
  /** The chosen lifetime is outside what the tenant's policy allows. */
  TAP_LIFETIME_OUT_OF_RANGE: 'TAP_LIFETIME_OUT_OF_RANGE',
  /** The policy allows one-time passes only. */
  TAP_ONE_TIME_ONLY: 'TAP_ONE_TIME_ONLY',
  /** The start date or time cannot be read, is in the past or too far ahead. */
  TAP_START_INVALID: 'TAP_START_INVALID',
  /** Graph refused to create the pass (400): the policy does not allow it for this user or these settings. */
  TAP_REFUSED: 'TAP_REFUSED',
  /** Graph never answered the creation: a pass may exist that nobody has; it is never created again blindly. */
  TAP_UNKNOWN: 'TAP_UNKNOWN',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** A failure with a stable code; `details` are safe to log (never secrets). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** A Graph call failed; carries Graph's status, error code and request id for the audit trail. */
export class GraphError extends AppError {
  constructor(
    code: ErrorCode,
    readonly status: number,
    readonly graphCode: string,
    readonly requestId: string,
    message: string,
    /** True when the call may have taken effect (5xx, timeout, dropped connection). */
    readonly ambiguous: boolean,
    readonly retryAfterMs?: number,
    /** For a refusal (403, or an answer stripped of what we asked for): what the app is missing. */
    readonly permission?: string,
  ) {
    super(code, message, { status, graphCode, requestId, ambiguous, ...(permission ? { permission } : {}) });
    this.name = 'GraphError';
  }
}

/** The Graph permission an error says is missing, when it names one. */
export function missingPermissionOf(error: unknown): string | undefined {
  return error instanceof GraphError && error.permission ? error.permission : undefined;
}

/** Narrows an unknown thrown value to an AppError, wrapping anything else as INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError(ErrorCodes.INTERNAL, 'unexpected error', {}, { cause: error });
}
