/**
 * Four-eyes approval of a Temporary Access Pass, over in-memory ports and a stubbed directory: a pass for
 * an admin waits at `tap.submit` exactly as a reset waits at `reset.submit`, the deciders are judged by
 * who may manage authentication methods (not who may reset passwords), the pass is created once, and
 * every card and text the admins see speaks of a pass.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Verbs } from '../../src/cards';
import { ErrorCodes } from '../../src/errors';
import { errorText, t } from '../../src/i18n';
import type { SecurityProfile } from '../../src/policy/profile';
import { decideApproval, settleExpiredApprovals } from '../../src/reset/approval';
import { startReset } from '../../src/reset/startReset';
import { submitTap } from '../../src/reset/submitTap';
import type { ConversationInfo, InvokeResult } from '../../src/reset/types';
import { textOf } from '../cards/validate';
import { memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';
import { actorOf, auditActions, cardAction, namedRole, RoleIds } from '../support/useCases';

const { GLOBAL, PRIV_AUTH, AUTH, USER_ADMIN, HELPDESK, PASSWORD } = RoleIds;
const CHANNEL = '19:approvals0000000000000000000000@thread.tacv2';

const patti = profile(user('a0000000-0000-0000-0000-000000000001', 'Patti Fernandez'), [PRIV_AUTH]);
const megan = profile(user('a0000000-0000-0000-0000-000000000002', 'Megan Bowen'), [GLOBAL]);
const diego = profile(user('a0000000-0000-0000-0000-000000000003', 'Diego Siciliani'), [], {
  roleAssignments: [namedRole(USER_ADMIN, 'User Administrator')],
  groupIds: [],
});
/** A Password Administrator: a Helpdesk Administrator may reset their password, not manage their methods. */
const lynne = profile(user('a0000000-0000-0000-0000-000000000003b', 'Lynne Robbins'), [], {
  roleAssignments: [namedRole(PASSWORD, 'Password Administrator')],
  groupIds: [],
});
const alex = profile(user('a0000000-0000-0000-0000-000000000004', 'Alex Wilber'), [HELPDESK]);
const isaiah = profile(user('a0000000-0000-0000-0000-000000000005', 'Isaiah Langer'), [AUTH]);
const bob = profile(
  user('a0000000-0000-0000-0000-000000000006', 'Bob Brown', { otherMails: ['bob@example.net'] }),
  [],
  { groupIds: [] },
);

const personal: ConversationInfo = { type: 'personal', reference: '{"conversation":{"id":"a:1"}}' };

const tapInputs = { tapLifetime: '90', tapUsableOnce: 'true', recipients: 'desk@example.net' };

