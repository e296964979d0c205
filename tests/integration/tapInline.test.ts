/**
 * Temporary Access Pass over HTTP with PASSWORD_DELIVERY=inline: the pass travels in the mail itself, as a
 * password does in that mode, and nowhere else — not in the notice, Teams, the logs or storage.
 */
import assert from 'node:assert/strict';
import { t } from '../../src/i18n';
import { canaryScan } from '../support/canary';
import { answeredCard, finalCard, passwordMails, recipientsOf } from './flows';
import { canarySources, cardText, sendMails, useHarness, type Harness } from './harness';
import { holderOf, openTapForm, passInMail, personByUpn, submitTapForm, tapPosts } from './tapFlows';

describe('integration: Temporary Access Pass over HTTP (inline mode)', function () {
  this.timeout(60_000);
  let h: Harness;

  useHarness({ PASSWORD_DELIVERY: 'inline' }, (started) => (h = started));

  it('creates one pass, mails the pass itself once, confirms, and leaks it nowhere else', async () => {
    const auth = holderOf('auth');
    const bob = personByUpn('bob@contoso.com');
    const form = await openTapForm(h, auth, 'bob');
    assert.ok(cardText(form.card).includes(t('en', 'tap.form.delivery.inline')), cardText(form.card));
    const recipients = recipientsOf(form);
    const before = await h.graphMark();
    const outboxBefore = (await h.admin.outbox()).length;
    const seq = h.connector.mark();
    answeredCard(await submitTapForm(h, auth, form));
    const final = cardText(await finalCard(h, form, seq));
    assert.ok(
      final.includes(t('en', 'tap.confirm.title')) && final.includes(t('en', 'tap.confirm.mailed.inline')),
      final,
    );

    const outbox = await h.admin.outbox();
    const mails = passwordMails(
      outbox,
      t('en', 'tap.mail.inline.subject', { name: bob.displayName }),
      recipients,
    );
    assert.equal(mails.length, 1, 'exactly one pass mail');
    assert.ok(!/\/l\/[A-Za-z0-9_-]{20,}/.test(mails[0]!.body), 'no one-time link in inline mode');
    const pass = passInMail(
      mails[0]!,
      bob,
      auth,
      h.stack.botEnv.HELPDESK_CONTACT ?? h.stack.botEnv.MAIL_SENDER ?? '',
    );
    assert.equal(
      (await h.admin.verifyTemporaryAccessPass(bob.upn, pass)).match,
      true,
      'the mailed pass is bob’s',
    );

    const log = await h.graphSince(before);
    assert.equal(tapPosts(log).length, 1);
    assert.equal(sendMails(log).length, outbox.length - outboxBefore);
    assert.equal(outbox.filter((m) => m.body.includes(pass)).length, 1, 'only the pass mail carries it');

    const report = await canaryScan([pass], canarySources(h));
    assert.deepEqual(report.findings, []);
    assert.ok(report.scanned.entities > 0 && report.scanned.logBytes > 0, JSON.stringify(report.scanned));
  });
});
