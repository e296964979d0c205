/**
 * Many admins pressing "Reset" at the same moment: each has a form open (opened beforehand), all
 * submits are delivered at once, and the bench records how long each invoke took to be answered, how
 * long until each card showed the outcome, and the bot's peak resident memory during the burst.
 */
import { answeredWithCard, headlineOf, openForm, submit, waitOutcome, type Form } from './driver';
import type { BenchEnv } from './env';
import { peakRssMb, resetPeak, sampleRss } from './memory';
import type { SeedPerson } from './seed';

/** One burst. */
export interface BurstResult {
  readonly admins: number;
  readonly latencyMs: number;
  /** Invoke answer times (ms), one per admin. */
  readonly answers: number[];
  /** Submit → outcome on the card (ms), for those told within the wait. */
  readonly outcomes: number[];
  /** Outcome headlines and how many cards showed each. */
  readonly headlines: Record<string, number>;
  /** Invokes not answered with a card. */
  readonly badAnswers: number;
  /** Cards with no outcome within the wait. */
  readonly untold: number;
  /** VmHWM after the burst, reset just before it (null where the kernel does not allow a reset). */
  readonly peakMb: number | null;
  /** Highest RSS sampled every 50 ms during the burst. */
  readonly sampledPeakMb: number;
}

/** Opens one form per admin (each for its own user), `parallel` at a time. */
export async function openForms(
  env: BenchEnv,
  admins: readonly SeedPerson[],
  targets: readonly SeedPerson[],
  parallel = 10,
): Promise<Form[]> {
  const forms: Form[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < admins.length) {
        const i = next++;
        forms[i] = await openForm(env, env.botUrl, admins[i], [targets[i]]);
      }
    }),
  );
  return forms;
}

/** Delivers every form's submit at once (Graph latency is the caller's to set) and waits for the cards. */
export async function burst(
  env: BenchEnv,
  forms: readonly Form[],
  latencyMs: number,
  outcomeTimeoutMs: number,
): Promise<BurstResult> {
  const peakReset = resetPeak(env.botPid);
  const sampler = sampleRss(env.botPid);
  const submitted = await Promise.all(forms.map((form) => submit(env, env.botUrl, form, 60_000)));
  const told = await Promise.all(
    forms.map((form, i) =>
      waitOutcome(env, form, submitted[i].mark, outcomeTimeoutMs).then(
        (call) => ({ call, ms: call.at - submitted[i].sentAt }),
        () => null,
      ),
    ),
  );
  const sampledPeakMb = sampler.stop();
  const headlines: Record<string, number> = {};
  for (const outcome of told) {
    if (!outcome) continue;
    const headline = headlineOf(outcome.call);
    headlines[headline] = (headlines[headline] ?? 0) + 1;
  }
  return {
    admins: forms.length,
    latencyMs,
    answers: submitted.map((s) => s.answerMs),
    outcomes: told.filter((o) => o !== null).map((o) => o!.ms),
    headlines,
    badAnswers: submitted.filter((s) => !answeredWithCard(s)).length,
    untold: told.filter((o) => o === null).length,
    peakMb: peakReset ? peakRssMb(env.botPid) : null,
    sampledPeakMb,
  };
}
