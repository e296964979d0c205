/**
 * Exactly once across instances ("Exactly once", SECURITY.md): two bot processes share one local tenant and
 * one Azurite; each submit is delivered 2–10 times, some copies at the same instant and some spread over up
 * to 3 s, to either instance. Counted from the tenant's request log: one PATCH per target, at most one
 * password mail per request; every delivery is answered with the request's current card.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { graphCalls } from '../integration/harness';
import {
  answerCard,
  auditVerifyCli,
  deliver,
  inBetween,
  isConfirmation,
  isResetting,
  linkMailsFor,
  openForm,
  sleep,
  storedRequests,
  submitActivity,
  waitFinalCard,
  startReliability,
  type Form,
  type RelEnv,
} from './support';

const REQUESTS = 60;
const ADMINS = 20;
const SPREAD_MS = 3_000;

/** Runs `work` for 0..count-1 with at most `parallel` at once. */
async function pool<T>(count: number, parallel: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

describe('reliability: duplicate submits across two bot instances', function () {
  this.timeout(300_000);
  let env: RelEnv;

  before(async () => {
    env = await startReliability({ users: REQUESTS, admins: ADMINS, extraBots: 1 });
  });
  after(async () => {
    await env?.stop();
  });

  it(`resets each of ${REQUESTS} targets once, mails each at most once, and answers every copy with the current card`, async () => {
    const forms: Form[] = await pool(REQUESTS, 6, (i) =>
      openForm(env, env.bots[i % 2], env.seed.admins[i % ADMINS], env.seed.users[i]),
    );
    const logMark = (await env.admin.requests()).reduce((max, r) => Math.max(max, r.seq), 0);
    const connectorMark = env.connector.mark();

    // Half the requests get a burst (all copies at once), the other half copies spread over SPREAD_MS.
    const deliveries = forms.flatMap((form, index) => {
      const activity = submitActivity(env, form);
      const copies = 2 + randomInt(9);
      const burst = index % 2 === 0;
      return Array.from({ length: copies }, () => ({
        form,
        activity,
        bot: env.bots[randomInt(env.bots.length)],
        delayMs: burst ? 0 : randomInt(SPREAD_MS + 1),
      }));
    });
    const answers = await Promise.all(
      deliveries.map(async (d) => {
        await sleep(d.delayMs);
        const started = Date.now();
        const answer = await deliver(env, d.bot, d.activity);
        return { ...d, answer, ackMs: Date.now() - started };
      }),
    );

    const acks = answers.map((a) => a.ackMs).sort((a, b) => a - b);
    console.log(
      `      ${answers.length} deliveries; acknowledgement p50 ${acks[Math.floor(acks.length / 2)]} ms, p95 ${acks[Math.floor(acks.length * 0.95)]} ms, max ${acks[acks.length - 1]} ms`,
    );
    for (const { form, answer } of answers) {
      assert.equal(
        answer.status,
        200,
        `HTTP ${answer.status} for a copy of ${form.requestId}: ${answer.raw.slice(0, 200)}`,
      );
      const card = answerCard(answer);
      assert.ok(
        card,
        `a copy of ${form.requestId} was not answered with a card: ${answer.raw.slice(0, 300)}`,
      );
      assert.ok(
        isResetting(card, form.target) || isConfirmation(card),
        `a copy of ${form.requestId} got neither the resetting card nor the confirmation: ${JSON.stringify(card).slice(0, 300)}`,
      );
      assert.ok(JSON.stringify(card).includes(form.requestId), 'the answered card names its request');
    }

    const finals = await Promise.all(forms.map((form) => waitFinalCard(env, form, connectorMark, 120_000)));
    assert.equal(finals.length, REQUESTS);

    // Let any late Graph call land before counting.
    await sleep(1_000);
    const log = (await env.admin.requests()).filter((r) => r.seq > logMark);
    const outbox = await env.admin.outbox();
    const stored = (await storedRequests(env)).filter((r) => forms.some((f) => f.requestId === r.id));
    for (const form of forms) {
      const state = JSON.stringify(
        stored.find((r) => r.id === form.requestId)?.targets.map((tg) => [tg.state, tg.failureCode]),
      );
      const patches = graphCalls(log, 'PATCH', /^\/v1\.0\/users\/[^/]+$/).filter((r) => {
        const key = decodeURIComponent(r.path).split('/').pop()!.toLowerCase();
        return key === form.target.id || key === form.target.upn;
      });
      assert.equal(patches.length, 1, `${form.target.upn} was PATCHed ${patches.length} times (${state})`);
      assert.equal(
        linkMailsFor(outbox, form.target).length,
        1,
        `${form.target.upn} got ${linkMailsFor(outbox, form.target).length} password mails (${state})`,
      );
      const updates = env.connector
        .callsSince(connectorMark)
        .filter((c) => c.kind === 'update' && c.activityId === form.cardId);
      assert.equal(updates.length, 1, `the card of ${form.requestId} was replaced ${updates.length} times`);
    }
    const sendMails = graphCalls(log, 'POST', /^\/v1\.0\/users\/[^/]+\/sendMail$/);
    // The mailbox refuses excess concurrency with 429 (as Exchange does); only refusals may be repeated.
    const accepted = sendMails.filter((r) => r.status >= 200 && r.status < 300);
    assert.equal(accepted.length, outbox.length, 'every accepted sendMail is one outbox message');
    assert.deepEqual(
      [...new Set(sendMails.filter((r) => r.status >= 300 || r.status === 0).map((r) => r.status))].filter(
        (st) => st !== 429,
      ),
      [],
      'no sendMail failed other than by a 429 refusal (the only failure that may be retried)',
    );
    assert.ok(deliveries.length >= REQUESTS * 2, `${deliveries.length} deliveries`);

    assert.equal(stored.length, REQUESTS);
    assert.deepEqual(
      inBetween(stored).map((r) => r.id),
      [],
      'no request stays between two steps',
    );
    for (const request of stored) {
      assert.equal(request.state, 'done');
      assert.deepEqual(
        request.targets.map((tg) => tg.state),
        ['mailed'],
        `${request.id}: ${JSON.stringify(request.targets)}`,
      );
    }
  });

  it('leaves an audit chain that `npm run audit:verify` accepts', async () => {
    const result = await auditVerifyCli(env);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /audit chain OK: \d+ records/);
  });
});
