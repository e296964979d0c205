import assert from 'node:assert/strict';
import sinon from 'sinon';
import { GraphError, ErrorCodes } from '../../src/errors';
import { RequestRun } from '../../src/reset/executeReset';
import { recoverUnfinished } from '../../src/reset/recovery';
import { startReset } from '../../src/reset/startReset';
import { submitReset } from '../../src/reset/submitReset';
import { cancelReset, resendMail } from '../../src/reset/otherActions';
import type { Actor, CardAction, InvokeResult } from '../../src/reset/types';
import { errorText } from '../../src/i18n';
import { MemoryRateLimiter, memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const GLOBAL = '62e90394-69f5-4237-9190-012177145e10';

const alex = profile(user('a0000000-0000-0000-0000-000000000001', 'Alex Wilber'), [HELPDESK]);
const bob = profile(
  user('b0000000-0000-0000-0000-000000000002', 'Bob Brown', { otherMails: ['bob.personal@example.net'] }),
);
const megan = profile(user('c0000000-0000-0000-0000-000000000003', 'Megan Bowen'), [GLOBAL]);
const nobody = profile(user('d0000000-0000-0000-0000-000000000004', 'Nora Nobody'));
const aliceA = profile(user('e0000000-0000-0000-0000-000000000005', 'Alice Adams'));
const aliceB = profile(user('f0000000-0000-0000-0000-000000000006', 'Alice Anderson'));

const actorOf = (p: typeof alex): Actor => ({
  aadObjectId: p.user.id,
  teamsUserId: `29:${p.user.displayName}`,
  name: p.user.displayName,
  tenantId: 'tenant-1',
});
const conversation = { type: 'personal' as const, reference: '{}' };

function action(
  verb: string,
  requestId: string | null,
  inputs: Record<string, unknown> = {},
  trigger: 'manual' | 'automatic' = 'manual',
): CardAction {
  return { verb, requestId, inputs, trigger, locale: 'en' };
}

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

  async function finish(result: InvokeResult): Promise<sinon.SinonSpy> {
    const replace = sinon.spy(async () => undefined);
    assert.ok(result.continuation, 'the submit continues in the background');
    await result.continuation(replace);
    return replace;
  }

  it('refuses a requester without a resetting role, audits it, and opens nothing', async () => {
    const { deps, requests, audit } = setup();
    const cards = await startReset(deps, {
      actor: actorOf(nobody),
      conversation,
      locale: 'en',
      queries: ['Bob Brown'],
      correlationId: 'c1',
    });
    assert.equal(cards.length, 1);
    assert.equal(cards[0].requestId, undefined);
    assert.equal(requests.rows.size, 0);
    assert.deepEqual(audit.actions(), ['refused']);
    assert.equal(audit.records[0].reasonCode, ErrorCodes.REQUESTER_NOT_ADMIN);
  });

  it('refuses a helpdesk admin resetting a global admin, with the reason audited', async () => {
    const { deps, requests, audit } = setup();
    const cards = await startReset(deps, {
      actor: actorOf(alex),
      conversation,
      locale: 'en',
      queries: ['Megan Bowen'],
      correlationId: 'c1',
    });
    assert.equal(cards.length, 1);
    assert.equal(requests.rows.size, 0);
    assert.equal(audit.records[0].action, 'refused');
    assert.equal(audit.records[0].reasonCode, ErrorCodes.TARGET_PRIVILEGED);
  });

  it('answers an ambiguous name with a choice card held by a placeholder request', async () => {
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
  });

  it('resets, revokes and mails exactly once when the same submit arrives three times', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    const submits = await Promise.all(
      [1, 2, 3].map((n) =>
        submitReset(deps, actorOf(alex), action('reset.submit', requestId, submitInputs), `c${n}`),
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

  it('writes each audit record before the action it describes', async () => {
    const { deps, directory, audit } = setup();
    const requestId = await open(deps);
    directory.resetPassword.callsFake(async () => {
      assert.equal(audit.actions().at(-1), 'reset-intent');
      return { requestId: 'g1' };
    });
    directory.sendMail.onFirstCall().callsFake(async () => {
      assert.equal(audit.actions().at(-1), 'mail-intent');
      return { requestId: 'g2' };
    });
    await finish(
      await submitReset(deps, actorOf(alex), action('reset.submit', requestId, submitInputs), 'c1'),
    );
    assert.deepEqual(audit.actions().slice(0, 3), ['requested', 'submitted', 'reset-intent']);
    assert.ok(audit.actions().includes('mail-accepted'));
  });

  it('never puts the password in an audit record, a stored request or a card', async () => {
    const { deps, directory, audit, requests } = setup();
    const requestId = await open(deps);
    const result = await submitReset(
      deps,
      actorOf(alex),
      action('reset.submit', requestId, submitInputs),
      'c1',
    );
    const replace = await finish(result);
    const password = directory.resetPassword.firstCall.args[1];
    assert.ok(password.length >= 16);
    const everything = JSON.stringify([
      audit.records,
      [...requests.rows.values()],
      result.answer,
      replace.args,
    ]);
    assert.equal(everything.includes(password), false);
  });

  it('does nothing for an automatic trigger or for another user', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    const automatic = await submitReset(
      deps,
      actorOf(alex),
      action('reset.submit', requestId, submitInputs, 'automatic'),
      'c1',
    );
    const stranger = await submitReset(
      deps,
      actorOf(megan),
      action('reset.submit', requestId, submitInputs),
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
      action('reset.submit', requestId, { ...submitInputs, passwordMode: 'custom', customPassword: 'zqxv' }),
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
        action('reset.submit', requestId, {
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
      action('reset.submit', requestId, submitInputs),
      'c1',
    );
    assert.equal(result.continuation, undefined);
    assert.match(JSON.stringify(result.answer), /expired|期限/i);
    sinon.assert.notCalled(directory.resetPassword);
  });

  it('re-checks roles on submit: a role removed after the form was shown means no', async () => {
    const { deps, directory } = setup();
    const requestId = await open(deps);
    directory.getSecurityProfile.withArgs(alex.user.id).resolves({ ...alex, roleAssignments: [] });
    const result = await submitReset(
      deps,
      actorOf(alex),
      action('reset.submit', requestId, submitInputs),
      'c1',
    );
    assert.equal(result.continuation, undefined);
    sinon.assert.notCalled(directory.resetPassword);
  });

  it('enforces the per-target limit across requests', async () => {
    const { deps, directory } = setup({ perTargetPerDay: 1 });
    const first = await open(deps);
    await finish(await submitReset(deps, actorOf(alex), action('reset.submit', first, submitInputs), 'c1'));
    const second = await open(deps);
    const result = await submitReset(deps, actorOf(alex), action('reset.submit', second, submitInputs), 'c2');
    assert.equal(result.continuation, undefined);
    sinon.assert.calledOnce(directory.resetPassword);
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

    /** Opens a form for `query` and submits it; true when the reset went ahead. */
    async function reset(deps: ReturnType<typeof limited>['deps'], query: string): Promise<InvokeResult> {
      const requestId = await open(deps, query);
      const result = await submitReset(
        deps,
        actorOf(alex),
        action('reset.submit', requestId, submitInputs),
        'c',
      );
      if (result.continuation) await finish(result);
      return result;
    }

    it('six resets of one user across a day boundary with 3 per 24 h: only 3', async () => {
      const { deps, directory, clock } = limited({ perTargetPerDay: 3 }, '2025-03-31T23:59:00Z');
      for (let i = 0; i < 6; i += 1) {
        await reset(deps, 'Bob Brown');
        clock.now = new Date(clock.now.getTime() + 15_000);
      }
      assert.equal(directory.resetPassword.callCount, 3);
    });

    it('40 resets by one requester around an hour boundary with 20 per hour: only 20', async () => {
      const { deps, directory, clock } = limited({ perRequesterPerHour: 20 }, '2025-01-01T10:59:40Z');
      for (const target of targets) {
        await reset(deps, target.user.displayName);
        clock.now = new Date(clock.now.getTime() + 1_000);
      }
      assert.equal(directory.resetPassword.callCount, 20);
      clock.now = new Date(Date.parse('2025-01-01T10:59:40Z') + HOUR);
      await reset(deps, 'Bob Brown');
      assert.equal(directory.resetPassword.callCount, 21, 'the first use has left the window');
    });

    it("the requester's budget is untouched when the target's limit refuses", async () => {
      const { deps, directory } = limited(
        { perRequesterPerHour: 2, perTargetPerDay: 1 },
        '2025-01-01T09:00:00Z',
      );
      await reset(deps, 'Bob Brown');
      const refused = await reset(deps, 'Bob Brown');
      assert.equal(refused.continuation, undefined);
      assert.ok(JSON.stringify(refused.answer).includes(errorText('en', 'RATE_LIMITED_TARGET')));
      await reset(deps, targets[0]!.user.displayName);
      assert.equal(directory.resetPassword.callCount, 2, 'the second reset of the hour still went ahead');
      const third = await reset(deps, targets[1]!.user.displayName);
      assert.ok(JSON.stringify(third.answer).includes(errorText('en', 'RATE_LIMITED_REQUESTER')));
    });
  });

  it('resets nothing when the audit trail is unavailable', async () => {
    const { deps, directory, audit, requests } = setup();
    const requestId = await open(deps);
    audit.failing = true;
    await assert.rejects(
      submitReset(deps, actorOf(alex), action('reset.submit', requestId, submitInputs), 'c1'),
    );
    sinon.assert.notCalled(directory.resetPassword);
    assert.equal(requests.rows.get(requestId)!.value.state, 'open', 'the admin can press Reset again later');
  });

  it('never resends after an ambiguous mail failure, and offers a fresh link instead', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    directory.sendMail
      .onFirstCall()
      .rejects(new GraphError(ErrorCodes.MAIL_UNKNOWN, 503, 'ServiceUnavailable', 'r1', 'unavailable', true));
    await finish(
      await submitReset(deps, actorOf(alex), action('reset.submit', requestId, submitInputs), 'c1'),
    );
    sinon.assert.calledOnce(directory.sendMail);
    const stored = requests.rows.get(requestId)!.value;
    assert.equal(stored.targets[0].state, 'mail-unknown');

    const resend = await resendMail(deps, actorOf(alex), action('reset.resendMail', requestId), 'c2');
    await finish(resend);
    sinon.assert.calledTwice(directory.sendMail);
    assert.equal(requests.rows.get(requestId)!.value.targets[0].state, 'mailed');
    sinon.assert.calledOnce(directory.resetPassword);
  });

  it('cancels an open request and then refuses its submit', async () => {
    const { deps, directory, requests } = setup();
    const requestId = await open(deps);
    await cancelReset(deps, actorOf(alex), action('reset.cancel', requestId), 'c1');
    assert.equal(requests.rows.get(requestId)!.value.state, 'cancelled');
    const result = await submitReset(
      deps,
      actorOf(alex),
      action('reset.submit', requestId, submitInputs),
      'c2',
    );
    assert.equal(result.continuation, undefined);
    sinon.assert.notCalled(directory.resetPassword);
  });

  it('recovers a crash between reset-intent and the answer by applying the same password again', async () => {
    const { deps, directory, requests, secrets } = setup();
    const requestId = await open(deps);
    const result = await submitReset(
      deps,
      actorOf(alex),
      action('reset.submit', requestId, submitInputs),
      'c1',
    );
    // Simulate a crash: Graph accepted the PATCH, then the process died before recording it.
    directory.resetPassword.onFirstCall().callsFake(() => new Promise(() => undefined));
    void result.continuation!(async () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(requests.rows.get(requestId)!.value.targets[0].state, 'reset-intent');
    const firstPassword = directory.resetPassword.firstCall.args[1];
    const later = { ...deps, now: () => new Date(Date.now() + 5 * 60_000) };
    const replace = sinon.spy(async () => undefined);
    assert.equal(await recoverUnfinished(later, replace), 1);
    sinon.assert.calledTwice(directory.resetPassword);
    assert.equal(
      directory.resetPassword.secondCall.args[1],
      firstPassword,
      'the same password is applied again',
    );
    assert.equal(requests.rows.get(requestId)!.value.state, 'done');
    assert.equal(requests.rows.get(requestId)!.value.targets[0].state, 'mailed');
    assert.equal(secrets.secrets.size, 1, 'the link secret for the mail is kept');
  });

  it('keeps a slow run alive with heartbeats, so recovery does not take it over', async () => {
    const { deps, requests } = setup();
    const requestId = await open(deps);
    const stored = (await requests.get(requestId))!;
    await requests.update({ ...stored.value, state: 'claimed' }, stored.etag);
    const run = new RequestRun(deps, (await requests.get(requestId))!, 'c1');
    let clock = Date.now();
    const ticking = { ...deps, now: () => new Date(clock) };
    Object.assign(run, { deps: ticking });
    run.startHeartbeat(5);
    clock += 60_000; // a minute "passes" while a Graph call hangs; the heartbeat keeps touching the request
    await new Promise((resolve) => setTimeout(resolve, 40));
    run.stopHeartbeat();
    assert.equal(
      await recoverUnfinished(
        { ...ticking, now: () => new Date(clock + 1_000) },
        async () => undefined,
        30_000,
      ),
      0,
    );
    assert.equal(
      await recoverUnfinished(
        { ...ticking, now: () => new Date(clock + 31_000) },
        async () => undefined,
        30_000,
      ),
      1,
    );
  });

  it('lets only the winning delivery of a submit write to the audit trail', async () => {
    const { deps, audit } = setup();
    const requestId = await open(deps);
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        submitReset(deps, actorOf(alex), action('reset.submit', requestId, submitInputs), `c${n}`),
      ),
    );
    assert.equal(audit.actions().filter((a) => a === 'submitted').length, 1);
  });

  it('keeps a request claimed until the admin has been told, and recovery tells them', async () => {
    const { deps, requests } = setup();
    const requestId = await open(deps);
    const result = await submitReset(
      deps,
      actorOf(alex),
      action('reset.submit', requestId, submitInputs),
      'c1',
    );
    await result.continuation!(async () => {
      throw new Error('connector down');
    });
    const stored = requests.rows.get(requestId)!.value;
    assert.equal(stored.targets[0].state, 'mailed');
    assert.equal(stored.state, 'claimed', 'not done while the card still says "resetting"');
    await requests.update(
      { ...stored, card: { conversationReference: '{}', activityId: 'act-1' } },
      requests.rows.get(requestId)!.etag,
    );
    const replace = sinon.spy(async (_reference: string, _activityId: string, _card: object) => undefined);
    const later = { ...deps, now: () => new Date(Date.now() + 5 * 60_000) };
    await recoverUnfinished(later, replace);
    sinon.assert.calledOnce(replace);
    assert.match(JSON.stringify(replace.firstCall.args[2]), /accepted for delivery/);
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
});
