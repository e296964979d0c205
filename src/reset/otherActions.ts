/**
 * The card actions besides submit: cancel, a fresh mail for a link whose mail did not go, and the refresh
 * Teams sends to show the requester their own view of a shared card. Like submit, each answers at once
 * after at most a read and one conditional write; resend's re-authorization runs after the answer.
 */
import { AppError, ErrorCodes } from '../errors';
import type { ResetDeps } from './deps';
import { runRequest } from './engine';
import { FINAL_TARGET_STATES, type AuditEvent, type ResetRequest } from './model';
import type { Versioned } from './ports';
import { findForActor, openForAction } from './requestAccess';
import { showApprovalCard } from './approval';
import { tellRequester } from './approvalGate';
import { submittedTargets } from './approvalViews';
import { requestEvent } from './requestEvents';
import { RequestRun } from './run';
import { saveIfCurrent } from './saveIfCurrent';
import type { Actor, CardAction, InvokeResult } from './types';
import { activeTargets, resendable } from './viewData';
import { requesterCard, sharedCard } from './views';

/** `reset.cancel`: an open request becomes cancelled; nothing else changes. */
export async function cancelReset(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  correlationId: string,
): Promise<InvokeResult> {
  const found = await findForActor(deps, actor, action);
  if ('answer' in found) return found;
  if (found.value.state === 'awaiting-approval' && action.trigger !== 'automatic')
    return cancelWaiting(deps, found, correlationId);
  const loaded = openForAction(deps, action, found);
  if ('answer' in loaded) return loaded;
  const request = loaded.value;
  const targets = activeTargets(request);
  const events = (targets.length ? targets : [null]).map((target) =>
    requestEvent(request, 'cancelled', correlationId, target ?? undefined),
  );
  const saved = await saveOrCurrent(
    deps,
    { ...request, state: 'cancelled', updatedAt: deps.now().toISOString() },
    loaded.etag,
    events,
  );
  const location = action.card ?? saved.value.card;
  return {
    answer: { kind: 'card', card: requesterCard(saved.value, deps.settings) },
    continuation: async () => {
      if (location?.activityId)
        await deps.cards.replace(location, sharedCard(saved.value, deps.settings, deps.now()));
    },
  };
}

/**
 * A request waiting for a second admin, cancelled by its requester: nothing is changed, the approval card
 * says so and loses its buttons. Taken with the request's ETag, so a decision being checked loses (it only
 * settles a request that still waits); if an approval won the race, the card shows what it started.
 */
async function cancelWaiting(
  deps: ResetDeps,
  found: Versioned<ResetRequest>,
  correlationId: string,
): Promise<InvokeResult> {
  const request = structuredClone(found.value);
  const at = deps.now().toISOString();
  request.state = 'cancelled';
  request.updatedAt = at;
  request.approval = { ...request.approval!, pending: undefined, outcome: { kind: 'cancelled', at } };
  const events = submittedTargets(request)
    .filter((target) => !FINAL_TARGET_STATES.has(target.state))
    .map((target) => requestEvent(request, 'cancelled', correlationId, target));
  const saved = await saveOrCurrent(deps, request, found.etag, events);
  return {
    answer: { kind: 'card', card: requesterCard(saved.value, deps.settings) },
    continuation: async () => {
      await showApprovalCard(deps, saved.value);
      await tellRequester(deps, saved.value);
    },
  };
}

/** `reset.refresh`: the requester's own view of the card (Teams calls it for user-specific views). */
export async function refreshCard(deps: ResetDeps, actor: Actor, action: CardAction): Promise<InvokeResult> {
  const found = await findForActor(deps, actor, { ...action, trigger: 'automatic' });
  if ('answer' in found) return found;
  return { answer: { kind: 'card', card: requesterCard(found.value, deps.settings) } };
}

/**
 * `reset.resendMail` (link mode): a new link for the same password, mailed to the same recipients, for
 * each user whose mail failed or may not have gone; the old link stops working. Claimed with an ETag, so
 * a double click sends one mail. After the answer the requester is authorized again on fresh roles and
 * the resend counts against the limits, exactly like a submit; it is audited as its own action.
 */
export async function resendMail(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  correlationId: string,
): Promise<InvokeResult> {
  const found = await findForActor(deps, actor, action);
  if ('answer' in found) return found;
  const request = found.value;
  const pending = request.targets.filter(resendable);
  if (
    action.trigger === 'automatic' ||
    deps.settings.delivery !== 'link' ||
    request.state !== 'done' ||
    pending.length === 0
  ) {
    return { answer: { kind: 'card', card: requesterCard(request, deps.settings) } };
  }
  const claimed = structuredClone(request);
  claimed.state = 'claimed';
  claimed.card = action.card ?? claimed.card;
  const events: AuditEvent[] = [];
  for (const target of claimed.targets) {
    if (!resendable(target)) continue;
    target.resendOf = target.state === 'mail-failed' ? 'mail-failed' : 'mail-unknown';
    target.state = 'running';
    target.authorizedAt = undefined;
    const { mail: _mail, ...steps } = target.steps ?? {};
    target.steps = steps;
    events.push(requestEvent(claimed, 'resend-requested', correlationId, target));
  }
  const current = await saveIfCurrent(deps.requests, claimed, found.etag, events);
  if (!current) {
    const latest = await deps.requests.get(request.id);
    return { answer: { kind: 'card', card: requesterCard((latest ?? found).value, deps.settings) } };
  }
  const run = new RequestRun(deps, current, correlationId);
  run.startHeartbeat();
  return {
    answer: { kind: 'card', card: requesterCard(current.value, deps.settings) },
    continuation: () => runRequest(run, { customPassword: null }),
  };
}

/** The request as saved, or as another delivery left it when that one won. */
async function saveOrCurrent(
  deps: ResetDeps,
  next: ResetRequest,
  etag: string,
  events: readonly AuditEvent[],
): Promise<Versioned<ResetRequest>> {
  const saved = await saveIfCurrent(deps.requests, next, etag, events);
  if (saved) return saved;
  const latest = await deps.requests.get(next.id);
  if (latest) return latest;
  throw new AppError(ErrorCodes.STORAGE_CONFLICT, 'the request changed and is gone', { requestId: next.id });
}
