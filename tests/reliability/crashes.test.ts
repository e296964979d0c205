/**
 * Crashes: the bot is killed with SIGKILL while six requests stand at six different step boundaries
 * (held there by tenant latency or by the connector proxy), ten times. After a restart with a short
 * RECOVERY_AFTER_SECONDS every request reaches a final state the admin is told about (a card update
 * within a minute), none stays in between, every mailed link shows the password Graph holds, and no
 * password is left in clear text anywhere.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ResetRequest } from '../../src/reset/model';
import type { OutboxMessage } from '../support/tenantAdmin';
import {
  answerCard,
  auditVerifyCli,
  deliver,
  inBetween,
  killHard,
  linkMailsFor,
  openForm,
  revealLink,
  scanForSecrets,
  sleep,
  startReliability,
  storedRequests,
  submitActivity,
  waitFinalCard,
  type Form,
  type RelEnv,
} from './support';

/** Ten runs per boundary (REL_ROUNDS may lower it for a quick local look; CI uses the default). */
const ROUNDS = Number(process.env.REL_ROUNDS ?? 10);
/** How long the tenant holds the call a boundary waits on; well under the 10 s Graph timeout. */
const STALL_MS = 5_000;
const BOUNDARIES = ['lookups', 'patch', 'revoke', 'password-mail', 'notice-mail', 'card-update'] as const;
type Boundary = (typeof BOUNDARIES)[number];

