/**
 * Near misses through the real bot over HTTP: a message close to a command gets a one-line "Did you mean"
 * card in the command's language whose button (`reset.run`) runs the command as if it had been typed; the
 * full help card answers only a request for help; anything else gets one short line.
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { t } from '../../src/i18n';
import type { ConnectorCall } from '../support/connector';
import { answeredCard } from './flows';
import {
  cardActions,
  cardText,
  cardTexts,
  requestIdOf,
  useHarness,
  type Harness,
  type Person,
  type SayOptions,
} from './harness';

/** The single card the bot answered a message with. */
async function onlyCard(h: Harness, user: Person, text: string, options: SayOptions = {}) {
  const said = await h.say(user, text, options);
  assert.equal(said.answer.status, 200);
  assert.equal(said.replies.length, 1, `one card for ${JSON.stringify(text)}`);
  const reply = said.replies[0]!;
  assert.ok(reply.card, 'the reply is a card');
  return { said, card: reply.card, cardId: reply.id };
}

describe('integration: near misses get "Did you mean", and only "help" gets the help card', function () {
  this.timeout(60_000);
  let h: Harness;

  useHarness({}, (started) => (h = started));

  for (const [typed, suggested] of [
    ['pw reset bob', 'reset password for bob'],
    ['rest password for bob', 'reset password for bob'],
    ['reset pasword for bob', 'reset password for bob'],
    [
      'From the ticket queue: "User locked out after holiday, please reset password for bob, thanks"',
      'reset password for bob',
    ],
  ] as const) {
    it(`${JSON.stringify(typed)} → one line: Did you mean "${suggested}"?`, async () => {
      const mark = await h.graphMark();
      const { card } = await onlyCard(h, h.people.helpdesk, typed);
      const text = cardText(card);
      assert.ok(text.includes(suggested), text);
      assert.ok(!text.includes(t('en', 'help.title')), 'not the help card');
      assert.ok(cardTexts(card).length <= 4, `short: ${JSON.stringify(cardTexts(card))}`);
      const [run] = cardActions(card);
      assert.equal(run?.verb, Verbs.run);
      assert.deepEqual(run?.data, { command: suggested });
      assert.equal((await h.graphSince(mark)).length, 0, 'a suggestion costs no Graph call');
    });
  }

  it('a Japanese near miss gets a Japanese suggestion', async () => {
    const { card } = await onlyCard(h, h.people.helpdesk, 'bob のパスワドをリセト', { locale: 'en-US' });
    const text = cardText(card);
    assert.ok(text.includes('bob のパスワードをリセット'), text);
    assert.ok(text.includes(t('ja', 'suggest.run')), `the button speaks Japanese: ${text}`);
  });

  it('the button runs the command: the card says what ran, and the form follows as a new message', async () => {
    const { helpdesk, bob } = h.people;
    const { said, card, cardId } = await onlyCard(h, helpdesk, 'rest password for bob');
    const [run] = cardActions(card);
    const seq = h.connector.mark();
    const answer = answeredCard(
      await h.press(helpdesk, Verbs.run, {
        replyToId: cardId,
        conversationId: said.conversationId,
        requestId: null,
        inputs: run!.data,
      }),
    );
    assert.ok(cardText(answer).includes('reset password for bob'), cardText(answer));
    assert.equal(cardActions(answer).length, 0, 'the suggestion cannot run twice');
    const form = await h.connector.waitFor(
      (call: ConnectorCall) =>
        (call.kind === 'send' || call.kind === 'reply') &&
        call.conversationId === said.conversationId &&
        JSON.stringify(call.body).includes(Verbs.submit),
      15_000,
      seq,
    );
    const formCard = form.body.attachments?.[0]?.content;
    assert.ok(cardText(formCard).includes(t('en', 'form.title.one', { name: bob.displayName })));
    const requestId = requestIdOf(formCard);
    assert.ok(requestId, 'a real request was opened');
    assert.equal((await h.storedRequest(requestId))?.requesterId, helpdesk.aadObjectId);
  });

  it('the button is no way around the checks: it runs as the person who pressed it', async () => {
    const { helpdesk, noRole } = h.people;
    const { said, card, cardId } = await onlyCard(h, helpdesk, 'rest password for bob');
    const seq = h.connector.mark();
    await h.press(noRole, Verbs.run, {
      replyToId: cardId,
      conversationId: said.conversationId,
      requestId: null,
      inputs: cardActions(card)[0]!.data,
    });
    const refusal = await h.connector.waitFor(
      (call: ConnectorCall) =>
        (call.kind === 'send' || call.kind === 'reply') && call.conversationId === said.conversationId,
      15_000,
      seq,
    );
    assert.ok(
      cardText(refusal.body.attachments?.[0]?.content).includes(t('en', 'refused.title')),
      'someone without a role is refused, as if they had typed it',
    );
  });

  it('only "help", "ヘルプ" and "?" get the full help card; anything else gets one short line', async () => {
    for (const [typed, locale] of [
      ['help', 'en'],
      ['ヘルプ', 'ja'],
      ['?', 'en'],
    ] as const) {
      const { card } = await onlyCard(h, h.people.helpdesk, typed);
      assert.ok(cardText(card).includes(t(locale, 'help.title')), typed);
    }
    const { card } = await onlyCard(h, h.people.helpdesk, 'what is the weather like');
    assert.ok(!cardText(card).includes(t('en', 'help.title')), 'not the help card');
    assert.ok(cardText(card).includes(t('en', 'unknown.text')));
    assert.ok(cardTexts(card).length <= 3, JSON.stringify(cardTexts(card)));
  });
});
