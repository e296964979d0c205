/**
 * The audit people read, through the real bot over HTTP with the local tenant and Azurite: one entry per
 * request and user with its outcome in words, Details with every step, More, filters, who reads what
 * (unit scope), a flood of refusals kept within a budget, the export mailed as a one-time link and read
 * back as CSV, every audit record as a structured event in the log — and a resend that is re-authorized,
 * counted against the limits and audited.
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { errorText, t } from '../../src/i18n';
import { fetchPage } from '../support/botClient';
import { canaryScan } from '../support/canary';
import { cardOf, type AdaptiveCardJson } from '../support/connector';
import {
  answeredCard,
  finalCard,
  linkIn,
  openForm,
  passwordMails,
  recipientsOf,
  revealPassword,
  submitForm,
} from './flows';
import {
  canarySources,
  cardActions,
  cardText,
  sendMails,
  useHarness,
  type Harness,
  type Person,
  type SayOptions,
} from './harness';

/** A card the bot posted, with where it is (so its buttons can be pressed). */
interface Posted {
  readonly card: AdaptiveCardJson;
  readonly id: string;
  readonly conversationId: string;
}

describe('integration: the audit, its export and its events over HTTP', function () {
  this.timeout(90_000);
  let h: Harness;
  const secrets: string[] = [];
  let bobRequestId = '';

  // Two resets of one user a day: enough to show a resend counting against the limit.
  useHarness({ RATE_LIMIT_TARGET_PER_DAY: '2' }, (started) => (h = started));

  /** Sends a command and returns the first card the bot answered with. */
  async function ask(who: Person, text: string, options: SayOptions = {}): Promise<Posted> {
    const said = await h.say(who, text, options);
    const reply = said.replies.find((r) => r.card);
    assert.ok(reply?.card, `no card for "${text}"`);
    return { card: reply.card, id: reply.id, conversationId: said.conversationId };
  }

  /** Presses a button of a posted card (found by verb and, optionally, title) as `who`. */
  async function press(who: Person, on: Posted, verb: string, title?: string, index = 0) {
    const action = cardActions(on.card).filter((a) => a.verb === verb && (!title || a.title === title))[
      index
    ];
    assert.ok(action, `no ${verb} ${title ?? ''} button on: ${cardText(on.card).slice(0, 300)}`);
    const { requestId, ...inputs } = action.data;
    return h.press(who, verb, {
      replyToId: on.id,
      conversationId: on.conversationId,
      requestId: typeof requestId === 'string' ? requestId : null,
      inputs,
    });
  }

  /** The entries of an audit card: each user's name with its outcome line. */
  const entryCount = (card: AdaptiveCardJson): number =>
    cardActions(card).filter((a) => a.verb === Verbs.auditDetails).length;

  /** Resets a user through the form; returns the request id. */
  async function reset(requester: Person, target: Person): Promise<string> {
    const form = await openForm(h, requester, target.upn);
    const seq = h.connector.mark();
    answeredCard(await submitForm(h, requester, form));
    await finalCard(h, form, seq);
    return form.requestId;
  }

  describe('entries people read', () => {
    it('shows one entry per request and user: whom, what happened in words, who asked, when, the request id', async () => {
      const { helpdesk, bob } = h.people;
      bobRequestId = await reset(helpdesk, bob);
      const audit = await ask(helpdesk, `audit ${bob.upn}`);
      const text = cardText(audit.card);
      assert.ok(text.includes(t('en', 'audit.title')), text);
      assert.ok(text.includes(`${bob.displayName}\n${bob.upn}`), text);
      assert.ok(text.includes(t('en', 'audit.outcome.mailed.signedOut')), text);
      assert.match(text, new RegExp(`UTC · asked by ${helpdesk.displayName} \\(${helpdesk.mail}\\)`));
      assert.ok(text.includes(t('en', 'common.requestId', { id: bobRequestId })));
      assert.equal(entryCount(audit.card), 1);
      assert.ok(!/reset-intent|mail-accepted|Reset started/.test(text), 'steps are not rows of the list');
    });

    it('shows every step on "Details", and goes back to the list', async () => {
      const { helpdesk, bob } = h.people;
      const audit = await ask(helpdesk, `audit ${bob.upn}`);
      const details = answeredCard(await press(helpdesk, audit, Verbs.auditDetails));
      const text = cardText(details);
      for (const action of [
        'requested',
        'submitted',
        'reset-intent',
        'reset',
        'sessions-revoked',
        'mail-accepted',
      ] as const)
        assert.ok(text.includes(t('en', `audit.action.${action}`)), `${action}: ${text}`);
      assert.ok(
        text.includes(t('en', 'audit.details.to', { recipients: '' }).trim()),
        'the recipients are named',
      );
      assert.match(text, /Microsoft Graph request id: \S+/);
      const back = answeredCard(
        await press(helpdesk, { ...audit, card: details }, Verbs.auditMore, t('en', 'audit.details.back')),
      );
      assert.ok(cardText(back).includes(bob.upn));
      assert.equal(entryCount(back), 1);
    });

    it('pages ten entries at a time with "More", filters by user, requester and day, in English and Japanese', async () => {
      const { helpdesk, otherAdmin } = h.people;
      const carol = h.people.plain.find((p) => p.upn === 'carol@contoso.com')!;
      for (let i = 0; i < 12; i += 1) await openForm(h, helpdesk, carol.upn);
      const first = await ask(helpdesk, `audit ${carol.upn} by ${helpdesk.upn} today`);
      assert.equal(entryCount(first.card), 10);
      assert.ok(cardText(first.card).includes(t('en', 'audit.outcome.open')));
      assert.ok(cardText(first.card).includes(t('en', 'audit.filter.user', { user: carol.upn })));
      const second = answeredCard(await press(helpdesk, first, Verbs.auditMore, t('en', 'audit.more')));
      assert.equal(entryCount(second), 2);
      assert.ok(cardText(second).includes(t('en', 'audit.page', { from: 11, to: 12 })));
      const ids = (card: AdaptiveCardJson) =>
        cardActions(card)
          .filter((a) => a.verb === Verbs.auditDetails)
          .map((a) => a.data.requestId);
      assert.equal(new Set([...ids(first.card), ...ids(second)]).size, 12, 'no entry twice');

      const byOther = await ask(otherAdmin, `audit ${carol.upn} by ${otherAdmin.upn}`);
      assert.equal(entryCount(byOther.card), 0);
      assert.ok(cardText(byOther.card).includes(t('en', 'audit.empty')));
      assert.equal(entryCount((await ask(helpdesk, `audit ${carol.upn} yesterday`)).card), 0);
      assert.equal(entryCount((await ask(helpdesk, `audit ${carol.upn} 2020-01-01`)).card), 0);

      const ja = await ask(helpdesk, `今日の ${carol.upn} の監査`);
      assert.ok(cardText(ja.card).includes(t('ja', 'audit.title')));
      assert.ok(cardText(ja.card).includes(t('ja', 'audit.outcome.open')));
      assert.equal(entryCount(ja.card), 10);
      // A name that is no UPN is looked up in the directory.
      const byName = await ask(helpdesk, `audit ${carol.displayName}`);
      assert.ok(
        cardText(byName.card).includes(t('en', 'audit.filter.user', { user: carol.upn })),
        cardText(byName.card),
      );
    });
  });

  describe('who reads what', () => {
    it('gives each reader entries only about users their role may reset now; Global Administrators read all', async () => {
      const { helpdesk, unitHelpdesk, unitMember, globalAdmin, bob } = h.people;
      await openForm(h, helpdesk, unitMember.upn);
      await h.say(helpdesk, `reset password for ${globalAdmin.upn}`); // refused: beyond a Helpdesk Administrator

      const unit = cardText((await ask(unitHelpdesk, 'audit')).card);
      assert.ok(unit.includes(unitMember.upn), unit);
      assert.ok(!unit.includes(bob.upn), 'Bob is outside the unit');
      assert.ok(unit.includes(t('en', 'audit.scope.reach')));

      const refusal = t('en', 'audit.outcome.refused', { reason: t('en', 'audit.reason.TARGET_PRIVILEGED') });
      const tenantWide = await ask(helpdesk, `audit ${globalAdmin.upn}`);
      assert.equal(
        entryCount(tenantWide.card),
        0,
        'a Global Administrator is beyond a Helpdesk Administrator',
      );
      assert.ok(!cardText(tenantWide.card).includes(refusal));
      const all = await ask(globalAdmin, `audit ${globalAdmin.upn}`);
      assert.equal(entryCount(all.card), 1);
      assert.ok(cardText(all.card).includes(refusal), cardText(all.card));
    });

    it('shows nothing of an entry beyond the reader’s role, even on a forged "Details"', async () => {
      const { unitHelpdesk, bob } = h.people;
      const unitCard = await ask(unitHelpdesk, 'audit');
      const forged = await h.press(unitHelpdesk, Verbs.auditDetails, {
        replyToId: unitCard.id,
        conversationId: unitCard.conversationId,
        requestId: bobRequestId,
        inputs: { targetId: bob.aadObjectId },
      });
      const text = cardText(answeredCard(forged));
      assert.ok(text.includes(t('en', 'audit.details.gone')), text);
      assert.ok(!text.includes(bob.upn));
    });

    it('answers a user without a role with the refusal, and no audit outside a personal chat', async () => {
      const { noRole, helpdesk, bob } = h.people;
      const refused = cardText((await ask(noRole, 'audit')).card);
      assert.ok(refused.includes(errorText('en', 'REQUESTER_NOT_ADMIN')), refused);
      assert.ok(!refused.includes(bob.upn));
      const inGroup = cardText((await ask(helpdesk, 'audit', { conversationType: 'groupChat' })).card);
      assert.ok(inGroup.includes(t('en', 'audit.personalOnly')), inGroup);
      assert.ok(!inGroup.includes(bob.upn));
    });
  });

  describe('a sender refused again and again', () => {
    it('writes at most 10 refusals and one notice an hour, each naming the sender; real entries stay in reach', async () => {
      const { noRole, bob, globalAdmin } = h.people;
      for (let i = 0; i < 14; i += 1) {
        const said = await h.say(noRole, `reset password for ${bob.upn}`);
        assert.ok(cardText(said.replies[0]?.card).includes(errorText('en', 'REQUESTER_NOT_ADMIN')));
      }
      const records = (await h.auditRecords(undefined, 500)).filter(
        (r) => r.requesterId.toLowerCase() === noRole.aadObjectId.toLowerCase(),
      );
      assert.equal(records.length, 11);
      for (const record of records) {
        assert.equal(record.reasonCode, 'REQUESTER_NOT_ADMIN');
        assert.equal(record.requesterUpn, noRole.mail ?? noRole.upn, 'the sender is named');
      }
      assert.equal(records.filter((r) => /not recorded/.test(r.detail ?? '')).length, 1);
      assert.equal(
        h.botLogLines().filter((line) => line.includes('"event":"refusal-not-recorded"')).length,
        3,
      );
      // The flood is one filter away; Bob's reset is still the first entry about him.
      const flood = await ask(globalAdmin, `audit by ${noRole.upn}`);
      assert.equal(entryCount(flood.card), 10);
      const aboutBob = cardText((await ask(globalAdmin, `audit ${bob.upn}`)).card);
      assert.ok(aboutBob.includes(t('en', 'audit.outcome.mailed.signedOut')));
    });
  });

  describe('export', () => {
    /** Waits for the card the export posts when its mail went. */
    async function exportDone(conversationId: string, since: number, words: string): Promise<string> {
      const call = await h.connector.waitFor(
        (c) =>
          (c.kind === 'send' || c.kind === 'reply') &&
          c.conversationId === conversationId &&
          cardText(cardOf(c.body)).includes(words),
        30_000,
        since,
      );
      return cardText(cardOf(call.body));
    }

    it('mails the entries the reader may read as a CSV file through a one-time link; the file is read back once', async () => {
      const { helpdesk, bob, globalAdmin } = h.people;
      const seq = h.connector.mark();
      const started = await ask(helpdesk, 'audit export');
      assert.ok(cardText(started.card).includes(t('en', 'audit.export.title')));
      const done = await exportDone(started.conversationId, seq, 'The export of');
      const count = Number(/The export of (\d+) entries/.exec(done)?.[1]);
      assert.ok(count > 10, done);

      const mail = (await h.admin.outbox()).find(
        (m) => m.subject === t('en', 'audit.export.mail.subject', { count }),
      );
      assert.ok(mail, 'the export mail is in the outbox');
      assert.deepEqual(mail.to, [helpdesk.mail], 'to the requester alone');
      const link = linkIn(h, mail);
      const page = await fetchPage(link);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes(t('en', 'audit.export.page.button')));
      assert.ok(!page.text.includes(bob.upn), 'the GET page holds no entry');

      const token = link.split('/l/')[1]!;
      const file = await fetchPage(link, { method: 'POST', form: { token } });
      assert.equal(file.status, 200);
      assert.equal(file.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(
        String(file.headers['content-disposition']),
        /^attachment; filename="audit-export-\d{8}-\d{4}\.csv"$/,
      );
      assert.equal(file.headers['cache-control'], 'no-store');
      assert.ok(file.text.startsWith('\uFEFF'), 'UTF-8 with a byte-order mark');
      const lines = file.text.slice(1).split('\r\n').filter(Boolean);
      assert.equal(
        lines[0],
        t('en', 'audit.csv.when') +
          ',' +
          t('en', 'audit.csv.requester') +
          ',' +
          t('en', 'audit.csv.requesterUpn') +
          ',' +
          t('en', 'audit.csv.user') +
          ',' +
          t('en', 'audit.csv.userUpn') +
          ',' +
          t('en', 'audit.csv.outcome') +
          ',' +
          t('en', 'audit.csv.outcomeCode') +
          ',' +
          t('en', 'audit.csv.reasonCode') +
          ',' +
          t('en', 'audit.csv.recipients') +
          ',' +
          t('en', 'audit.csv.signedOut') +
          ',' +
          t('en', 'audit.csv.mustChange') +
          ',' +
          t('en', 'audit.csv.completed') +
          ',' +
          t('en', 'audit.csv.requestId'),
      );
      assert.equal(lines.length, 1 + count, 'one row per entry');
      const bobRow = lines.find((line) => line.endsWith(`,${bobRequestId}`));
      assert.ok(bobRow?.includes(`,${bob.upn},`) && bobRow.includes(',mailed,'), bobRow);
      assert.ok(!file.text.includes(globalAdmin.upn), 'no entry beyond the reader’s role');
      assert.equal((await fetchPage(link, { method: 'POST', form: { token } })).status, 404, 'once');
    });

    it('speaks Japanese when asked in Japanese: the mail, the headers, the outcomes', async () => {
      const { helpdesk } = h.people;
      const seq = h.connector.mark();
      const started = await ask(helpdesk, '過去7日間の監査をエクスポート');
      const done = await exportDone(started.conversationId, seq, 'のエクスポートを');
      const count = Number(/(\d+) 件のエントリ/.exec(done)?.[1]);
      const mail = (await h.admin.outbox()).find(
        (m) => m.subject === t('ja', 'audit.export.mail.subject', { count }),
      );
      assert.ok(mail, done);
      const link = linkIn(h, mail);
      const file = await fetchPage(link, { method: 'POST', form: { token: link.split('/l/')[1]! } });
      assert.ok(file.text.startsWith(`\uFEFF${t('ja', 'audit.csv.when')},`));
      assert.ok(file.text.includes(t('ja', 'audit.outcome.mailed.signedOut')));
    });
  });

  describe('resend: re-authorized, counted and audited', () => {
    it('sends no mail for a requester whose role was removed between the reset and the resend', async () => {
      const { passwordAdmin } = h.people;
      const liam = h.people.plain.find((p) => p.upn === 'liam.obrien@contoso.com')!;
      const form = await openForm(h, passwordAdmin, liam.upn);
      await h.admin.addFault({ method: 'POST', path: '/sendMail$', kind: 'status', status: 503, count: 1 });
      let seq = h.connector.mark();
      answeredCard(await submitForm(h, passwordAdmin, form));
      const card = await finalCard(h, form, seq);
      assert.ok(
        cardActions(card).some((a) => a.verb === Verbs.resendMail),
        cardText(card),
      );
      await h.admin.clearFaults();

      const removed = await h.admin.removeRoleAssignments(passwordAdmin.upn);
      assert.ok(removed.length > 0, 'the Password Administrator had a role to lose');
      try {
        const mark = await h.graphMark();
        const outboxBefore = (await h.admin.outbox()).length;
        seq = h.connector.mark();
        await h.press(passwordAdmin, Verbs.resendMail, {
          replyToId: form.cardId,
          conversationId: form.conversationId,
          requestId: form.requestId,
        });
        await finalCard(h, form, seq);
        assert.equal(sendMails(await h.graphSince(mark)).length, 0, 'no sendMail after the resend');
        assert.equal((await h.admin.outbox()).length, outboxBefore);
        const records = await h.auditRecords(form.requestId);
        const actions = records.map((r) => `${r.action}${r.reasonCode ? `:${r.reasonCode}` : ''}`).reverse();
        assert.deepEqual(actions.slice(-2), ['resend-requested', 'refused:REQUESTER_NOT_ADMIN']);
        assert.equal((await h.storedRequest(form.requestId))?.targets[0]?.state, 'mail-unknown');
      } finally {
        await h.admin.restoreRoleAssignments(removed);
      }
    });

    it('counts a resend against the limits: after a reset and a resend, a third use of the day is refused', async () => {
      const { helpdesk } = h.people;
      const haruto = h.people.plain.find((p) => p.upn === 'haruto.suzuki@contoso.com')!;
      const form = await openForm(h, helpdesk, haruto.upn);
      await h.admin.addFault({ method: 'POST', path: '/sendMail$', kind: 'status', status: 503, count: 1 });
      let seq = h.connector.mark();
      answeredCard(await submitForm(h, helpdesk, form));
      await finalCard(h, form, seq);
      await h.admin.clearFaults();

      seq = h.connector.mark();
      await h.press(helpdesk, Verbs.resendMail, {
        replyToId: form.cardId,
        conversationId: form.conversationId,
        requestId: form.requestId,
      });
      const resent = cardText(await finalCard(h, form, seq));
      assert.ok(!resent.includes(t('en', 'confirm.mailUnknown')), resent);
      const mails = passwordMails(
        await h.admin.outbox(),
        t('en', 'mail.link.subject', { name: haruto.displayName }),
        recipientsOf(form),
      );
      secrets.push(await revealPassword(linkIn(h, mails[0]!), haruto));

      // RATE_LIMIT_TARGET_PER_DAY is 2: the reset was one, the resend the other.
      const again = await openForm(h, helpdesk, haruto.upn);
      seq = h.connector.mark();
      answeredCard(await submitForm(h, helpdesk, again));
      const refused = cardText(await finalCard(h, again, seq));
      assert.ok(refused.includes(errorText('en', 'RATE_LIMITED_TARGET')), refused);

      // The resend is in the audit: a step of its own in Details, and an event in the log.
      const audit = await ask(helpdesk, `audit ${haruto.upn}`);
      const entries = cardActions(audit.card).filter((a) => a.verb === Verbs.auditDetails);
      const index = entries.findIndex((a) => a.data.requestId === form.requestId);
      const details = cardText(
        answeredCard(await press(helpdesk, audit, Verbs.auditDetails, undefined, index)),
      );
      assert.ok(details.includes(t('en', 'audit.action.resend-requested')), details);
      assert.ok(details.includes(t('en', 'audit.outcome.mailed.signedOut')), details);
      const events = h
        .botLogLines()
        .filter((line) => line.includes('"event":"PasswordResetAudit"') && line.includes(form.requestId))
        .map((line) => JSON.parse(line) as { audit: { action: string } });
      assert.ok(events.some((e) => e.audit.action === 'resend-requested'));
    });
  });

  describe('the structured audit events (SIEM)', () => {
    it('writes every audit record of a reset to the log as one JSON event, with the outcome of its entry', async () => {
      const { bob, helpdesk } = h.people;
      const events = h
        .botLogLines()
        .filter((line) => line.includes('"event":"PasswordResetAudit"'))
        .map(
          (line) =>
            JSON.parse(line) as {
              level: string;
              name: string;
              audit: Record<string, unknown> & { action: string; requestId?: string };
            },
        );
      const ofBob = events.filter((e) => e.audit.requestId === bobRequestId);
      const records = await h.auditRecords(bobRequestId);
      assert.equal(ofBob.length, records.length, 'one event per record');
      assert.deepEqual(ofBob.map((e) => e.audit.action).sort(), records.map((r) => r.action).sort());
      const mailed = ofBob.find((e) => e.audit.action === 'mail-accepted')!;
      assert.equal(mailed.level, 'info');
      assert.equal(mailed.name, 'audit');
      assert.equal(mailed.audit.outcome, 'mailed');
      assert.equal(mailed.audit.targetUpn, bob.upn);
      assert.equal(mailed.audit.requesterUpn, helpdesk.mail);
      assert.ok(Array.isArray(mailed.audit.graphRequestIds));
      assert.ok(events.some((e) => e.audit.action === 'audit-exported'));
      assert.ok(events.some((e) => e.audit.action === 'audit-export-downloaded'));
    });
  });

  describe('canary scan', () => {
    it('finds no password in any activity, invoke answer, log line (audit events included) or stored entity', async () => {
      assert.ok(secrets.length >= 1);
      const report = await canaryScan(secrets, canarySources(h));
      assert.deepEqual(report.findings, []);
    });
  });
});
