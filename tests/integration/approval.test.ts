/**
 * Four-eyes approval over HTTP against the real stack: a privileged user's password is reset only after
 * another admin who may reset that user approved, exactly once, and nothing changes for a self-approval,
 * an approver without the role (or whose role was removed in between), an automatic trigger, a decline
 * or an expiry. Where the approval card goes: the approvals channel for a personal chat, the chat itself
 * for a group chat; nowhere reachable means refused, with nothing changed. A Temporary Access Pass for an
 * admin waits the same way, and only an admin who may manage that user's authentication methods may
 * approve it.
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { ErrorCodes } from '../../src/errors';
import { errorText, t } from '../../src/i18n';
import { cardAction } from '../support/activities';
import { invokeBody, postActivity } from '../support/botClient';
import type { AdaptiveCardJson } from '../support/connector';
import { canaryScan } from '../support/canary';
import { answeredCard, linkIn, openForm, openShared, refreshAs, submitForm, type OpenForm } from './flows';
import {
  allPatches,
  canarySources,
  cardActions,
  cardText,
  eventually,
  patchesOf,
  requestIdOf,
  Roles,
  useHarness,
  type Harness,
  type Person,
} from './harness';
import { holderOf, openTapForm, revealPass, submitTapForm, tapPosts } from './tapFlows';

const CHANNEL = '19:4pprov4lsch4nnel0000000000000000@thread.tacv2';
/** A marker for a placeholder whose value a test cannot know (a time): the text before it is matched. */
const CUT = '\u0000';
const upTo = (text: string): string => text.split(CUT)[0]!;

/** An approval card the bot posted: where it is and which request it is for. */
interface ApprovalPost {
  readonly cardId: string;
  readonly conversationId: string;
  readonly conversationType: 'channel' | 'groupChat';
  readonly requestId: string;
}

