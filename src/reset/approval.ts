/**
 * `approval.approve` and `approval.decline`: another admin decides about a request that waits for a
 * second admin (README, "Four-eyes approval"). The invoke does only what decides whether this press may be
 * checked — read the request, refuse the requester and the request's own users, take the decision with
 * one conditional write — and answers "checking…" at once. After the answer the decider is checked on
 * fresh roles: they must hold an active role that may do the request themselves to every user of it (reset
 * their passwords; for a Temporary Access Pass, manage their authentication methods). An approval then
 * moves the request to 'claimed' (one conditional write, with an 'approved' record per user naming both
 * admins) and runs it on the engine, which re-authorizes the requester on fresh roles; a decline ends it.
 * A decision that does not pass changes nothing but the record of the attempt. Presses Teams triggers
 * on its own (`trigger: automatic`) never decide anything.
 */
import { AppError, ErrorCodes, toAppError, type ErrorCode } from '../errors';
import { errorText } from '../i18n';
import type { Profiles, Versioned } from './ports';
import { normalizeId } from '../policy/roles';
import type { ResetDeps } from './deps';
import { runRequest } from './engine';
import {
  FINAL_TARGET_STATES,
  isExpired,
  kindOf,
  type ApprovalDecider,
  type AuditEvent,
  type ResetRequest,
} from './model';
import { policyOf } from './requestKinds';
import { refuseTarget, tellRequester, updateRequest } from './approvalGate';
import { requestEvent } from './requestEvents';
import { approvalCardFor, decisionPending, submittedTargets } from './approvalViews';
import { RequestRun } from './run';
import type { Actor, CardAction, InvokeResult } from './types';

/** Handles an Approve or Decline press; see the module comment for the order of checks. */
export async function decideApproval(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  decision: 'approve' | 'decline',
  correlationId: string,
): Promise<InvokeResult> {
  if (!action.requestId || !/^[A-Za-z0-9_-]{8,64}$/.test(action.requestId)) return notFound(action);
  // A write that lost its ETag race to anything but a decision (the approval card's location being
  // recorded, a heartbeat) is tried again on what is stored now; another decision wins and is shown.
  for (let attempt = 1; ; attempt++) {
    const outcome = await takeDecision(deps, actor, action, action.requestId, decision, correlationId);
    if (outcome !== 'conflict') return outcome;
    if (attempt >= 3) {
      const latest = await deps.requests.get(action.requestId);
      if (!latest) return notFound(action);
      return { answer: { kind: 'card', card: approvalCardFor(latest.value, deps.settings, deps.now()) } };
    }
  }
}

/** One attempt at taking the decision: an answer, or 'conflict' when the request changed meanwhile. */
async function takeDecision(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  requestId: string,
  decision: 'approve' | 'decline',
  correlationId: string,
): Promise<InvokeResult | 'conflict'> {
  const found = await deps.requests.get(requestId);
  if (!found || found.value.tenantId !== actor.tenantId || !found.value.approval) return notFound(action);
  const request = found.value;
  const now = deps.now();
  const current: InvokeResult = {
    answer: { kind: 'card', card: approvalCardFor(request, deps.settings, now) },
  };

  if (action.trigger === 'automatic' || request.state !== 'awaiting-approval') return current;
  if (isExpired(request, now) && !decisionPending(request, deps.settings, now)) {
    return {
      ...current,
      continuation: async () => {
        await settleExpired(deps, request.id, correlationId);
      },
    };
  }
  const actorId = normalizeId(actor.aadObjectId);
  const own: ErrorCode | null =
    actorId === normalizeId(request.requesterId)
      ? ErrorCodes.APPROVAL_SELF
      : submittedTargets(request).some((target) => normalizeId(target.userId) === actorId)
        ? ErrorCodes.APPROVAL_OWN_RESET
        : null;
  if (own) {
    // The attempt changes nothing about the request: a note, outside the chain its holder writes.
    await deps.requests.note(request.id, [
      requestEvent(request, 'approval-refused', correlationId, undefined, {
        reasonCode: own,
        approverId: actorId,
        detail: `${decision} pressed by ${actor.name.slice(0, 200)}`,
      }),
    ]);
    return { answer: { kind: 'message', text: errorText(action.locale, own) } };
  }
  // One decision is checked at a time (duplicate deliveries of this one included); a checker that died
  // long ago is taken over.
  if (decisionPending(request, deps.settings, now)) return current;

  const taken = structuredClone(request);
  taken.approval!.pending = {
    id: actorId,
    name: actor.name.slice(0, 200),
    upn: '',
    decision,
    at: now.toISOString(),
    correlationId,
  };
  taken.approval!.card ??= action.card;
  taken.updatedAt = now.toISOString();
  try {
    const saved = await deps.requests.save(taken, found.etag);
    return {
      answer: { kind: 'card', card: approvalCardFor(saved.value, deps.settings, deps.now()) },
      continuation: () => settleDecision(deps, request.id, correlationId),
    };
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) return 'conflict';
    throw error;
  }
}

