/**
 * Conversation steps several integration files share: open a form, submit it, wait for the card to be
 * replaced, and find the password mail of a target in the outbox.
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { t, type Locale } from '../../src/i18n';
import { passwordPage } from '../../src/web/linkPages';
import type { ConversationType } from '../support/activities';
import { fetchPage, type InvokeBody } from '../support/botClient';
import type { AdaptiveCardJson } from '../support/connector';
import type { OutboxMessage } from '../support/tenantAdmin';
import {
  answeredCard,
  cardActions,
  cardInputs,
  cardText,
  extractByTemplate,
  requestIdOf,
  type Harness,
  type Person,
  type SayOptions,
} from './harness';

/** A form the bot posted. */
export interface OpenForm {
  readonly conversationId: string;
  readonly cardId: string;
  readonly card: AdaptiveCardJson;
  readonly requestId: string;
  /** Where the card was posted (personal when absent); presses on it say the same. */
  readonly conversationType?: ConversationType;
}

/** Asks for a reset and returns the form card (asserting that a form, and only a form, came back). */
export async function openForm(
  h: Harness,
  requester: Person,
  query: string,
  options: SayOptions = {},
): Promise<OpenForm> {
  const said = await h.say(requester, `reset password for ${query}`, options);
  assert.equal(said.answer.status, 200, `bot answered HTTP ${said.answer.status}`);
  const form = said.replies.find(
    (reply) => reply.card && cardActions(reply.card).some((a) => a.verb === Verbs.submit),
  );
  assert.ok(
    form?.card,
    `no form came back for "${query}"; cards: ${said.replies.map((r) => cardText(r.card)).join(' | ')}`,
  );
  const requestId = requestIdOf(form.card);
  assert.ok(requestId, 'the form carries no request id');
  return {
    conversationId: said.conversationId,
    cardId: form.id,
    card: form.card,
    requestId,
    conversationType: options.conversationType,
  };
}

/**
 * Asks for a reset in a group chat or channel and returns the shared card: a status card whose refresh
 * (`reset.refresh`) carries the request id; asserts that no reply carries a submit button.
 */
export async function openShared(
  h: Harness,
  requester: Person,
  query: string,
  options: SayOptions & { conversationType: ConversationType },
): Promise<OpenForm> {
  const said = await h.say(requester, `reset password for ${query}`, options);
  assert.equal(said.answer.status, 200, `bot answered HTTP ${said.answer.status}`);
  const texts = said.replies.map((r) => cardText(r.card)).join(' | ');
  assert.ok(
    !said.replies.some((r) => r.card && cardActions(r.card).some((a) => a.verb === Verbs.submit)),
    `a form was posted for everyone: ${texts}`,
  );
  const shared = said.replies.find(
    (r) => r.card && cardActions(r.card).some((a) => a.verb === Verbs.refresh),
  );
  assert.ok(shared?.card, `no shared status card came back for "${query}"; cards: ${texts}`);
  const requestId = requestIdOf(shared.card);
  assert.ok(requestId, 'the shared card carries no request id');
  return {
    conversationId: said.conversationId,
    cardId: shared.id,
    card: shared.card,
    requestId,
    conversationType: options.conversationType,
  };
}

/** Teams' automatic `reset.refresh` for `user` on a card (how a user-specific view is fetched). */
export async function refreshAs(h: Harness, user: Person, card: OpenForm): Promise<InvokeBody> {
  return h.press(user, Verbs.refresh, {
    replyToId: card.cardId,
    conversationId: card.conversationId,
    conversationType: card.conversationType ?? 'personal',
    requestId: card.requestId,
    trigger: 'automatic',
  });
}

/** Submits a form with its own values, overridden by `inputs`. */
export async function submitForm(
  h: Harness,
  requester: Person,
  form: OpenForm,
  inputs: Record<string, string> = {},
) {
  return h.press(requester, Verbs.submit, {
    replyToId: form.cardId,
    conversationId: form.conversationId,
    conversationType: form.conversationType ?? 'personal',
    requestId: form.requestId,
    inputs: { ...cardInputs(form.card), ...inputs },
  });
}

