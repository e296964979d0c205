/**
 * The card actions besides submit: cancel, a fresh mail for a link whose mail did not go, and the refresh
 * Teams sends to show the requester their own view of a shared card.
 */
import { AppError, ErrorCodes } from '../errors';
import type { ResetRequest, Versioned } from '../storage/ports';
import type { ResetDeps } from './deps';
import { mail, RequestRun, tellAndFinish } from './executeReset';
import { findForActor, loadForAction } from './requestAccess';
import type { Actor, CardAction, InvokeResult } from './types';
import { requesterCard, resendable, sharedCard } from './views';

/** `reset.cancel`: an open request becomes cancelled; nothing else changes. */
export async function cancelReset(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  correlationId: string,
): Promise<InvokeResult> {
  const loaded = await loadForAction(deps, actor, action);
  if ('answer' in loaded) return loaded;
  const request = loaded.value;
  for (const target of request.targets.length ? request.targets : [null]) {
    await deps.audit.append({
      action: 'cancelled',
      requestId: request.id,
      correlationId,
      requesterId: request.requesterId,
      requesterUpn: request.requesterUpn,
      ...(target ? { targetId: target.userId, targetUpn: target.userPrincipalName } : {}),
    });
  }
  const saved = await updateOrCurrent(
    deps,
    { ...request, state: 'cancelled', updatedAt: deps.now().toISOString() },
    loaded.etag,
  );
  return {
    answer: { kind: 'card', card: requesterCard(saved.value, deps.settings) },
    continuation: async (replaceCard) => replaceCard(sharedCard(saved.value, deps.settings, deps.now())),
  };
}

/** `reset.refresh`: the requester's own view of the card (Teams calls it for user-specific views). */
export async function refreshCard(deps: ResetDeps, actor: Actor, action: CardAction): Promise<InvokeResult> {
  const found = await findForActor(deps, actor, { ...action, trigger: 'automatic' });
  if ('answer' in found) return found;
  return { answer: { kind: 'card', card: requesterCard(found.value, deps.settings) } };
}

/**
 * `reset.resendMail` (link mode): a new link for the same secret, mailed to the same recipients, for each
 * target whose mail failed or may not have gone. The old link stops working. Claimed with an ETag, so a
 * double click sends one mail.
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
  // Claim: mark the targets as being mailed; a concurrent resend loses the ETag race and just shows the card.
  const claimed = structuredClone(request);
  for (const target of claimed.targets) if (resendable(target)) target.state = 'mail-intent';
  claimed.state = 'claimed';
  let current: Versioned<ResetRequest>;
  try {
    current = await deps.requests.update(claimed, found.etag);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) {
      return {
        answer: {
          kind: 'card',
          card: requesterCard((await deps.requests.get(request.id))!.value, deps.settings),
        },
      };
    }
    throw error;
  }
  return {
    answer: { kind: 'card', card: requesterCard(current.value, deps.settings) },
    continuation: async (replaceCard) => {
      const run = new RequestRun(deps, current, correlationId);
      run.startHeartbeat();
      try {
        for (const target of run.request.targets) {
          const before = request.targets.find((t) => t.userId === target.userId);
          if (!before || !resendable(before) || !target.secretId) continue;
          const reissued = await deps.secrets.reissue(target.secretId);
          if (!reissued) {
            target.state = 'mail-failed';
            target.failureCode = ErrorCodes.REQUEST_EXPIRED;
            continue;
          }
          await mail(run, target, { token: reissued.token });
        }
      } catch (error) {
        await run.abandon(error);
      } finally {
        run.stopHeartbeat();
      }
      if (run.settled()) await tellAndFinish(run, replaceCard);
    },
  };
}

async function updateOrCurrent(
  deps: ResetDeps,
  next: ResetRequest,
  etag: string,
): Promise<Versioned<ResetRequest>> {
  try {
    return await deps.requests.update(next, etag);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) {
      const latest = await deps.requests.get(next.id);
      if (latest) return latest;
    }
    throw error;
  }
}
