import assert from 'node:assert/strict';
import pino from 'pino';
import sinon from 'sinon';
import { GraphError, ErrorCodes } from '../../src/errors';
import { recoverUnfinished } from '../../src/reset/recovery';
import { RequestRun } from '../../src/reset/run';
import { startReset } from '../../src/reset/startReset';
import { submitReset } from '../../src/reset/submitReset';
import { cancelReset, resendMail } from '../../src/reset/otherActions';
import type { InvokeResult } from '../../src/reset/types';
import { errorText } from '../../src/i18n';
import { MemoryRateLimiter, memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';
import { actorOf, auditActions as actions, cardAction, RoleIds } from '../support/useCases';

const { HELPDESK, GLOBAL } = RoleIds;

const alex = profile(user('a0000000-0000-0000-0000-000000000001', 'Alex Wilber'), [HELPDESK]);
const bob = profile(
  user('b0000000-0000-0000-0000-000000000002', 'Bob Brown', { otherMails: ['bob.personal@example.net'] }),
);
const megan = profile(user('c0000000-0000-0000-0000-000000000003', 'Megan Bowen'), [GLOBAL]);
const nobody = profile(user('d0000000-0000-0000-0000-000000000004', 'Nora Nobody'));
const aliceA = profile(user('e0000000-0000-0000-0000-000000000005', 'Alice Adams'));
const aliceB = profile(user('f0000000-0000-0000-0000-000000000006', 'Alice Anderson'));

const conversation = { type: 'personal' as const, reference: '{}' };

const submitInputs = {
  passwordMode: 'auto',
  forceChange: 'true',
  revokeSessions: 'true',
  recipients: 'bob.personal@example.net',
};

describe('reset flow (use cases over stubbed ports)', () => {
  let sandbox: sinon.SinonSandbox;
  beforeEach(() => (sandbox = sinon.createSandbox()));
  afterEach(() => sandbox.restore());

  function setup(settings = {}) {
    const directory = stubDirectory(sandbox, [alex, bob, megan, nobody, aliceA, aliceB]);
    return { directory, ...memoryDeps(directory, { settings }) };
  }

  async function open(deps: ReturnType<typeof setup>['deps'], query = 'Bob Brown'): Promise<string> {
    const cards = await startReset(deps, {
      actor: actorOf(alex),
      conversation,
      locale: 'en',
      queries: [query],
      correlationId: 'c1',
    });
    const requestId = cards.at(-1)?.requestId;
    assert.ok(requestId, 'a request was opened');
    return requestId;
  }

  /** Runs the work after the answer (what the bot's background queue does). */
  async function finish(result: InvokeResult): Promise<void> {
    assert.ok(result.continuation, 'the submit continues in the background');
    await result.continuation();
  }

  it('refuses a requester without a resetting role: the attempt is on record, nothing is open, no user is read', async () => {
    const { deps, directory, requests } = setup();
    const cards = await startReset(deps, {
      actor: actorOf(nobody),
      conversation,
      locale: 'en',
      queries: ['Bob Brown'],
      correlationId: 'c1',
    });
    assert.equal(cards.length, 1);
    assert.equal(cards[0].requestId, undefined);
    const stored = [...requests.rows.values()].map((row) => row.value);
    assert.deepEqual(
      stored.map((r) => [r.state, r.failureCode, r.targets.length]),
      [['refused', ErrorCodes.REQUESTER_NOT_ADMIN, 0]],
    );
    assert.deepEqual(actions(requests), ['refused']);
    assert.equal(requests.allRecords()[0].reasonCode, ErrorCodes.REQUESTER_NOT_ADMIN);
    sinon.assert.notCalled(directory.readProfiles);
  });

  it('refuses a helpdesk admin resetting a global admin, with the reason on record', async () => {
    const { deps, requests } = setup();
    const cards = await startReset(deps, {
      actor: actorOf(alex),
      conversation,
      locale: 'en',
      queries: ['Megan Bowen'],
      correlationId: 'c1',
    });
    assert.equal(cards.length, 1);
    const [request] = [...requests.rows.values()].map((row) => row.value);
    assert.equal(request?.state, 'refused');
    assert.deepEqual(
      request?.targets.map((t) => [t.userPrincipalName, t.state, t.failureCode]),
      [[megan.user.userPrincipalName, 'refused', ErrorCodes.TARGET_PRIVILEGED]],
    );
    assert.equal(requests.allRecords()[0].action, 'refused');
    assert.equal(requests.allRecords()[0].reasonCode, ErrorCodes.TARGET_PRIVILEGED);
  });

  it('answers an ambiguous name with a choice card held by a placeholder request (no record)', async () => {
    const { deps, requests } = setup();
    const cards = await startReset(deps, {
      actor: actorOf(alex),
      conversation,
      locale: 'en',
      queries: ['Alice'],
      correlationId: 'c1',
    });
    assert.equal(cards.length, 1);
    const json = JSON.stringify(cards[0].card);
    assert.match(json, /alice\.adams@contoso\.com/);
    assert.match(json, /alice\.anderson@contoso\.com/);
    assert.equal(requests.rows.get(cards[0].requestId!)?.value.targets.length, 0);
    assert.deepEqual(requests.allRecords(), []);
  });

  it('message → form: two directory calls (the search with the requester, then the users found)', async () => {
    const { deps, directory } = setup();
    await open(deps);
    sinon.assert.calledOnce(directory.search);
    sinon.assert.calledOnce(directory.readProfiles);
    assert.deepEqual(directory.readProfiles.firstCall.args[0].targets, [{ id: bob.user.id }]);
    assert.deepEqual(
      directory.readProfiles.firstCall.args[0].knownUsers,
      [bob.user],
      'the user found is not read again',
    );
  });

  it('answers a submit at once, before any directory call; re-authorization and the reset come after', async () => {
    const { deps, directory } = setup();
    const requestId = await open(deps);
    directory.readProfiles.resetHistory();
    const result = await submitReset(
      deps,
      actorOf(alex),
      cardAction('reset.submit', requestId, submitInputs),
      'c1',
    );
    assert.match(JSON.stringify(result.answer), /Resetting the password of Bob Brown/);
    sinon.assert.notCalled(directory.readProfiles);
    sinon.assert.notCalled(directory.applyChanges);
    await finish(result);
    sinon.assert.calledOnce(directory.readProfiles);
    assert.equal(
      directory.readProfiles.firstCall.args[0].requester?.id,
      alex.user.id,
      'the requester is read again',
    );
    sinon.assert.calledOnce(directory.applyChanges);
  });

  it('resets, revokes and mails exactly once when the same submit arrives three times', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    const submits = await Promise.all(
      [1, 2, 3].map((n) =>
        submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), `c${n}`),
      ),
    );
    const winners = submits.filter((s) => s.continuation);
    assert.equal(winners.length, 1, 'exactly one submit claims the request');
    await finish(winners[0]);
    sinon.assert.calledOnce(directory.resetPassword);
    sinon.assert.calledOnce(directory.revokeSessions);
    // One password mail plus one notice (no password) to the user's own mailbox.
    sinon.assert.calledTwice(directory.sendMail);
    assert.deepEqual(directory.sendMail.firstCall.args[1].to, ['bob.personal@example.net']);
    assert.equal(requests.rows.get(requestId)?.value.state, 'done');
    assert.equal(requests.rows.get(requestId)?.value.targets[0].state, 'mailed');
  });

  it('writes each step’s intent on record before the step is sent, and its outcome with Graph’s request id', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    directory.resetPassword.callsFake(async () => {
      for (const intent of ['reset-intent', 'revoke-intent', 'mail-intent'])
        assert.ok(actions(requests).includes(intent), `${intent} is on record before the reset`);
      return { requestId: 'g1' };
    });
    await finish(
      await submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), 'c1'),
    );
    assert.deepEqual(actions(requests).slice(0, 2), ['requested', 'submitted']);
    const reset = requests.allRecords().find((r) => r.action === 'reset');
    assert.deepEqual(reset?.graphRequestIds, ['g1']);
    assert.ok(actions(requests).includes('mail-accepted'));
  });

  it('never puts the password in an audit record, a stored request or a card', async () => {
    const { deps, directory, requests, cards } = setup();
    const requestId = await open(deps);
    const result = await submitReset(
      deps,
      actorOf(alex),
      cardAction('reset.submit', requestId, submitInputs),
      'c1',
    );
    await finish(result);
    const password = directory.resetPassword.firstCall.args[1];
    assert.ok(password.length >= 16);
    const everything = JSON.stringify([
      requests.allRecords(),
      [...requests.rows.values()],
      result.answer,
      cards.replaced,
    ]);
    assert.equal(everything.includes(password), false);
  });

  it('does nothing for an automatic trigger or for another user', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    const automatic = await submitReset(
      deps,
      actorOf(alex),
      cardAction('reset.submit', requestId, submitInputs, { trigger: 'automatic' }),
      'c1',
    );
    const stranger = await submitReset(
      deps,
      actorOf(megan),
      cardAction('reset.submit', requestId, submitInputs),
      'c2',
    );
    assert.equal(automatic.continuation, undefined);
    assert.equal(stranger.continuation, undefined);
    assert.equal(stranger.answer.kind, 'message');
    assert.equal(requests.rows.get(requestId)?.value.state, 'open');
    sinon.assert.notCalled(directory.resetPassword);
  });

  it('returns the form with the broken rule for a weak custom password, and resets nothing', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    const result = await submitReset(
      deps,
      actorOf(alex),
      cardAction('reset.submit', requestId, {
        ...submitInputs,
        passwordMode: 'custom',
        customPassword: 'zqxv',
      }),
      'c1',
    );
    assert.equal(result.continuation, undefined);
    assert.equal(result.answer.kind, 'card');
    assert.equal(JSON.stringify(result.answer).includes('zqxv'), false, 'the typed password is not echoed');
    assert.equal(requests.rows.get(requestId)?.value.state, 'open');
    sinon.assert.notCalled(directory.resetPassword);
  });

  it('uses a valid custom password as typed', async () => {
    const { deps, directory } = setup();
    const requestId = await open(deps);
    const custom = 'Harbor-Lantern-58!';
    await finish(
      await submitReset(
        deps,
        actorOf(alex),
        cardAction('reset.submit', requestId, {
          ...submitInputs,
          passwordMode: 'custom',
          customPassword: custom,
        }),
        'c1',
      ),
    );
    assert.equal(directory.resetPassword.firstCall.args[1], custom);
  });

  it('refuses an expired request and resets nothing', async () => {
    const { deps, directory } = setup();
    const requestId = await open(deps);
    const later = { ...deps, now: () => new Date(Date.now() + 31 * 60_000) };
    const result = await submitReset(
      later,
      actorOf(alex),
      cardAction('reset.submit', requestId, submitInputs),
      'c1',
    );
    assert.equal(result.continuation, undefined);
    assert.match(JSON.stringify(result.answer), /expired|期限/i);
    sinon.assert.notCalled(directory.resetPassword);
  });

  it('re-checks roles after the answer: a role removed after the form was shown means no, on the card and on record', async () => {
    const { deps, directory, requests, cards } = setup();
    const requestId = await open(deps);
    directory.readProfiles.callsFake(async (query) => ({
      requester: { ...alex, roleAssignments: [] },
      targets: new Map((query.targets ?? []).map((t) => [t.id, bob])),
    }));
    await finish(
      await submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), 'c1'),
    );
    sinon.assert.notCalled(directory.resetPassword);
    const stored = requests.rows.get(requestId)!.value;
    assert.deepEqual(
      [stored.state, stored.targets[0].state, stored.targets[0].failureCode],
      ['done', 'refused', ErrorCodes.REQUESTER_NOT_ADMIN],
    );
    assert.match(cards.last(), /admin role/i);
    assert.ok(actions(requests).includes('refused'));
  });

  it('enforces the per-target limit across requests, after the answer', async () => {
    const { deps, directory, requests } = setup({ perTargetPerDay: 1 });
    const first = await open(deps);
    await finish(
      await submitReset(deps, actorOf(alex), cardAction('reset.submit', first, submitInputs), 'c1'),
    );
    const second = await open(deps);
    await finish(
      await submitReset(deps, actorOf(alex), cardAction('reset.submit', second, submitInputs), 'c2'),
    );
    sinon.assert.calledOnce(directory.resetPassword);
    assert.equal(requests.rows.get(second)!.value.targets[0].failureCode, ErrorCodes.RATE_LIMITED_TARGET);
  });

  describe('rate limits: sliding windows, and no budget spent on a refusal', () => {
    const HOUR = 3_600_000;
    // Targets with letter-only names, so each has a UPN of its own.
    const letters = (i: number): string => String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26));
    const targets = Array.from({ length: 40 }, (_, i) =>
      profile(user(`9${String(i).padStart(7, '0')}-0000-0000-0000-000000000000`, `Tess ${letters(i)}`)),
    );

    function limited(settings: Record<string, number>, start: string) {
      const clock = { now: new Date(start) };
      const directory = stubDirectory(sandbox, [alex, bob, megan, ...targets]);
      const memory = memoryDeps(directory, {
        settings,
        now: () => clock.now,
        rateLimiter: new MemoryRateLimiter(() => clock.now),
      });
      return { clock, directory, ...memory };
    }

    /** Opens a form for `queries`, submits it and runs it; the stored request afterwards. */
    async function reset(memory: ReturnType<typeof limited>, ...queries: string[]) {
      const cards = await startReset(memory.deps, {
        actor: actorOf(alex),
        conversation,
        locale: 'en',
        queries,
        correlationId: 'c1',
      });
      const requestId = cards.at(-1)!.requestId!;
      const result = await submitReset(
        memory.deps,
        actorOf(alex),
        cardAction('reset.submit', requestId, submitInputs),
        'c',
      );
      await finish(result);
      return memory.requests.rows.get(requestId)!.value;
    }

    it('six resets of one user across a day boundary with 3 per 24 h: only 3', async () => {
      const memory = limited({ perTargetPerDay: 3 }, '2025-03-31T23:59:00Z');
      for (let i = 0; i < 6; i += 1) {
        await reset(memory, 'Bob Brown');
        memory.clock.now = new Date(memory.clock.now.getTime() + 15_000);
      }
      assert.equal(memory.directory.resetPassword.callCount, 3);
    });

    it('40 resets by one requester around an hour boundary with 20 per hour: only 20', async () => {
      const memory = limited({ perRequesterPerHour: 20 }, '2025-01-01T10:59:40Z');
      for (const target of targets) {
        await reset(memory, target.user.displayName);
        memory.clock.now = new Date(memory.clock.now.getTime() + 1_000);
      }
      assert.equal(memory.directory.resetPassword.callCount, 20);
      memory.clock.now = new Date(Date.parse('2025-01-01T10:59:40Z') + HOUR);
      await reset(memory, 'Bob Brown');
      assert.equal(memory.directory.resetPassword.callCount, 21, 'the first use has left the window');
    });

    it("the requester's budget is untouched when the target's limit refuses", async () => {
      const memory = limited({ perRequesterPerHour: 2, perTargetPerDay: 1 }, '2025-01-01T09:00:00Z');
      await reset(memory, 'Bob Brown');
      const refused = await reset(memory, 'Bob Brown');
      assert.equal(refused.targets[0].failureCode, ErrorCodes.RATE_LIMITED_TARGET);
      assert.match(memory.cards.last(), new RegExp(errorText('en', 'RATE_LIMITED_TARGET').slice(0, 20)));
      await reset(memory, targets[0]!.user.displayName);
      assert.equal(
        memory.directory.resetPassword.callCount,
        2,
        'the second reset of the hour still went ahead',
      );
      const third = await reset(memory, targets[1]!.user.displayName);
      assert.equal(third.targets[0].failureCode, ErrorCodes.RATE_LIMITED_REQUESTER);
    });

    it('bulk: a user at its own limit is refused alone; the others go ahead and count once each', async () => {
      const memory = limited({ perRequesterPerHour: 4, perTargetPerDay: 1 }, '2025-01-01T09:00:00Z');
      await reset(memory, 'Bob Brown');
      const bulk = await reset(
        memory,
        'Bob Brown',
        targets[0]!.user.displayName,
        targets[1]!.user.displayName,
      );
      assert.deepEqual(
        bulk.targets.map((t) => [t.userPrincipalName, t.failureCode ?? null]),
        [
          [bob.user.userPrincipalName, ErrorCodes.RATE_LIMITED_TARGET],
          [targets[0]!.user.userPrincipalName, null],
          [targets[1]!.user.userPrincipalName, null],
        ],
      );
      assert.equal(memory.directory.resetPassword.callCount, 3);
      // 1 + 2 of 4 used: one more fits, two do not (and are refused together, spending nothing).
      const over = await reset(memory, targets[2]!.user.displayName, targets[3]!.user.displayName);
      assert.deepEqual(
        over.targets.map((t) => t.failureCode),
        [ErrorCodes.RATE_LIMITED_REQUESTER, ErrorCodes.RATE_LIMITED_REQUESTER],
      );
      await reset(memory, targets[4]!.user.displayName);
      assert.equal(memory.directory.resetPassword.callCount, 4);
    });
  });

  it('resets nothing when storage is unavailable: the claim fails and the request stays open', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    requests.failing = true;
    await assert.rejects(
      submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), 'c1'),
    );
    requests.failing = false;
    sinon.assert.notCalled(directory.resetPassword);
    assert.equal(requests.rows.get(requestId)!.value.state, 'open', 'the admin can press Reset again later');
  });

  it('a run that Graph stopped (busy, not answering) is logged as a warning, told on the card; an unexpected failure stays an error', async () => {
    const entries: { level: string; msg: string; code?: string }[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void entries.push(JSON.parse(line)) });
    for (const [failure, level] of [
      [new GraphError(ErrorCodes.GRAPH_THROTTLED, 429, 'TooManyRequests', 'r1', 'busy', true), 'warn'],
      [new GraphError(ErrorCodes.GRAPH_UNAVAILABLE, 503, 'ServiceUnavailable', 'r2', 'down', true), 'warn'],
      [new Error('a bug'), 'error'],
    ] as const) {
      entries.length = 0;
      const directory = stubDirectory(sandbox, [alex, bob, megan, nobody, aliceA, aliceB]);
      const { deps, requests } = memoryDeps(directory, { logger });
      const requestId = await open(deps);
      directory.readProfiles.rejects(failure);
      await finish(
        await submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), 'c1'),
      );
      assert.equal(requests.rows.get(requestId)!.value.targets[0].state, 'reset-failed');
      const stopped = entries.filter((entry) => /request run/.test(entry.msg));
      assert.deepEqual(
        stopped.map((entry) => pino.levels.labels[entry.level as unknown as number]),
        [level],
        JSON.stringify(stopped),
      );
      sandbox.restore();
    }
  });

  it('never resends after an ambiguous mail failure, and a resend mails a fresh link after re-authorizing', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    directory.sendMail
      .onFirstCall()
      .rejects(new GraphError(ErrorCodes.MAIL_UNKNOWN, 503, 'ServiceUnavailable', 'r1', 'unavailable', true));
    await finish(
      await submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), 'c1'),
    );
    sinon.assert.calledOnce(directory.sendMail); // the notice follows only a password mail that went
    assert.equal(requests.rows.get(requestId)!.value.targets[0].state, 'mail-unknown');

    directory.readProfiles.resetHistory();
    const resend = await resendMail(deps, actorOf(alex), cardAction('reset.resendMail', requestId), 'c2');
    sinon.assert.notCalled(directory.readProfiles);
    await finish(resend);
    sinon.assert.calledOnce(directory.readProfiles);
    sinon.assert.calledTwice(directory.sendMail);
    assert.equal(requests.rows.get(requestId)!.value.targets[0].state, 'mailed');
    sinon.assert.calledOnce(directory.resetPassword);
    assert.ok(actions(requests).includes('resend-requested'));
  });

  it('a resend by a requester whose role was removed mails nothing and says why', async () => {
    const { deps, directory, requests, cards } = setup();
    const requestId = await open(deps);
    directory.sendMail
      .onFirstCall()
      .rejects(new GraphError(ErrorCodes.MAIL_UNKNOWN, 503, 'ServiceUnavailable', 'r1', 'unavailable', true));
    await finish(
      await submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), 'c1'),
    );
    directory.readProfiles.callsFake(async (query) => ({
      requester: { ...alex, roleAssignments: [] },
      targets: new Map((query.targets ?? []).map((t) => [t.id, bob])),
    }));
    await finish(await resendMail(deps, actorOf(alex), cardAction('reset.resendMail', requestId), 'c2'));
    sinon.assert.calledOnce(directory.sendMail);
    const target = requests.rows.get(requestId)!.value.targets[0];
    assert.deepEqual([target.state, target.failureCode], ['mail-unknown', ErrorCodes.REQUESTER_NOT_ADMIN]);
    assert.match(cards.last(), /admin role/i);
  });

  it('cancels an open request and then refuses its submit', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    await cancelReset(deps, actorOf(alex), cardAction('reset.cancel', requestId), 'c1');
    assert.equal(requests.rows.get(requestId)!.value.state, 'cancelled');
    const result = await submitReset(
      deps,
      actorOf(alex),
      cardAction('reset.submit', requestId, submitInputs),
      'c2',
    );
    assert.equal(result.continuation, undefined);
    sinon.assert.notCalled(directory.resetPassword);
  });

  it('recovers a crash while the reset was in flight by applying the same password again', async () => {
    const { deps, directory, requests, secrets } = setup();
    const requestId = await open(deps);
    const result = await submitReset(
      deps,
      actorOf(alex),
      cardAction('reset.submit', requestId, submitInputs),
      'c1',
    );
    // Simulate a crash: Graph got the PATCH, then the process died before recording the answer.
    directory.resetPassword.onFirstCall().callsFake(() => new Promise(() => undefined));
    void result.continuation!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(requests.rows.get(requestId)!.value.targets[0].steps?.reset, 'sent');
    const firstPassword = directory.resetPassword.firstCall.args[1];
    const later = { ...deps, now: () => new Date(Date.now() + 5 * 60_000) };
    assert.equal(await recoverUnfinished(later), 1);
    sinon.assert.calledTwice(directory.resetPassword);
    assert.equal(
      directory.resetPassword.secondCall.args[1],
      firstPassword,
      'the same password is applied again',
    );
    assert.equal(requests.rows.get(requestId)!.value.state, 'done');
    // The mail was sent with the reset the first time: it may have gone, so it is never sent again.
    assert.equal(requests.rows.get(requestId)!.value.targets[0].state, 'mail-unknown');
    assert.equal(secrets.secrets.size, 1, 'the link secret is kept (a fresh mail may be asked for)');
  });

  it('recovery runs each step like a submit: intent on record first, the claim checked, Graph ids kept', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    const result = await submitReset(
      deps,
      actorOf(alex),
      cardAction('reset.submit', requestId, submitInputs),
      'c1',
    );
    // The first run dies after the reset was recorded and before the sign-out and the mail went.
    const held = new Promise<never>(() => undefined);
    directory.revokeSessions.onFirstCall().returns(held);
    void result.continuation!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stored = requests.rows.get(requestId)!;
    stored.value.targets[0].steps = { reset: 'done' };
    const intentsBefore = actions(requests).filter((a) => a === 'revoke-intent').length;
    directory.revokeSessions.callsFake(async () => {
      assert.equal(
        actions(requests).filter((a) => a === 'revoke-intent').length,
        intentsBefore + 1,
        'recovery put its own revoke-intent on record before revoking',
      );
      return { requestId: 'g-revoke' };
    });

    // Another instance takes the request over while this recovery gets ready: this one changes nothing.
    const revokes = directory.revokeSessions.callCount;
    const reissue = deps.secrets.reissue.bind(deps.secrets);
    deps.secrets.reissue = async (id) => {
      const current = (await requests.get(requestId))!;
      await requests.save({ ...current.value, updatedAt: new Date().toISOString() }, current.etag);
      return reissue(id);
    };
    await recoverUnfinished({ ...deps, now: () => new Date(Date.now() + 5 * 60_000) });
    deps.secrets.reissue = reissue;
    assert.equal(directory.revokeSessions.callCount, revokes, 'no change without the claim');

    await recoverUnfinished({ ...deps, now: () => new Date(Date.now() + 20 * 60_000) });
    const revoked = requests.allRecords().find((r) => r.action === 'sessions-revoked');
    assert.deepEqual(revoked?.graphRequestIds, ['g-revoke'], 'Graph’s request id is on record');
    assert.equal(requests.rows.get(requestId)!.value.state, 'done');
  });

  it('keeps a slow run alive with heartbeats, so recovery does not take it over', async () => {
    const { deps, requests } = setup();
    const requestId = await open(deps);
    const stored = (await requests.get(requestId))!;
    await requests.save({ ...stored.value, state: 'claimed' }, stored.etag);
    let clock = Date.now();
    const ticking = {
      ...deps,
      now: () => new Date(clock),
      settings: { ...deps.settings, recoverAfterMs: 30_000 },
    };
    const run = new RequestRun(ticking, (await requests.get(requestId))!, 'c1');
    run.startHeartbeat(5);
    clock += 60_000; // a minute "passes" while a Graph call hangs; the heartbeat keeps touching the request
    await new Promise((resolve) => setTimeout(resolve, 40));
    run.stopHeartbeat();
    assert.equal(await recoverUnfinished({ ...ticking, now: () => new Date(clock + 1_000) }), 0);
    assert.equal(await recoverUnfinished({ ...ticking, now: () => new Date(clock + 31_000) }), 1);
  });

  it('lets only the winning delivery of a submit write to the audit trail', async () => {
    const { deps, requests } = setup();
    const requestId = await open(deps);
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), `c${n}`),
      ),
    );
    assert.equal(actions(requests).filter((a) => a === 'submitted').length, 1);
  });

  it('keeps a request claimed until the admin has been told, and recovery tells them', async () => {
    const { deps, requests, cards } = setup();
    const requestId = await open(deps);
    cards.failing = true; // the connector is down
    await finish(
      await submitReset(deps, actorOf(alex), cardAction('reset.submit', requestId, submitInputs), 'c1'),
    );
    const stored = requests.rows.get(requestId)!.value;
    assert.equal(stored.targets[0].state, 'mailed');
    assert.equal(stored.state, 'claimed', 'not done while the card still says "resetting"');
    cards.failing = false;
    const later = { ...deps, now: () => new Date(Date.now() + 5 * 60_000) };
    await recoverUnfinished(later);
    assert.equal(cards.replaced.length, 1);
    assert.match(cards.last(), /accepted for delivery/);
    assert.equal(requests.rows.get(requestId)!.value.state, 'done');
  });

  it('a run that could not renew its claim acts on nobody (recovery owns the request then)', async () => {
    const { deps, requests } = setup();
    const requestId = await open(deps);
    let clock = Date.now();
    const ticking = { ...deps, now: () => new Date(clock) };
    const run = new RequestRun(ticking, (await requests.get(requestId))!, 'c1');
    clock += 19_000;
    assert.doesNotThrow(() => run.ensureClaimed());
    clock += 2_000; // 21 s without a confirmed save: beyond two thirds of the 30 s recovery delay
    assert.throws(() => run.ensureClaimed(), /claim/);
  });

  it('bulk: users in parallel at the mailbox’s pace (never more than targetConcurrency at once), progress on the card', async () => {
    const people = Array.from({ length: 8 }, (_, i) =>
      profile(
        user(`9000000${i}-0000-0000-0000-00000000000${i}`, `Pat Person${i}`, {
          otherMails: [`pat${i}@example.net`],
        }),
      ),
    );
    const directory = stubDirectory(sandbox, [alex, ...people]);
    const { deps, cards } = memoryDeps(directory, { settings: { targetConcurrency: 3 } });
    let inFlight = 0;
    let peak = 0;
    directory.resetPassword.callsFake(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 400));
      inFlight -= 1;
      return { requestId: 'g' };
    });
    const opened = await startReset(deps, {
      actor: actorOf(alex),
      conversation,
      locale: 'en',
      queries: people.map((p) => p.user.displayName),
      correlationId: 'c1',
    });
    const requestId = opened.at(-1)!.requestId!;
    await finish(
      await submitReset(
        deps,
        actorOf(alex),
        cardAction('reset.submit', requestId, { ...submitInputs, recipients: 'desk@example.net' }),
        'c1',
      ),
    );
    assert.equal(peak, 3, 'three at a time, never more');
    sinon.assert.callCount(directory.resetPassword, 8);
    const shown = cards.replaced.map((r) => JSON.stringify(r.card));
    const progress = shown.filter((c) => / of 8 done/.test(c));
    assert.ok(progress.length >= 1, 'progress was shown');
    assert.ok(!/ of 8 done/.test(shown.at(-1)!), 'the outcome comes last');
    assert.match(shown.at(-1)!, /accepted for delivery/);
  });
});
