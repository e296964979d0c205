/** Timing for the tests that prove a parser's cost is linear in its input. */

/** The fastest of a few runs of `work`, in milliseconds: the least disturbed by garbage collection and the other tests. */
export function fastestOf(work: () => unknown, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}
