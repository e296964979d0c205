/**
 * Which approval card a request shows (README, "Four-eyes approval"): the card other admins decide on,
 * in each phase, and the requester's card while the request waits, after it was approved (until the
 * request's own progress and outcome take over), declined or expired — in the words of its kind.
 */
import { approvalCard, approvalStatusCard, type ApprovalChange, type ApprovalPhase } from '../cards';
import { ErrorCodes } from '../errors';
import { errorText, t, type Locale, type MessageKey } from '../i18n';
import type { ResetSettings } from './deps';
import { isExpired, kindOf, type RequestKind, type RequestTarget, type ResetRequest } from './model';

/** The users a request put up for approval, refused since or not. */
export function submittedTargets(request: ResetRequest): RequestTarget[] {
  const ids = new Set(request.approval?.userIds ?? []);
  return request.targets.filter((target) => ids.has(target.userId));
}

/** True while a decision is being checked and its checker may still be alive. */
export function decisionPending(request: ResetRequest, settings: ResetSettings, now: Date): boolean {
  const pending = request.approval?.pending;
  return Boolean(pending) && now.getTime() - Date.parse(pending!.at) < settings.recoverAfterMs;
}

/** The approval card as it stands now. */
export function approvalCardFor(request: ResetRequest, settings: ResetSettings, now: Date): object {
  const approval = request.approval;
  const targets = submittedTargets(request);
  const first = targets[0];
  let phase: ApprovalPhase = 'closed';
  let decider: string | undefined;
  let at: string | undefined;
  if (request.state === 'awaiting-approval') {
    if (isExpired(request, now) && !decisionPending(request, settings, now)) {
      phase = 'expired';
      at = request.expiresAt;
    } else if (approval?.pending) {
      phase = 'checking';
      decider = approval.pending.name;
    } else {
      phase = 'waiting';
    }
  } else if (approval?.outcome) {
    const outcome = approval.outcome;
    phase = outcome.kind === 'unreachable' ? 'closed' : outcome.kind;
    decider = outcome.by?.name;
    at = outcome.kind === 'expired' ? request.expiresAt : outcome.at;
  }
  const refusal = approval?.lastRefusal;
  return approvalCard({
    locale: request.locale,
    requestId: request.id,
    requesterName: request.requesterName,
    requesterUpn: request.requesterUpn,
    targets: targets.map((target) => ({
      displayName: target.displayName,
      userPrincipalName: target.userPrincipalName,
      reasons: target.approvalReasons ?? [],
    })),
    recipients: first?.recipients ?? [],
    change: changeOf(request),
    delivery: settings.delivery,
    expiresAt: request.expiresAt,
    phase,
    ...(decider !== undefined ? { decider } : {}),
    ...(at !== undefined ? { at } : {}),
    ...(refusal
      ? { notice: refusalNotice(request.locale, refusal.name, refusal.code, kindOf(request)) }
      : {}),
  });
}

/** What the request would change: a reset's options, or the pass the form chose. */
function changeOf(request: ResetRequest): ApprovalChange {
  if (kindOf(request) === 'tap') {
    const pass = request.tapOptions;
    return {
      kind: 'tap',
      ...(pass
        ? {
            pass: {
              startDateTime: pass.startDateTime,
              lifetimeInMinutes: pass.lifetimeInMinutes,
              isUsableOnce: pass.isUsableOnce,
            },
          }
        : {}),
    };
  }
  return {
    kind: 'password',
    forceChange: request.options?.forceChange ?? true,
    revokeSessions: request.options?.revokeSessions ?? true,
  };
}

/**
 * The requester's card for a request that needed approval, or null when the usual card applies (the
 * reset's progress once it runs, its confirmation, a refusal).
 */
export function approvalRequesterCard(request: ResetRequest): object | null {
  const approval = request.approval;
  if (!approval) return null;
  const base = {
    locale: request.locale,
    requestId: request.id,
    requesterName: request.requesterName,
    targetNames: submittedTargets(request).map((target) => target.displayName),
    place: approval.place,
    expiresAt: request.expiresAt,
    kind: kindOf(request),
  };
  if (request.state === 'awaiting-approval') return approvalStatusCard({ ...base, phase: 'waiting' });
  const outcome = approval.outcome;
  if (!outcome) return null;
  const decided = { ...(outcome.by ? { decider: outcome.by.name } : {}), at: outcome.at };
  switch (outcome.kind) {
    case 'approved':
      // Approved and running: the engine's progress and confirmation follow.
      return request.state === 'claimed'
        ? approvalStatusCard({ ...base, ...decided, phase: 'approved' })
        : null;
    case 'declined':
      return approvalStatusCard({ ...base, ...decided, phase: 'declined' });
    case 'expired':
      return approvalStatusCard({ ...base, phase: 'expired', at: request.expiresAt });
    case 'unreachable':
    case 'cancelled':
      return null;
  }
}

/**
 * The card everyone sees in the group chat or channel a request came from, while it waits and once it
 * was declined or expired; null when the usual status card applies. It holds nothing the requester alone
 * may see, so nobody needs a view of their own.
 */
export function approvalSharedCard(request: ResetRequest): object | null {
  if (!request.approval) return null;
  if (request.state === 'claimed') return null;
  return approvalRequesterCard(request);
}

/** Who approved, for the confirmation. */
export function approvedBy(request: ResetRequest): string | undefined {
  const outcome = request.approval?.outcome;
  return outcome?.kind === 'approved' ? outcome.by?.name : undefined;
}

/** The refusals of a decider, worded for what the request asks: reset passwords, or manage methods. */
const REFUSED: Readonly<Record<RequestKind, { readonly notAdmin: MessageKey; readonly cannot: MessageKey }>> =
  {
    password: { notAdmin: 'approval.refused.notAdmin', cannot: 'approval.refused.cannotReset' },
    tap: { notAdmin: 'approval.tap.refused.notAdmin', cannot: 'approval.tap.refused.cannotManage' },
  };

/** Why a decision was not accepted, in a sentence about the person who made it. */
function refusalNotice(locale: Locale, name: string, code: string, kind: RequestKind = 'password'): string {
  switch (code) {
    case ErrorCodes.APPROVAL_SELF:
      return t(locale, 'approval.refused.self', { name });
    case ErrorCodes.APPROVAL_OWN_RESET:
      return t(locale, 'approval.refused.ownReset', { name });
    case ErrorCodes.REQUESTER_NOT_ADMIN:
    case ErrorCodes.TAP_NOT_ALLOWED:
      return t(locale, REFUSED[kind].notAdmin, { name });
    case ErrorCodes.TARGET_PRIVILEGED:
    case ErrorCodes.TARGET_OUT_OF_SCOPE:
    case ErrorCodes.TARGET_RESTRICTED_UNIT:
    case ErrorCodes.TARGET_GUEST:
    case ErrorCodes.TARGET_SYNCED:
    case ErrorCodes.TARGET_FEDERATED:
    case ErrorCodes.TARGET_NOT_FOUND:
    case ErrorCodes.TAP_TARGET_PRIVILEGED:
    case ErrorCodes.TAP_TARGET_RESTRICTED_UNIT:
    case ErrorCodes.TAP_TARGET_GUEST:
      return t(locale, REFUSED[kind].cannot, { name });
    default:
      return t(locale, 'approval.refused.unchecked', { name, reason: errorText(locale, code) });
  }
}