describe('four-eyes approval of a Temporary Access Pass (use cases over stubbed ports)', () => {
  let sandbox: sinon.SinonSandbox;
  beforeEach(() => (sandbox = sinon.createSandbox()));
  afterEach(() => sandbox.restore());

  function setup(approval: Partial<{ channelId: string }> = {}, locale: 'en' | 'ja' = 'en') {
    const directory = stubDirectory(sandbox, [patti, megan, diego, lynne, alex, isaiah, bob]);
    let clock = Date.parse('2026-03-14T09:00:00.000Z');
    const built = memoryDeps(directory, {
      settings: {
        approval: { forAdmins: true, groupIds: [], ttlMs: 30 * 60_000, channelId: CHANNEL, ...approval },
      },
      now: () => new Date(clock),
    });
    return { directory, locale, ...built, tick: (ms: number) => (clock += ms) };
  }
  type Setup = ReturnType<typeof setup>;

  async function open(s: Setup, target = diego, requester = patti): Promise<string> {
    const cards = await startReset(s.deps, {
      actor: actorOf(requester),
      conversation: personal,
      locale: s.locale,
      queries: [target.user.displayName],
      correlationId: 'c-open',
      kind: 'tap',
    });
    const requestId = cards.at(-1)?.requestId;
    assert.ok(requestId, `a pass request was opened: ${JSON.stringify(cards)}`);
    return requestId;
  }

  const submit = (s: Setup, requestId: string) =>
    submitTap(
      s.deps,
      actorOf(patti),
      { ...cardAction(Verbs.tapSubmit, requestId, tapInputs), locale: s.locale },
      'c-submit',
    );

  async function finish(result: InvokeResult): Promise<void> {
    if (result.continuation) await result.continuation();
  }

  /** Opens and submits a pass request for `target` (held for approval), and posts its approval card. */
  async function held(s: Setup, target = diego): Promise<string> {
    const requestId = await open(s, target);
    await finish(await submit(s, requestId));
    return requestId;
  }

  const press = (
    s: Setup,
    who: SecurityProfile,
    requestId: string,
    verb: string = Verbs.approve,
    id = 'c-press',
  ) =>
    decideApproval(
      s.deps,
      actorOf(who),
      { ...cardAction(verb, requestId, {}, { activityId: 'approval-card' }), locale: s.locale },
      verb === Verbs.approve ? 'approve' : 'decline',
      id,
    );

  const stored = async (s: Setup, id: string) => (await s.requests.get(id))!.value;
  const actionsOf = (s: Setup, id: string) => auditActions(s.requests, id);
  const json = (card: unknown) => JSON.stringify(card);
  /** A text as it appears inside card JSON. */
  const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

  it('holds a pass for an admin at tap.submit: no Graph call before the answer, the requester waits, the card goes out', async () => {
    const s = setup();
    const requestId = await open(s);
    const readsBefore = s.directory.readProfiles.callCount;
    const result = await submit(s, requestId);
    assert.equal(s.directory.readProfiles.callCount, readsBefore, 'no Graph call before the answer');
    const answer = json((result.answer as { card: object }).card);
    assert.match(answer, /Waiting for a second admin/);
    assert.ok(
      answer.includes(inJson(t('en', 'approval.tap.status.waiting', { names: 'Diego Siciliani' }))),
      answer,
    );
    assert.match(answer, /approvals channel/);
    const waiting = await stored(s, requestId);
    assert.equal(waiting.state, 'awaiting-approval');
    assert.deepEqual(waiting.tapOptions, { lifetimeInMinutes: 90, isUsableOnce: true, startDateTime: null });
    assert.deepEqual(actionsOf(s, requestId), ['requested', 'submitted', 'approval-requested']);

    await finish(result);
    assert.equal(s.directory.readProfiles.callCount, readsBefore, 'nothing read while it waits');
    assert.equal(s.cards.postedCards.length, 1);
    const [posted] = s.cards.postedCards;
    assert.equal(posted!.channelId, CHANNEL);
    const card = json(posted!.card);
    assert.match(card, /Approval needed: Temporary Access Pass/);
    assert.match(
      card,
      /Patti Fernandez \(patti\.fernandez@contoso\.com\) asks for a Temporary Access Pass for:/,
    );
    assert.match(card, /holds User Administrator/);
    assert.match(card, /desk@example\.net/);
    assert.match(card, /a one-time link that shows the pass once/);
    const text = textOf(posted!.card);
    assert.match(text, /Valid from\nWhen it is created\n/);
    assert.match(text, /Valid for\n90 minutes\n/);
    assert.match(text, /Sign-ins\nOne\n/);
    assert.doesNotMatch(text, /password|must change|signed out|sessions/i);
    assert.equal((await stored(s, requestId)).approval?.card?.activityId, posted!.activityId);
    sinon.assert.notCalled(s.directory.createTap);
  });

  it('approved by an admin who may manage the user’s methods: one pass, both admins on record, the outcome names the approver', async () => {
    const s = setup();
    const requestId = await held(s);
    const result = await press(s, megan, requestId);
    assert.match(json((result.answer as { card: object }).card), /Checking Megan Bowen/);
    sinon.assert.notCalled(s.directory.createTap);
    await finish(result);

    sinon.assert.calledOnce(s.directory.createTap);
    assert.equal(s.directory.createTap.firstCall.args[0], diego.user.id);
    assert.deepEqual(
      [
        s.directory.createTap.firstCall.args[1].lifetimeInMinutes,
        s.directory.createTap.firstCall.args[1].isUsableOnce,
      ],
      [90, true],
    );
    sinon.assert.notCalled(s.directory.resetPassword);
    const request = await stored(s, requestId);
    assert.equal(request.state, 'done');
    assert.equal(request.targets[0]!.state, 'mailed');
    const approved = s.requests.allRecords().find((r) => r.action === 'approved');
    assert.deepEqual([approved?.approverId, approved?.requesterUpn], [megan.user.id, patti.user.mail]);
    const order = actionsOf(s, requestId);
    assert.ok(order.indexOf('approved') < order.indexOf('tap-intent'), order.join(', '));
    // The approval card says a pass is being created; the requester's card ends as the pass confirmation.
    const approvalCard = s.cards.replaced.find(
      (r) => r.location.activityId === 'card-1' && /Approved by Megan/.test(json(r.card)),
    );
    assert.ok(approvalCard, 'the approval card was replaced');
    assert.match(json(approvalCard.card), /The pass is created now; Patti Fernandez sees the outcome/);
    const approvedStatus = s.cards.replaced.find((r) =>
      /Creating a Temporary Access Pass for Diego/.test(json(r.card)),
    );
    assert.ok(approvedStatus, 'the requester was told the pass is being created');
    assert.match(s.cards.last(), /Temporary Access Pass created/);
    assert.match(s.cards.last(), /Approved by Megan Bowen\./);
    assert.doesNotMatch(s.cards.last(), /Tap-1-/, 'the pass never appears in Teams');

    // Pressing again changes nothing.
    await finish(await press(s, megan, requestId, Verbs.approve, 'c-again'));
    sinon.assert.calledOnce(s.directory.createTap);
  });

  it('an Authentication Administrator may approve a pass for a Password Administrator; a Helpdesk Administrator, who could reset that password, may not', async () => {
    const s = setup();
    const requestId = await held(s, lynne);
    await finish(await press(s, alex, requestId, Verbs.approve, 'c-alex'));
    let request = await stored(s, requestId);
    assert.equal(request.state, 'awaiting-approval');
    assert.equal(request.approval?.lastRefusal?.code, ErrorCodes.TAP_NOT_ALLOWED);
    assert.match(
      s.cards.last(),
      /Alex Wilber's decision was not accepted: Alex Wilber holds no active admin role that may manage authentication methods\./,
    );
    assert.ok(s.cards.last().includes(Verbs.approve), 'others may still decide');
    sinon.assert.notCalled(s.directory.createTap);

    await finish(await press(s, isaiah, requestId, Verbs.approve, 'c-isaiah'));
    request = await stored(s, requestId);
    assert.equal(request.state, 'done');
    sinon.assert.calledOnceWithMatch(s.directory.createTap, lynne.user.id);
  });

  it('an Authentication Administrator may not approve a pass for a User Administrator: the card says their roles may not manage that user', async () => {
    const s = setup();
    const requestId = await held(s);
    await finish(await press(s, isaiah, requestId, Verbs.approve, 'c-isaiah'));
    const request = await stored(s, requestId);
    assert.equal(request.approval?.lastRefusal?.code, ErrorCodes.TAP_TARGET_PRIVILEGED);
    assert.match(
      s.cards.last(),
      /Isaiah Langer's roles may not manage the authentication methods of every user of this request\./,
    );
    sinon.assert.notCalled(s.directory.createTap);
  });

  it('the requester cannot approve their own pass request, nor the user it is for', async () => {
    const s = setup();
    const requestId = await held(s);
    for (const [who, code] of [
      [patti, ErrorCodes.APPROVAL_SELF],
      [diego, ErrorCodes.APPROVAL_OWN_RESET],
    ] as const) {
      const result = await press(s, who, requestId);
      assert.deepEqual(result.answer, { kind: 'message', text: errorText('en', code) });
      assert.doesNotMatch(errorText('en', code), /reset|password/i, 'the text fits a pass');
    }
    assert.equal((await stored(s, requestId)).state, 'awaiting-approval');
    sinon.assert.notCalled(s.directory.createTap);
  });

  it('a decline ends it: no pass, and the requester is told in the words of a pass', async () => {
    const s = setup();
    const requestId = await held(s);
    await finish(await press(s, megan, requestId, Verbs.decline));
    const request = await stored(s, requestId);
    assert.deepEqual(
      [request.state, request.targets[0]!.state, request.targets[0]!.failureCode],
      ['done', 'refused', ErrorCodes.APPROVAL_DECLINED],
    );
    sinon.assert.notCalled(s.directory.createTap);
    assert.match(s.cards.last(), /Megan Bowen declined the Temporary Access Pass for Diego Siciliani/);
    assert.doesNotMatch(s.cards.last(), /password/i);
  });

  it('expires: nothing created, the requester is told in the words of a pass', async () => {
    const s = setup();
    const requestId = await held(s);
    s.tick(31 * 60_000);
    assert.equal(await settleExpiredApprovals(s.deps), 1);
    const request = await stored(s, requestId);
    assert.deepEqual([request.state, request.targets[0]!.failureCode], ['done', ErrorCodes.APPROVAL_EXPIRED]);
    assert.match(s.cards.last(), /No other admin approved the Temporary Access Pass for Diego Siciliani/);
    sinon.assert.notCalled(s.directory.createTap);
  });

  it('refuses at tap.submit when a personal chat has no approvals channel; nothing is read or created', async () => {
    const s = setup({ channelId: '' });
    const requestId = await open(s);
    const readsBefore = s.directory.readProfiles.callCount;
    const result = await submit(s, requestId);
    const answer = json((result.answer as { card: object }).card);
    assert.ok(answer.includes(inJson(errorText('en', ErrorCodes.APPROVAL_NO_CHANNEL))), answer);
    assert.doesNotMatch(errorText('en', ErrorCodes.APPROVAL_NO_CHANNEL), /reset|password/i);
    await finish(result);
    const request = await stored(s, requestId);
    assert.deepEqual(
      [request.state, request.targets[0]!.failureCode],
      ['done', ErrorCodes.APPROVAL_NO_CHANNEL],
    );
    assert.equal(s.directory.readProfiles.callCount, readsBefore);
    assert.equal(s.cards.postedCards.length, 0);
    sinon.assert.notCalled(s.directory.createTap);
  });

  it('a plain user needs nobody: the pass is created at once', async () => {
    const s = setup();
    const requestId = await open(s, bob);
    const result = await submit(s, requestId);
    assert.match(
      json((result.answer as { card: object }).card),
      /Creating a Temporary Access Pass for Bob Brown/,
    );
    await finish(result);
    sinon.assert.calledOnce(s.directory.createTap);
    assert.equal(s.cards.postedCards.length, 0);
  });

  it('the engine holds a pass request whose user became an admin after the form was shown; the approval creates it once', async () => {
    const s = setup();
    const requestId = await open(s, bob);
    const promoted = { ...bob, roleAssignments: [namedRole(GLOBAL, 'Global Administrator')] };
    const people = new Map([patti, megan, isaiah].map((p) => [p.user.id, p]));
    s.directory.readProfiles.callsFake(async (query) => {
      const requester = query.requester ? people.get(query.requester.id) : undefined;
      return {
        ...(requester ? { requester } : {}),
        targets: new Map([[bob.user.id, promoted]]),
        ...(query.tapPolicy ? { tapPolicy: s.directory.tapPolicy() } : {}),
      };
    });
    const result = await submit(s, requestId);
    assert.match(json((result.answer as { card: object }).card), /Creating a Temporary Access Pass/);
    await finish(result);
    sinon.assert.notCalled(s.directory.createTap);
    const request = await stored(s, requestId);
    assert.equal(request.state, 'awaiting-approval');
    assert.deepEqual(request.targets[0]!.approvalReasons, [{ kind: 'role', name: 'Global Administrator' }]);
    assert.match(json(s.cards.postedCards[0]!.card), /Approval needed: Temporary Access Pass/);
    assert.ok(
      s.cards.last().includes(inJson(t('en', 'approval.tap.status.waiting', { names: 'Bob Brown' }))),
    );

    // Only a Privileged Authentication or Global Administrator may manage a Global Administrator's methods.
    await finish(await press(s, isaiah, requestId, Verbs.approve, 'c-isaiah'));
    assert.equal((await stored(s, requestId)).approval?.lastRefusal?.code, ErrorCodes.TAP_TARGET_PRIVILEGED);
    await finish(await press(s, megan, requestId, Verbs.approve, 'c-megan'));
    sinon.assert.calledOnce(s.directory.createTap);
    assert.equal((await stored(s, requestId)).state, 'done');
  });

  it('a pass set to start at a time that passed while it waited is refused when approved; nothing is created', async () => {
    const s = setup();
    const requestId = await open(s);
    await finish(
      await submitTap(
        s.deps,
        actorOf(patti),
        cardAction(Verbs.tapSubmit, requestId, {
          ...tapInputs,
          tapStartDate: '2026-03-14',
          tapStartTime: '09:10',
        }),
        'c-submit',
      ),
    );
    assert.match(textOf(s.cards.postedCards[0]!.card), /Valid from\n14 Mar 2026, 09:10 UTC\n/);
    s.tick(20 * 60_000);
    await finish(await press(s, megan, requestId));
    sinon.assert.notCalled(s.directory.createTap);
    const request = await stored(s, requestId);
    assert.deepEqual(
      [request.state, request.targets[0]!.state, request.targets[0]!.failureCode],
      ['done', 'refused', ErrorCodes.TAP_START_INVALID],
    );
  });

  it('speaks Japanese to a Japanese requester: the approval card and the waiting card', async () => {
    const s = setup({}, 'ja');
    const requestId = await open(s);
    const result = await submit(s, requestId);
    const answer = json((result.answer as { card: object }).card);
    assert.ok(answer.includes(t('ja', 'approval.tap.status.waiting', { names: 'Diego Siciliani' })), answer);
    await finish(result);
    const card = json(s.cards.postedCards[0]!.card);
    assert.ok(card.includes(t('ja', 'approval.tap.card.title')), card);
    assert.ok(card.includes(t('ja', 'approval.tap.delivery.link')), card);
    assert.doesNotMatch(card, /パスワード/);
  });
});
