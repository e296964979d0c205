/**
 * A password typed into a command, over HTTP against the real stack: the bot answers that passwords are
 * never typed in chat and that the form has "Let me create the password", and sends nothing of the
 * message to Graph, to the conversation or to its logs — in a personal chat, a group chat and a channel,
 * in English and Japanese, and in the search box of a channel form. And what was typed but matched nobody
 * is never repeated into a shared conversation.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Verbs } from '../../src/cards/verbs';
import { errorText, t } from '../../src/i18n';
import type { ConversationType } from '../support/activities';
import { canaryScan, encodingsOf } from '../support/canary';
import { answeredCard, canarySources, cardActions, cardText, useHarness, type Harness } from './harness';

describe('integration: a password typed into a command is never used, shown or logged', function () {
  this.timeout(60_000);
  let h: Harness;
  const typed: string[] = [];

  /** A fresh password-looking secret, remembered for the canary scan. */
  const secret = (shape: 'strong' | 'plain' = 'strong'): string => {
    const core = randomBytes(6).toString('hex');
    const value = shape === 'strong' ? `Zq${core}#9X` : `summer${core}`;
    typed.push(value);
    return value;
  };

  useHarness({}, (started) => (h = started));

  /** Sends `text`; asserts the typed-password answer in `locale`, no form, and not one Graph request. */
  async function expectTypedPasswordAnswer(
    text: string,
    locale: 'en' | 'ja',
    conversationType: ConversationType,
  ): Promise<void> {
    const mark = await h.graphMark();
    const said = await h.say(h.people.helpdesk, text, { conversationType });
    assert.equal(said.answer.status, 200);
    const texts = said.replies.map((reply) => cardText(reply.card)).join(' | ');
    assert.equal(said.replies.length, 1, texts);
    assert.ok(texts.includes(t(locale, 'typedPassword.title')), `${conversationType}: ${texts}`);
    assert.ok(
      texts.includes(t(locale, 'form.passwordMode.custom')),
      'the answer points at the form’s own option',
    );
    assert.ok(!cardActions(said.replies[0]?.card).some((a) => a.verb === Verbs.submit));
    const log = await h.graphSince(mark);
    assert.deepEqual(
      log.map((r) => `${r.method} ${r.path}`),
      [],
      'nothing was looked up in Graph for this message',
    );
  }

  const phrases: [string, (upn: string) => string, 'en' | 'ja'][] = [
    ['"to …"', (upn) => `reset password for ${upn} to ${secret()}`, 'en'],
    ['"to …" (a plain word)', (upn) => `reset password for ${upn} to ${secret('plain')}`, 'en'],
    ['", carol password …"', (upn) => `reset password for ${upn}, carol password ${secret()}`, 'en'],
    ['"with …"', (upn) => `reset password for ${upn} with ${secret()}`, 'en'],
    ['"pw …"', (upn) => `reset password for ${upn} pw ${secret('plain')}`, 'en'],
    ['a password-shaped word', (upn) => `reset password for ${upn} ${secret()}`, 'en'],
    ['"パスワードは …"', (upn) => `${upn} のパスワードをリセット、パスワードは ${secret('plain')}`, 'ja'],
    ['"… に変更"', (upn) => `${upn} のパスワードを ${secret()} に変更`, 'ja'],
  ];
  for (const conversationType of ['personal', 'groupChat', 'channel'] as const) {
    for (const [name, phrase, locale] of phrases) {
      it(`${conversationType}, ${locale}: ${name}`, async () => {
        await expectTypedPasswordAnswer(phrase(h.people.bob.upn), locale, conversationType);
      });
    }
  }

  it('the search box of a channel form says the same and looks nothing up', async () => {
    const said = await h.say(h.people.helpdesk, 'form', { conversationType: 'channel' });
    const form = said.replies.find((reply) => cardActions(reply.card).some((a) => a.verb === Verbs.search));
    assert.ok(form, 'a search form was posted');
    const mark = await h.graphMark();
    const answer = answeredCard(
      await h.press(h.people.helpdesk, Verbs.search, {
        replyToId: form.id,
        conversationId: said.conversationId,
        conversationType: 'channel',
        inputs: { query: `${h.people.bob.upn} to ${secret()}` },
      }),
    );
    assert.ok(cardText(answer).includes(t('en', 'typedPassword.title')), cardText(answer));
    assert.deepEqual(await h.graphSince(mark), []);
  });

  it('a name that matched nobody is repeated to the requester alone, never into a group chat or channel', async () => {
    const nobody = `nobody${randomBytes(4).toString('hex')}`;
    const personal = await h.say(h.people.helpdesk, `reset password for ${h.people.bob.upn}, ${nobody}`);
    const personalText = personal.replies.map((reply) => cardText(reply.card)).join(' | ');
    assert.ok(personalText.includes(nobody), 'in a personal chat the requester sees what was not found');
    for (const conversationType of ['groupChat', 'channel'] as const) {
      const shared = await h.say(h.people.helpdesk, `reset password for ${h.people.bob.upn}, ${nobody}`, {
        conversationType,
      });
      const text = shared.replies.map((reply) => cardText(reply.card)).join(' | ');
      assert.ok(text.includes(errorText('en', 'TARGET_NOT_FOUND')), text);
      assert.ok(text.includes(t('en', 'refused.unresolvedName', { n: '2' })), text);
      assert.ok(!text.includes(nobody), `${conversationType}: the unresolved name was repeated: ${text}`);
      const raw = shared.replies.map((reply) => JSON.stringify(reply.call.body)).join('\n');
      assert.ok(!raw.includes(nobody), `${conversationType}: the unresolved name is in the activity`);
    }
  });

  it('no typed password is in the tenant’s request log, the bot’s answers and log, the connector traffic or storage', async () => {
    assert.ok(typed.length >= phrases.length * 3, 'the tests typed their passwords');
    const requests = JSON.stringify(await h.admin.requests());
    for (const value of typed) {
      for (const [encoding, needle] of Object.entries(encodingsOf(value))) {
        assert.equal(
          requests.includes(needle),
          false,
          `a Graph request carries a typed password (${encoding})`,
        );
      }
    }
    const report = await canaryScan(typed, canarySources(h));
    assert.deepEqual(report.findings, []);
    assert.ok(report.scanned.connector > 0 && report.scanned.logBytes > 0, JSON.stringify(report.scanned));
  });
});
