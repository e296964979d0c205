/**
 * Graph failures at each step, injected by the local tenant: 429 with Retry-After (never retried early,
 * bounded attempts), 503, 504, dropped connections and latency beyond the per-call timeout, on the
 * lookups, the reset (PATCH), the sign-out and the mail. The admin always gets a clear final card; the
 * password that works is the one behind the mail; sendMail is never repeated after an ambiguous failure.
 * A user's changes travel in one round trip: when that round trip times out as a whole, the reset is
 * applied again (same password) and the mail that travelled with it is reported as maybe not sent.
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { errorText, t } from '../../src/i18n';
import type { FaultSpec, LoggedRequest } from '../support/tenant';
import { graphCalls } from '../integration/harness';
import {
  actionActivity,
  answerCard,
  auditVerifyCli,
  cardActions,
  cardText,
  deliver,
  inBetween,
  linkMailsFor,
  openForm,
  revealLink,
  sleep,
  startReliability,
  storedRequests,
  submitActivity,
  waitFinalCard,
  type Form,
  type RelEnv,
} from './support';

/** Per-call timeout of the Graph edge (src/directory/graphDirectory.ts default). */
const CALL_TIMEOUT_MS = 10_000;
const RETRY_AFTER_S = 2;

type Step = 'lookup' | 'reset' | 'revoke';
type Fault = '429' | '503' | '504' | 'drop' | 'timeout';
const FAULTS: readonly Fault[] = ['429', '503', '504', 'drop', 'timeout'];

function faultSpec(fault: Fault, method: string, path: string): FaultSpec {
  switch (fault) {
    case '429':
      return { method, path, kind: 'status', status: 429, retryAfterSeconds: RETRY_AFTER_S, count: 2 };
    case '503':
      return { method, path, kind: 'status', status: 503, count: 1 };
    case '504':
      return { method, path, kind: 'status', status: 504, count: 1 };
    case 'drop':
      return { method, path, kind: 'drop', count: 1 };
    case 'timeout':
      return { method, path, kind: 'latency', latencyMs: CALL_TIMEOUT_MS + 1_500, count: 1 };
  }
}

function stepTarget(step: Step, userId: string): { method: string; path: string } {
  switch (step) {
    case 'lookup':
      return { method: 'GET', path: `^/v1\\.0/users/${userId}/memberOf$` };
    case 'reset':
      return { method: 'PATCH', path: `^/v1\\.0/users/${userId}$` };
    case 'revoke':
      return { method: 'POST', path: `^/v1\\.0/users/${userId}/revokeSignInSessions$` };
  }
}

/** Asserts that each attempt after a 429 came no earlier than its Retry-After (tenant-side timestamps). */
function assertRetryAfterHonoured(attempts: readonly LoggedRequest[], label: string): void {
  for (let i = 1; i < attempts.length; i++) {
    const previous = attempts[i - 1];
    if (previous.status !== 429) continue;
    const answeredAt = Date.parse(previous.at) + previous.durationMs;
    const gap = Date.parse(attempts[i].at) - answeredAt;
    // 50 ms for the clock granularity of the two log timestamps.
    assert.ok(
      gap >= RETRY_AFTER_S * 1000 - 50,
      `${label}: retried ${gap} ms after a 429 that asked for ${RETRY_AFTER_S} s`,
    );
  }
}

