/**
 * Four-eyes approval over in-memory ports and a stubbed directory: the gate at submit and in the engine,
 * who may decide, exactly one run, expiry, and what the requester and the approval card show.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Verbs } from '../../src/cards';
import { ErrorCodes } from '../../src/errors';
import { errorText, t } from '../../src/i18n';
import type { SecurityProfile } from '../../src/policy/profile';
import { decideApproval, settleExpiredApprovals } from '../../src/reset/approval';
import { announceMissedApprovals } from '../../src/reset/approvalGate';
import { cancelReset } from '../../src/reset/otherActions';
import { recoverUnfinished } from '../../src/reset/recovery';
import { requesterCard } from '../../src/reset/views';
import { startReset } from '../../src/reset/startReset';
import { submitReset } from '../../src/reset/submitReset';
import type { ConversationInfo, InvokeResult } from '../../src/reset/types';
import { memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';
import { actorOf, auditActions, cardAction, namedRole, RoleIds } from '../support/useCases';

const { GLOBAL, PRIV_AUTH, USER_ADMIN, HELPDESK } = RoleIds;
const CHANNEL = '19:approvals0000000000000000000000@thread.tacv2';

const patti = profile(user('a0000000-0000-0000-0000-000000000001', 'Patti Fernandez'), [PRIV_AUTH]);
const megan = profile(user('a0000000-0000-0000-0000-000000000002', 'Megan Bowen'), [GLOBAL]);
const diego = profile(user('a0000000-0000-0000-0000-000000000003', 'Diego Siciliani'), [], {
  roleAssignments: [namedRole(USER_ADMIN, 'User Administrator')],
  groupIds: [],
});
const lee = profile(user('a0000000-0000-0000-0000-000000000004', 'Lee Gu'), [HELPDESK]);
const nora = profile(user('a0000000-0000-0000-0000-000000000005', 'Nora Nobody'));
const bob = profile(
  user('a0000000-0000-0000-0000-000000000006', 'Bob Brown', { otherMails: ['bob@example.net'] }),
  [],
  { groupIds: [] },
);
const adele = profile(user('a0000000-0000-0000-0000-000000000007', 'Adele Vance'), [PRIV_AUTH]);

const personal: ConversationInfo = { type: 'personal', reference: '{"conversation":{"id":"a:1"}}' };
const groupChat: ConversationInfo = {
  type: 'groupChat',
  reference: '{"conversation":{"id":"19:g@thread.v2"}}',
};

const submitInputs = {
  passwordMode: 'auto',
  forceChange: 'true',
  revokeSessions: 'true',
  recipients: 'desk@example.net',
};

describe('four-eyes approval (use cases over stubbed ports)', () => {
  let sandbox: sinon.SinonSandbox;
  beforeEach(() => (sandbox = sinon.createSandbox()));
  afterEach(() => sandbox.restore());

  function setup(
    approval: Partial<{ forAdmins: boolean; groupIds: string[]; ttlMs: number; channelId: string }> = {},
  ) {
    const directory = stubDirectory(sandbox, [patti, megan, diego, lee, nora, bob, adele]);
    let clock = Date.parse('2026-03-14T09:00:00.000Z');
    const built = memoryDeps(directory, {
      settings: {
        approval: { forAdmins: true, groupIds: [], ttlMs: 30 * 60_000, channelId: CHANNEL, ...approval },
      },
      now: () => new Date(clock),
    });
    return { directory, ...built, tick: (ms: number) => (clock += ms) };
  }
  type Setup = ReturnType<typeof setup>;

  async function open(s: Setup, target = diego, conversation = personal, requester = patti): Promise<string> {
    const cards = await startReset(s.deps, {
      actor: actorOf(requester),
      conversation,
      locale: 'en',
      queries: [target.user.displayName],
      correlationId: 'c-open',
    });
    const requestId = cards.at(-1)?.requestId;
    assert.ok(requestId, 'a request was opened');
    return requestId;
  }

  async function finish(result: InvokeResult): Promise<void> {
    if (result.continuation) await result.continuation();
  }

  /** Opens and submits a request for `target` (held for approval), and posts its approval card. */
  async function held(s: Setup, target = diego, conversation = personal): Promise<string> {
    const requestId = await open(s, target, conversation);
    await finish(
      await submitReset(
        s.deps,
        actorOf(patti),
        cardAction(Verbs.submit, requestId, submitInputs),
        'c-submit',
      ),
    );
    return requestId;
  }

  const press = (
    s: Setup,
    who: SecurityProfile,
    requestId: string,
    verb: string = Verbs.approve,
    trigger: 'manual' | 'automatic' = 'manual',
    id = 'c-press',
  ) =>
    decideApproval(
      s.deps,
      actorOf(who),
      cardAction(verb, requestId, {}, { trigger, activityId: 'approval-card' }),
      verb === Verbs.approve ? 'approve' : 'decline',
      id,
    );

  const stored = async (s: Setup, id: string) => (await s.requests.get(id))!.value;
  const actionsOf = (s: Setup, id: string) => auditActions(s.requests, id);
  const json = (card: unknown) => JSON.stringify(card);

  it('holds a privileged target at submit: the requester waits, the card goes to the approvals channel, nothing is reset', async () => {
    const s = setup();
    const requestId = await open(s);
    const readsBefore = s.directory.readProfiles.callCount;
    const result = await submitReset(
      s.deps,
      actorOf(patti),
      cardAction(Verbs.submit, requestId, submitInputs),
      'c-submit',
    );
    assert.equal(s.directory.readProfiles.callCount, readsBefore, 'no Graph call before the answer');
    assert.equal(result.answer.kind, 'card');
    const answer = json((result.answer as { card: object }).card);
    assert.match(answer, /Waiting for a second admin/);
    assert.match(answer, /approvals channel/);
    const waiting = await stored(s, requestId);
    assert.equal(waiting.state, 'awaiting-approval');
    assert.equal(Date.parse(waiting.expiresAt), Date.parse('2026-03-14T09:30:00.000Z'));
    assert.deepEqual(actionsOf(s, requestId), ['requested', 'submitted', 'approval-requested']);

    await finish(result);
    assert.equal(s.cards.postedCards.length, 1);
    const [posted] = s.cards.postedCards;
    assert.equal(posted!.channelId, CHANNEL);
    const card = json(posted!.card);
    assert.match(card, /Approval needed/);
    assert.match(card, /Patti Fernandez/);
    assert.match(card, /holds User Administrator/);
    assert.match(card, /desk@example\.net/, 'the second admin sees where the password goes');
    assert.ok(card.includes(Verbs.approve) && card.includes(Verbs.decline));
    assert.equal((await stored(s, requestId)).approval?.card?.activityId, posted!.activityId);
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('approved by another admin who may reset the user: one reset, both admins on record, the outcome names the approver', async () => {
    const s = setup();
    const requestId = await held(s);
    const result = await press(s, megan, requestId);
    assert.match(json((result.answer as { card: object }).card), /Checking Megan Bowen/);
    sinon.assert.notCalled(s.directory.resetPassword);
    await finish(result);

    sinon.assert.calledOnce(s.directory.resetPassword);
    assert.equal(s.directory.resetPassword.firstCall.args[0], diego.user.id);
    const request = await stored(s, requestId);
    assert.equal(request.state, 'done');
    assert.equal(request.targets[0]!.state, 'mailed');
    const approved = s.requests.allRecords().find((r) => r.action === 'approved');
    assert.equal(approved?.requesterUpn, patti.user.mail);
    assert.equal(approved?.approverId, megan.user.id);
    assert.equal(approved?.approverUpn, megan.user.mail);
    assert.equal(approved?.targetId, diego.user.id);
    const order = actionsOf(s, requestId);
    assert.ok(order.indexOf('approved') < order.indexOf('reset-intent'), order.join(', '));
    // The approval card says who approved; the requester's card ends as the confirmation naming them.
    const approvalCard = s.cards.replaced.find(
      (r) => r.location.activityId === 'card-1' && /Approved by Megan/.test(json(r.card)),
    );
    assert.ok(approvalCard, 'the approval card was replaced');
    assert.match(s.cards.last(), /accepted for delivery/);
    assert.match(s.cards.last(), /Approved by Megan Bowen\./);
  });

  it('re-authorizes the requester too, on fresh roles: a requester who lost the role resets nobody', async () => {
    const s = setup();
    const requestId = await held(s);
    const pattiWithout = { ...patti, roleAssignments: [] };
    s.directory.readProfiles.callsFake(async (query) => {
      const targets = new Map<string, SecurityProfile>();
      for (const target of query.targets ?? [])
        targets.set(target.id, target.id === diego.user.id ? diego : bob);
      const id = query.requester?.id;
      const requester = id === patti.user.id ? pattiWithout : id === megan.user.id ? megan : undefined;
      return requester ? { requester, targets } : { targets };
    });
    await finish(await press(s, megan, requestId));
    sinon.assert.notCalled(s.directory.resetPassword);
    const request = await stored(s, requestId);
    assert.deepEqual(
      request.targets.map((x) => [x.state, x.failureCode]),
      [['refused', ErrorCodes.REQUESTER_NOT_ADMIN]],
    );
  });

  it('the requester cannot approve their own request, nor can the user whose password it resets', async () => {
    const s = setup();
    const requestId = await held(s);
    for (const [who, code] of [
      [patti, ErrorCodes.APPROVAL_SELF],
      [diego, ErrorCodes.APPROVAL_OWN_RESET],
    ] as const) {
      const result = await press(s, who, requestId);
      assert.deepEqual(result.answer, { kind: 'message', text: errorText('en', code) });
      assert.equal(result.continuation, undefined);
    }
    const refused = s.requests.allRecords().filter((r) => r.action === 'approval-refused');
    assert.deepEqual(
      refused.map((r) => [r.reasonCode, r.approverId]),
      [
        [ErrorCodes.APPROVAL_SELF, patti.user.id],
        [ErrorCodes.APPROVAL_OWN_RESET, diego.user.id],
      ],
    );
    assert.equal((await stored(s, requestId)).state, 'awaiting-approval');
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('an admin without a resetting role, or whose role may not reset the user, decides nothing; a valid approval still works', async () => {
    const s = setup();
    const requestId = await held(s);
    for (const [who, code] of [
      [nora, ErrorCodes.REQUESTER_NOT_ADMIN],
      [lee, ErrorCodes.TARGET_PRIVILEGED],
    ] as const) {
      await finish(await press(s, who, requestId, Verbs.approve, 'manual', `c-${who.user.displayName}`));
      const request = await stored(s, requestId);
      assert.equal(request.state, 'awaiting-approval');
      assert.equal(request.approval?.pending, undefined);
      assert.equal(request.approval?.lastRefusal?.code, code);
      const last = s.requests.allRecords().at(-1)!;
      assert.deepEqual(
        [last.action, last.reasonCode, last.approverId],
        ['approval-refused', code, who.user.id],
      );
      assert.match(s.cards.last(), new RegExp(`${who.user.displayName}.s decision was not accepted`));
      assert.ok(s.cards.last().includes(Verbs.approve), 'the card still offers the decision to others');
    }
    // A decline by someone without the role declines nothing either.
    await finish(await press(s, nora, requestId, Verbs.decline, 'manual', 'c-nora-decline'));
    assert.equal((await stored(s, requestId)).state, 'awaiting-approval');
    sinon.assert.notCalled(s.directory.resetPassword);

    await finish(await press(s, adele, requestId, Verbs.approve, 'manual', 'c-adele'));
    sinon.assert.calledOnce(s.directory.resetPassword);
  });

  it('an approver whose role was removed after the request was posted decides nothing', async () => {
    const s = setup();
    const requestId = await held(s);
    const demoted = { ...megan, roleAssignments: [] };
    s.directory.readProfiles.callsFake(async (query) => {
      const targets = new Map<string, SecurityProfile>([[diego.user.id, diego]]);
      return query.requester?.id === megan.user.id ? { requester: demoted, targets } : { targets };
    });
    await finish(await press(s, megan, requestId));
    const request = await stored(s, requestId);
    assert.equal(request.state, 'awaiting-approval');
    assert.equal(request.approval?.lastRefusal?.code, ErrorCodes.REQUESTER_NOT_ADMIN);
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('a Graph failure while checking the approver is a "no"', async () => {
    const s = setup();
    const requestId = await held(s);
    s.directory.readProfiles.rejects(new Error('socket hang up'));
    await finish(await press(s, megan, requestId));
    const request = await stored(s, requestId);
    assert.equal(request.state, 'awaiting-approval');
    assert.equal(request.approval?.lastRefusal?.code, ErrorCodes.INTERNAL);
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('an automatic trigger approves nothing and writes nothing', async () => {
    const s = setup();
    const requestId = await held(s);
    const before = s.requests.allRecords().length;
    const result = await press(s, megan, requestId, Verbs.approve, 'automatic');
    assert.equal(result.continuation, undefined);
    assert.match(json((result.answer as { card: object }).card), /Approval needed/);
    assert.equal(s.requests.allRecords().length, before);
    const request = await stored(s, requestId);
    assert.equal(request.state, 'awaiting-approval');
    assert.equal(request.approval?.pending, undefined);
  });

  it('a decline by another admin ends the request: nothing is reset, the requester is told who declined', async () => {
    const s = setup();
    const requestId = await held(s);
    await finish(await press(s, megan, requestId, Verbs.decline));
    const request = await stored(s, requestId);
    assert.equal(request.state, 'done');
    assert.deepEqual(
      request.targets.map((x) => [x.state, x.failureCode]),
      [['refused', ErrorCodes.APPROVAL_DECLINED]],
    );
    const declined = s.requests.allRecords().find((r) => r.action === 'declined');
    assert.deepEqual([declined?.approverUpn, declined?.requesterUpn], [megan.user.mail, patti.user.mail]);
    sinon.assert.notCalled(s.directory.resetPassword);
    assert.match(s.cards.last(), /Megan Bowen declined resetting the password of Diego Siciliani/);
    // A later approval changes nothing.
    await finish(await press(s, adele, requestId, Verbs.approve, 'manual', 'c-late'));
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('the requester can cancel a request that waits: nothing is reset, the approval card says so, a later approval changes nothing', async () => {
    const s = setup();
    const requestId = await held(s);
    const waiting = json(requesterCard(await stored(s, requestId), s.deps.settings));
    assert.ok(waiting.includes(Verbs.cancel), 'the waiting card offers Cancel');

    // Only the requester: another admin's press changes nothing.
    const other = await cancelReset(s.deps, actorOf(megan), cardAction(Verbs.cancel, requestId), 'c-other');
    assert.equal(other.answer.kind, 'message');
    assert.equal((await stored(s, requestId)).state, 'awaiting-approval');

    const result = await cancelReset(s.deps, actorOf(patti), cardAction(Verbs.cancel, requestId), 'c-cancel');
    assert.match(json((result.answer as { card: object }).card), /Request cancelled/);
    await finish(result);
    const request = await stored(s, requestId);
    assert.equal(request.state, 'cancelled');
    assert.deepEqual(actionsOf(s, requestId).slice(-1), ['cancelled']);
    const approvalCard = s.cards.replaced.filter(
      (r) => JSON.stringify(r.location) === JSON.stringify(request.approval?.card),
    );
    assert.match(json(approvalCard.at(-1)?.card), /Cancelled by Patti Fernandez/);
    assert.ok(!json(approvalCard.at(-1)?.card).includes(Verbs.approve), 'no buttons left');

    await finish(await press(s, megan, requestId));
    sinon.assert.notCalled(s.directory.resetPassword);
    assert.equal((await stored(s, requestId)).state, 'cancelled');
    assert.equal(await recoverUnfinished(s.deps), 0);
    assert.equal(await settleExpiredApprovals(s.deps), 0);
  });

  it('duplicate deliveries of one approval, and two admins at once: one check, one run, one reset', async () => {
    const s = setup();
    const requestId = await held(s);
    const results = await Promise.all([
      press(s, megan, requestId, Verbs.approve, 'manual', 'c-1'),
      press(s, megan, requestId, Verbs.approve, 'manual', 'c-1'),
      press(s, adele, requestId, Verbs.approve, 'manual', 'c-2'),
    ]);
    assert.equal(results.filter((r) => r.continuation).length, 1, 'one decision is taken');
    await Promise.all(results.map(finish));
    // A delivery that arrives after it all settled changes nothing either.
    await finish(await press(s, megan, requestId, Verbs.approve, 'manual', 'c-1'));
    sinon.assert.calledOnce(s.directory.resetPassword);
    assert.equal(s.requests.allRecords().filter((r) => r.action === 'approved').length, 1);
  });

  it('a press that races with another write (the approval card being recorded) is taken on what is stored now, not lost', async () => {
    const s = setup();
    const requestId = await held(s);
    const save = s.requests.save.bind(s.requests);
    let raced = false;
    sandbox.stub(s.requests, 'save').callsFake(async (request, etag, audit) => {
      if (!raced && request.approval?.pending) {
        raced = true;
        // Someone else writes the request between this press's read and its write.
        const latest = (await s.requests.get(request.id))!;
        await save(latest.value, latest.etag);
      }
      return save(request, etag, audit);
    });
    const result = await press(s, megan, requestId);
    assert.ok(raced, 'the race happened');
    assert.ok(result.continuation, 'the decision was taken after all');
    await finish(result);
    sinon.assert.calledOnce(s.directory.resetPassword);
  });

  it('expires: housekeeping settles it and tells the requester; a press after the deadline approves nothing', async () => {
    const s = setup();
    const requestId = await held(s);
    s.tick(29 * 60_000);
    assert.equal(await settleExpiredApprovals(s.deps), 0, 'not before the deadline');
    s.tick(2 * 60_000);
    const late = await press(s, megan, requestId);
    assert.match(json((late.answer as { card: object }).card), /Nobody approved/);
    await finish(late);
    assert.equal(await settleExpiredApprovals(s.deps), 0, 'the press settled it already');
    const request = await stored(s, requestId);
    assert.equal(request.state, 'done');
    assert.deepEqual(
      request.targets.map((x) => x.failureCode),
      [ErrorCodes.APPROVAL_EXPIRED],
    );
    assert.equal(s.requests.allRecords().filter((r) => r.action === 'approval-expired').length, 1);
    assert.match(s.cards.last(), /No other admin approved resetting the password of Diego Siciliani/);
    sinon.assert.notCalled(s.directory.resetPassword);

    const other = await held(s, diego);
    s.tick(31 * 60_000);
    assert.equal(await settleExpiredApprovals(s.deps), 1);
    assert.equal((await stored(s, other)).state, 'done');
    // Recovery's pass never runs a request that waits or expired.
    assert.equal(await recoverUnfinished(s.deps), 0);
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('an approval card lost to a crash before it was posted is posted by recovery, once, after the recovery delay', async () => {
    const s = setup();
    const requestId = await open(s);
    // The submit is answered; the bot dies before its continuation posts the approval card.
    await submitReset(s.deps, actorOf(patti), cardAction(Verbs.submit, requestId, submitInputs), 'c-submit');
    assert.equal((await stored(s, requestId)).state, 'awaiting-approval');
    assert.equal(s.cards.postedCards.length, 0);

    s.tick(10_000);
    assert.equal(await announceMissedApprovals(s.deps), 0, 'the submit may still be posting it');
    s.tick(30_000);
    assert.equal(await announceMissedApprovals(s.deps), 1);
    assert.equal(s.cards.postedCards.length, 1);
    assert.match(json(s.cards.postedCards[0]!.card), /Approval needed/);
    assert.equal((await stored(s, requestId)).approval?.card?.activityId, s.cards.postedCards[0]!.activityId);
    assert.equal(await announceMissedApprovals(s.deps), 0, 'posted once');

    // One whose deadline passed is left to expiry, which tells the requester.
    const late = await open(s);
    await submitReset(s.deps, actorOf(patti), cardAction(Verbs.submit, late, submitInputs), 'c-late');
    s.tick(31 * 60_000);
    assert.equal(await announceMissedApprovals(s.deps), 0);
    assert.equal(s.cards.postedCards.length, 1);
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('refuses at submit when a personal chat has no approvals channel, and resets nothing', async () => {
    const s = setup({ channelId: '' });
    const requestId = await open(s);
    const result = await submitReset(
      s.deps,
      actorOf(patti),
      cardAction(Verbs.submit, requestId, submitInputs),
      'c-submit',
    );
    assert.match(json((result.answer as { card: object }).card), /no approvals channel is set up/);
    await finish(result);
    const request = await stored(s, requestId);
    assert.deepEqual(
      [request.state, request.targets[0]!.failureCode],
      ['done', ErrorCodes.APPROVAL_NO_CHANNEL],
    );
    assert.equal(s.cards.postedCards.length, 0);
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('a typed password cannot wait for approval: the form again, with the reason next to the field', async () => {
    const s = setup();
    const requestId = await open(s);
    const result = await submitReset(
      s.deps,
      actorOf(patti),
      cardAction(Verbs.submit, requestId, {
        ...submitInputs,
        passwordMode: 'custom',
        customPassword: 'Xq7#kLm2pq!z',
      }),
      'c-submit',
    );
    assert.equal(result.continuation, undefined);
    const card = json((result.answer as { card: object }).card);
    assert.ok(
      card.includes(JSON.stringify(errorText('en', ErrorCodes.APPROVAL_TYPED_PASSWORD)).slice(1, 40)),
    );
    assert.equal((await stored(s, requestId)).state, 'open');
    assert.ok(!card.includes('Xq7#kLm2pq!z'));
  });

  it('when the approval card cannot be posted, the request ends refused and the requester is told', async () => {
    const s = setup();
    const requestId = await open(s);
    const result = await submitReset(
      s.deps,
      actorOf(patti),
      cardAction(Verbs.submit, requestId, submitInputs),
      'c-submit',
    );
    sandbox.stub(s.cards, 'postCard').rejects(new Error('403 BotNotInConversationRoster'));
    await finish(result);
    const request = await stored(s, requestId);
    assert.deepEqual(
      [request.state, request.targets[0]!.failureCode],
      ['done', ErrorCodes.APPROVAL_CHANNEL_UNREACHABLE],
    );
    assert.match(s.cards.last(), /could not be posted where other admins can see it/);
    sinon.assert.notCalled(s.directory.resetPassword);
  });

  it('in a group chat the approval card goes into that chat, and the chat sees the request waiting', async () => {
    const s = setup({ channelId: '' });
    const requestId = await held(s, diego, groupChat);
    const [posted] = s.cards.postedCards;
    assert.equal(posted?.channelId, undefined);
    assert.equal(posted?.conversationReference, (await stored(s, requestId)).card?.conversationReference);
    assert.match(s.cards.last(), /Waiting for a second admin/);
    assert.match(s.cards.last(), /posted in this conversation/);
    await finish(await press(s, megan, requestId));
    sinon.assert.calledOnce(s.directory.resetPassword);
  });

  it('plain users need nobody: the submit runs at once', async () => {
    const s = setup();
    const requestId = await open(s, bob);
    const result = await submitReset(
      s.deps,
      actorOf(patti),
      cardAction(Verbs.submit, requestId, submitInputs),
      'c-submit',
    );
    assert.match(
      json((result.answer as { card: object }).card),
      new RegExp(t('en', 'resetting.text').slice(0, 20)),
    );
    await finish(result);
    sinon.assert.calledOnce(s.directory.resetPassword);
    assert.equal(s.cards.postedCards.length, 0);
  });

  it('the engine holds a request whose user became an admin after the form was shown', async () => {
    const s = setup();
    const requestId = await open(s, bob);
    const promoted = { ...bob, roleAssignments: [namedRole(GLOBAL, 'Global Administrator')] };
    s.directory.readProfiles.callsFake(async (query) => {
      const targets = new Map<string, SecurityProfile>([[bob.user.id, promoted]]);
      const id = query.requester?.id;
      const requester = id === patti.user.id ? patti : id === megan.user.id ? megan : undefined;
      return requester ? { requester, targets } : { targets };
    });
    await finish(
      await submitReset(
        s.deps,
        actorOf(patti),
        cardAction(Verbs.submit, requestId, submitInputs),
        'c-submit',
      ),
    );
    sinon.assert.notCalled(s.directory.resetPassword);
    const request = await stored(s, requestId);
    assert.equal(request.state, 'awaiting-approval');
    assert.deepEqual(request.targets[0]!.approvalReasons, [{ kind: 'role', name: 'Global Administrator' }]);
    assert.equal(s.cards.postedCards.length, 1);
    assert.match(s.cards.last(), /Waiting for a second admin/);
    assert.ok(actionsOf(s, requestId).includes('approval-requested'));

    await finish(await press(s, megan, requestId));
    sinon.assert.calledOnce(s.directory.resetPassword);
  });

  it('with the setting off, admins run at once; members of a listed group wait', async () => {
    const s = setup({ forAdmins: false, groupIds: ['8bbdedcc-55b2-4a78-bd06-3ab7675ab7d2'] });
    const requestId = await open(s);
    await finish(
      await submitReset(
        s.deps,
        actorOf(patti),
        cardAction(Verbs.submit, requestId, submitInputs),
        'c-submit',
      ),
    );
    sinon.assert.calledOnce(s.directory.resetPassword);

    const listed = setup({ forAdmins: false, groupIds: ['8bbdedcc-55b2-4a78-bd06-3ab7675ab7d2'] });
    const inGroup = { ...bob, groupIds: ['8BBDEDCC-55B2-4A78-BD06-3AB7675AB7D2'] };
    listed.directory.readProfiles.callsFake(async (query) => {
      const targets = new Map<string, SecurityProfile>([[bob.user.id, inGroup]]);
      return query.requester ? { requester: patti, targets } : { targets };
    });
    const waiting = await held(listed, bob);
    assert.equal((await stored(listed, waiting)).state, 'awaiting-approval');
    assert.match(json(listed.cards.postedCards[0]!.card), /member of a group that needs approval/);
  });
});
