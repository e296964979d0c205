import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ErrorCodes, GraphError } from '../../src/errors';
import { resendMail } from '../../src/reset/otherActions';
import { recoverUnfinished } from '../../src/reset/recovery';
import { startReset } from '../../src/reset/startReset';
import { submitReset } from '../../src/reset/submitReset';
import { submitTap } from '../../src/reset/submitTap';
import type { InvokeResult } from '../../src/reset/types';
import { DEFAULT_TAP_POLICY, memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';
import { actorOf, auditActions as actions, cardAction, RoleIds } from '../support/useCases';

const { AUTH, HELPDESK, PASSWORD, USER_ADMIN, PRIV_AUTH } = RoleIds;

const isaiah = profile(user('a0000000-0000-0000-0000-000000000001', 'Isaiah Langer'), [AUTH]);
const alex = profile(user('a0000000-0000-0000-0000-000000000002', 'Alex Wilber'), [HELPDESK]);
const lynne = profile(user('a0000000-0000-0000-0000-000000000003', 'Lynne Robbins'), [PASSWORD]);
const diego = profile(user('a0000000-0000-0000-0000-000000000004', 'Diego Siciliani'), [USER_ADMIN]);
const patti = profile(user('a0000000-0000-0000-0000-000000000005', 'Patti Fernandez'), [PRIV_AUTH]);
const bob = profile(
  user('b0000000-0000-0000-0000-000000000002', 'Bob Brown', { otherMails: ['bob.personal@example.net'] }),
);
const aliceA = profile(user('c0000000-0000-0000-0000-000000000001', 'Alice Adams'));
const aliceB = profile(user('c0000000-0000-0000-0000-000000000002', 'Alice Anderson'));
const synced = profile(
  user('b0000000-0000-0000-0000-000000000003', 'Henrietta Mueller', { onPremisesSyncEnabled: true }),
);

const conversation = { type: 'personal' as const, reference: '{}' };

const tapInputs = { tapLifetime: '90', tapUsableOnce: 'true', recipients: 'bob.personal@example.net' };

describe('Temporary Access Pass flow (use cases over stubbed ports)', () => {
  let sandbox: sinon.SinonSandbox;
  beforeEach(() => (sandbox = sinon.createSandbox()));
  afterEach(() => sandbox.restore());

  function setup(settings = {}) {
    const directory = stubDirectory(sandbox, [
      isaiah,
      alex,
      lynne,
      diego,
      patti,
      bob,
      synced,
      aliceA,
      aliceB,
    ]);
    return { directory, ...memoryDeps(directory, { settings }) };
  }

  async function open(deps: ReturnType<typeof setup>['deps'], requester = isaiah, query = 'Bob Brown') {
    return startReset(deps, {
      actor: actorOf(requester),
      conversation,
      locale: 'en',
      queries: [query],
      correlationId: 'c1',
      kind: 'tap',
    });
  }

  async function opened(deps: ReturnType<typeof setup>['deps'], requester = isaiah, query = 'Bob Brown') {
    const cards = await open(deps, requester, query);
    const requestId = cards.at(-1)?.requestId;
    assert.ok(requestId, `a request was opened: ${JSON.stringify(cards)}`);
    return { requestId, card: JSON.stringify(cards.at(-1)!.card) };
  }

  async function finish(result: InvokeResult): Promise<void> {
    assert.ok(result.continuation, 'the submit continues in the background');
    await result.continuation();
  }

  it('opens a pass form in two directory calls, the policy read with the users, its range shown', async () => {
    const { deps, directory } = setup();
    const { card } = await opened(deps);
    sinon.assert.calledOnce(directory.search);
    sinon.assert.calledOnce(directory.readProfiles);
    assert.equal(directory.readProfiles.firstCall.args[0].tapPolicy, true);
    assert.match(card, /Temporary Access Pass: Bob Brown/);
    assert.match(card, /"verb":"tap\.submit"/);
    assert.match(card, /"type":"Input\.Number","id":"tapLifetime"[^}]*"min":60,"max":480,"value":60/);
    assert.match(card, /allows 60 to 480 minutes \(1 hour to 8 hours\); its default is 1 hour/);
    assert.match(card, /"id":"tapUsableOnce"/);
  });

  for (const [name, requester] of [
    ['Helpdesk', alex],
    ['Password', lynne],
    ['User', diego],
  ] as const) {
    it(`refuses a ${name} Administrator with the reason, on record; no user is read`, async () => {
      const { deps, directory, requests } = setup();
      const cards = await open(deps, requester);
      assert.equal(cards.length, 1);
      const json = JSON.stringify(cards[0]!.card);
      assert.match(json, /Cannot create a Temporary Access Pass/);
      assert.match(json, /Helpdesk, Password and User Administrators may not manage authentication methods/);
      assert.deepEqual(
        [...requests.rows.values()].map((row) => [row.value.kind, row.value.state, row.value.failureCode]),
        [['tap', 'refused', ErrorCodes.TAP_NOT_ALLOWED]],
      );
      assert.deepEqual(actions(requests), ['refused']);
      sinon.assert.notCalled(directory.readProfiles);
    });
  }

  it('several users: a name that matches several is refused as ambiguous, the form opens for the others', async () => {
    const { deps, requests } = setup();
    const cards = await startReset(deps, {
      actor: actorOf(isaiah),
      conversation,
      locale: 'en',
      queries: ['Alice', 'Bob Brown'],
      correlationId: 'c1',
      kind: 'tap',
    });
    assert.equal(cards.length, 2);
    assert.match(JSON.stringify(cards[0]!.card), /Alice/);
    const stored = requests.rows.get(cards[1]!.requestId!)!.value;
    assert.deepEqual(
      stored.targets.map((t) => t.displayName),
      ['Bob Brown'],
    );
    assert.equal(stored.choices, undefined, 'the pass form has no per-name choice');
  });

  it('a synced user may have a pass (a password could not be reset there)', async () => {
    const { deps } = setup();
    const { card } = await opened(deps, isaiah, 'Henrietta Mueller');
    assert.match(card, /Temporary Access Pass: Henrietta Mueller/);
  });

  it('refuses every pass while the tenant’s policy is off, naming the setting', async () => {
    const { deps, directory, requests } = setup();
    directory.tapPolicy.returns({ ...DEFAULT_TAP_POLICY, state: 'disabled' });
    const cards = await open(deps);
    assert.equal(cards.length, 1);
    assert.match(
      JSON.stringify(cards[0]!.card),
      /Protection > Authentication methods > Policies > Temporary Access Pass/,
    );
    assert.deepEqual(actions(requests), ['refused']);
    assert.equal(requests.allRecords()[0]!.reasonCode, ErrorCodes.TAP_POLICY_DISABLED);
  });

  it('creates once, keeps the pass encrypted, mails a link and a notice; the pass is nowhere else', async () => {
    const { deps, directory, requests, secrets, cards } = setup();
    const { requestId } = await opened(deps);
    const result = await submitTap(
      deps,
      actorOf(isaiah),
      cardAction('tap.submit', requestId, tapInputs),
      'c2',
    );
    assert.match(JSON.stringify(result.answer), /Creating a Temporary Access Pass for Bob Brown/);
    sinon.assert.notCalled(directory.createTap);
    await finish(result);
    sinon.assert.calledOnce(directory.createTap);
    assert.deepEqual(directory.createTap.firstCall.args, [
      bob.user.id,
      { lifetimeInMinutes: 90, isUsableOnce: true },
    ]);
    const pass = (await directory.createTap.firstCall.returnValue) as { pass: string };
    sinon.assert.calledTwice(directory.sendMail);
    const [mail, notice] = directory.sendMail.getCalls().map((call) => call.args[1]);
    assert.deepEqual(mail!.to, ['bob.personal@example.net']);
    assert.match(mail!.subject, /Temporary Access Pass for Bob Brown: one-time link/);
    assert.match(mail!.html, /https:\/\/bot\.example\/l\/[A-Za-z0-9_-]+/);
    assert.ok(!mail!.html.includes(pass.pass), 'the link mail does not carry the pass');
    assert.match(notice!.subject, /A Temporary Access Pass was created for your account/);
    assert.ok(!notice!.html.includes(pass.pass));
    // Kept for the link, encrypted in the vault; the request, its records and every card never have it.
    assert.equal([...secrets.secrets.values()][0]?.secret, pass.pass);
    const stored = requests.rows.get(requestId)!.value;
    assert.ok(!JSON.stringify(stored).includes(pass.pass));
    assert.ok(!JSON.stringify(requests.allRecords()).includes(pass.pass));
    assert.ok(!JSON.stringify(result.answer).includes(pass.pass));
    assert.ok(cards.replaced.length > 0);
    for (const call of cards.replaced) assert.ok(!JSON.stringify(call.card).includes(pass.pass));
    assert.match(cards.last(), /Temporary Access Pass created/);
    assert.match(cards.last(), /90 minutes/);
    assert.deepEqual(actions(requests), [
      'requested',
      'submitted',
      'tap-intent',
      'tap-created',
      'mail-intent',
      'notice-intent',
      'mail-accepted',
      'notice-sent',
    ]);
    assert.equal(stored.state, 'done');
    assert.equal(stored.targets[0]!.state, 'mailed');
    assert.equal(stored.targets[0]!.tap?.lifetimeInMinutes, 90);
  });

  it('inline: the mail carries the pass, and the vault forgets it once mailed', async () => {
    const { deps, directory, secrets } = setup({ delivery: 'inline' });
    const { requestId } = await opened(deps);
    await finish(
      await submitTap(deps, actorOf(isaiah), cardAction('tap.submit', requestId, tapInputs), 'c2'),
    );
    const pass = ((await directory.createTap.firstCall.returnValue) as { pass: string }).pass;
    const mail = directory.sendMail.firstCall.args[1];
    assert.ok(mail.html.includes(pass), 'the pass is in the inline mail');
    assert.match(mail.subject, /^Temporary Access Pass for Bob Brown$/);
    assert.equal(secrets.secrets.size, 0);
  });

  it('creates exactly once when the same submit arrives three times', async () => {
    const { deps, directory } = setup();
    const { requestId } = await opened(deps);
    const submits = await Promise.all(
      [1, 2, 3].map((n) =>
        submitTap(deps, actorOf(isaiah), cardAction('tap.submit', requestId, tapInputs), `c${n}`),
      ),
    );
    const winners = submits.filter((s) => s.continuation);
    assert.equal(winners.length, 1);
    await finish(winners[0]!);
    sinon.assert.calledOnce(directory.createTap);
  });

  it('a password submit on a pass request changes nothing, nor a pass submit on a password request', async () => {
    const { deps, directory } = setup();
    const { requestId } = await opened(deps);
    const wrong = await submitReset(
      deps,
      actorOf(isaiah),
      cardAction('reset.submit', requestId, { passwordMode: 'auto', recipients: 'bob.personal@example.net' }),
      'c2',
    );
    assert.equal(wrong.continuation, undefined);
    const passwordCards = await startReset(deps, {
      actor: actorOf(patti),
      conversation,
      locale: 'en',
      queries: ['Bob Brown'],
      correlationId: 'c3',
    });
    const passwordRequest = passwordCards.at(-1)!.requestId!;
    const crossed = await submitTap(
      deps,
      actorOf(patti),
      cardAction('tap.submit', passwordRequest, tapInputs),
      'c4',
    );
    assert.equal(crossed.continuation, undefined);
    sinon.assert.notCalled(directory.createTap);
    sinon.assert.notCalled(directory.resetPassword);
  });

  describe('the form is checked against the policy before anything is claimed', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        'a lifetime below the policy',
        { tapLifetime: '30' },
        /allows a pass to be valid for 60 to 480 minutes/,
      ],
      ['a lifetime above it', { tapLifetime: '481' }, /60 to 480 minutes/],
      ['no number', { tapLifetime: 'soon' }, /60 to 480 minutes/],
      ['a start date without a time', { tapStartDate: '2099-01-01' }, /date and a time in UTC/],
      [
        'a start in the past',
        { tapStartDate: '2001-01-01', tapStartTime: '10:00' },
        /date and a time in UTC/,
      ],
      ['a start too far ahead', { tapStartDate: '2999-01-01', tapStartTime: '10:00' }, /30 days ahead/],
      ['no recipient', { recipients: '' }, /at least one|e-mail address/],
    ];
    for (const [name, inputs, text] of cases) {
      it(name, async () => {
        const { deps, directory, requests } = setup();
        const { requestId } = await opened(deps);
        const result = await submitTap(
          deps,
          actorOf(isaiah),
          cardAction('tap.submit', requestId, { ...tapInputs, ...inputs }),
          'c2',
        );
        assert.equal(result.continuation, undefined);
        assert.match(JSON.stringify(result.answer), text);
        assert.equal(requests.rows.get(requestId)!.value.state, 'open');
        sinon.assert.notCalled(directory.createTap);
      });
    }

    it('a multi-use pass when the policy allows one-time passes only: the form offers no choice, the pass is one-time', async () => {
      const { deps, directory } = setup();
      directory.tapPolicy.returns({ ...DEFAULT_TAP_POLICY, isUsableOnce: true });
      const { requestId, card } = await opened(deps);
      assert.ok(!card.includes('"id":"tapUsableOnce"'));
      assert.match(card, /allows only passes that work for one sign-in/);
      await finish(
        await submitTap(
          deps,
          actorOf(isaiah),
          cardAction('tap.submit', requestId, { ...tapInputs, tapUsableOnce: 'false' }),
          'c2',
        ),
      );
      assert.equal(directory.createTap.firstCall.args[1].isUsableOnce, true);
    });

    it('a start in UTC goes to Graph as asked', async () => {
      const { deps, directory } = setup();
      const { requestId } = await opened(deps);
      const start = new Date(Date.now() + 2 * 86_400_000);
      const date = start.toISOString().slice(0, 10);
      await finish(
        await submitTap(
          deps,
          actorOf(isaiah),
          cardAction('tap.submit', requestId, { ...tapInputs, tapStartDate: date, tapStartTime: '09:30' }),
          'c2',
        ),
      );
      assert.equal(directory.createTap.firstCall.args[1].startDateTime, `${date}T09:30:00.000Z`);
    });
  });

  it('the policy as it is at run time decides: turned off since the form, nothing is created', async () => {
    const { deps, directory, requests } = setup();
    const { requestId } = await opened(deps);
    directory.tapPolicy.returns({ ...DEFAULT_TAP_POLICY, state: 'disabled' });
    await finish(
      await submitTap(deps, actorOf(isaiah), cardAction('tap.submit', requestId, tapInputs), 'c2'),
    );
    sinon.assert.notCalled(directory.createTap);
    const target = requests.rows.get(requestId)!.value.targets[0]!;
    assert.deepEqual([target.state, target.failureCode], ['refused', ErrorCodes.TAP_POLICY_DISABLED]);
  });

  it('a range narrowed since the form: refused, and the card names the range as it is now', async () => {
    const { deps, directory, cards } = setup();
    const { requestId } = await opened(deps);
    directory.tapPolicy.returns({ ...DEFAULT_TAP_POLICY, maximumLifetimeInMinutes: 75 });
    await finish(
      await submitTap(deps, actorOf(isaiah), cardAction('tap.submit', requestId, tapInputs), 'c2'),
    );
    sinon.assert.notCalled(directory.createTap);
    assert.match(cards.last(), /valid for 60 to 75 minutes/);
  });

  it('several users: one pass and one mail each, in one request', async () => {
    const { deps, directory, requests } = setup();
    const cards = await startReset(deps, {
      actor: actorOf(patti),
      conversation,
      locale: 'en',
      queries: ['Bob Brown', 'Henrietta Mueller'],
      correlationId: 'c1',
      kind: 'tap',
    });
    const requestId = cards.at(-1)!.requestId!;
    assert.match(JSON.stringify(cards.at(-1)!.card), /Temporary Access Passes for 2 users/);
    await finish(
      await submitTap(
        deps,
        actorOf(patti),
        cardAction('tap.submit', requestId, { ...tapInputs, recipients: 'patti@example.net' }),
        'c2',
      ),
    );
    assert.deepEqual(
      directory.createTap
        .getCalls()
        .map((call) => call.args[0])
        .sort(),
      [bob.user.id, synced.user.id].sort(),
    );
    const passMails = directory.sendMail
      .getCalls()
      .filter((call) => /Temporary Access Pass for/.test(call.args[1].subject));
    assert.equal(passMails.length, 2);
    assert.deepEqual(
      requests.rows.get(requestId)!.value.targets.map((t) => t.state),
      ['mailed', 'mailed'],
    );
  });

  it('Graph refuses (400): not created, the policy named; nothing mailed', async () => {
    const { deps, directory, requests } = setup();
    directory.createTap.rejects(
      new GraphError(ErrorCodes.GRAPH_BAD_REQUEST, 400, 'badRequest', 'r1', 'refused', false),
    );
    const { requestId } = await opened(deps);
    await finish(
      await submitTap(deps, actorOf(isaiah), cardAction('tap.submit', requestId, tapInputs), 'c2'),
    );
    sinon.assert.notCalled(directory.sendMail);
    const target = requests.rows.get(requestId)!.value.targets[0]!;
    assert.deepEqual([target.state, target.failureCode], ['reset-failed', ErrorCodes.TAP_REFUSED]);
    assert.deepEqual(actions(requests).slice(-2), ['tap-intent', 'tap-failed']);
  });

  it('Graph never answers: unknown, never created again — not by the run, not by recovery', async () => {
    const { deps, directory, requests } = setup();
    directory.createTap.rejects(
      new GraphError(ErrorCodes.GRAPH_UNAVAILABLE, 503, 'ServiceUnavailable', 'r1', 'x', true),
    );
    const { requestId } = await opened(deps);
    await finish(
      await submitTap(deps, actorOf(isaiah), cardAction('tap.submit', requestId, tapInputs), 'c2'),
    );
    sinon.assert.calledOnce(directory.createTap);
    sinon.assert.notCalled(directory.sendMail);
    const stored = requests.rows.get(requestId)!.value;
    assert.equal(stored.state, 'done');
    assert.deepEqual(
      [stored.targets[0]!.state, stored.targets[0]!.failureCode],
      ['reset-failed', ErrorCodes.TAP_UNKNOWN],
    );
    assert.equal(await recoverUnfinished({ ...deps, now: () => new Date(Date.now() + 5 * 60_000) }), 0);
    sinon.assert.calledOnce(directory.createTap);
    assert.deepEqual(actions(requests).slice(-1), ['tap-unknown']);
  });

  it('a crash after the creation was sent and before its answer was recorded: recovery says unknown, creates nothing', async () => {
    const { deps, directory, requests } = setup();
    const { requestId } = await opened(deps);
    directory.createTap.onFirstCall().returns(new Promise<never>(() => undefined));
    void (await submitTap(deps, actorOf(isaiah), cardAction('tap.submit', requestId, tapInputs), 'c2'))
      .continuation!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(requests.rows.get(requestId)!.value.targets[0]!.steps?.tap, 'sent');
    assert.equal(await recoverUnfinished({ ...deps, now: () => new Date(Date.now() + 5 * 60_000) }), 1);
    sinon.assert.calledOnce(directory.createTap);
    sinon.assert.notCalled(directory.sendMail);
    const stored = requests.rows.get(requestId)!.value;
    assert.equal(stored.state, 'done');
    assert.equal(stored.targets[0]!.failureCode, ErrorCodes.TAP_UNKNOWN);
    assert.ok(actions(requests).includes('tap-unknown'));
  });

  it('a crash after the pass was kept and before the mail: recovery mails it (a fresh link), creates nothing', async () => {
    const { deps, directory, requests, secrets } = setup();
    const { requestId } = await opened(deps);
    directory.sendMail.onFirstCall().returns(new Promise<never>(() => undefined));
    // The first run dies while its mail is held: the mail intent is on record, so that mail is unknown…
    void (await submitTap(deps, actorOf(isaiah), cardAction('tap.submit', requestId, tapInputs), 'c2'))
      .continuation!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(requests.rows.get(requestId)!.value.targets[0]!.steps?.mail, 'sent');
    assert.equal(await recoverUnfinished({ ...deps, now: () => new Date(Date.now() + 5 * 60_000) }), 1);
    sinon.assert.calledOnce(directory.createTap);
    const stored = requests.rows.get(requestId)!.value;
    assert.equal(stored.targets[0]!.state, 'mail-unknown', 'a mail that may have gone is never sent again');
    assert.equal(secrets.secrets.size, 1, 'the pass stays kept for a fresh link');
    // …and the admin may ask for a fresh link: the same pass, a new mail, no new pass.
    const resent = await resendMail(deps, actorOf(isaiah), cardAction('reset.resendMail', requestId), 'c3');
    await finish(resent);
    sinon.assert.calledOnce(directory.createTap);
    sinon.assert.calledTwice(directory.sendMail);
    assert.equal(requests.rows.get(requestId)!.value.targets[0]!.state, 'mailed');
  });
});
