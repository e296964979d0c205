/**
 * The gate every card action passes: the request must exist, belong to this tenant and to the actor,
 * be triggered by a person, and still be open. Anything else is answered with the current card and
 * changes nothing.
 */
import { ErrorCodes } from '../errors';
import { errorText } from '../i18n';
import type { Versioned } from './ports';
import type { ResetDeps } from './deps';
import type { Actor, CardAction, InvokeResult } from './types';
import { isExpired, type ResetRequest } from './model';
import { expiredCard, refusalCard, requesterCard, sharedCard } from './views';

/** The open request an action may change, or the answer to give instead. */
export async function loadForAction(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
): Promise<Versioned<ResetRequest> | InvokeResult> {
  const found = await findForActor(deps, actor, action);
  if ('answer' in found) return found;
  return openForAction(deps, action, found);
}

/** The requester's own request if an action may still change it (open, not expired), else the answer. */
export function openForAction(
  deps: ResetDeps,
  action: CardAction,
  found: Versioned<ResetRequest>,
): Versioned<ResetRequest> | InvokeResult {
  const request = found.value;
  if (action.trigger === 'automatic' || request.state !== 'open') {
    return { answer: { kind: 'card', card: requesterCard(request, deps.settings) } };
  }
  if (isExpired(request, deps.now())) return { answer: { kind: 'card', card: expiredCard(request) } };
  if (request.targets.length === 0) {
    return {
      answer: { kind: 'card', card: refusalCard(request.locale, ErrorCodes.REQUEST_NOT_FOUND, request.id) },
    };
  }
  return found;
}

/**
 * The request named by an action if the actor is its requester. Someone else gets a message and the
 * card they see stays as it is.
 */
export async function findForActor(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
): Promise<Versioned<ResetRequest> | InvokeResult> {
  const notFound: InvokeResult = {
    answer: {
      kind: 'error',
      status: 404,
      code: ErrorCodes.REQUEST_NOT_FOUND,
      text: errorText(action.locale, ErrorCodes.REQUEST_NOT_FOUND),
    },
  };
  if (!action.requestId || !/^[A-Za-z0-9_-]{8,64}$/.test(action.requestId)) return notFound;
  const found = await deps.requests.get(action.requestId);
  if (!found || found.value.tenantId !== actor.tenantId) return notFound;
  if (found.value.requesterId !== actor.aadObjectId) {
    // A refresh from someone else gets the shared status card; a press gets a message and no change.
    if (action.trigger === 'automatic') {
      return { answer: { kind: 'card', card: sharedCard(found.value, deps.settings, deps.now()) } };
    }
    return {
      answer: {
        kind: 'message',
        text: errorText(action.locale, ErrorCodes.REQUEST_NOT_YOURS, { name: found.value.requesterName }),
      },
    };
  }
  return found;
}