describe('reliability: Graph faults at each step', function () {
  this.timeout(300_000);
  let env: RelEnv;
  let nextUser = 0;
  const fresh = () => env.seed.users[nextUser++];
  const requester = () => env.seed.admins[0];

  before(async () => {
    env = await startReliability({ users: 30, admins: 2 });
  });
  after(async () => {
    await env?.stop();
  });

  /** Requests the link of the newest password mail to `form.target` and checks it is the live password. */
  async function assertMailedPasswordWorks(form: Form): Promise<void> {
    const mails = linkMailsFor(await env.admin.outbox(), form.target);
    assert.ok(mails.length >= 1, `no password mail for ${form.target.upn}`);
    const password = await revealLink(mails[mails.length - 1], form.target);
    assert.ok(password, `the newest link for ${form.target.upn} shows no password`);
    const check = await env.admin.verifyPassword(form.target.id, password);
    assert.equal(check.match, true, `the mailed password of ${form.target.upn} is not the one Graph holds`);
  }

  it('survives every fault on the lookups, the reset and the sign-out, with one password that works', async () => {
    const plan = (['lookup', 'reset', 'revoke'] as const).flatMap((step) =>
      FAULTS.map((fault) => ({ step, fault, target: fresh() })),
    );
    const cases: { step: Step; fault: Fault; form: Form }[] = await Promise.all(
      plan.map(async ({ step, fault, target }) => ({
        step,
        fault,
        form: await openForm(env, env.bots[0], requester(), target),
      })),
    );
    const mark = (await env.admin.requests()).reduce((max, r) => Math.max(max, r.seq), 0);
    const since = env.connector.mark();
    for (const c of cases) {
      const where = stepTarget(c.step, c.form.target.id);
      await env.admin.addFault(faultSpec(c.fault, where.method, where.path));
    }
    const answers = await Promise.all(
      cases.map((c) => deliver(env, env.bots[0], submitActivity(env, c.form))),
    );
    answers.forEach((answer, i) =>
      assert.ok(
        answerCard(answer),
        `${cases[i].step}/${cases[i].fault}: no card answer: ${answer.raw.slice(0, 300)}`,
      ),
    );
    const finals = await Promise.all(cases.map((c) => waitFinalCard(env, c.form, since, 90_000)));
    // A request that timed out may still land late at the tenant: wait it out before checking passwords.
    await sleep(3_000);
    const log = (await env.admin.requests()).filter((r) => r.seq > mark);

    for (const [i, c] of cases.entries()) {
      const label = `${c.step}/${c.fault}`;
      const text = cardText(finals[i]);
      // The round trip that carried the reset and the mail timed out: the mail may or may not have gone.
      const lost = c.fault === 'timeout' && c.step !== 'lookup';
      if (lost) {
        assert.ok(
          text.includes(t('en', 'confirm.mailUnknown')),
          `${label}: says the mail may not have gone: ${text}`,
        );
      } else {
        assert.ok(
          !text.includes(t('en', 'confirm.title.problem')),
          `${label}: the confirmation reports a problem: ${text}`,
        );
      }
      const stored = (await storedRequests(env)).find((r) => r.id === c.form.requestId);
      assert.deepEqual(
        stored?.targets.map((tg) => tg.state),
        [lost ? 'mail-unknown' : 'mailed'],
        `${label}: ${JSON.stringify(stored?.targets)}`,
      );
      const where = stepTarget(c.step, c.form.target.id);
      const attempts = log.filter(
        (r) => r.method === where.method && r.status !== 424 && new RegExp(where.path).test(r.path),
      );
      const expected = c.fault === '429' ? 3 : 2;
      if (c.step !== 'lookup')
        assert.equal(attempts.length, expected, `${label}: ${attempts.length} attempts`);
      else assert.ok(attempts.length >= expected, `${label}: ${attempts.length} attempts`);
      if (c.fault === '429') assertRetryAfterHonoured(attempts, label);
      const patches = graphCalls(log, 'PATCH', new RegExp(`^/v1\\.0/users/${c.form.target.id}$`));
      if (c.step !== 'reset' && !lost) assert.equal(patches.length, 1, `${label}: ${patches.length} PATCHes`);
      assert.equal(
        linkMailsFor(await env.admin.outbox(), c.form.target).length,
        1,
        `${label}: one password mail`,
      );
      await assertMailedPasswordWorks(c.form);
    }
  });

  it('stops after a bounded number of attempts when Graph keeps answering 429, and says so', async () => {
    const form = await openForm(env, env.bots[0], requester(), fresh());
    const mark = (await env.admin.requests()).reduce((max, r) => Math.max(max, r.seq), 0);
    const since = env.connector.mark();
    const path = `^/v1\\.0/users/${form.target.id}$`;
    await env.admin.addFault({ method: 'PATCH', path, kind: 'status', status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    assert.ok(answerCard(await deliver(env, env.bots[0], submitActivity(env, form))));
    const final = await waitFinalCard(env, form, since, 90_000);
    const attempts = graphCalls(
      (await env.admin.requests()).filter((r) => r.seq > mark),
      'PATCH',
      new RegExp(path),
    );
    await env.admin.clearFaults();
    assert.ok(attempts.length >= 2 && attempts.length <= 4, `${attempts.length} PATCH attempts (at most 4)`);
    assert.ok(attempts.every((a) => a.status === 429));
    assert.ok(Date.now() - started < 70_000, 'the overall deadline holds');
    const text = cardText(final);
    assert.ok(
      text.includes(t('en', 'confirm.resetFailed')),
      `the card says the password was not reset: ${text}`,
    );
    assert.ok(text.includes(errorText('en', 'GRAPH_THROTTLED')), `the card says why: ${text}`);
    assert.equal(
      linkMailsFor(await env.admin.outbox(), form.target).length,
      0,
      'no mail for a password that was not set',
    );
  });

  for (const fault of FAULTS) {
    it(`mail step, ${fault}: ${fault === '429' ? 'retried after Retry-After' : 'never retried; the card says so and a fresh mail works'}`, async () => {
      const form = await openForm(env, env.bots[0], requester(), fresh());
      const mark = (await env.admin.requests()).reduce((max, r) => Math.max(max, r.seq), 0);
      const since = env.connector.mark();
      // The next sendMail is this request's password mail: the mail cases run one at a time.
      await env.admin.addFault({ ...faultSpec(fault, 'POST', '^/v1\\.0/users/[^/]+/sendMail$'), count: 1 });
      assert.ok(answerCard(await deliver(env, env.bots[0], submitActivity(env, form))));
      const final = await waitFinalCard(env, form, since, 60_000);
      const text = cardText(final);
      if (fault === '429') {
        await sleep(500);
        const mails = graphCalls(
          (await env.admin.requests()).filter((r) => r.seq > mark),
          'POST',
          /\/sendMail$/,
        );
        assert.equal(mails[0]?.status, 429);
        assertRetryAfterHonoured(mails, 'sendMail/429');
        assert.ok(!text.includes(t('en', 'confirm.title.problem')), `mailed after the 429: ${text}`);
        assert.equal(linkMailsFor(await env.admin.outbox(), form.target).length, 1);
        await assertMailedPasswordWorks(form);
        return;
      }
      if (fault === 'timeout') await sleep(2_500); // the timed-out mail may still be delivered: let it land
      const mails = graphCalls(
        (await env.admin.requests()).filter((r) => r.seq > mark),
        'POST',
        /\/sendMail$/,
      );
      // Every sendMail Graph saw came in the one round trip that failed: none was sent again. (A round
      // trip that timed out as a whole may still carry the notice that followed the mail.)
      assert.equal(
        new Set(mails.map((m) => m.batch)).size,
        1,
        `sendMail was sent again after an ambiguous failure: ${JSON.stringify(mails.map((m) => [m.batch, m.status]))}`,
      );
      assert.ok(mails.length >= 1);
      assert.ok(
        text.includes(t('en', 'confirm.mailUnknown')),
        `the card says the mail may not have gone: ${text}`,
      );
      const resend = cardActions(final).find((a) => a.verb === Verbs.resendMail);
      assert.ok(resend, 'link mode offers a fresh mail');
      const before = linkMailsFor(await env.admin.outbox(), form.target);

      const resendSince = env.connector.mark();
      const answer = await deliver(env, env.bots[0], actionActivity(env, form, Verbs.resendMail));
      assert.ok(answerCard(answer), `resend answered with a card: ${answer.raw.slice(0, 200)}`);
      const after = await waitFinalCard(env, form, resendSince, 30_000);
      assert.ok(
        !cardText(after).includes(t('en', 'confirm.mailUnknown')),
        `after the resend the mail went: ${cardText(after)}`,
      );
      const mailsNow = linkMailsFor(await env.admin.outbox(), form.target);
      assert.equal(mailsNow.length, before.length + 1, 'the resend sent exactly one mail');
      // A mail that went out despite the timeout carries a link the resend has replaced.
      for (const old of before)
        assert.equal(await revealLink(old, form.target), null, 'the old link no longer works');
      await assertMailedPasswordWorks(form);
    });
  }

  it('leaves no request in between, and an audit chain that verifies', async () => {
    assert.deepEqual(
      inBetween(await storedRequests(env)).map((r) => r.id),
      [],
    );
    const result = await auditVerifyCli(env);
    assert.equal(result.code, 0, result.output);
  });
});
