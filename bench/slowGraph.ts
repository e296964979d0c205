/**
 * Graph in a brownout: every Graph round trip takes `latencyMs` (12 s: within the bot's per-call timeout,
 * GRAPH_TIMEOUT_SECONDS, 30 s by default, and near Teams' 15 s invoke limit). The form is opened while
 * Graph is fast; the submit is delivered once Graph is slow. The invoke must be answered at once and the
 * outcome told later on the card.
 */
import { answeredWithCard, headlineOf, openForm, submit, waitOutcome } from './driver';
import type { BenchEnv } from './env';
import type { SeedPerson } from './seed';

/** With `slowThroughout` false: Graph is fast again this long after the invoke was answered. */
export const FAST_AGAIN_AFTER_MS = 2_000;

/** What happened. */
export interface SlowGraphResult {
  readonly latencyMs: number;
  readonly answerMs: number;
  readonly answeredWithCard: boolean;
  /** Submit → outcome on the card, or null when none came within the wait. */
  readonly outcomeMs: number | null;
  readonly headline: string | null;
  /** Whether Graph stayed slow until the outcome (false: fast again shortly after the answer). */
  readonly slowThroughout: boolean;
}

/** Measures one submit; with `slowThroughout` false, Graph is fast again shortly after the answer. */
export async function measureSlowGraph(
  env: BenchEnv,
  requester: SeedPerson,
  target: SeedPerson,
  options: { latencyMs: number; slowThroughout: boolean; outcomeTimeoutMs: number },
): Promise<SlowGraphResult> {
  await env.graphLatency(0);
  const form = await openForm(env, env.botUrl, requester, [target]);
  await env.graphLatency(options.latencyMs);
  try {
    const submitted = await submit(env, env.botUrl, form, 60_000);
    if (!options.slowThroughout) {
      // Long enough for the run's first Graph call to be slowed (and time out), then fast again.
      await new Promise((resolve) => setTimeout(resolve, FAST_AGAIN_AFTER_MS));
      await env.graphLatency(0);
    }
    const outcome = await waitOutcome(env, form, submitted.mark, options.outcomeTimeoutMs).catch(() => null);
    return {
      latencyMs: options.latencyMs,
      answerMs: submitted.answerMs,
      answeredWithCard: answeredWithCard(submitted),
      outcomeMs: outcome ? outcome.at - submitted.sentAt : null,
      headline: outcome ? headlineOf(outcome) : null,
      slowThroughout: options.slowThroughout,
    };
  } finally {
    await env.graphLatency(0);
  }
}
