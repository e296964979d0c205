/**
 * The bot over HTTP in link mode (the default), with the local tenant, Azurite and the bot as real
 * processes and a recording connector: the happy path from command to one-time link, custom passwords,
 * double submits, someone else's press, tampered data, expiry, automatic triggers, Japanese, help and
 * audit — and at the end the canary scan over everything the bot said, logged and stored.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Verbs } from '../../src/cards/verbs';
import { errorText, t } from '../../src/i18n';
import { passwordPage } from '../../src/web/linkPages';
import { fetchPage } from '../support/botClient';
import { canaryScan, markerSeen } from '../support/canary';
import { cardOf } from '../support/connector';
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
  cardActions,
  cardText,
  extractByTemplate,
  graphCalls,
  patchesOf,
  sendMails,
  useHarness,
  type Harness,
} from './harness';

describe('integration: link mode over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  /** Every password the tests learned; none may appear anywhere the canary looks. */
  const secrets: string[] = [];
  let happyRequestId = '';

  useHarness({}, (started) => (h = started));

  describe('the happy path: "reset password for bob"', () => {
    let link = '';
    let graphBefore = 0;
    let outboxBefore = 0;
    let recipients: string[] = [];

    it('answers with the form, resets at submit, mails one link and confirms by replacing the card', async () => {
      const { bob, helpdesk } = h.people;
      const form = await openForm(h, helpdesk, 'bob');
      happyRequestId = form.requestId;
      const text = cardText(form.card);
      assert.ok(text.includes(t('en', 'form.title.one', { name: bob.displayName })), text);
      assert.ok(text.includes(bob.upn), 'the form names the UPN');
      recipients = recipientsOf(form);
      for (const other of bob.otherMails) assert.ok(recipients.includes(other), `${other} is suggested`);

      graphBefore = await h.graphMark();
      outboxBefore = (await h.admin.outbox()).length;
      const seq = h.connector.mark();
      const started = Date.now();
      const answer = await submitForm(h, helpdesk, form, { passwordMode: 'auto' });
      assert.ok(Date.now() - started < 5_000, 'the invoke is answered at once');
      assert.equal(answer.statusCode, 200);
      assertResetting(answeredCard(answer), 'en', bob);

      const confirmation = await finalCard(h, form, seq);
      assertConfirmation(confirmation, 'en', bob, form.requestId);
      assert.equal(h.connector.activity(form.cardId)?.updates, 1, 'the card was replaced exactly once');

      const outbox = await h.admin.outbox();
      const mails = passwordMails(
        outbox,
        t('en', 'mail.link.subject', { name: bob.displayName }),
        recipients,
      );
      assert.equal(mails.length, 1, 'exactly one password mail');
      assert.deepEqual(
        new Set(mails[0].to.map((a) => a.toLowerCase())),
        new Set(recipients.map((a) => a.toLowerCase())),
      );
      const found = new RegExp(
        `${h.stack.botEnv.PUBLIC_URL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/l/[A-Za-z0-9_~.%-]+`,
      ).exec(mails[0].body);
      assert.ok(found, 'the mail carries a one-time link to PUBLIC_URL');
      link = found[0];

      const log = await h.graphSince(graphBefore);
      assert.equal(patchesOf(log, bob).length, 1, 'exactly one PATCH /users/{bob}');
      assert.equal(allPatches(log).length, 1, 'no other user was patched');
      assert.equal(graphCalls(log, 'POST', /\/revokeSignInSessions$/).length, 1, 'sessions revoked once');
      // Every sendMail landed in the outbox: the password mail plus, at most, the notice to the user.
      const added = outbox.length - outboxBefore;
      assert.equal(sendMails(log).length, added, 'one sendMail per outbox message');
      assert.ok(added <= 2, `at most the password mail and the notice (got ${added})`);
    });

    it('serves the link page to GETs without burning it, shows the password once on POST, then is gone', async () => {
      const { bob } = h.people;
      const first = await fetchPage(link);
      const second = await fetchPage(link);
      for (const page of [first, second]) {
        assert.equal(page.status, 200, 'a GET (a mail scanner) does not burn the link');
        assert.ok(page.text.includes(bob.upn), 'the page names the account');
        assert.match(String(page.headers['cache-control']), /no-store/);
      }
      const token = link.split('/l/')[1];
      const shown = await fetchPage(link, { method: 'POST', form: { token } });
      assert.equal(shown.status, 200);
      const marker = 'MARKER-0a1b2c3d';
      const template = passwordPage({
        locale: 'en',
        targetDisplayName: bob.displayName,
        targetUpn: bob.upn,
        password: marker,
        forceChange: true,
      });
      const password = extractByTemplate(shown.text, template, marker);
      assert.ok(password, 'the password page shows a password');
      assert.ok(
        password.length >= 16,
        `generated passwords have at least 16 characters (got ${password.length})`,
      );
      secrets.push(password);
      for (const page of [first, second])
        assert.ok(!page.text.includes(password), 'the GET page never shows the password');

      const again = await fetchPage(link, { method: 'POST', form: { token } });
      assert.equal(again.status, 404);
      assert.ok(again.text.includes(t('en', 'page.gone.title')));
      assert.ok(!again.text.includes(password));
      const afterwards = await fetchPage(link);
      assert.equal(afterwards.status, 404, 'once shown, even the GET page is gone');

      const verified = await h.admin.verifyPassword(bob.upn, password);
      assert.deepEqual(verified, { match: true, forceChangePasswordNextSignIn: true });
    });

    it('refuses a POST whose hidden token does not repeat the URL (cross-site form)', async () => {
      const page = await fetchPage(`${h.stack.botUrl}/l/not-a-real-token-${Date.now()}`, {
        method: 'POST',
        form: { token: 'other' },
      });
      assert.ok(page.status === 400 || page.status === 404, `HTTP ${page.status}`);
    });
  });

  describe('custom password', () => {
    it('brings the form back naming the broken rule, resets nothing; a valid one is then used as given', async () => {
      const { helpdesk } = h.people;
      const target = h.people.plain[0];
      const form = await openForm(h, helpdesk, target.upn);
      const mark = await h.graphMark();

      const refused = answeredCard(
        await submitForm(h, helpdesk, form, {
          passwordMode: 'custom',
          customPassword: 'onlylowercaseletters',
        }),
      );
      assert.ok(
        cardActions(refused).some((a) => a.verb === Verbs.submit && a.data.requestId === form.requestId),
        'the form comes back',
      );
      assert.ok(cardText(refused).includes(errorText('en', 'PASSWORD_CLASSES')), cardText(refused));
      assert.equal(allPatches(await h.graphSince(mark)).length, 0, 'nothing was reset');
      assert.equal((await h.storedRequest(form.requestId))?.state, 'open');

      const custom = `Vq7!${Buffer.from(String(Date.now())).toString('hex')}Zx`;
      const seq = h.connector.mark();
      assertResetting(
        answeredCard(await submitForm(h, helpdesk, form, { passwordMode: 'custom', customPassword: custom })),
        'en',
        target,
      );
      assertConfirmation(await finalCard(h, form, seq), 'en', target, form.requestId);
      secrets.push(custom);
      assert.equal(patchesOf(await h.graphSince(mark), target).length, 1);
      assert.deepEqual(await h.admin.verifyPassword(target.upn, custom), {
        match: true,
        forceChangePasswordNextSignIn: true,
      });
    });
  });

  describe('double submit', () => {
    it('resets and mails once for two concurrent identical submits and a third one later', async () => {
      const { helpdesk } = h.people;
      const target = h.people.plain[1];
      const form = await openForm(h, helpdesk, target.upn);
      const mark = await h.graphMark();
      const outboxBefore = (await h.admin.outbox()).length;
      const seq = h.connector.mark();
      const [a, b] = await Promise.all([submitForm(h, helpdesk, form), submitForm(h, helpdesk, form)]);
      for (const answer of [a, b]) assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
      const texts = [a, b].map((answer) => cardText(answer.value));
      assert.ok(
        texts.some((x) => x.includes(t('en', 'resetting.title', { names: target.displayName }))),
        texts.join(' | '),
      );
      await finalCard(h, form, seq);
      const third = answeredCard(await submitForm(h, helpdesk, form));
      assertConfirmation(third, 'en', target, form.requestId);

      const log = await h.graphSince(mark);
      assert.equal(patchesOf(log, target).length, 1, 'one PATCH');
      const outbox = await h.admin.outbox();
      assert.equal(
        passwordMails(outbox, t('en', 'mail.link.subject', { name: target.displayName }), recipientsOf(form))
          .length,
        1,
        'one password mail',
      );
      assert.equal(
        h.connector.callsSince(seq).filter((c) => c.kind === 'update' && c.activityId === form.cardId).length,
        1,
      );
      // Every sendMail landed in the outbox, and only one of them is this user's password mail.
      const outboxAdded = outbox.length - outboxBefore;
      assert.equal(sendMails(log).length, outboxAdded, 'one sendMail per outbox message');
      assert.ok(outboxAdded <= 2, `the password mail and at most the notice (got ${outboxAdded})`);
    });
  });

  describe('someone else presses the button', () => {
    it('answers with a message and changes nothing; the requester can still use the form', async () => {
      const { helpdesk, otherAdmin } = h.people;
      const target = h.people.plain[2];
      const form = await openForm(h, helpdesk, target.upn);
      const mark = await h.graphMark();
      const answer = await submitForm(h, otherAdmin, form);
      assert.equal(answer.type, 'application/vnd.microsoft.activity.message');
      assert.equal(answer.value, errorText('en', 'REQUEST_NOT_YOURS', { name: helpdesk.displayName }));
      assert.equal(allPatches(await h.graphSince(mark)).length, 0);
      assert.equal((await h.storedRequest(form.requestId))?.state, 'open', 'the request is untouched');

      const cancelled = answeredCard(
        await h.press(helpdesk, Verbs.cancel, {
          replyToId: form.cardId,
          conversationId: form.conversationId,
          requestId: form.requestId,
        }),
      );
      assert.ok(cardText(cancelled).includes(t('en', 'cancelled.title')));
      assert.equal(allPatches(await h.graphSince(mark)).length, 0);
    });
  });

  describe('tampered card data', () => {
    it('answers an unknown or malformed request id with an error and touches nothing', async () => {
      const { helpdesk } = h.people;
      const mark = await h.graphMark();
      const bad: unknown[] = [
        'AAAAAAAAAAAAAAAAAAAAAAAA',
        "x'; DROP TABLE requests; --",
        'a'.repeat(500),
        12345,
        { $ne: null },
        '',
      ];
      for (const requestId of bad) {
        const answer = await h.press(helpdesk, Verbs.submit, {
          replyToId: 'act-unknown',
          conversationId: `a:1tamper${Date.now()}`,
          requestId: null,
          extraData: { requestId },
          inputs: { passwordMode: 'auto', recipients: 'someone@example.net' },
        });
        assert.equal(
          answer.type,
          'application/vnd.microsoft.error',
          `requestId ${JSON.stringify(requestId)}`,
        );
        assert.ok(answer.statusCode >= 400 && answer.statusCode < 500);
      }
      assert.equal(allPatches(await h.graphSince(mark)).length, 0);
    });

    it('ignores extra fields (targetId, requesterId, tenantId…): the stored target is reset, no one else', async () => {
      const { helpdesk, otherAdmin, privileged } = h.people;
      const target = h.people.plain[3];
      const form = await openForm(h, helpdesk, target.upn);
      const mark = await h.graphMark();
      const seq = h.connector.mark();
      const answer = await h.press(helpdesk, Verbs.submit, {
        replyToId: form.cardId,
        conversationId: form.conversationId,
        requestId: form.requestId,
        inputs: {
          passwordMode: 'auto',
          forceChange: 'true',
          revokeSessions: 'false',
          recipients: recipientsOf(form).join('; '),
        },
        extraData: {
          targetId: privileged.aadObjectId,
          userId: privileged.aadObjectId,
          targets: [{ userId: privileged.aadObjectId }],
          requesterId: otherAdmin.aadObjectId,
          tenantId: '00000000-0000-0000-0000-000000000000',
          state: 'open',
        },
      });
      assertResetting(answeredCard(answer), 'en', target);
      assertConfirmation(await finalCard(h, form, seq), 'en', target, form.requestId);
      const log = await h.graphSince(mark);
      assert.equal(patchesOf(log, target).length, 1);
      assert.equal(patchesOf(log, privileged).length, 0, 'the injected target was not touched');
      assert.equal(allPatches(log).length, 1);
      const stored = await h.storedRequest(form.requestId);
      assert.equal(stored?.requesterId.toLowerCase(), helpdesk.aadObjectId.toLowerCase());
      assert.deepEqual(
        stored?.targets.map((x) => x.userId.toLowerCase()),
        [target.aadObjectId.toLowerCase()],
      );
    });
  });

  describe('automatic trigger and expiry', () => {
    it('never changes anything on trigger "automatic", and refuses an expired form', async () => {
      const { helpdesk } = h.people;
      const target = h.people.plain[4] ?? h.people.plain[0];
      const form = await openForm(h, helpdesk, target.upn);
      const mark = await h.graphMark();

      const automatic = answeredCard(
        await h.press(helpdesk, Verbs.submit, {
          replyToId: form.cardId,
          conversationId: form.conversationId,
          requestId: form.requestId,
          inputs: { passwordMode: 'auto', recipients: recipientsOf(form).join('; ') },
          trigger: 'automatic',
        }),
      );
      assert.ok(
        cardActions(automatic).some((a) => a.verb === Verbs.submit),
        'the form is shown again',
      );
      assert.equal((await h.storedRequest(form.requestId))?.state, 'open');

      await h.expireRequest(form.requestId, new Date(Date.now() - 60_000).toISOString());
      const expired = answeredCard(await submitForm(h, helpdesk, form));
      assert.ok(cardText(expired).includes(t('en', 'expired.title')), cardText(expired));
      assert.ok(!cardActions(expired).some((a) => a.verb === Verbs.submit));
      assert.equal(allPatches(await h.graphSince(mark)).length, 0, 'nothing was reset');
      assert.equal((await h.storedRequest(form.requestId))?.state, 'open');
    });
  });

  describe('languages, help and audit', () => {
    it('answers a Japanese command with a Japanese form, whatever the client locale', async () => {
      const { bob, helpdesk } = h.people;
      const said = await h.say(helpdesk, 'bob のパスワードをリセット', { locale: 'en-US' });
      const form = said.replies
        .map((r) => r.card)
        .find((card) => card && cardActions(card).some((a) => a.verb === Verbs.submit));
      assert.ok(form, said.replies.map((r) => cardText(r.card)).join(' | '));
      assert.ok(
        cardText(form).includes(t('ja', 'form.title.one', { name: bob.displayName })),
        cardText(form),
      );
      assert.ok(cardText(form).includes(t('ja', 'form.submit')));
    });

    it('answers help and ヘルプ in their language', async () => {
      const { helpdesk } = h.people;
      const en = await h.say(helpdesk, 'help');
      assert.ok(cardText(en.replies[0]?.card).includes(t('en', 'help.title')));
      const ja = await h.say(helpdesk, 'ヘルプ', { locale: 'en-US' });
      assert.ok(cardText(ja.replies[0]?.card).includes(t('ja', 'help.title')));
      const channel = await h.say(helpdesk, 'help', { conversationType: 'channel', mentionBot: true });
      assert.ok(
        cardText(channel.replies[0]?.card).includes(t('en', 'help.title')),
        'the @mention is removed in channels',
      );
    });

    it('shows the happy path as one audit entry in words, its steps (the link opened included) on Details, to admins only', async () => {
      const { bob, helpdesk, noRole } = h.people;
      const said = await h.say(helpdesk, `audit ${bob.upn}`);
      const reply = said.replies[0]!;
      const text = cardText(reply.card);
      assert.ok(text.includes(t('en', 'audit.title')), text);
      assert.ok(text.includes(t('en', 'audit.outcome.mailed.signedOut')), text);
      assert.ok(text.includes(t('en', 'common.requestId', { id: happyRequestId })));
      assert.ok(!text.includes(h.people.plain[1].upn), 'filtered to bob');
      const details = cardActions(reply.card).find(
        (a) => a.verb === Verbs.auditDetails && a.data.requestId === happyRequestId,
      );
      assert.ok(details, 'the happy path is an entry with a Details button');
      const { requestId, ...inputs } = details.data;
      const pressed = await h.press(helpdesk, Verbs.auditDetails, {
        replyToId: reply.id,
        conversationId: said.conversationId,
        requestId: String(requestId),
        inputs,
      });
      const steps = cardText(answeredCard(pressed));
      for (const action of [
        'requested',
        'submitted',
        'reset',
        'sessions-revoked',
        'mail-accepted',
        'link-viewed',
      ] as const) {
        assert.ok(steps.includes(t('en', `audit.action.${action}`)), `${action} is a step of bob's entry`);
      }

      const refused = cardText((await h.say(noRole, 'audit')).replies[0]?.card);
      assert.ok(refused.includes(errorText('en', 'REQUESTER_NOT_ADMIN')), refused);
      assert.ok(!refused.includes(bob.upn), 'no audit data for a user without a role');
    });
  });

  describe('canary scan', () => {
    it('finds no generated or custom password in any activity, invoke answer, bot log line or stored entity', async () => {
      assert.ok(secrets.length >= 2, 'the tests learned the passwords they set');
      const sources = canarySources(h);
      const report = await canaryScan(secrets, sources);
      assert.deepEqual(report.findings, []);
      // The scan really read every source: a harmless marker (the request id) is found in each.
      const seen = await markerSeen(happyRequestId, sources);
      assert.ok(seen.connector && seen.answers && seen.storage, JSON.stringify(seen));
      assert.ok(report.scanned.logBytes > 0, 'the bot log was read');
      assert.ok(
        report.scanned.tables.length >= 4 && report.scanned.entities > 0,
        JSON.stringify(report.scanned),
      );
      assert.ok(
        h.connector.calls().every((c) => c.kind !== 'other'),
        'the bot called only send/reply/update',
      );
      assert.ok(
        h.connector.calls().every((c) => c.kind !== 'update' || cardOf(c.body)),
        'every update carries a card',
      );
      // No turn failed unexpectedly along the way (pino level 50+ is error/fatal).
      const errors = readFileSync(path.join(h.stack.dataDir, 'bot.log'), 'utf8')
        .split('\n')
        .filter((line) => /"level":(5\d|6\d)/.test(line));
      assert.deepEqual(errors, []);
    });
  });
});
