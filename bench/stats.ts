/**
 * The arithmetic of `npm run bench`, kept pure so it is unit-tested: quantiles, medians, how many Graph
 * round trips followed one another (from the tenant's log, and from added latency), and ratios.
 */

/** The value at quantile `q` (0..1) by the nearest-rank method; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  if (q < 0 || q > 1) throw new RangeError(`quantile ${q} is not between 0 and 1`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/** The median (the mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A span of time in milliseconds since the epoch. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * The longest chain of intervals each of which starts once the previous one has ended: how many round
 * trips had to wait for one another. Round trips that overlap ran in parallel and count once. (Greedy by
 * end time gives the largest set of pairwise disjoint intervals.)
 */
export function sequentialDepth(intervals: readonly Interval[]): number {
  const byEnd = [...intervals].sort((a, b) => a.end - b.end || a.start - b.start);
  let depth = 0;
  let lastEnd = -Infinity;
  for (const interval of byEnd) {
    if (interval.start >= lastEnd) {
      depth += 1;
      lastEnd = interval.end;
    }
  }
  return depth;
}

/**
 * Sequential round trips seen through latency: every round trip got `latencyMs` more, so the time grew
 * by that much for each one the path had to wait for: depth = (T(L) − T(0)) / L.
 */
export function latencyDepth(timeAtZeroMs: number, timeAtLatencyMs: number, latencyMs: number): number {
  if (!(latencyMs > 0)) throw new RangeError('the added latency must be positive');
  return (timeAtLatencyMs - timeAtZeroMs) / latencyMs;
}

/** measured / reference; NaN when the reference is not a positive number. */
export function ratio(measured: number, reference: number): number {
  return reference > 0 && Number.isFinite(measured) ? measured / reference : NaN;
}

/** Requests per second from a count and a duration in milliseconds. */
export function perSecond(count: number, durationMs: number): number {
  return durationMs > 0 ? (count * 1000) / durationMs : NaN;
}