function notFound(action: CardAction): InvokeResult {
  return {
    answer: {
      kind: 'error',
      status: 404,
      code: ErrorCodes.REQUEST_NOT_FOUND,
      text: errorText(action.locale, ErrorCodes.REQUEST_NOT_FOUND),
    },
  };
}

/** The verdict on a decider, from fresh profiles. */
type Verdict =
  | { readonly ok: true; readonly decider: ApprovalDecider }
  | { readonly ok: false; readonly decider: ApprovalDecider; readonly code: ErrorCode };

/**
 * After the answer: checks the decider taken by `correlationId` on fresh roles, then approves (and runs the
 * request), declines, or records why the decision was not accepted. Never throws.
 */
async function settleDecision(deps: ResetDeps, requestId: string, correlationId: string): Promise<void> {
  try {
    const found = await deps.requests.get(requestId);
    const pending = found?.value.approval?.pending;
    if (!found || !pending || pending.correlationId !== correlationId) return;
    const verdict = await judge(deps, found.value, correlationId);
    const ours = (latest: ResetRequest): boolean =>
      latest.state === 'awaiting-approval' && latest.approval?.pending?.correlationId === correlationId;

    if (!verdict.ok) {
      const saved = await updateRequest(deps, requestId, (latest) => {
        if (!ours(latest)) return null;
        latest.approval!.pending = undefined;
        latest.approval!.lastRefusal = {
          name: verdict.decider.name,
          code: verdict.code,
          at: deps.now().toISOString(),
        };
        return [
          requestEvent(latest, 'approval-refused', correlationId, undefined, {
            reasonCode: verdict.code,
            approverId: verdict.decider.id,
            ...(verdict.decider.upn ? { approverUpn: verdict.decider.upn } : {}),
            detail: `${pending.decision} by ${verdict.decider.name}`,
          }),
        ];
      });
      if (saved) await showApprovalCard(deps, saved.value);
      return;
    }

    const { decider } = verdict;
    const at = deps.now().toISOString();
    const decided = (latest: ResetRequest, action: 'approved' | 'declined'): AuditEvent[] =>
      submittedTargets(latest)
        .filter((target) => !FINAL_TARGET_STATES.has(target.state))
        .map((target) =>
          requestEvent(latest, action, correlationId, target, {
            approverId: decider.id,
            approverUpn: decider.upn,
          }),
        );

    if (pending.decision === 'decline') {
      const saved = await updateRequest(deps, requestId, (latest) => {
        if (!ours(latest)) return null;
        const events = decided(latest, 'declined');
        latest.state = 'done';
        latest.approval!.pending = undefined;
        latest.approval!.outcome = { kind: 'declined', by: decider, at };
        for (const target of submittedTargets(latest)) {
          if (!FINAL_TARGET_STATES.has(target.state))
            refuseTarget(latest, target, ErrorCodes.APPROVAL_DECLINED, correlationId);
        }
        return events;
      });
      if (saved) await tellBoth(deps, saved.value);
      return;
    }

    // Approved: the only way from 'awaiting-approval' to 'claimed', so the request runs once.
    const saved = await updateRequest(deps, requestId, (latest) => {
      if (!ours(latest)) return null;
      const events = decided(latest, 'approved');
      latest.state = 'claimed';
      latest.claimedAt = at;
      latest.claimedBy = decider.id;
      latest.approval!.pending = undefined;
      latest.approval!.outcome = { kind: 'approved', by: decider, at };
      for (const target of latest.targets) target.authorizedAt = undefined;
      return events;
    });
    if (!saved) return;
    await tellBoth(deps, saved.value);
    await runRequest(new RequestRun(deps, saved, correlationId), { customPassword: null });
  } catch (error) {
    deps.logger.error(
      { requestId, code: toAppError(error).code, err: error },
      'approval decision not settled',
    );
  }
}

