/**
 * The request engine over HTTP against the local tenant: Graph at its floor (two sequential round trips
 * from a message to the form, and two from a submit to the accepted mail, proven by the order in the
 * tenant's request log, not only by counting), and the invoke answered at once while Graph is slow.
 */
import assert from 'node:assert/strict';
import { t } from '../../src/i18n';
import type { LoggedRequest } from '../support/tenantAdmin';
import { answeredCard, cardText, useHarness, type Harness } from './harness';
import { finalCard, openForm, submitForm } from './flows';

/** Calls that reached the tenant over the network (not the requests inside a batch), Graph only. */
function roundTrips(log: readonly LoggedRequest[]): LoggedRequest[] {
  return log.filter((r) => r.batch === undefined && r.path.startsWith('/v1.0/'));
}

/** The requests a batch carried. */
function inside(log: readonly LoggedRequest[], batch: LoggedRequest): LoggedRequest[] {
  return log.filter((r) => r.batch === batch.seq);
}

/** Asserts that each round trip started after the one before it had ended: a chain, not a fan-out. */
function assertSequential(trips: readonly LoggedRequest[]): void {
  for (let i = 1; i < trips.length; i += 1) {
    const before = trips[i - 1]!;
    const ended = Date.parse(before.at) + before.durationMs;
    assert.ok(
      Date.parse(trips[i]!.at) >= ended - 1,
      `round trip ${i + 1} started before round trip ${i} ended`,
    );
  }
}

describe('integration: the request engine at Graph’s floor', function () {
  this.timeout(120_000);
  let h: Harness;

  useHarness({}, (started) => (h = started));

  afterEach(async () => {
    await h.admin.clearFaults();
  });

  it('message → form: two round trips, one after the other (the requester and the search, then the user found)', async () => {
    // A first message reads the requester's groups; the second is what every later message costs.
    await openForm(h, h.people.helpdesk, h.people.plain[0]!.upn);
    const mark = await h.graphMark();
    await openForm(h, h.people.helpdesk, h.people.bob.upn);
    const log = await h.graphSince(mark);
    const trips = roundTrips(log);
    assert.deepEqual(
      trips.map((r) => `${r.method} ${r.path}`),
      ['POST /v1.0/$batch', 'POST /v1.0/$batch'],
    );
    assertSequential(trips);
    const [first, second] = trips.map((trip) => inside(log, trip).map((r) => r.path));
    assert.ok(first!.includes('/v1.0/users'), 'the search is in the first round trip');
    assert.ok(
      first!.some((p) => p.endsWith('/memberOf')),
      "the requester's memberships are in the first round trip",
    );
    assert.ok(
      second!.some((p) => p.endsWith('/ownedObjects/microsoft.graph.group')),
      "the user's profile is in the second",
    );
  });

  it('submit → mail accepted: two round trips (every profile, then reset, sign-out and mails), no user read twice', async () => {
    const target = h.people.bob;
    const form = await openForm(h, h.people.helpdesk, target.upn);
    const mark = await h.graphMark();
    const seq = h.connector.mark();
    answeredCard(await submitForm(h, h.people.helpdesk, form, { passwordMode: 'auto' }));
    await finalCard(h, form, seq);
    const log = await h.graphSince(mark);
    const trips = roundTrips(log);
    assert.deepEqual(
      trips.map((r) => `${r.method} ${r.path}`),
      ['POST /v1.0/$batch', 'POST /v1.0/$batch'],
    );
    assertSequential(trips);
    const reads = inside(log, trips[0]!);
    const writes = inside(log, trips[1]!);
    assert.ok(
      reads.every((r) => r.method === 'GET'),
      'the first round trip only reads',
    );
    assert.deepEqual(
      writes.map((r) => r.method),
      ['PATCH', 'POST', 'POST', ...writes.slice(3).map(() => 'POST')],
    );
    assert.ok(
      writes.some((r) => r.path.endsWith('/sendMail')),
      'the mail is in the second round trip',
    );
    const userReads = log.filter((r) => r.method === 'GET' && /^\/v1\.0\/users\/[^/]+$/.test(r.path));
    assert.equal(new Set(userReads.map((r) => r.path)).size, userReads.length, 'no user is read twice');
  });

  it('Graph slower than Teams waits: the invoke is answered at once, the card tells the outcome later, one PATCH', async function () {
    this.timeout(150_000);
    const target = h.people.plain[1]!;
    const form = await openForm(h, h.people.helpdesk, target.upn);
    const latencyMs = 16_000; // beyond the 15 s Teams gives an invoke, within the bot's Graph timeout
    await h.admin.addFault({ path: '^/v1\\.0/', kind: 'latency', latencyMs, batchItems: false });
    const mark = await h.graphMark();
    const seq = h.connector.mark();
    const started = Date.now();
    const answer = answeredCard(await submitForm(h, h.people.helpdesk, form, { passwordMode: 'auto' }));
    const answeredMs = Date.now() - started;
    assert.ok(answeredMs < latencyMs / 4, `answered after ${answeredMs} ms`);
    assert.ok(cardText(answer).includes(t('en', 'resetting.text')), cardText(answer));
    const outcome = await finalCard(h, form, seq, 120_000);
    assert.ok(Date.now() - started >= 2 * latencyMs, 'the outcome came after both slow round trips');
    assert.ok(cardText(outcome).includes(t('en', 'confirm.title')), cardText(outcome));
    const patches = (await h.graphSince(mark)).filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, 1);
  });
});
