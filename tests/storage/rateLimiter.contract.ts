/**
 * The RateLimiter port's contract, run against every implementation (Azure Table storage on Azurite, and
 * the in-memory one the use-case tests use): sliding windows that allow no burst across any boundary,
 * several limits counted all-or-nothing (a refused request spends no budget), and exact counts under
 * concurrency from several instances.
 */
import assert from 'node:assert/strict';
import type { LimitUse, RateLimiter } from '../../src/reset/ports';

/** A clock the test moves. */
export interface TestClock {
  now: Date;
}

/** What a contract run needs from an implementation. */
export interface RateLimiterFixture {
  /** A limiter reading `clock`; every limiter made for one test shares its storage (several instances). */
  instance(clock: TestClock): RateLimiter;
  /** Called before each test; returns what the test may clean up afterwards. */
  reset(): Promise<void>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string): Date => new Date(iso);
const plus = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

/** Registers the contract's tests under `name`. */
export function rateLimiterContract(name: string, fixture: () => RateLimiterFixture): void {
  describe(`RateLimiter contract: ${name}`, function () {
    this.timeout(30_000);
    let f: RateLimiterFixture;
    beforeEach(async () => {
      f = fixture();
      await f.reset();
    });

    const one = (key: string, limit: number, windowMs: number, amount?: number): LimitUse[] => [
      { key, limit, windowMs, ...(amount === undefined ? {} : { amount }) },
    ];

    it('counts each key on its own and refuses, without counting, once the limit is reached', async () => {
      const clock = { now: at('2025-01-01T10:00:00Z') };
      const limiter = f.instance(clock);
      assert.deepEqual(await limiter.consume(one('target:alice', 2, HOUR)), { ok: true });
      assert.deepEqual(await limiter.consume(one('target:alice', 2, HOUR)), { ok: true });
      assert.deepEqual(await limiter.consume(one('target:alice', 2, HOUR)), {
        ok: false,
        refused: 'target:alice',
      });
      assert.deepEqual(await limiter.consume(one('target:bob', 2, HOUR)), { ok: true });
      // Refusals were not counted: the window frees up exactly an hour after the first two uses.
      clock.now = plus(clock.now, HOUR);
      assert.deepEqual(await limiter.consume(one('target:alice', 2, HOUR, 2)), { ok: true });
    });

    it('six resets of one user across a day boundary with 3 per 24 h: only 3 (no burst at midnight)', async () => {
      const clock = { now: at('2025-03-31T23:59:00Z') };
      const limiter = f.instance(clock);
      const results: boolean[] = [];
      for (let i = 0; i < 6; i += 1) {
        results.push((await limiter.consume(one('target:u1', 3, DAY))).ok);
        clock.now = plus(clock.now, 15_000); // six attempts within 90 seconds, across 00:00
      }
      assert.deepEqual(results, [true, true, true, false, false, false]);
      // Still refused a minute before the first use leaves the window; allowed once it has.
      clock.now = plus(at('2025-03-31T23:59:00Z'), DAY - 60_000);
      assert.equal((await limiter.consume(one('target:u1', 3, DAY))).ok, false);
      clock.now = plus(at('2025-03-31T23:59:00Z'), DAY);
      assert.equal((await limiter.consume(one('target:u1', 3, DAY))).ok, true);
      assert.equal((await limiter.consume(one('target:u1', 3, DAY))).ok, false);
    });

    it('40 resets by one requester around an hour boundary with 20 per hour: only 20', async () => {
      const clock = { now: at('2025-01-01T10:59:40Z') };
      const limiter = f.instance(clock);
      let allowed = 0;
      for (let i = 0; i < 40; i += 1) {
        if ((await limiter.consume(one('requester:r1', 20, HOUR))).ok) allowed += 1;
        clock.now = plus(clock.now, 1_000); // 10:59:40 … 11:00:19
      }
      assert.equal(allowed, 20);
    });

    it('counts several limits all-or-nothing: a refusal by one spends nothing of the others', async () => {
      const clock = { now: at('2025-01-01T12:00:00Z') };
      const limiter = f.instance(clock);
      const requester = { key: 'requester:r1', limit: 2, windowMs: HOUR };
      const target = (id: string) => ({ key: `target:${id}`, limit: 1, windowMs: DAY });
      assert.deepEqual(await limiter.consume([requester, target('t1')]), { ok: true });
      // The target is spent: refused, and the requester's second use is still there.
      for (let i = 0; i < 5; i += 1) {
        assert.deepEqual(await limiter.consume([requester, target('t1')]), {
          ok: false,
          refused: 'target:t1',
        });
      }
      assert.deepEqual(await limiter.consume([requester, target('t2')]), { ok: true });
      assert.deepEqual(await limiter.consume([requester, target('t3')]), {
        ok: false,
        refused: 'requester:r1',
      });
      // t3 was not spent by that refusal either.
      clock.now = plus(clock.now, HOUR);
      assert.deepEqual(await limiter.consume([requester, target('t3')]), { ok: true });
    });

    it('names the first limit that refuses, in the order given', async () => {
      const clock = { now: at('2025-01-01T12:00:00Z') };
      const limiter = f.instance(clock);
      await limiter.consume([
        { key: 'a', limit: 1, windowMs: HOUR },
        { key: 'b', limit: 1, windowMs: HOUR },
      ]);
      assert.deepEqual(
        await limiter.consume([
          { key: 'b', limit: 1, windowMs: HOUR },
          { key: 'a', limit: 1, windowMs: HOUR },
        ]),
        { ok: false, refused: 'b' },
      );
    });

    it('counts an amount of several uses at once, and refuses one that would overshoot', async () => {
      const clock = { now: at('2025-01-01T12:00:00Z') };
      const limiter = f.instance(clock);
      assert.deepEqual(await limiter.consume(one('requester:r2', 5, HOUR, 3)), { ok: true });
      assert.deepEqual(await limiter.consume(one('requester:r2', 5, HOUR, 3)), {
        ok: false,
        refused: 'requester:r2',
      });
      assert.deepEqual(await limiter.consume(one('requester:r2', 5, HOUR, 2)), { ok: true });
      assert.equal((await limiter.consume(one('requester:r2', 5, HOUR))).ok, false);
    });

    it('a limit of zero refuses; a bad window, limit or amount, or one key twice, is a programming error', async () => {
      const limiter = f.instance({ now: new Date() });
      assert.deepEqual(await limiter.consume(one('k', 0, HOUR)), { ok: false, refused: 'k' });
      for (const bad of [
        one('k', 1, 0),
        one('k', 1, 1.5),
        one('k', -1, HOUR),
        one('k', 1, HOUR, 0),
        one('k', 100_000, HOUR),
        [...one('k', 1, HOUR), ...one('k', 1, HOUR)],
      ]) {
        await assert.rejects(limiter.consume(bad), RangeError, JSON.stringify(bad));
      }
      assert.deepEqual(await limiter.consume([]), { ok: true });
    });

    it('takes keys with characters no storage key may hold', async () => {
      const limiter = f.instance({ now: new Date() });
      const key = "target:o'brien/#?\u0001@contoso.com";
      assert.equal((await limiter.consume(one(key, 1, HOUR))).ok, true);
      assert.equal((await limiter.consume(one(key, 1, HOUR))).ok, false);
      assert.equal((await limiter.consume(one("target:o'brien", 1, HOUR))).ok, true);
    });

    it('50 concurrent consumes from two instances with limit 20: exactly 20 succeed', async () => {
      const clock = { now: new Date() };
      const [a, b] = [f.instance(clock), f.instance(clock)];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? a : b).consume([
            { key: 'requester:admin-1', limit: 20, windowMs: HOUR },
            { key: `target:${i}`, limit: 3, windowMs: DAY },
          ]),
        ),
      );
      assert.equal(results.filter((r) => r.ok).length, 20);
      assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.refused === 'requester:admin-1'));
      // Exactly 20 were counted: not one more fits.
      assert.equal((await a.consume(one('requester:admin-1', 20, HOUR))).ok, false);
      assert.equal((await a.consume(one('requester:admin-1', 21, HOUR))).ok, true);
    });

    it('under contention, a request refused by its target gives back what it took from the requester', async () => {
      const clock = { now: new Date() };
      const [a, b] = [f.instance(clock), f.instance(clock)];
      const requester = { key: 'requester:admin-2', limit: 30, windowMs: HOUR };
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? a : b).consume([requester, { key: 'target:contended', limit: 1, windowMs: DAY }]),
        ),
      );
      assert.equal(results.filter((r) => r.ok).length, 1);
      // Only the one reset counted against the requester: 29 more fit, the 30th does not.
      assert.deepEqual(await a.consume([{ ...requester, amount: 29 }]), { ok: true });
      assert.deepEqual(await b.consume([requester]), { ok: false, refused: 'requester:admin-2' });
    });
  });
}