/** Reads the decider and the request's users fresh; any doubt, any failure, is "no". */
async function judge(deps: ResetDeps, request: ResetRequest, correlationId: string): Promise<Verdict> {
  const pending = request.approval!.pending!;
  const unread: ApprovalDecider = { id: pending.id, name: pending.name, upn: '' };
  const targets = submittedTargets(request).filter((target) => !FINAL_TARGET_STATES.has(target.state));
  let profiles: Profiles;
  try {
    profiles = await deps.directory.readProfiles(
      {
        requester: { id: pending.id },
        targets: targets.map((target) => ({ id: target.userId, upn: target.userPrincipalName })),
      },
      { correlationId },
    );
  } catch (error) {
    return { ok: false, decider: unread, code: toAppError(error).code };
  }
  // The decider must be able to do this kind of request themselves (a pass: manage authentication methods).
  const policy = policyOf(kindOf(request));
  const approver = profiles.requester;
  if (!approver) return { ok: false, decider: unread, code: policy.notAllowed };
  const decider: ApprovalDecider = {
    id: normalizeId(approver.user.id) || pending.id,
    name: approver.user.displayName || pending.name,
    upn: approver.user.mail ?? approver.user.userPrincipalName,
  };
  // Checked again on what Graph says, not only on the activity's id.
  if (decider.id !== pending.id || decider.id === normalizeId(request.requesterId)) {
    return { ok: false, decider, code: ErrorCodes.APPROVAL_SELF };
  }
  if (policy.rolesOf(approver).length === 0) return { ok: false, decider, code: policy.notAllowed };
  if (targets.length === 0) return { ok: false, decider, code: ErrorCodes.REQUEST_NOT_FOUND };
  for (const target of targets) {
    const profile = profiles.targets.get(target.userId);
    if (!profile) return { ok: false, decider, code: ErrorCodes.TARGET_NOT_FOUND };
    const decision = policy.decide(approver, profile);
    if (!decision.allowed) {
      const self =
        decision.reason === ErrorCodes.TARGET_SELF || decision.reason === ErrorCodes.TAP_TARGET_SELF;
      const code = self ? ErrorCodes.APPROVAL_OWN_RESET : decision.reason;
      return { ok: false, decider, code };
    }
  }
  return { ok: true, decider };
}

/**
 * Ends a request whose approval deadline passed: nothing was changed, and the requester and the approval
 * card say so. A decision still being checked is left to finish. Never throws.
 */
async function settleExpired(deps: ResetDeps, requestId: string, correlationId: string): Promise<boolean> {
  try {
    const saved = await updateRequest(deps, requestId, (latest) => {
      const now = deps.now();
      if (latest.state !== 'awaiting-approval' || !latest.approval) return null;
      if (!isExpired(latest, now) || decisionPending(latest, deps.settings, now)) return null;
      latest.state = 'done';
      latest.approval.pending = undefined;
      latest.approval.outcome = { kind: 'expired', at: now.toISOString() };
      const events: AuditEvent[] = [];
      for (const target of submittedTargets(latest)) {
        if (FINAL_TARGET_STATES.has(target.state)) continue;
        refuseTarget(latest, target, ErrorCodes.APPROVAL_EXPIRED, correlationId);
        events.push(
          requestEvent(latest, 'approval-expired', correlationId, target, {
            reasonCode: ErrorCodes.APPROVAL_EXPIRED,
          }),
        );
      }
      return events;
    });
    if (!saved) return false;
    await tellBoth(deps, saved.value);
    return true;
  } catch (error) {
    deps.logger.error(
      { requestId, code: toAppError(error).code, err: error },
      'expired approval not settled',
    );
    return false;
  }
}

/** Housekeeping: settles every request whose approval deadline passed; returns how many. */
export async function settleExpiredApprovals(
  deps: ResetDeps,
  unfinished?: readonly Versioned<ResetRequest>[],
): Promise<number> {
  let settled = 0;
  const now = deps.now();
  for (const found of unfinished ?? (await deps.requests.listUnfinished())) {
    const request = found.value;
    if (request.state !== 'awaiting-approval' || !isExpired(request, now)) continue;
    if (await settleExpired(deps, request.id, `expiry-${request.id}`)) settled += 1;
  }
  return settled;
}

/** Replaces the approval card and the requester's card with the request's state. */
async function tellBoth(deps: ResetDeps, request: ResetRequest): Promise<void> {
  await showApprovalCard(deps, request);
  await tellRequester(deps, request);
}

/** Replaces the approval card, where one was posted, with the request's state. */
export async function showApprovalCard(deps: ResetDeps, request: ResetRequest): Promise<void> {
  const location = request.approval?.card;
  if (!location?.activityId) return;
  await deps.cards
    .replace(location, approvalCardFor(request, deps.settings, deps.now()))
    .catch((error: unknown) =>
      deps.logger.warn({ requestId: request.id, code: toAppError(error).code }, 'approval card not replaced'),
    );
}
