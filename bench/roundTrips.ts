/**
 * Sequential Graph round trips on the two critical paths, counted twice: from the local tenant's request
 * log (round trips that had to wait for one another, by their times) and from latency (every Graph round
 * trip made L slower; the path got depth × L slower). A `$batch` is one round trip: the latency is added
 * to the batch call, not to its items.
 */
import type { LoggedRequest } from '../tests/support/tenant';
import { openForm, submit, waitOutcome } from './driver';
import type { BenchEnv } from './env';
import type { SeedPerson } from './seed';
import { latencyDepth, median, sequentialDepth, type Interval } from './stats';

/** One path measured at one latency. */
interface PathRun {
  readonly elapsedMs: number;
  /** Round trips that followed one another, from the tenant's log. */
  readonly sequential: number;
  /** Every Graph round trip of the path. */
  readonly total: number;
}

/** What the measurement found. */
export interface RoundTripResult {
  readonly latencyMs: number;
  readonly form: { readonly atZero: PathRun[]; readonly atLatency: PathRun[] };
  readonly submit: { readonly atZero: PathRun[]; readonly atLatency: PathRun[] };
}

/** The figures of a result. */
export function roundTripFigures(result: RoundTripResult): {
  formSequential: number;
  formDepth: number;
  submitSequential: number;
  submitDepth: number;
} {
  const depth = (path: RoundTripResult['form']): number =>
    latencyDepth(
      median(path.atZero.map((r) => r.elapsedMs)),
      median(path.atLatency.map((r) => r.elapsedMs)),
      result.latencyMs,
    );
  return {
    // Counted on the runs with latency, where every round trip is long and their order unmistakable.
    formSequential: Math.max(...result.form.atLatency.map((r) => r.sequential)),
    formDepth: depth(result.form),
    submitSequential: Math.max(...result.submit.atLatency.map((r) => r.sequential)),
    submitDepth: depth(result.submit),
  };
}

/** Top-level Graph calls (a `$batch` as a whole, not its items; no token requests) as time spans. */
export function graphRoundTrips(log: readonly LoggedRequest[]): (Interval & { seq: number; path: string })[] {
  return log
    .filter((r) => r.batch === undefined && r.path.startsWith('/v1.0/'))
    .map((r) => {
      const start = Date.parse(r.at);
      return { seq: r.seq, path: r.path, start, end: start + r.durationMs };
    });
}

/**
 * When Graph accepted the path's mail: the end of the last round trip that carried a `sendMail` (the bot
 * learns it when that answer arrives). Null when no mail went.
 */
export function mailAcceptedAt(log: readonly LoggedRequest[]): number | null {
  const carriers = new Set(
    log.filter((r) => /\/sendMail$/.test(r.path) && r.status === 202).map((r) => r.batch ?? r.seq),
  );
  const ends = log.filter((r) => carriers.has(r.seq)).map((r) => Date.parse(r.at) + r.durationMs);
  return ends.length > 0 ? Math.max(...ends) : null;
}

/** The tenant log after `since`, polled until nothing new arrives for a moment. */
async function logSince(env: BenchEnv, since: number): Promise<LoggedRequest[]> {
  return env.admin.requests(since);
}

async function lastSeq(env: BenchEnv, since: number): Promise<number> {
  const log = await env.admin.requests(since);
  return log.reduce((max, r) => Math.max(max, r.seq), since);
}

/** Measures both paths `runs` times at 0 ms and at `latencyMs` of added Graph latency. */
export async function measureRoundTrips(
  env: BenchEnv,
  requester: SeedPerson,
  targets: readonly SeedPerson[],
  runs: number,
  latencyMs: number,
): Promise<RoundTripResult> {
  const result: RoundTripResult = {
    latencyMs,
    form: { atZero: [], atLatency: [] },
    submit: { atZero: [], atLatency: [] },
  };
  let seq = await lastSeq(env, 0);
  let next = 0;
  for (const latency of [0, latencyMs]) {
    await env.graphLatency(latency);
    for (let i = 0; i < runs; i++) {
      const target = targets[next++ % targets.length];
      const form = await openForm(env, env.botUrl, requester, [target]);
      const formLog = await logSince(env, seq);
      seq = formLog.reduce((max, r) => Math.max(max, r.seq), seq);
      const formTrips = graphRoundTrips(formLog).filter((r) => r.start >= form.sentAt - 5);
      (latency === 0 ? result.form.atZero : result.form.atLatency).push({
        elapsedMs: form.elapsedMs,
        sequential: sequentialDepth(formTrips),
        total: formTrips.length,
      });

      const submitted = await submit(env, env.botUrl, form);
      await waitOutcome(env, form, submitted.mark, 60_000);
      const submitLog = await logSince(env, seq);
      seq = submitLog.reduce((max, r) => Math.max(max, r.seq), seq);
      const accepted = mailAcceptedAt(submitLog);
      if (accepted === null) throw new Error('the submit sent no mail: see the bot log');
      const submitTrips = graphRoundTrips(submitLog).filter(
        (r) => r.start >= submitted.sentAt - 5 && r.end <= accepted,
      );
      (latency === 0 ? result.submit.atZero : result.submit.atLatency).push({
        elapsedMs: accepted - submitted.sentAt,
        sequential: sequentialDepth(submitTrips),
        total: submitTrips.length,
      });
    }
  }
  await env.graphLatency(0);
  return result;
}
