import assert from 'node:assert/strict';
import { graphRoundTrips, mailAcceptedAt, roundTripFigures } from '../../bench/roundTrips';
import type { LoggedRequest } from '../support/tenant';

/** A log entry at `at` ms after a fixed instant. */
function entry(
  seq: number,
  method: string,
  path: string,
  at: number,
  durationMs: number,
  more: Partial<LoggedRequest> = {},
): LoggedRequest {
  return {
    seq,
    method,
    path,
    query: '',
    status: 200,
    durationMs,
    at: new Date(Date.UTC(2026, 0, 1) + at).toISOString(),
    requestId: `r${seq}`,
    clientRequestId: `c${seq}`,
    ...more,
  };
}

/** A submit as the tenant logs it: the token, a read $batch, then a write $batch with its items. */
const submitLog: LoggedRequest[] = [
  entry(1, 'POST', '/tenant/oauth2/v2.0/token', 0, 5),
  entry(3, 'GET', '/v1.0/users/u1', 12, 2, { batch: 2 }),
  entry(2, 'POST', '/v1.0/$batch', 10, 210),
  entry(5, 'PATCH', '/v1.0/users/u1', 240, 20, { batch: 4, status: 204 }),
  entry(6, 'POST', '/v1.0/users/helpdesk@contoso.com/sendMail', 260, 150, { batch: 4, status: 202 }),
  entry(7, 'POST', '/v1.0/users/helpdesk@contoso.com/sendMail', 410, 150, { batch: 4, status: 424 }),
  entry(4, 'POST', '/v1.0/$batch', 230, 400),
];

describe('bench/roundTrips', () => {
  it('counts top-level Graph calls only: a $batch once, its items and the token endpoint not at all', () => {
    const trips = graphRoundTrips(submitLog);
    assert.deepEqual(
      trips.map((t) => t.seq),
      [2, 4],
    );
    const start = Date.UTC(2026, 0, 1);
    assert.deepEqual(
      trips.map((t) => [t.start - start, t.end - start]),
      [
        [10, 220],
        [230, 630],
      ],
    );
  });

  it('dates the mail as accepted when the round trip that carried an accepted sendMail answered', () => {
    assert.equal(mailAcceptedAt(submitLog), Date.UTC(2026, 0, 1) + 630);
    assert.equal(mailAcceptedAt(submitLog.filter((r) => !r.path.endsWith('/sendMail'))), null);
    // A sendMail sent on its own (not in a batch) is its own round trip.
    assert.equal(
      mailAcceptedAt([entry(9, 'POST', '/v1.0/users/h/sendMail', 0, 90, { status: 202 })]),
      Date.UTC(2026, 0, 1) + 90,
    );
  });

  it('takes the counts from the runs with latency and the depth from the medians of both', () => {
    const run = (elapsedMs: number, sequential: number) => ({ elapsedMs, sequential, total: sequential });
    const figures = roundTripFigures({
      latencyMs: 200,
      form: {
        atZero: [run(40, 2), run(38, 2), run(60, 2)],
        atLatency: [run(440, 2), run(450, 2), run(445, 2)],
      },
      submit: { atZero: [run(350, 2), run(360, 2)], atLatency: [run(750, 2), run(770, 3)] },
    });
    assert.equal(figures.formSequential, 2);
    assert.equal(figures.formDepth, (445 - 40) / 200);
    assert.equal(figures.submitSequential, 3, 'the worst run counts');
    assert.equal(figures.submitDepth, (760 - 355) / 200);
  });
});