describe('integration: four-eyes approval for privileged targets over HTTP', function () {
  this.timeout(90_000);
  let h: Harness;
  let graphStart = 0;

  // A short recovery delay makes housekeeping (expiry) pass every 2 s.
  useHarness({ APPROVALS_CHANNEL_ID: CHANNEL, RECOVERY_AFTER_SECONDS: '6' }, async (started) => {
    h = started;
    graphStart = await h.graphMark();
  });

  /**
   * Opens a form in a personal chat (a password's, or a pass's for 90 minutes) and submits it; returns the
   * form and the approval card posted.
   */
  async function requestApproval(
    requester: Person,
    target: Person,
    kind: 'password' | 'tap' = 'password',
  ): Promise<{ form: OpenForm; approval: ApprovalPost; answer: AdaptiveCardJson }> {
    const recipients = 'desk@example.net';
    const form =
      kind === 'tap' ? await openTapForm(h, requester, target.upn) : await openForm(h, requester, target.upn);
    const mark = h.connector.mark();
    const answer = answeredCard(
      kind === 'tap'
        ? await submitTapForm(h, requester, form, { recipients, tapLifetime: '90' })
        : await submitForm(h, requester, form, { recipients }),
    );
    const approval = await approvalPosted(form.requestId, mark, CHANNEL);
    // The bot records where the card landed right after posting it; tests that write the request
    // themselves (expiry) wait for that write.
    await eventually(
      async () => (await h.storedRequest(form.requestId))?.approval?.card,
      10_000,
      'the approval card to be recorded',
    );
    return { form, approval, answer };
  }

  /** Waits for the approval card of a request to be posted into `conversationId` (by id prefix). */
  async function approvalPosted(
    requestId: string,
    since: number,
    conversationId: string,
  ): Promise<ApprovalPost> {
    const call = await h.connector.waitFor(
      (c) =>
        (c.kind === 'send' || c.kind === 'reply') &&
        c.conversationId.split(';')[0] === conversationId.split(';')[0] &&
        requestIdOf(c.body.attachments?.[0]?.content) === requestId &&
        cardActions(c.body.attachments?.[0]?.content).some((a) => a.verb === Verbs.approve),
      20_000,
      since,
    );
    const channel = conversationId.includes('@thread.tacv2');
    return {
      cardId: call.resultId,
      // Teams delivers a press on a channel post in the post's thread.
      conversationId: channel ? `${conversationId.split(';')[0]};messageid=${call.resultId}` : conversationId,
      conversationType: channel ? 'channel' : 'groupChat',
      requestId,
    };
  }

  function press(
    who: Person,
    approval: ApprovalPost,
    verb: string = Verbs.approve,
    trigger: 'manual' | 'automatic' | null = 'manual',
  ) {
    return h.press(who, verb, {
      replyToId: approval.cardId,
      conversationId: approval.conversationId,
      conversationType: approval.conversationType,
      requestId: approval.requestId,
      trigger,
    });
  }

  /** Waits for the card `cardId` to be replaced with one whose text includes `text`. */
  async function updatedTo(cardId: string, since: number, text: string): Promise<AdaptiveCardJson> {
    const update = await h.connector.waitFor(
      (c) =>
        c.kind === 'update' &&
        c.activityId === cardId &&
        cardText(c.body.attachments?.[0]?.content).includes(text),
      20_000,
      since,
    );
    return update.body.attachments?.[0]?.content as AdaptiveCardJson;
  }

  async function patchesSince(mark: number, target: Person): Promise<number> {
    return patchesOf(await h.graphSince(mark), target).length;
  }

  /** The POSTs that created a pass for `target` since `mark`. */
  async function passesSince(mark: number, target: Person): Promise<number> {
    const id = target.aadObjectId.toLowerCase();
    const upn = target.upn.toLowerCase();
    return tapPosts(await h.graphSince(mark)).filter((r) => {
      const user = decodeURIComponent(r.path.split('?')[0]!).split('/')[3]?.toLowerCase();
      return user === id || user === upn;
    }).length;
  }

  /** Waits until the pending decision on a request was settled (checked and recorded). */
  async function settled(requestId: string): Promise<void> {
    await eventually(
      async () => {
        const request = await h.storedRequest(requestId);
        return request && !request.approval?.pending;
      },
      15_000,
      'the decision to be checked',
    );
  }

  it('a personal-chat request for a User Administrator waits: the approvals channel gets the card, the requester is told, nothing is reset', async () => {
    const { privAuthAdmin, privileged } = h.people;
    const mark = await h.graphMark();
    const { form, approval, answer } = await requestApproval(privAuthAdmin, privileged);
    assert.ok(cardText(answer).includes(t('en', 'approval.status.title.waiting')), cardText(answer));
    assert.ok(cardText(answer).includes(t('en', 'approval.status.where.channel')));
    const card = h.connector.activity(approval.cardId)!.card!;
    const text = cardText(card);
    assert.ok(
      text.includes(
        t('en', 'approval.card.asks', { requester: privAuthAdmin.displayName, upn: privAuthAdmin.upn }),
      ),
      text,
    );
    assert.ok(text.includes(t('en', 'approval.reason.role', { role: 'User Administrator' })), text);
    assert.ok(text.includes('desk@example.net'));
    const stored = await h.storedRequest(form.requestId);
    assert.equal(stored?.state, 'awaiting-approval');
    assert.equal(stored?.approval?.card?.activityId, approval.cardId);
    assert.equal(await patchesSince(mark, privileged), 0);
    const records = await h.auditRecords(form.requestId);
    assert.ok(records.some((r) => r.action === 'approval-requested' && r.targetUpn === privileged.upn));
  });

  it('self-approval, an admin without a role, one whose role may not reset the user, and an automatic trigger change nothing', async () => {
    const { privAuthAdmin, privileged, noRole, helpdesk } = h.people;
    const mark = await h.graphMark();
    const { form, approval } = await requestApproval(privAuthAdmin, privileged);

    const self = await press(privAuthAdmin, approval);
    assert.equal(self.type, 'application/vnd.microsoft.activity.message');
    assert.equal(self.value, errorText('en', ErrorCodes.APPROVAL_SELF));

    for (const [who, code] of [
      [noRole, ErrorCodes.REQUESTER_NOT_ADMIN],
      [helpdesk, ErrorCodes.TARGET_PRIVILEGED],
    ] as const) {
      const since = h.connector.mark();
      const checking = answeredCard(await press(who, approval));
      assert.ok(cardText(checking).includes(t('en', 'approval.phase.checking', { name: who.displayName })));
      await settled(form.requestId);
      const stored = await h.storedRequest(form.requestId);
      assert.equal(stored?.state, 'awaiting-approval');
      assert.equal(stored?.approval?.lastRefusal?.code, code);
      // Everyone sees why, and the buttons stay for the admins who may decide.
      const card = await updatedTo(approval.cardId, since, who.displayName);
      assert.ok(cardActions(card).some((a) => a.verb === Verbs.approve));
    }

    const automatic = answeredCard(await press(h.people.globalAdmin, approval, Verbs.approve, 'automatic'));
    assert.ok(
      cardActions(automatic).some((a) => a.verb === Verbs.approve),
      'the card as it was',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await h.storedRequest(form.requestId))?.approval?.pending, undefined);

    assert.equal(await patchesSince(mark, privileged), 0);
    const refused = (await h.auditRecords(form.requestId)).filter((r) => r.action === 'approval-refused');
    assert.deepEqual(
      refused.map((r) => [r.reasonCode, r.approverId]).sort(),
      [
        [ErrorCodes.APPROVAL_SELF, privAuthAdmin.aadObjectId],
        [ErrorCodes.REQUESTER_NOT_ADMIN, noRole.aadObjectId],
        [ErrorCodes.TARGET_PRIVILEGED, helpdesk.aadObjectId],
      ].sort(),
    );
    assert.ok(refused.every((r) => r.requesterUpn.toLowerCase() === privAuthAdmin.upn.toLowerCase()));
  });

  it('an approver whose Global Administrator role was removed after the request was posted decides nothing', async () => {
    const { privAuthAdmin, privileged } = h.people;
    const approver = h.people.plain.at(-1)!;
    await h.admin.addRoleAssignment({ principal: approver.upn, role: Roles.global });
    const mark = await h.graphMark();
    const { form, approval } = await requestApproval(privAuthAdmin, privileged);
    assert.equal((await h.admin.removeRoleAssignments(approver.upn, Roles.global)).length, 1);
    await press(approver, approval);
    await settled(form.requestId);
    const stored = await h.storedRequest(form.requestId);
    assert.equal(stored?.state, 'awaiting-approval');
    assert.equal(stored?.approval?.lastRefusal?.code, ErrorCodes.REQUESTER_NOT_ADMIN);
    assert.equal(await patchesSince(mark, privileged), 0);
  });

  it('a decline by another admin ends the request; nothing is reset and the requester is told who declined', async () => {
    const { privAuthAdmin, privileged, globalAdmin } = h.people;
    const mark = await h.graphMark();
    const { form, approval } = await requestApproval(privAuthAdmin, privileged);
    const since = h.connector.mark();
    await press(globalAdmin, approval, Verbs.decline);
    const requesterCard = await updatedTo(
      form.cardId,
      since,
      t('en', 'approval.status.title.declined', { name: globalAdmin.displayName }),
    );
    assert.ok(!cardActions(requesterCard).some((a) => a.verb === Verbs.submit));
    await updatedTo(approval.cardId, since, globalAdmin.displayName);
    const stored = await h.storedRequest(form.requestId);
    assert.deepEqual(
      [stored?.state, stored?.targets[0]?.failureCode],
      ['done', ErrorCodes.APPROVAL_DECLINED],
    );
    const declined = (await h.auditRecords(form.requestId)).find((r) => r.action === 'declined');
    assert.equal(declined?.approverUpn?.toLowerCase(), globalAdmin.upn.toLowerCase());
    assert.equal(declined?.requesterUpn.toLowerCase(), privAuthAdmin.upn.toLowerCase());
    // Approving afterwards changes nothing.
    await press(globalAdmin, approval);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await patchesSince(mark, privileged), 0);
  });

  it('the requester cancels while it waits: the approval card says so and loses its buttons; a later approval does nothing', async () => {
    const { privAuthAdmin, privileged, globalAdmin } = h.people;
    const mark = await h.graphMark();
    const { form, approval, answer } = await requestApproval(privAuthAdmin, privileged);
    assert.ok(
      cardActions(answer).some((a) => a.verb === Verbs.cancel),
      'the waiting card offers Cancel',
    );
    const since = h.connector.mark();
    const cancelled = answeredCard(
      await h.press(privAuthAdmin, Verbs.cancel, {
        replyToId: form.cardId,
        conversationId: form.conversationId,
        requestId: form.requestId,
      }),
    );
    assert.ok(cardText(cancelled).includes(t('en', 'cancelled.title')), cardText(cancelled));
    const approvalCard = await updatedTo(
      approval.cardId,
      since,
      upTo(t('en', 'approval.phase.cancelled', { requester: privAuthAdmin.displayName, at: CUT })),
    );
    assert.ok(!cardActions(approvalCard).some((a) => a.verb === Verbs.approve));
    assert.equal((await h.storedRequest(form.requestId))?.state, 'cancelled');
    assert.ok((await h.auditRecords(form.requestId)).some((r) => r.action === 'cancelled'));
    await press(globalAdmin, approval);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await patchesSince(mark, privileged), 0);
  });

  it('expires: housekeeping ends it, the requester and the approval card say so, and a late approval does nothing', async () => {
    const { privAuthAdmin, eligibleGroupMember, globalAdmin } = h.people;
    const mark = await h.graphMark();
    const { form, approval } = await requestApproval(privAuthAdmin, eligibleGroupMember);
    const since = h.connector.mark();
    await h.expireRequest(form.requestId, new Date(Date.now() - 1_000).toISOString());
    await updatedTo(form.cardId, since, t('en', 'approval.status.title.expired'));
    await updatedTo(approval.cardId, since, upTo(t('en', 'approval.phase.expired', { at: CUT })));
    const stored = await h.storedRequest(form.requestId);
    assert.deepEqual([stored?.state, stored?.targets[0]?.failureCode], ['done', ErrorCodes.APPROVAL_EXPIRED]);
    assert.ok((await h.auditRecords(form.requestId)).some((r) => r.action === 'approval-expired'));
    const late = answeredCard(await press(globalAdmin, approval));
    assert.ok(!cardActions(late).some((a) => a.verb === Verbs.approve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await patchesSince(mark, eligibleGroupMember), 0);
  });

  it('approved by another admin who may reset the user: exactly one PATCH, both admins on record, the requester sees the outcome', async () => {
    const { privAuthAdmin, privileged, globalAdmin } = h.people;
    const mark = await h.graphMark();
    const { form, approval } = await requestApproval(privAuthAdmin, privileged);
    const since = h.connector.mark();
    const answer = answeredCard(await press(globalAdmin, approval));
    assert.ok(
      cardText(answer).includes(t('en', 'approval.phase.checking', { name: globalAdmin.displayName })),
      cardText(answer),
    );
    const outcome = await updatedTo(form.cardId, since, t('en', 'confirm.title'));
    assert.ok(
      cardText(outcome).includes(t('en', 'approval.confirm.approvedBy', { name: globalAdmin.displayName })),
      cardText(outcome),
    );
    await updatedTo(
      approval.cardId,
      since,
      upTo(t('en', 'approval.phase.approved', { name: globalAdmin.displayName, at: CUT, requester: '' })),
    );
    assert.equal(await patchesSince(mark, privileged), 1);
    const records = await h.auditRecords(form.requestId);
    const approved = records.filter((r) => r.action === 'approved');
    assert.equal(approved.length, 1);
    assert.equal(approved[0]?.approverUpn?.toLowerCase(), globalAdmin.upn.toLowerCase());
    assert.equal(approved[0]?.requesterUpn.toLowerCase(), privAuthAdmin.upn.toLowerCase());
    const at = (action: string) => records.find((r) => r.action === action)!.sequence;
    assert.ok(at('approved') < at('reset-intent') && at('reset-intent') < at('reset'));
    // Pressing again changes nothing.
    await press(globalAdmin, approval);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await patchesSince(mark, privileged), 1);
  });

  it('duplicate deliveries of one approval, to two bot instances at once: one run, one PATCH', async () => {
    const { globalAdmin, eligibleGlobalAdmin, privAuthAdmin } = h.people;
    const extra = await h.stack.startExtraBot({ APPROVALS_CHANNEL_ID: CHANNEL });
    try {
      const mark = await h.graphMark();
      const { form, approval } = await requestApproval(globalAdmin, eligibleGlobalAdmin);
      const activity = cardAction(Verbs.approve, {
        user: privAuthAdmin,
        tenantId: h.tenantId,
        serviceUrl: h.connector.url,
        conversationType: 'channel',
        conversationId: approval.conversationId,
        replyToId: approval.cardId,
        requestId: approval.requestId,
      });
      const answers = await Promise.all(
        [h.stack.botUrl, extra.url, h.stack.botUrl, extra.url].map((url) => postActivity(url, activity)),
      );
      for (const answer of answers) assert.equal(invokeBody(answer).statusCode, 200);
      await eventually(
        async () => (await h.storedRequest(form.requestId))?.state === 'done',
        20_000,
        'the run',
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(await patchesSince(mark, eligibleGlobalAdmin), 1);
      const approved = (await h.auditRecords(form.requestId)).filter((r) => r.action === 'approved');
      assert.equal(approved.length, 1);
    } finally {
      await extra.stop();
    }
  });

  it('in a group chat the approval card goes into that chat, and the chat sees the request waiting', async () => {
    const { privAuthAdmin, privileged, globalAdmin } = h.people;
    const shared = await openShared(h, privAuthAdmin, privileged.upn, { conversationType: 'groupChat' });
    const own = answeredCard(await refreshAs(h, privAuthAdmin, shared));
    const mark = h.connector.mark();
    const waiting = answeredCard(
      await submitForm(h, privAuthAdmin, { ...shared, card: own }, { recipients: 'desk@example.net' }),
    );
    assert.ok(cardText(waiting).includes(t('en', 'approval.status.where.conversation')));
    const approval = await approvalPosted(shared.requestId, mark, shared.conversationId);
    // Everyone in the chat sees that it waits, without a form or the recipients.
    const everyone = await updatedTo(shared.cardId, mark, t('en', 'approval.status.title.waiting'));
    assert.ok(!cardText(everyone).includes('desk@example.net'));
    const graphMark = await h.graphMark();
    await press(globalAdmin, approval, Verbs.decline);
    await updatedTo(
      shared.cardId,
      mark,
      t('en', 'approval.status.title.declined', { name: globalAdmin.displayName }),
    );
    assert.equal(await patchesSince(graphMark, privileged), 0);
  });

  it('when the approval card cannot be posted, the request ends refused and the requester is told; nothing is reset', async () => {
    const { privAuthAdmin, privileged } = h.people;
    const mark = await h.graphMark();
    const form = await openForm(h, privAuthAdmin, privileged.upn);
    const since = h.connector.mark();
    h.connector.failNext(403, 1);
    await submitForm(h, privAuthAdmin, form, { recipients: 'desk@example.net' });
    const told = await updatedTo(
      form.cardId,
      since,
      errorText('en', ErrorCodes.APPROVAL_CHANNEL_UNREACHABLE),
    );
    assert.ok(!cardActions(told).some((a) => a.verb === Verbs.submit));
    const stored = await h.storedRequest(form.requestId);
    assert.deepEqual(
      [stored?.state, stored?.targets[0]?.failureCode],
      ['done', ErrorCodes.APPROVAL_CHANNEL_UNREACHABLE],
    );
    assert.equal(await patchesSince(mark, privileged), 0);
  });

  it('without an approvals channel, a personal-chat request is refused at submit with nothing changed', async () => {
    const { privAuthAdmin, privileged } = h.people;
    const extra = await h.stack.startExtraBot({ APPROVALS_CHANNEL_ID: '' });
    try {
      const mark = await h.graphMark();
      const form = await openForm(h, privAuthAdmin, privileged.upn);
      const activity = cardAction(Verbs.submit, {
        user: privAuthAdmin,
        tenantId: h.tenantId,
        serviceUrl: h.connector.url,
        conversationId: form.conversationId,
        replyToId: form.cardId,
        requestId: form.requestId,
        inputs: {
          passwordMode: 'auto',
          forceChange: 'true',
          revokeSessions: 'true',
          recipients: 'desk@example.net',
        },
      });
      const answer = answeredCard(invokeBody(await postActivity(extra.url, activity)));
      assert.ok(cardText(answer).includes(errorText('en', ErrorCodes.APPROVAL_NO_CHANNEL)), cardText(answer));
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal((await h.storedRequest(form.requestId))?.state, 'done');
      assert.equal(await patchesSince(mark, privileged), 0);
    } finally {
      await extra.stop();
    }
  });

  describe('a Temporary Access Pass for an admin', () => {
    it('waits at tap.submit with nothing created; self-approval is refused; approved by a Global Administrator: exactly one POST, the pass delivered by link and nowhere else', async () => {
      const { privAuthAdmin, privileged, globalAdmin } = h.people;
      const mark = await h.graphMark();
      const { form, approval, answer } = await requestApproval(privAuthAdmin, privileged, 'tap');
      const waiting = cardText(answer);
      assert.ok(
        waiting.includes(t('en', 'approval.tap.status.waiting', { names: privileged.displayName })),
        waiting,
      );
      assert.ok(waiting.includes(t('en', 'approval.status.where.channel')), waiting);
      const card = cardText(h.connector.activity(approval.cardId)!.card!);
      for (const line of [
        t('en', 'approval.tap.card.title'),
        t('en', 'approval.tap.card.asks', { requester: privAuthAdmin.displayName, upn: privAuthAdmin.upn }),
        t('en', 'approval.reason.role', { role: 'User Administrator' }),
        t('en', 'approval.tap.delivery.link'),
        t('en', 'approval.tap.fact.startsWhenCreated'),
        '90 minutes',
        t('en', 'tap.confirm.usage.once'),
        'desk@example.net',
      ])
        assert.ok(card.includes(line), `${line} in ${card}`);
      assert.doesNotMatch(card, /password/i);
      assert.equal((await h.storedRequest(form.requestId))?.state, 'awaiting-approval');
      assert.equal(await passesSince(mark, privileged), 0, 'nothing is created while it waits');

      const self = await press(privAuthAdmin, approval);
      assert.equal(self.value, errorText('en', ErrorCodes.APPROVAL_SELF));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await passesSince(mark, privileged), 0);

      const since = h.connector.mark();
      await press(globalAdmin, approval);
      const outcome = cardText(await updatedTo(form.cardId, since, t('en', 'tap.confirm.title')));
      assert.ok(
        outcome.includes(t('en', 'approval.confirm.approvedBy', { name: globalAdmin.displayName })),
        outcome,
      );
      await updatedTo(
        approval.cardId,
        since,
        upTo(
          t('en', 'approval.tap.phase.approved', { name: globalAdmin.displayName, at: CUT, requester: '' }),
        ),
      );
      assert.equal(await passesSince(mark, privileged), 1, 'exactly one POST creates the pass');
      assert.equal(await patchesSince(mark, privileged), 0, 'no password was touched');

      const mail = (await h.admin.outbox()).find(
        (m) =>
          m.subject === t('en', 'tap.mail.link.subject', { name: privileged.displayName }) &&
          m.to.includes('desk@example.net'),
      );
      assert.ok(mail, 'the pass was mailed to the recipient the second admin saw');
      const pass = await revealPass(linkIn(h, mail), privileged);
      assert.equal((await h.admin.verifyTemporaryAccessPass(privileged.upn, pass)).match, true);

      const records = await h.auditRecords(form.requestId);
      const approved = records.filter((r) => r.action === 'approved');
      assert.deepEqual(
        approved.map((r) => [r.approverUpn?.toLowerCase(), r.requesterUpn.toLowerCase()]),
        [[globalAdmin.upn.toLowerCase(), privAuthAdmin.upn.toLowerCase()]],
      );
      const at = (action: string) => records.find((r) => r.action === action)!.sequence;
      assert.ok(at('approval-requested') < at('approved') && at('approved') < at('tap-intent'));
      assert.ok(at('tap-intent') < at('tap-created'));

      // Pressing again changes nothing.
      await press(globalAdmin, approval);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(await passesSince(mark, privileged), 1);

      const report = await canaryScan([pass], canarySources(h));
      assert.deepEqual(report.findings, [], 'the pass is nowhere but behind its link');
    });

    it('for a Password Administrator: a Helpdesk Administrator, who may reset that password, may not approve the pass; an Authentication Administrator may', async () => {
      const { privAuthAdmin, passwordAdmin, helpdesk } = h.people;
      const authAdmin = holderOf('auth');
      const mark = await h.graphMark();
      const { form, approval } = await requestApproval(privAuthAdmin, passwordAdmin, 'tap');

      const since = h.connector.mark();
      const checking = answeredCard(await press(helpdesk, approval));
      assert.ok(
        cardText(checking).includes(t('en', 'approval.phase.checking', { name: helpdesk.displayName })),
      );
      await settled(form.requestId);
      const stored = await h.storedRequest(form.requestId);
      assert.equal(stored?.state, 'awaiting-approval');
      assert.equal(stored?.approval?.lastRefusal?.code, ErrorCodes.TAP_NOT_ALLOWED);
      const card = await updatedTo(
        approval.cardId,
        since,
        t('en', 'approval.tap.refused.notAdmin', { name: helpdesk.displayName }),
      );
      assert.ok(
        cardActions(card).some((a) => a.verb === Verbs.approve),
        'others may still decide',
      );
      assert.equal(await passesSince(mark, passwordAdmin), 0);
      const refused = (await h.auditRecords(form.requestId)).filter((r) => r.action === 'approval-refused');
      assert.deepEqual(
        refused.map((r) => [r.reasonCode, r.approverId]),
        [[ErrorCodes.TAP_NOT_ALLOWED, helpdesk.aadObjectId]],
      );

      const later = h.connector.mark();
      await press(authAdmin, approval);
      await updatedTo(form.cardId, later, t('en', 'tap.confirm.title'));
      assert.equal(await passesSince(mark, passwordAdmin), 1);
      assert.equal(await patchesSince(mark, passwordAdmin), 0);
    });
  });

  describe('afterwards', () => {
    it('reset only the two approved users in this whole file, once each', async () => {
      const patches = allPatches(await h.graphSince(graphStart));
      assert.equal(patches.length, 2, patches.map((p) => p.path).join('\n'));
    });
  });
});
