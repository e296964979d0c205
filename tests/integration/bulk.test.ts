/**
 * Several users at once over HTTP, like the admin center's multi-select reset: one form, one PATCH, one
 * password and one mail per user; a refused name next to the form for the others, an ambiguous one chosen
 * on the form; and
 * `reset.resendMail` after a sendMail that may not have gone (a 503 injected at the local tenant).
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { errorText, t } from '../../src/i18n';
import { fetchPage } from '../support/botClient';
import { canaryScan } from '../support/canary';
import {
  answeredCard,
  assertConfirmation,
  finalCard,
  linkIn,
  openForm,
  passwordMails,
  recipientsOf,
  revealPassword,
  submitForm,
} from './flows';
import {
  allPatches,
  canarySources,
  cardActions,
  cardText,
  eventually,
  patchesOf,
  sendMails,
  useHarness,
  type Harness,
  type Person,
} from './harness';

/** The values a choice input offers (e.g. the password modes), by input id. */
function choiceValues(card: unknown, id: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Input.ChoiceSet' && record.id === id && Array.isArray(record.choices)) {
      for (const choice of record.choices as { value?: unknown }[]) found.push(String(choice.value));
    }
    for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return found;
}

/** Ids of every input on a card. */
function inputIds(card: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string')
      ids.push(record.id);
    for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return ids;
}

