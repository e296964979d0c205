/**
 * `reset.search`: a channel's search form or a choice card sends a name; the answer replaces that card
 * in place with the form, a new choice or the reason for a refusal. Works without a request id, so a
 * card another tool posts may use it; with one, only its requester may continue it.
 */
import { searchFormCard, typedPasswordCard } from '../cards';
import { ErrorCodes } from '../errors';
import { errorText } from '../i18n';
import { queryContainsTypedPassword } from './commands';
import type { ResetDeps } from './deps';
import { MAX_NAME_LENGTH, overlongName } from './names';
import { continueWithQuery } from './startReset';
import type { Actor, CardAction, ConversationInfo, InvokeResult } from './types';

/** Answers a search from a card. */
export async function searchFromCard(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  conversation: ConversationInfo,
  correlationId: string,
): Promise<InvokeResult> {
  const query = typeof action.inputs.query === 'string' ? action.inputs.query.trim() : '';
  if (action.trigger === 'automatic')
    return { answer: { kind: 'card', card: searchFormCard({ locale: action.locale }) } };
  // A search box is no place for a password; what seems to hold one is neither searched nor repeated.
  if (queryContainsTypedPassword(query))
    return { answer: { kind: 'card', card: typedPasswordCard(action.locale) } };
  if (!query || overlongName([query])) {
    // A name longer than any Entra name matches nobody: said before any Graph call, never cut short.
    const code = query ? ErrorCodes.TARGET_NAME_TOO_LONG : ErrorCodes.TARGET_NOT_FOUND;
    return {
      answer: {
        kind: 'card',
        card: searchFormCard({
          locale: action.locale,
          error: errorText(action.locale, code, { max: MAX_NAME_LENGTH }),
        }),
      },
    };
  }
  const existing = action.requestId ? await deps.requests.get(action.requestId) : null;
  if (
    existing &&
    (existing.value.requesterId !== actor.aadObjectId || existing.value.tenantId !== actor.tenantId)
  ) {
    return {
      answer: {
        kind: 'message',
        text: errorText(action.locale, ErrorCodes.REQUEST_NOT_YOURS, { name: existing.value.requesterName }),
      },
    };
  }
  const outgoing = await continueWithQuery(deps, {
    actor,
    conversation,
    locale: existing?.value.locale ?? action.locale,
    queries: [query],
    correlationId,
    existing,
  });
  return { answer: { kind: 'card', card: outgoing.card } };
}