describe('reliability: kill -9 at each step boundary, then restart', function () {
  this.timeout(600_000);
  let env: RelEnv;
  const passwords: string[] = [];
  const boundaryRuns = new Map<Boundary, number>();

  before(async () => {
    env = await startReliability({ users: ROUNDS * BOUNDARIES.length, admins: BOUNDARIES.length });
  });
  after(async () => {
    await env?.stop();
  });

  /** Polls storage until `ready` holds for the request (or gives up after `timeoutMs`). */
  async function until(
    requestId: string,
    ready: (r: ResetRequest) => boolean,
    what: string,
    timeoutMs = STALL_MS - 1_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = (await storedRequests(env)).find((r) => r.id === requestId);
      if (found && ready(found)) return;
      await sleep(100);
    }
    throw new Error(`request ${requestId} never reached "${what}" before the kill`);
  }

  async function untilOutbox(test: (outbox: OutboxMessage[]) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (test(await env.admin.outbox())) return;
      await sleep(50);
    }
    throw new Error(`the outbox never showed ${what}`);
  }

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: every request killed at a boundary ends final, told, with the right password`, async () => {
      const base = (round - 1) * BOUNDARIES.length;
      const opened = await Promise.all(
        BOUNDARIES.map((_, i) => openForm(env, env.bots[0], env.seed.admins[i], env.seed.users[base + i])),
      );
      const forms = new Map<Boundary, Form>(BOUNDARIES.map((b, i) => [b, opened[i]]));
      const form = (b: Boundary): Form => forms.get(b)!;
      const since = env.connector.mark();
      const submit = (b: Boundary) => deliver(env, env.bots[0], submitActivity(env, form(b)));
      const latency = (method: string, path: string) =>
        env.admin.addFault({ method, path, kind: 'latency', latencyMs: STALL_MS });

      // card-update: the proxy holds the bot's update of this card until the bot is gone.
      env.proxy.hold(form('card-update').conversationId);
      assert.ok(answerCard(await submit('card-update')));
      const heldDeadline = Date.now() + 15_000;
      while (env.proxy.held(form('card-update').conversationId) === 0 && Date.now() < heldDeadline)
        await sleep(50);
      assert.equal(env.proxy.held(form('card-update').conversationId), 1, 'the card update is in flight');

      // notice-mail: the password mail goes (the first sendMail from here on), then every sendMail is held —
      // the notice that follows it in the same batch first.
      const noticeTarget = form('notice-mail').target;
      await env.admin.addFault({
        method: 'POST',
        path: '^/v1\\.0/users/[^/]+/sendMail$',
        kind: 'latency',
        latencyMs: STALL_MS,
        skip: 1,
      });
      assert.ok(answerCard(await submit('notice-mail')));
      await untilOutbox(
        (o) => linkMailsFor(o, noticeTarget).length === 1,
        `the password mail of ${noticeTarget.upn}`,
      );

      // lookups, patch, revoke: per-user latency; password-mail: held by the sendMail latency above.
      await latency('GET', `^/v1\\.0/users/${form('lookups').target.id}/memberOf$`);
      await latency('PATCH', `^/v1\\.0/users/${form('patch').target.id}$`);
      await latency('POST', `^/v1\\.0/users/${form('revoke').target.id}/revokeSignInSessions$`);
      // The submit is answered before its lookups (re-authorization runs after the answer).
      const lookupActivity = submitActivity(env, form('lookups'));
      assert.ok(answerCard(await deliver(env, env.bots[0], lookupActivity)), 'answered before the lookups');
      for (const b of ['patch', 'revoke', 'password-mail'] as const) assert.ok(answerCard(await submit(b)));

      // One round trip carries each user's changes: its intents are on record, the batch held at its step.
      const sent = (r: ResetRequest) => r.targets[0].steps?.reset === 'sent';
      for (const b of ['patch', 'revoke', 'password-mail', 'notice-mail'] as const)
        await until(form(b).requestId, sent, `${b}: the changes sent`);
      await until(
        form('lookups').requestId,
        (r) => r.state === 'claimed',
        'lookups: claimed, re-authorizing',
      );
      await killHard(env.stack.botProcess());
      const killedAt = Date.now();
      await env.admin.clearFaults();
      env.proxy.releaseAll();

      await env.stack.restartBot({ RECOVERY_AFTER_SECONDS: '2' });
      const restartedAt = Date.now();
      // Teams may deliver the same invoke again: it is answered with the request's card, nothing more.
      const redelivered = await deliver(env, env.bots[0], lookupActivity);
      assert.ok(
        answerCard(redelivered),
        `the re-delivered submit got a card: ${redelivered.raw.slice(0, 300)}`,
      );

      const finals = await Promise.allSettled(
        BOUNDARIES.map((b) => waitFinalCard(env, form(b), since, 60_000 - (Date.now() - restartedAt))),
      );
      const untold = BOUNDARIES.filter((_, i) => finals[i].status === 'rejected');
      // Calls the tenant still held when the bot died land now; let them, then look at everything.
      await sleep(Math.max(0, STALL_MS + 500 - (Date.now() - killedAt)));
      // The card is shown before the request is marked done (a request is done only once told): give
      // the last "done" a moment to land after its card did.
      let stored: ResetRequest[] = [];
      for (const deadline = Date.now() + 10_000; ; await sleep(200)) {
        stored = (await storedRequests(env)).filter((r) =>
          [...forms.values()].some((f) => f.requestId === r.id),
        );
        if (inBetween(stored).length === 0 || Date.now() > deadline) break;
      }
      const stuck = inBetween(stored).map(
        (r) => `${r.id} ${r.state} ${r.targets.map((tg) => tg.state).join(',')}`,
      );

      const outbox = await env.admin.outbox();
      const wrong: string[] = [];
      for (const b of BOUNDARIES) {
        const target = form(b).target;
        const mails = linkMailsFor(outbox, target);
        let working = 0;
        for (const mail of mails) {
          const password = await revealLink(mail, target);
          if (password === null) continue; // replaced by a newer link: shows nothing
          passwords.push(password);
          working += 1;
          if (!(await env.admin.verifyPassword(target.id, password)).match)
            wrong.push(`${b}: a mail for ${target.upn} carries a password Graph does not hold`);
        }
        const state = stored.find((r) => r.id === form(b).requestId)?.targets[0].state;
        if (state === 'mailed' && working === 0) wrong.push(`${b}: "mailed" but no mail shows a password`);
        boundaryRuns.set(b, (boundaryRuns.get(b) ?? 0) + 1);
      }
      await env.stack.restartBot(); // back to the default recovery delay, so the next round's stalls stay ours
      // One list, so a failing round shows every problem at once.
      const problems = [
        ...untold.map((b) => `${b}: no card update within a minute of the restart`),
        ...stuck.map((s) => `left between two steps: ${s}`),
        ...wrong,
      ];
      assert.deepEqual(problems, []);
    });
  }

  it(`covered ${BOUNDARIES.length} boundaries × ${ROUNDS} runs, and no password survives in clear text`, async () => {
    for (const b of BOUNDARIES)
      assert.equal(boundaryRuns.get(b), ROUNDS, `${b} ran ${boundaryRuns.get(b) ?? 0} times`);
    assert.ok(passwords.length >= ROUNDS, `the runs revealed ${passwords.length} passwords`);
    const report = await scanForSecrets(env, passwords);
    assert.ok(report.scanned.entities > 0 && report.scanned.logBytes > 0, 'the scan read storage and logs');
    assert.deepEqual(report.findings, []);
    const marker = `not-a-secret-${randomUUID()}`;
    assert.equal((await scanForSecrets(env, [marker])).findings.length, 0);
  });

  it('leaves an audit chain that `npm run audit:verify` accepts', async () => {
    const result = await auditVerifyCli(env);
    assert.equal(result.code, 0, result.output);
  });
});
