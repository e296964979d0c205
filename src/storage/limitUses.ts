/**
 * What every RateLimiter implementation checks and computes the same way: the validation of a
 * `consume` call, and the sliding window over a log of use timestamps (one entry per counted use).
 */
import { MAX_RATE_LIMIT } from '../policy/rateLimits';
import type { LimitUse } from '../reset/ports';

/** A validated limit use, with its amount. */
export interface CheckedUse {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly amount: number;
}

/** The uses of one `consume` call, checked; a malformed one is a programming error (RangeError). */
export function checkUses(limits: readonly LimitUse[]): CheckedUse[] {
  const seen = new Set<string>();
  return limits.map(({ key, limit, windowMs, amount = 1 }) => {
    if (typeof key !== 'string' || !key) throw new RangeError('a limit needs a key');
    if (seen.has(key)) throw new RangeError(`the limit ${key} is given twice`);
    seen.add(key);
    if (!Number.isInteger(windowMs) || windowMs <= 0)
      throw new RangeError('windowMs must be a positive integer');
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_RATE_LIMIT)
      throw new RangeError(`limit must be a whole number from 0 to ${MAX_RATE_LIMIT}`);
    if (!Number.isInteger(amount) || amount < 1) throw new RangeError('amount must be a positive integer');
    return { key, limit, windowMs, amount };
  });
}

/** The uses still inside the window ending at `nowMs` (a use counts for exactly `windowMs`). */
function liveUses(log: readonly number[], nowMs: number, windowMs: number): number[] {
  return log.filter((at) => at > nowMs - windowMs);
}

/** True when `amount` more uses fit in the window. */
export function fits(log: readonly number[], use: CheckedUse, nowMs: number): boolean {
  return liveUses(log, nowMs, use.windowMs).length + use.amount <= use.limit;
}

/** The log after counting `amount` uses at `nowMs` (older uses dropped), in time order. */
export function counted(log: readonly number[], use: CheckedUse, nowMs: number): number[] {
  return [...liveUses(log, nowMs, use.windowMs), ...Array<number>(use.amount).fill(nowMs)].sort(
    (a, b) => a - b,
  );
}

/** The log without `amount` uses at `atMs` (taking back what a refused request counted). */
export function uncounted(log: readonly number[], amount: number, atMs: number): number[] {
  const kept = [...log];
  for (let removed = 0; removed < amount; removed += 1) {
    const index = kept.indexOf(atMs);
    if (index < 0) break;
    kept.splice(index, 1);
  }
  return kept;
}
