import assert from 'node:assert/strict';
import { isRetryableStatus } from '../../src/directory/edge';
import fc from 'fast-check';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  parseRetryAfter,
  planRetry,
  type RetryPolicy,
} from '../../src/directory/retry';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, deadlineMs: 60_000 };

describe('directory/retry', () => {
  describe('parseRetryAfter', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');

    it('reads delta-seconds as milliseconds', () => {
      assert.equal(parseRetryAfter('7', now), 7_000);
      assert.equal(parseRetryAfter(' 0 ', now), 0);
      assert.equal(parseRetryAfter('1.5', now), 1_500);
    });

    it('reads an HTTP-date relative to now, never negative', () => {
      assert.equal(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now), 30_000);
      assert.equal(parseRetryAfter('Sat, 01 Mar 2025 11:59:00 GMT', now), 0);
    });

    it('ignores absent or unreadable values', () => {
      assert.equal(parseRetryAfter(null, now), undefined);
      assert.equal(parseRetryAfter(undefined, now), undefined);
      assert.equal(parseRetryAfter('', now), undefined);
      assert.equal(parseRetryAfter('-1', now), undefined);
      assert.equal(parseRetryAfter('soon', now), undefined);
    });
  });

  describe('planRetry', () => {
    it('honours Retry-After exactly, never earlier', () => {
      assert.deepEqual(
        planRetry({ attempt: 1, retryAfterMs: 3_000, elapsedMs: 0 }, policy, () => 0),
        {
          retry: true,
          delayMs: 3_000,
        },
      );
    });

    it('stops after maxAttempts', () => {
      assert.deepEqual(planRetry({ attempt: 4, elapsedMs: 0 }, policy), { retry: false, reason: 'attempts' });
      assert.equal(planRetry({ attempt: 3, elapsedMs: 0 }, policy).retry, true);
    });

    it('stops when the wait would cross the deadline', () => {
      assert.deepEqual(planRetry({ attempt: 1, retryAfterMs: 30_000, elapsedMs: 35_000 }, policy), {
        retry: false,
        reason: 'deadline',
      });
    });

    it('uses jittered exponential backoff without Retry-After', () => {
      const low = planRetry({ attempt: 2, elapsedMs: 0 }, policy, () => 0);
      const high = planRetry({ attempt: 2, elapsedMs: 0 }, policy, (max) => max - 1);
      assert.deepEqual(low, { retry: true, delayMs: 500 });
      assert.deepEqual(high, { retry: true, delayMs: 1_000 });
    });

    it('has production defaults of 4 attempts and a 60 s deadline', () => {
      assert.equal(DEFAULT_RETRY_POLICY.maxAttempts, 4);
      assert.equal(DEFAULT_RETRY_POLICY.deadlineMs, 60_000);
    });
  });

  describe('backoffDelay', () => {
    it('stays within [step/2, step] and under the cap for any attempt and draw', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 30 }),
          fc.double({ min: 0, max: 0.999999, noNaN: true }),
          (attempt, r) => {
            const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            const delay = backoffDelay(attempt, policy, (max) => Math.floor(r * max));
            return delay >= Math.floor(step / 2) && delay <= step;
          },
        ),
      );
    });

    it('draws from node:crypto by default (values vary)', () => {
      const values = new Set(Array.from({ length: 40 }, () => backoffDelay(4, policy)));
      assert.ok(values.size > 1);
    });
  });
});

describe('directory/edge: which statuses are tried again', () => {
  it('429 always; 502, 503 and 504 only when the call may be repeated; anything else never', () => {
    for (const status of [429, 502, 503, 504]) assert.equal(isRetryableStatus(status, 'idempotent'), true);
    assert.equal(isRetryableStatus(429, 'refusals-only'), true);
    for (const status of [502, 503, 504, 500, 400, 403])
      assert.equal(isRetryableStatus(status, 'refusals-only'), false, String(status));
    assert.equal(isRetryableStatus(500, 'idempotent'), false);
  });
});
