/**
 * Temporary Access Pass over HTTP, link mode (the default), with the local tenant, Azurite and the bot as
 * real processes: who may and may not ask (each requester role), the tenant's policy (limits, one-time
 * only, disabled), delivery by one-time link, duplicates, an unanswered creation — and the canary scan
 * that the passes appear nowhere but behind their links.
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { errorText, t } from '../../src/i18n';
import { canaryScan } from '../support/canary';
import {
  answeredCard,
  finalCard,
  linkIn,
  passwordMails,
  recipientsOf,
  refreshAs,
  type OpenForm,
} from './flows';
import { fetchPage } from '../support/botClient';
import {
  cardActions,
  cardInputs,
  canarySources,
  cardText,
  graphCalls,
  requestIdOf,
  sendMails,
  useHarness,
  type Harness,
} from './harness';
import { askTap, holderOf, openTapForm, personByUpn, revealPass, submitTapForm, tapPosts } from './tapFlows';

describe('integration: Temporary Access Pass over HTTP (link mode)', function () {
  this.timeout(60_000);
  let h: Harness;
  /** Every pass the tests learned: none may appear anywhere the canary looks. */
  const passes: string[] = [];

  const auth = holderOf('auth');
  const privAuth = personByUpn('patti.fernandez@contoso.com');
  const global = personByUpn('megan.bowen@contoso.com');

  // This file proves who may create a pass for whom; the second admin that admins as targets need is
  // proven in approval.test.ts, so here it is off.
  useHarness({ APPROVAL_FOR_ADMINS: 'false' }, (started) => (h = started));
  afterEach(async () => {
    await h.admin.setTapPolicy({
      state: 'enabled',
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      defaultLifetimeInMinutes: 60,
      isUsableOnce: false,
    });
    await h.admin.clearFaults();
  });

  /** Opens, submits and waits for the outcome of a pass for `target`; returns the final card's text. */
  async function createPass(
    requester = auth,
    target = personByUpn('bob@contoso.com'),
    inputs: Record<string, string> = {},
  ) {
    const form = await openTapForm(h, requester, target.upn);
    const before = await h.graphMark();
    const seq = h.connector.mark();
    const answer = answeredCard(await submitTapForm(h, requester, form, inputs));
    assert.ok(
      cardText(answer).includes(t('en', 'tap.progress.title', { names: target.displayName })),
      cardText(answer),
    );
    const final = cardText(await finalCard(h, form, seq));
    const log = await h.graphSince(before);
    if (final.includes(t('en', 'tap.confirm.title'))) {
      // Every pass made is read back from its link, proved to be the user's, and fed to the canary.
      const mail = (await h.admin.outbox()).find(
        (m) => m.subject === t('en', 'tap.mail.link.subject', { name: target.displayName }),
      );
      assert.ok(mail, 'the pass was mailed');
      const pass = await revealPass(linkIn(h, mail), target);
      assert.equal((await h.admin.verifyTemporaryAccessPass(target.upn, pass)).match, true);
      passes.push(pass);
    }
    return { form, final, log };
  }

  describe('the happy path: an Authentication Administrator, "temporary access pass for bob"', () => {
    it('shows the policy’s range, creates one pass, mails one link, confirms; the link shows the pass once', async () => {
      const bob = personByUpn('bob@contoso.com');
      const form = await openTapForm(h, auth, 'bob');
      const formText = cardText(form.card);
      assert.ok(formText.includes(t('en', 'tap.form.title.one', { name: bob.displayName })), formText);
      assert.ok(formText.includes('allows 60 to 480 minutes (1 hour to 8 hours)'), formText);
      const recipients = recipientsOf(form);
      for (const other of bob.otherMails) assert.ok(recipients.includes(other));

      const before = await h.graphMark();
      const outboxBefore = (await h.admin.outbox()).length;
      const seq = h.connector.mark();
      const answer = await submitTapForm(h, auth, form, { tapLifetime: '120', tapUsableOnce: 'false' });
      assert.equal(answer.statusCode, 200);
      const final = cardText(await finalCard(h, form, seq));
      assert.ok(final.includes(t('en', 'tap.confirm.title')), final);
      assert.ok(final.includes('2 hours'), final);
      assert.ok(final.includes(t('en', 'tap.confirm.usage.multi')), final);

      const log = await h.graphSince(before);
      assert.equal(tapPosts(log).length, 1, 'exactly one POST creates the pass');
      assert.equal(graphCalls(log, 'PATCH', /./).length, 0, 'no password was touched');
      const outbox = await h.admin.outbox();
      assert.equal(sendMails(log).length, outbox.length - outboxBefore, 'every sendMail is in the outbox');
      const mails = passwordMails(
        outbox,
        t('en', 'tap.mail.link.subject', { name: bob.displayName }),
        recipients,
      );
      assert.equal(mails.length, 1, 'exactly one pass mail');
      const link = linkIn(h, mails[0]!);

      const pass = await revealPass(link, bob);
      passes.push(pass);
      assert.equal(pass.length, 8, 'the policy’s defaultLength');
      const check = await h.admin.verifyTemporaryAccessPass(bob.upn, pass);
      assert.deepEqual([check.match, check.lifetimeInMinutes, check.isUsableOnce], [true, 120, false]);
      assert.equal((await fetchPage(link)).status, 404, 'the link is gone once used');
      for (const mail of outbox.slice(outboxBefore))
        assert.ok(!mail.body.includes(pass), 'no mail carries the pass');

      const audit = (await h.auditRecords(form.requestId)).map((r) => r.action).reverse();
      assert.deepEqual(audit.slice(0, 4), ['requested', 'submitted', 'tap-intent', 'tap-created']);
      assert.ok(audit.includes('mail-accepted') && audit.includes('link-viewed'), audit.join(', '));
    });

    it('the same in Japanese: "bob の一時アクセス パス" answers in Japanese', async () => {
      const form = await openTapForm(h, auth, 'bob', { command: 'bob の一時アクセス パス', locale: 'ja-JP' });
      assert.ok(
        cardText(form.card).includes(t('ja', 'tap.form.title.one', { name: 'Bob Brown' })),
        cardText(form.card),
      );
      await h.press(auth, Verbs.cancel, {
        replyToId: form.cardId,
        conversationId: form.conversationId,
        requestId: form.requestId,
      });
    });
  });

  describe('who may ask, for whom', () => {
    for (const role of ['helpdesk', 'password', 'user'] as const) {
      it(`a ${role} administrator is refused with the reason; nothing is created`, async () => {
        const before = await h.graphMark();
        const text = await askTap(h, holderOf(role), 'carol@contoso.com');
        assert.ok(text.includes(t('en', 'tap.refused.title')), text);
        assert.ok(text.includes(errorText('en', 'TAP_NOT_ALLOWED')), text);
        assert.equal(tapPosts(await h.graphSince(before)).length, 0);
      });
    }

    it('an Authentication Administrator may not give a pass to a User Administrator, nor to someone eligible for Global Administrator', async () => {
      for (const upn of ['diego.siciliani@contoso.com', 'gerhart.moller@contoso.com', 'lee.gu@contoso.com']) {
        const before = await h.graphMark();
        const text = await askTap(h, auth, upn);
        assert.ok(text.includes(errorText('en', 'TAP_TARGET_PRIVILEGED')), `${upn}: ${text}`);
        assert.equal(tapPosts(await h.graphSince(before)).length, 0);
      }
    });

    it('an Authentication Administrator may give one to a directory-synced user and a Directory Reader', async () => {
      for (const upn of ['henrietta.mueller@contoso.com', 'debra.berger@contoso.com']) {
        const { final, log } = await createPass(auth, personByUpn(upn));
        assert.ok(final.includes(t('en', 'tap.confirm.title')), `${upn}: ${final}`);
        assert.equal(tapPosts(log).length, 1);
      }
    });

    it('a Privileged Authentication Administrator reaches a User Administrator; a Global Administrator another admin', async () => {
      for (const [requester, upn] of [
        [privAuth, 'diego.siciliani@contoso.com'],
        [global, 'adele.vance@contoso.com'],
      ] as const) {
        const { final, log } = await createPass(requester, personByUpn(upn));
        assert.ok(final.includes(t('en', 'tap.confirm.title')), `${upn}: ${final}`);
        assert.equal(tapPosts(log).length, 1);
      }
    });

    it('nobody reaches a member of a restricted management unit without a role scoped there', async () => {
      const text = await askTap(h, global, 'johanna.lorenz@contoso.com');
      assert.ok(text.includes(errorText('en', 'TAP_TARGET_RESTRICTED_UNIT')), text);
    });

    it('nobody gives themselves a pass', async () => {
      const text = await askTap(h, auth, auth.upn);
      assert.ok(text.includes(errorText('en', 'TAP_TARGET_SELF')), text);
    });
  });

  describe('the tenant’s policy', () => {
    it('a lifetime outside the policy is refused on the form, nothing claimed, nothing created', async () => {
      const form = await openTapForm(h, auth, 'carol');
      const before = await h.graphMark();
      const answer = cardText(answeredCard(await submitTapForm(h, auth, form, { tapLifetime: '481' })));
      assert.ok(
        answer.includes(errorText('en', 'TAP_LIFETIME_OUT_OF_RANGE', { min: '60', max: '480' })),
        answer,
      );
      assert.equal((await h.storedRequest(form.requestId))?.state, 'open');
      assert.equal(tapPosts(await h.graphSince(before)).length, 0);
    });

    it('the form follows the policy: its range, and no multi-use choice when passes must be one-time', async () => {
      await h.admin.setTapPolicy({
        minimumLifetimeInMinutes: 10,
        maximumLifetimeInMinutes: 43_200,
        isUsableOnce: true,
      });
      const form = await openTapForm(h, auth, 'carol');
      const text = cardText(form.card);
      assert.ok(text.includes('10 to 43200 minutes (10 minutes to 30 days)'), text);
      assert.ok(text.includes(t('en', 'tap.form.usableOnce.required')), text);
      assert.equal(cardActions(form.card).length, 2);
      const { final, log } = await createPass(auth, personByUpn('carol@contoso.com'), {
        tapLifetime: '43200',
      });
      assert.ok(final.includes('30 days') && final.includes(t('en', 'tap.confirm.usage.once')), final);
      assert.equal(tapPosts(log).length, 1);
    });

    it('a policy changed between the form and the submit is checked at run time: nothing is created', async () => {
      const form = await openTapForm(h, auth, 'alice.adams@contoso.com');
      await h.admin.setTapPolicy({ isUsableOnce: true });
      const before = await h.graphMark();
      const seq = h.connector.mark();
      await submitTapForm(h, auth, form, { tapUsableOnce: 'false' });
      const final = cardText(await finalCard(h, form, seq));
      assert.ok(final.includes(errorText('en', 'TAP_ONE_TIME_ONLY')), final);
      assert.equal(tapPosts(await h.graphSince(before)).length, 0);
    });

    it('a disabled policy: a clear message naming the setting, no form, nothing created, on record', async () => {
      await h.admin.setTapPolicy({ state: 'disabled' });
      const before = await h.graphMark();
      const text = await askTap(h, auth, 'carol');
      assert.ok(text.includes(errorText('en', 'TAP_POLICY_DISABLED')), text);
      assert.ok(text.includes('Protection > Authentication methods > Policies > Temporary Access Pass'));
      assert.equal(tapPosts(await h.graphSince(before)).length, 0);
      const refused = (await h.auditRecords(undefined, 5)).find(
        (r) => r.reasonCode === 'TAP_POLICY_DISABLED',
      );
      assert.ok(refused, 'the refusal is audited');
    });
  });

  describe('exactly once', () => {
    it('the same submit three times at once: one pass, one mail', async () => {
      const carol = personByUpn('carol@contoso.com');
      const form = await openTapForm(h, auth, 'carol');
      const before = await h.graphMark();
      const outboxBefore = (await h.admin.outbox()).length;
      const seq = h.connector.mark();
      await Promise.all([1, 2, 3].map(() => submitTapForm(h, auth, form)));
      const final = cardText(await finalCard(h, form, seq));
      assert.ok(final.includes(t('en', 'tap.confirm.title')), final);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const log = await h.graphSince(before);
      assert.equal(tapPosts(log).length, 1, 'one POST');
      const all = await h.admin.outbox();
      const outbox = all.slice(0, all.length - outboxBefore); // newest first
      assert.equal(
        outbox.filter((m) => m.subject === t('en', 'tap.mail.link.subject', { name: carol.displayName }))
          .length,
        1,
        'one pass mail',
      );
    });

    it('Graph never answers the creation: "unknown" on the card, never created again (one POST)', async () => {
      await h.admin.addFault({
        method: 'POST',
        path: 'temporaryAccessPassMethods$',
        kind: 'status',
        status: 503,
        count: 1,
      });
      const { final, log } = await createPass(auth, personByUpn('liam.obrien@contoso.com'));
      assert.ok(final.includes(t('en', 'tap.confirm.title.unknown')), final);
      assert.ok(final.includes(t('en', 'tap.confirm.unknown')), final);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(tapPosts(log).length, 1, 'exactly one POST');
      assert.equal(sendMails(log).length, 0, 'nothing mailed');
    });
  });

  describe('in a group chat', () => {
    it('everyone sees status; the requester’s own view is the pass form; the outcome replaces the status', async () => {
      const said = await h.say(auth, 'tap for alice.anderson@contoso.com', { conversationType: 'groupChat' });
      assert.ok(
        !said.replies.some((r) => r.card && cardActions(r.card).some((a) => a.verb === Verbs.tapSubmit)),
        'no form for everyone',
      );
      const shared = said.replies.find(
        (r) => r.card && cardActions(r.card).some((a) => a.verb === Verbs.refresh),
      );
      assert.ok(shared?.card, said.replies.map((r) => cardText(r.card)).join(' | '));
      assert.ok(
        cardText(shared.card).includes(
          t('en', 'tap.status.requested', { requester: auth.displayName, targets: 'Alice Anderson' }),
        ),
        cardText(shared.card),
      );
      const requestId = requestIdOf(shared.card);
      assert.ok(requestId);
      const card: OpenForm = {
        conversationId: said.conversationId,
        cardId: shared.id,
        card: shared.card,
        requestId,
        conversationType: 'groupChat',
      };
      const own = answeredCard(await refreshAs(h, auth, card));
      assert.ok(
        cardActions(own).some((a) => a.verb === Verbs.tapSubmit),
        'the requester gets the pass form',
      );
      const others = answeredCard(await refreshAs(h, global, card));
      assert.ok(!cardActions(others).some((a) => a.verb === Verbs.tapSubmit), 'others see status only');

      const before = await h.graphMark();
      const seq = h.connector.mark();
      // Someone else pressing the requester's button changes nothing.
      await h.press(global, Verbs.tapSubmit, {
        replyToId: card.cardId,
        conversationId: card.conversationId,
        conversationType: 'groupChat',
        requestId,
        inputs: cardInputs(own),
      });
      assert.equal(tapPosts(await h.graphSince(before)).length, 0);
      await h.press(auth, Verbs.tapSubmit, {
        replyToId: card.cardId,
        conversationId: card.conversationId,
        conversationType: 'groupChat',
        requestId,
        inputs: cardInputs(own),
      });
      const final = cardText(await finalCard(h, card, seq));
      assert.ok(final.includes(t('en', 'tap.status.done')), final);
      assert.equal(tapPosts(await h.graphSince(before)).length, 1);
    });
  });

  // Last (mocha runs a suite's own tests before its sub-suites, so this is a suite of its own).
  describe('canary', () => {
    it('no pass in any activity, invoke answer, log line or stored entity', async function () {
      this.timeout(30_000);
      assert.ok(passes.length > 0, 'the tests learned a pass');
      const report = await canaryScan(passes, canarySources(h));
      assert.deepEqual(report.findings, []);
      assert.ok(report.scanned.entities > 0 && report.scanned.logBytes > 0, JSON.stringify(report.scanned));
    });
  });
});
