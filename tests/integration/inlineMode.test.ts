/**
 * The bot over HTTP with PASSWORD_DELIVERY=inline: the password travels in the mail itself (as the admin
 * center's "New or modified user account information" did), and still nowhere else — canary included.
 */
import assert from 'node:assert/strict';
import { t } from '../../src/i18n';
import { inlineMail } from '../../src/mail/templates';
import { canaryScan } from '../support/canary';
import {
  answeredCard,
  assertConfirmation,
  assertResetting,
  finalCard,
  openForm,
  passwordMails,
  recipientsOf,
  submitForm,
} from './flows';
import {
  allPatches,
  canarySources,
  cardText,
  extractByTemplate,
  graphCalls,
  patchesOf,
  sendMails,
  useHarness,
  type Harness,
} from './harness';

describe('integration: inline mode over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;

  useHarness({ PASSWORD_DELIVERY: 'inline' }, (started) => (h = started));

  it('resets bob once, mails the password itself once, confirms, and leaks it nowhere else', async () => {
    const { bob, helpdesk } = h.people;
    const form = await openForm(h, helpdesk, 'bob');
    assert.ok(
      cardText(form.card).includes(t('en', 'form.delivery.inline')),
      'the form says the password goes in the mail',
    );
    const recipients = recipientsOf(form);
    const graphBefore = await h.graphMark();
    const outboxBefore = (await h.admin.outbox()).length;
    const seq = h.connector.mark();

    assertResetting(answeredCard(await submitForm(h, helpdesk, form, { passwordMode: 'auto' })), 'en', bob);
    assertConfirmation(await finalCard(h, form, seq), 'en', bob, form.requestId);

    const outbox = await h.admin.outbox();
    const mails = passwordMails(outbox, t('en', 'mail.inline.subject'), recipients);
    assert.equal(mails.length, 1, 'exactly one password mail');
    assert.ok(!/\/l\/[A-Za-z0-9_-]{20,}/.test(mails[0].body), 'no one-time link in inline mode');

    const marker = 'MARKER-9f8e7d6c';
    const template = inlineMail({
      locale: 'en',
      targetDisplayName: bob.displayName,
      targetUpn: bob.upn,
      requesterName: helpdesk.displayName,
      forceChange: true,
      helpdeskContact: h.stack.botEnv.HELPDESK_CONTACT ?? h.stack.botEnv.MAIL_SENDER,
      password: marker,
    }).html;
    const password = extractByTemplate(mails[0].body, template, marker);
    assert.ok(password, 'the mail carries the password');
    assert.ok(
      password.length >= 16,
      `generated passwords have at least 16 characters (got ${password.length})`,
    );
    assert.deepEqual(await h.admin.verifyPassword(bob.upn, password), {
      match: true,
      forceChangePasswordNextSignIn: true,
    });

    const log = await h.graphSince(graphBefore);
    assert.equal(patchesOf(log, bob).length, 1, 'exactly one PATCH /users/{bob}');
    assert.equal(allPatches(log).length, 1);
    assert.equal(graphCalls(log, 'POST', /\/revokeSignInSessions$/).length, 1);
    assert.equal(sendMails(log).length, outbox.length - outboxBefore, 'one sendMail per outbox message');
    // Only the password mail carries the password; the notice to the user does not.
    assert.equal(outbox.filter((m) => m.body.includes(password)).length, 1);

    const report = await canaryScan([password], canarySources(h));
    assert.deepEqual(report.findings, []);
    assert.ok(report.scanned.entities > 0 && report.scanned.logBytes > 0, JSON.stringify(report.scanned));
  });
});
