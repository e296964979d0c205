/**
 * Reads what the use cases need from a Teams activity: who acts, in which tenant and conversation, what
 * they typed, and what a card action carries. Nothing here trusts the payload beyond its shape.
 */
import { TurnContext, type Activity } from 'botbuilder';
import { localeFromTag, type Locale } from '../i18n';
import { knownTimeZone } from '../reset/auditPeriod';
import type { Actor, CardAction, ConversationInfo } from '../reset/types';

/** The requester, or null when the activity does not carry an Entra object id. */
export function actorOf(activity: Activity): Actor | null {
  const aadObjectId = typeof activity.from?.aadObjectId === 'string' ? activity.from.aadObjectId.trim() : '';
  if (!/^[0-9a-fA-F-]{16,64}$/.test(aadObjectId)) return null;
  return {
    aadObjectId: aadObjectId.toLowerCase(),
    teamsUserId: typeof activity.from?.id === 'string' ? activity.from.id.slice(0, 256) : '',
    name: String(activity.from?.name ?? ''),
    tenantId: tenantOf(activity) ?? '',
  };
}

/**
 * The tenant the activity claims. Teams puts it in channelData.tenant.id and conversation.tenantId;
 * when both are present they must agree, otherwise the activity is not trusted (null).
 */
export function tenantOf(activity: Activity): string | null {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData =
    typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id.toLowerCase() : null;
  const fromConversation =
    typeof activity.conversation?.tenantId === 'string' ? activity.conversation.tenantId.toLowerCase() : null;
  if (fromChannelData && fromConversation && fromChannelData !== fromConversation) return null;
  return fromChannelData ?? fromConversation;
}

/** Personal chat, group chat or channel. */
export function conversationOf(activity: Activity): ConversationInfo {
  const type = activity.conversation?.conversationType;
  return {
    type: type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal',
    reference: JSON.stringify(TurnContext.getConversationReference(activity)),
  };
}

/** The message text without the bot's @mention (and without other mention markup). */
export function commandTextOf(activity: Activity): string {
  let text: unknown;
  try {
    text = TurnContext.removeRecipientMention(activity) ?? activity.text;
  } catch {
    // A malformed mention entity (no `mentioned`) makes botbuilder throw; the parser strips mentions too.
    text = activity.text;
  }
  return typeof text === 'string' ? text.slice(0, 4000) : '';
}

/**
 * True when the activity has the shape every reply needs: a sender object and a conversation id that can
 * travel in a URL path and an HTTP header. Anything else is not from Teams and gets no turn.
 */
export function isWellFormed(activity: Activity): boolean {
  const conversationId: unknown = activity.conversation?.id;
  return (
    typeof activity.from === 'object' &&
    activity.from !== null &&
    typeof conversationId === 'string' &&
    conversationId.length > 0 &&
    conversationId.length <= 1024 &&
    /^[\t\x20-\x7e\x80-\xff]+$/.test(conversationId)
  );
}

/**
 * The client's time zone (Teams sends an IANA name as `localTimezone`, and in its clientInfo entity), for
 * "today" in audit commands; UTC when absent or unknown to the runtime.
 */
export function timeZoneOf(activity: Activity): string {
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo') as
    { timezone?: unknown } | undefined;
  return knownTimeZone(activity.localTimezone ?? clientInfo?.timezone);
}

/** The locale the activity was sent with. */
export function activityLocale(activity: Activity): Locale {
  return localeFromTag(
    activity.locale ??
      (activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: string } | undefined)?.locale,
  );
}

/**
 * An `adaptiveCard/action` invoke as the use cases see it. `trigger` is read from the raw value because
 * botbuilder's typed handler drops it; the Agents Playground sends none, which counts as manual.
 */
export function cardActionOf(activity: Activity): CardAction | null {
  const value = activity.value as
    { action?: { type?: unknown; verb?: unknown; data?: unknown }; trigger?: unknown } | undefined;
  const verb = typeof value?.action?.verb === 'string' ? value.action.verb : null;
  if (!verb) return null;
  const data = (
    value?.action?.data && typeof value.action.data === 'object' ? value.action.data : {}
  ) as Record<string, unknown>;
  const { requestId, ...inputs } = data;
  // The card that carried the action is the message the invoke replies to.
  const cardId = typeof activity.replyToId === 'string' ? activity.replyToId.slice(0, 512) : '';
  return {
    verb,
    requestId: typeof requestId === 'string' ? requestId : null,
    inputs,
    trigger: value?.trigger === 'automatic' ? 'automatic' : 'manual',
    locale: activityLocale(activity),
    ...(cardId
      ? { card: { conversationReference: conversationOf(activity).reference, activityId: cardId } }
      : {}),
  };
}