describe('integration: several users at once, and a new e-mail after a failed one', function () {
  this.timeout(60_000);
  let h: Harness;
  /** Every password the tests learned; none may appear anywhere the canary looks. */
  const secrets: string[] = [];

  // One test stalls a mail past a Graph call's timeout: 10 s keeps it short.
  useHarness({ GRAPH_TIMEOUT_SECONDS: '10' }, (started) => (h = started));

  /** A plain seed user by UPN (so the test names what it types). */
  const person = (upn: string): Person => {
    const found = [...h.people.plain, h.people.bob, h.people.unitMember].find((p) => p.upn === upn);
    assert.ok(found, `${upn} is a plain target of the seed`);
    return found;
  };

  describe('"reset password for carol, liam.obrien@contoso.com and 田中 花子"', () => {
    it('shows one form for all three, resets each once and mails each its own link; each password works for its user only', async () => {
      const { helpdesk } = h.people;
      const carol = person('carol@contoso.com');
      const liam = person('liam.obrien@contoso.com');
      const hanako = h.people.unitMember; // 田中 花子: a plain member of a unit; a tenant-wide helpdesk admin covers her
      assert.equal(hanako.displayName, '田中 花子');
      const targets = [carol, liam, hanako];

      const form = await openForm(h, helpdesk, 'carol, liam.obrien@contoso.com and 田中 花子');
      const text = cardText(form.card);
      assert.ok(text.includes(t('en', 'form.title.many', { count: 3 })), text);
      for (const target of targets) assert.ok(text.includes(target.upn), `the form lists ${target.upn}`);
      // The form offers no way to type a password: no custom-mode button (the single-user form's
      // "Reset with this password" says passwordMode custom) and no password box.
      assert.deepEqual(choiceValues(form.card, 'passwordMode'), [], 'no password-mode choice');
      assert.ok(
        !cardActions(form.card).some((a) => a.data.passwordMode === 'custom'),
        'no custom password for several users',
      );
      assert.ok(!inputIds(form.card).includes('customPassword'), 'no password box on a bulk form');
      assert.equal(
        cardActions(form.card).filter((a) => a.verb === Verbs.submit).length,
        1,
        'one submit for all',
      );

      const recipients = ['bulk.desk@example.net', ...recipientsOf(form)];
      const mark = await h.graphMark();
      const seq = h.connector.mark();
      const answer = answeredCard(await submitForm(h, helpdesk, form, { recipients: recipients.join('; ') }));
      for (const target of targets)
        assert.ok(
          cardText(answer).includes(target.displayName),
          `the resetting card names ${target.displayName}`,
        );

      const confirmation = await finalCard(h, form, seq, 30_000);
      const confirmed = cardText(confirmation);
      assert.ok(
        confirmed.includes(t('en', 'confirm.title')) && !confirmed.includes(t('en', 'confirm.title.problem')),
        confirmed,
      );
      for (const target of targets)
        assert.ok(confirmed.includes(target.upn), `the confirmation names ${target.upn}`);
      assert.ok(confirmed.includes(form.requestId));

      const log = await h.graphSince(mark);
      for (const target of targets) {
        const patches = patchesOf(log, target);
        assert.equal(patches.length, 1, `one PATCH for ${target.upn}`);
        assert.equal(patches[0].status, 204);
      }
      assert.equal(allPatches(log).length, 3, 'nobody else was patched');

      const outbox = await h.admin.outbox();
      const links = new Map<Person, string>();
      for (const target of targets) {
        const mails = passwordMails(
          outbox,
          t('en', 'mail.link.subject', { name: target.displayName }),
          recipients,
        );
        assert.equal(mails.length, 1, `exactly one password mail for ${target.upn}`);
        assert.deepEqual(
          new Set(mails[0].to.map((a) => a.toLowerCase())),
          new Set(recipients.map((a) => a.toLowerCase())),
          'to the chosen recipients',
        );
        assert.ok(mails[0].body.includes(target.upn), 'the mail names its own user');
        links.set(target, linkIn(h, mails[0]));
      }
      assert.equal(new Set(links.values()).size, 3, 'three different links');
      // Each sendMail of this submit is in the outbox: three password mails plus at most one notice per user.
      assert.ok(
        sendMails(log).length >= 3 && sendMails(log).length <= 6,
        `sendMail calls: ${sendMails(log).length}`,
      );

      const passwords = new Map<Person, string>();
      for (const target of targets) {
        const password = await revealPassword(links.get(target)!, target);
        secrets.push(password);
        passwords.set(target, password);
        assert.deepEqual(await h.admin.verifyPassword(target.upn, password), {
          match: true,
          forceChangePasswordNextSignIn: true,
        });
      }
      assert.equal(new Set(passwords.values()).size, 3, 'one password per user');
      // A password opens only its own account.
      assert.equal((await h.admin.verifyPassword(liam.upn, passwords.get(carol)!)).match, false);
      assert.equal((await h.admin.verifyPassword(hanako.upn, passwords.get(liam)!)).match, false);
    });
  });

  describe('a bulk request with a name the requester may not reset', () => {
    it('names the refused user on a card of its own and opens the form for the others', async () => {
      const { helpdesk, guest, bob } = h.people;
      const said = await h.say(helpdesk, `reset password for ${bob.upn}, ${guest.upn}`);
      const refusal = said.replies.find((r) => cardText(r.card).includes(errorText('en', 'TARGET_GUEST')));
      assert.ok(
        refusal,
        `no refusal for the guest: ${said.replies.map((r) => cardText(r.card)).join(' | ')}`,
      );
      assert.ok(cardText(refusal.card).includes(guest.displayName), 'the refusal names the guest');
      assert.ok(!cardActions(refusal.card).some((a) => a.verb === Verbs.submit), 'the refusal is not a form');
      const form = said.replies.find((r) => cardActions(r.card).some((a) => a.verb === Verbs.submit));
      assert.ok(form?.card, 'a form for the others');
      const text = cardText(form.card);
      assert.ok(text.includes(t('en', 'form.title.one', { name: bob.displayName })), text);
      assert.ok(!text.includes(guest.upn), 'the guest is not on the form');
      const stored = await h.storedRequest(
        String(form.card && cardActions(form.card).find((a) => a.verb === Verbs.submit)?.data.requestId),
      );
      // The request acts on bob only; the guest stays on its record as refused (its audit entry).
      assert.deepEqual(
        stored?.targets.filter((x) => x.state !== 'refused').map((x) => x.userPrincipalName),
        [bob.upn],
        'the request acts on bob only',
      );
      assert.deepEqual(
        stored?.targets.filter((x) => x.state === 'refused').map((x) => [x.userPrincipalName, x.failureCode]),
        [[guest.upn, 'TARGET_GUEST']],
        'the guest is on record as refused, with the reason',
      );
    });

    it('asks on the form which user an ambiguous name means (or none), and resets the one chosen with the others', async () => {
      const { helpdesk, bob, alices } = h.people;
      const said = await h.say(helpdesk, `reset password for alice and ${bob.upn}`);
      assert.ok(
        !said.replies.some((r) => cardText(r.card).includes(errorText('en', 'TARGET_AMBIGUOUS'))),
        'no refusal for "alice"',
      );
      const reply = said.replies.find((r) => cardActions(r.card).some((a) => a.verb === Verbs.submit));
      assert.ok(reply?.card, 'one form');
      const text = cardText(reply.card);
      assert.ok(text.includes(t('en', 'form.title.many', { count: 2 })), text);
      assert.ok(text.includes(bob.upn));
      assert.ok(text.includes(t('en', 'choice.form.label', { query: 'alice' })), text);
      assert.deepEqual(choiceValues(reply.card, 'choice1'), [...alices.map((a) => a.upn).sort(), 'none']);
      const chosen = alices.find((a) => a.upn.startsWith('alice.anderson'))!;
      const other = alices.find((a) => a !== chosen)!;

      const form = {
        conversationId: said.conversationId,
        cardId: reply.id,
        card: reply.card,
        requestId: String(cardActions(reply.card).find((a) => a.verb === Verbs.submit)!.data.requestId),
      };
      const mark = await h.graphMark();
      const seq = h.connector.mark();
      answeredCard(await submitForm(h, helpdesk, form, { choice1: chosen.upn }));
      const confirmed = cardText(await finalCard(h, form, seq, 30_000));
      for (const target of [bob, chosen]) assert.ok(confirmed.includes(target.upn), confirmed);
      const log = await h.graphSince(mark);
      assert.equal(patchesOf(log, bob).length, 1);
      assert.equal(patchesOf(log, chosen).length, 1, 'the Alice chosen');
      assert.equal(patchesOf(log, other).length, 0, 'not the other one');
      const stored = await h.storedRequest(form.requestId);
      assert.deepEqual(
        stored?.targets.map((target) => [target.userPrincipalName, target.state]),
        [
          [bob.upn, 'mailed'],
          [chosen.upn, 'mailed'],
        ],
      );
      const mails = passwordMails(
        await h.admin.outbox(),
        t('en', 'mail.link.subject', { name: chosen.displayName }),
        recipientsOf(form),
      );
      secrets.push(await revealPassword(linkIn(h, mails[0]!), chosen));
    });

    it('asks the same in Japanese: 「alice、bob のパスワードをリセット」', async () => {
      const { helpdesk, bob } = h.people;
      const said = await h.say(helpdesk, `alice、${bob.upn} のパスワードをリセット`);
      const form = said.replies.find((r) => cardActions(r.card).some((a) => a.verb === Verbs.submit));
      assert.ok(form?.card, said.replies.map((r) => cardText(r.card)).join(' | '));
      const text = cardText(form.card);
      assert.ok(text.includes(t('ja', 'choice.form.label', { query: 'alice' })), text);
      assert.ok(text.includes(t('ja', 'choice.form.none', { query: 'alice' })), text);
    });
  });

  describe('reset.resendMail', () => {
    it('after a 503 on the password mail: says it may not have gone, a new mail replaces the old link once', async () => {
      const { helpdesk } = h.people;
      const target = person('haruto.suzuki@contoso.com');
      const form = await openForm(h, helpdesk, target.upn);
      const recipients = recipientsOf(form);
      assert.ok(recipients.length > 0);
      const subject = t('en', 'mail.link.subject', { name: target.displayName });
      await h.admin.addFault({ method: 'POST', path: '/sendMail$', kind: 'status', status: 503, count: 1 });
      try {
        const mark = await h.graphMark();
        const seq = h.connector.mark();
        answeredCard(await submitForm(h, helpdesk, form));
        const card = await finalCard(h, form, seq);
        const text = cardText(card);
        assert.ok(
          text.includes(t('en', 'confirm.mailUnknown')),
          `the card says the mail may not have gone: ${text}`,
        );
        const resend = cardActions(card).find((a) => a.verb === Verbs.resendMail);
        assert.ok(resend, 'the card offers "Send a new e-mail"');
        assert.equal(resend.title, t('en', 'confirm.resend'));
        assert.equal(resend.data.requestId, form.requestId);
        const log = await h.graphSince(mark);
        assert.equal(patchesOf(log, target).length, 1, 'the password was reset once');
        assert.deepEqual(
          sendMails(log).map((r) => r.status),
          [503],
          'one sendMail, answered 503, not retried',
        );
        assert.equal(
          passwordMails(await h.admin.outbox(), subject, recipients).length,
          0,
          'nothing reached the outbox',
        );
        assert.equal((await h.storedRequest(form.requestId))?.targets[0].state, 'mail-unknown');

        const resendMark = await h.graphMark();
        const resendSeq = h.connector.mark();
        const pressed = answeredCard(
          await h.press(helpdesk, Verbs.resendMail, {
            replyToId: form.cardId,
            conversationId: form.conversationId,
            requestId: form.requestId,
          }),
        );
        assert.ok(
          !cardActions(pressed).some((a) => a.verb === Verbs.resendMail),
          'no second resend button while it runs',
        );
        const after = await finalCard(h, form, resendSeq);
        assertConfirmation(after, 'en', target, form.requestId);
        assert.ok(!cardActions(after).some((a) => a.verb === Verbs.resendMail), 'nothing left to resend');

        const mails = passwordMails(await h.admin.outbox(), subject, recipients);
        assert.equal(mails.length, 1, 'one new mail');
        const resendLog = await h.graphSince(resendMark);
        assert.equal(sendMails(resendLog).length, 1, 'one sendMail for the resend');
        assert.equal(allPatches(resendLog).length, 0, 'a resend does not reset again');
        const link = linkIn(h, mails[0]);
        const password = await revealPassword(link, target);
        secrets.push(password);
        assert.deepEqual(await h.admin.verifyPassword(target.upn, password), {
          match: true,
          forceChangePasswordNextSignIn: true,
        });
        assert.equal((await fetchPage(link)).status, 404, 'the new link is used up once shown');

        // Pressing again (a double click, or later) sends nothing more.
        const againMark = await h.graphMark();
        const again = answeredCard(
          await h.press(helpdesk, Verbs.resendMail, {
            replyToId: form.cardId,
            conversationId: form.conversationId,
            requestId: form.requestId,
          }),
        );
        assertConfirmation(again, 'en', target, form.requestId);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        assert.equal(sendMails(await h.graphSince(againMark)).length, 0, 'no further mail');
        assert.equal(passwordMails(await h.admin.outbox(), subject, recipients).length, 1);
      } finally {
        await h.admin.clearFaults();
      }
    });

    it('when the first mail did arrive although the bot timed out, the new mail makes the old link void', async function () {
      // The local tenant applies latency before it handles a request: past the bot's 10 s Graph timeout the
      // mail still lands in the outbox while the bot saw no answer — the truly ambiguous case.
      this.timeout(60_000);
      const { helpdesk } = h.people;
      const target = person('carol@contoso.com'); // reset once above: a second reset stays under 3 a day
      const form = await openForm(h, helpdesk, target.upn);
      const recipients = recipientsOf(form);
      const subject = t('en', 'mail.link.subject', { name: target.displayName });
      const before = passwordMails(await h.admin.outbox(), subject, recipients).length;
      await h.admin.addFault({
        method: 'POST',
        path: '/sendMail$',
        kind: 'latency',
        latencyMs: 11_500,
        count: 1,
      });
      let oldLink = '';
      try {
        const seq = h.connector.mark();
        await submitForm(h, helpdesk, form);
        const card = await finalCard(h, form, seq, 30_000);
        assert.ok(cardText(card).includes(t('en', 'confirm.mailUnknown')), cardText(card));
        const arrived = await eventually(
          async () => {
            const mails = passwordMails(await h.admin.outbox(), subject, recipients);
            return mails.length > before ? mails : null;
          },
          5_000,
          'the late mail in the outbox',
        );
        assert.equal(arrived.length, before + 1, 'the first mail did arrive');
        oldLink = linkIn(h, arrived[0]);
      } finally {
        await h.admin.clearFaults();
      }
      assert.equal((await fetchPage(oldLink)).status, 200, 'the old link works until a new mail is sent');

      const seq = h.connector.mark();
      await h.press(helpdesk, Verbs.resendMail, {
        replyToId: form.cardId,
        conversationId: form.conversationId,
        requestId: form.requestId,
      });
      assertConfirmation(await finalCard(h, form, seq), 'en', target, form.requestId);
      const mails = passwordMails(await h.admin.outbox(), subject, recipients);
      assert.equal(mails.length, before + 2, 'one new mail');
      const newLink = linkIn(h, mails[0]);
      assert.notEqual(newLink, oldLink);

      const old = await fetchPage(oldLink);
      assert.equal(old.status, 404, 'the old link is gone');
      const token = oldLink.split('/l/')[1];
      assert.equal(
        (await fetchPage(oldLink, { method: 'POST', form: { token } })).status,
        404,
        'and reveals nothing',
      );
      const password = await revealPassword(newLink, target);
      secrets.push(password);
      assert.deepEqual(await h.admin.verifyPassword(target.upn, password), {
        match: true,
        forceChangePasswordNextSignIn: true,
      });
    });
  });

  describe('canary scan', () => {
    it('finds none of the passwords in any activity, invoke answer, bot log line or stored entity', async () => {
      assert.ok(secrets.length >= 4, 'the tests learned the passwords they set');
      const report = await canaryScan(secrets, canarySources(h));
      assert.deepEqual(report.findings, []);
      assert.ok(report.scanned.logBytes > 0 && report.scanned.entities > 0, JSON.stringify(report.scanned));
    });
  });
});
