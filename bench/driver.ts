/**
 * Drives a bot as Teams does, over HTTP, for the bench: a message that opens a form, the submit of that
 * form, the card updates that follow (read from the recording connector), and plain messages such as
 * `help`. Every time is taken from this process's clock or the connector's (the same clock).
 */
import { Verbs } from '../src/cards/verbs';
import { t } from '../src/i18n';
import { cardActions, cardInputs, cardText, requestIdOf } from '../tests/integration/harness';
import { cardAction, conversationIdFor, message, type ActivityJson } from '../tests/support/activities';
import { postActivity, type BotAnswer } from '../tests/support/botClient';
import {
  cardOf,
  type AdaptiveCardJson,
  type ConnectorCall,
  type RecordingConnector,
} from '../tests/support/connector';
import type { SeedPerson } from './seed';

/** Where activities go and where the bot's answers come back. */
export interface Conversation {
  readonly connector: RecordingConnector;
  readonly tenantId: string;
}

/** A form the bot posted. */
export interface Form {
  readonly requester: SeedPerson;
  readonly conversationId: string;
  readonly cardId: string;
  readonly card: AdaptiveCardJson;
  readonly requestId: string;
  /** Message sent → form received by the connector. */
  readonly elapsedMs: number;
  readonly sentAt: number;
}

/** The text that asks for a reset of these users (one, or a list: "a, b and c"). */
export function resetText(targets: readonly SeedPerson[]): string {
  const upns = targets.map((target) => target.upn);
  const list = upns.length === 1 ? upns[0] : `${upns.slice(0, -1).join(', ')} and ${upns[upns.length - 1]}`;
  return `reset password for ${list}`;
}

function teamsUser(person: SeedPerson): { aadObjectId: string; name: string } {
  return { aadObjectId: person.id, name: person.displayName };
}

/** Sends `reset password for …` in a fresh personal chat and waits for the form. */
export async function openForm(
  conversation: Conversation,
  botUrl: string,
  requester: SeedPerson,
  targets: readonly SeedPerson[],
  timeoutMs = 60_000,
): Promise<Form> {
  const { connector } = conversation;
  const conversationId = conversationIdFor('personal');
  const mark = connector.mark();
  const sentAt = Date.now();
  const posting = postActivity(
    botUrl,
    message(resetText(targets), {
      user: teamsUser(requester),
      tenantId: conversation.tenantId,
      serviceUrl: connector.url,
      conversationId,
    }),
    timeoutMs,
  );
  // Its failure is reported below, once the reply has been waited for.
  posting.catch(() => undefined);
  const reply = await connector.waitFor(
    (call) =>
      call.conversationId === conversationId &&
      (call.kind === 'reply' || call.kind === 'send') &&
      isForm(cardOf(call.body)),
    timeoutMs,
    mark,
  );
  const answer = await posting;
  if (answer.status !== 200) throw new Error(`the message was answered with HTTP ${answer.status}`);
  const card = cardOf(reply.body)!;
  return {
    requester,
    conversationId,
    cardId: reply.resultId,
    card,
    requestId: requestIdOf(card)!,
    elapsedMs: reply.at - sentAt,
    sentAt,
  };
}

function isForm(card: AdaptiveCardJson | null): boolean {
  return (
    Boolean(card) &&
    cardActions(card).some((action) => action.verb === Verbs.submit) &&
    Boolean(requestIdOf(card))
  );
}

/** The submit of a form with the values it shows (as a person who presses "Reset" at once). */
export function submitActivity(conversation: Conversation, form: Form): ActivityJson {
  return cardAction(Verbs.submit, {
    user: teamsUser(form.requester),
    tenantId: conversation.tenantId,
    serviceUrl: conversation.connector.url,
    conversationId: form.conversationId,
    replyToId: form.cardId,
    requestId: form.requestId,
    inputs: cardInputs(form.card),
  });
}

/** A submit delivered once. */
export interface Submitted {
  readonly sentAt: number;
  /** Time until the invoke's HTTP answer. */
  readonly answerMs: number;
  readonly answer: BotAnswer | null;
  /** The connector's sequence number when the submit was sent. */
  readonly mark: number;
}

/** Delivers the submit of `form`; never throws (a failed delivery has `answer` null). */
export async function submit(
  conversation: Conversation,
  botUrl: string,
  form: Form,
  timeoutMs = 60_000,
): Promise<Submitted> {
  const mark = conversation.connector.mark();
  const sentAt = Date.now();
  const answer = await postActivity(botUrl, submitActivity(conversation, form), timeoutMs).catch(() => null);
  return { sentAt, answerMs: Date.now() - sentAt, answer, mark };
}

/** True when the invoke was answered with a card (HTTP 200, invoke status 200). */
export function answeredWithCard(submitted: Submitted): boolean {
  const body = submitted.answer?.body as { statusCode?: number; type?: string } | null | undefined;
  return (
    submitted.answer?.status === 200 &&
    body?.statusCode === 200 &&
    body.type === 'application/vnd.microsoft.card.adaptive'
  );
}

const resettingText = t('en', 'resetting.text');

/** True for an update of the form's card that shows an outcome (anything but "resetting…"). */
export function isOutcome(call: ConnectorCall, form: Form): boolean {
  if (call.kind !== 'update' || call.activityId !== form.cardId) return false;
  const card = cardOf(call.body);
  return Boolean(card) && !cardText(card).includes(resettingText);
}

/** True for a progress update of a bulk request ("3 of 20 done"). */
export function isProgress(call: ConnectorCall, form: Form): boolean {
  if (call.kind !== 'update' || call.activityId !== form.cardId) return false;
  const card = cardOf(call.body);
  return Boolean(card) && cardText(card).includes(resettingText);
}

/** Waits for the outcome on the form's card; resolves with the connector's call. */
export function waitOutcome(
  conversation: Conversation,
  form: Form,
  since: number,
  timeoutMs = 60_000,
): Promise<ConnectorCall> {
  return conversation.connector.waitFor((call) => isOutcome(call, form), timeoutMs, since);
}

/** The title line of an outcome card, for reports. */
export function headlineOf(call: ConnectorCall): string {
  return cardText(cardOf(call.body)).split('\n')[0] ?? '';
}

/** Sends a plain message and resolves with the time until the HTTP answer (the reply has been sent by then). */
export async function sayOnce(
  conversation: Conversation,
  botUrl: string,
  person: SeedPerson,
  text: string,
): Promise<number> {
  const started = performance.now();
  const answer = await postActivity(
    botUrl,
    message(text, {
      user: teamsUser(person),
      tenantId: conversation.tenantId,
      serviceUrl: conversation.connector.url,
    }),
    30_000,
  );
  if (answer.status !== 200) throw new Error(`${text} was answered with HTTP ${answer.status}`);
  return performance.now() - started;
}