/** Waits for the update that replaces the form with its final card (confirmation or failure). */
export async function finalCard(
  h: Harness,
  form: OpenForm,
  sinceSeq: number,
  timeoutMs = 15_000,
): Promise<AdaptiveCardJson> {
  // A bulk request's card shows progress ("1 of 3 done") before its outcome: those updates are skipped.
  const progress = [t('en', 'resetting.text'), t('ja', 'resetting.text')];
  const update = await h.connector.waitFor(
    (call) =>
      call.kind === 'update' &&
      call.activityId === form.cardId &&
      !progress.some((line) =>
        cardText(call.body.attachments?.[0]?.content as AdaptiveCardJson).includes(line),
      ),
    timeoutMs,
    sinceSeq,
  );
  const card = update.body.attachments?.[0]?.content as AdaptiveCardJson | undefined;
  assert.ok(card, 'the update carries no card');
  return card;
}

/** Asserts the card is the "resetting…" card for this target. */
export function assertResetting(card: AdaptiveCardJson, locale: Locale, target: Person): void {
  assert.ok(
    cardText(card).includes(t(locale, 'resetting.title', { names: target.displayName })),
    `not the resetting card: ${cardText(card)}`,
  );
}

/** Asserts the card is a clean confirmation for this target and request. */
export function assertConfirmation(
  card: AdaptiveCardJson,
  locale: Locale,
  target: Person,
  requestId: string,
): void {
  const text = cardText(card);
  assert.ok(text.includes(t(locale, 'confirm.title')), `not a confirmation: ${text}`);
  assert.ok(
    !text.includes(t(locale, 'confirm.title.problem')),
    `the confirmation reports a problem: ${text}`,
  );
  assert.ok(
    text.includes(target.upn) || text.includes(target.displayName),
    'the confirmation does not name the user',
  );
  assert.ok(text.includes(requestId), 'the confirmation does not carry the request id');
  assert.ok(
    !cardActions(card).some((a) => a.verb === Verbs.submit),
    'the confirmation still has a submit button',
  );
}

/** The answer of an invoke, as a card. */
export { answeredCard };

/** Outbox messages sent to any of `recipients` whose subject is the password mail's for `target`. */
export function passwordMails(
  outbox: readonly OutboxMessage[],
  subject: string,
  recipients: readonly string[],
): OutboxMessage[] {
  const wanted = new Set(recipients.map((r) => r.toLowerCase()));
  return outbox.filter(
    (m) => m.subject === subject && m.to.some((address) => wanted.has(address.toLowerCase())),
  );
}

/** The recipients a form suggests, as a list. */
export function recipientsOf(form: OpenForm): string[] {
  return (cardInputs(form.card).recipients ?? '')
    .split(/[;,]/)
    .map((r) => r.trim())
    .filter(Boolean);
}

/** The one-time link a password mail carries (to the bot's PUBLIC_URL), or a failure. */
export function linkIn(h: Harness, mail: OutboxMessage): string {
  const base = h.stack.botEnv.PUBLIC_URL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(`${base}/l/[A-Za-z0-9_~.%-]+`).exec(mail.body);
  assert.ok(found, `the mail "${mail.subject}" carries no one-time link to PUBLIC_URL`);
  return found[0];
}

/** Opens a one-time link as the recipient would (GET, then the POST of "Show password") and returns the password. */
export async function revealPassword(link: string, target: Person, locale: Locale = 'en'): Promise<string> {
  const page = await fetchPage(link);
  assert.equal(page.status, 200, `the link page answered HTTP ${page.status}`);
  const token = link.split('/l/')[1];
  const shown = await fetchPage(link, { method: 'POST', form: { token } });
  assert.equal(shown.status, 200, `"Show password" answered HTTP ${shown.status}`);
  const marker = 'MARKER-5e6f7a8b';
  const template = passwordPage({
    locale,
    targetDisplayName: target.displayName,
    targetUpn: target.upn,
    password: marker,
    forceChange: true,
  });
  const password = extractByTemplate(shown.text, template, marker);
  assert.ok(password, 'the password page shows a password');
  return password;
}
