/**
 * The bot against a bare botbuilder echo bot, both sent `help` by the same client: latency one request at
 * a time (alternating between the two, so both see the same machine), in rounds, then throughput with a
 * fixed number of concurrent senders for a fixed time, alternating rounds.
 */
import { sayOnce, type Conversation } from './driver';
import type { SeedPerson } from './seed';
import { perSecond } from './stats';

/** What was measured for one bot. */
export interface HelpSide {
  /** Latencies of the one-at-a-time requests (ms), one list per round. */
  readonly latencies: number[][];
  /** Requests per second, one per round. */
  readonly throughput: number[];
}

/** Both bots. */
export interface HelpResult {
  readonly bot: HelpSide;
  readonly echo: HelpSide;
  readonly concurrency: number;
  readonly roundMs: number;
}

/** Measures both bots. */
export async function measureHelp(
  conversation: Conversation,
  urls: { bot: string; echo: string },
  person: SeedPerson,
  sizes: { requests: number; rounds: number; roundMs: number; concurrency: number },
): Promise<HelpResult> {
  const result: HelpResult = {
    bot: { latencies: [], throughput: [] },
    echo: { latencies: [], throughput: [] },
    concurrency: sizes.concurrency,
    roundMs: sizes.roundMs,
  };
  const say = (url: string) => sayOnce(conversation, url, person, 'help');
  // Warm-up: JIT, connections, first-use caches.
  for (let i = 0; i < 20; i++) {
    await say(urls.bot);
    await say(urls.echo);
  }
  for (let round = 0; round < sizes.rounds; round++) {
    const bot: number[] = [];
    const echo: number[] = [];
    for (let i = 0; i < sizes.requests; i++) {
      bot.push(await say(urls.bot));
      echo.push(await say(urls.echo));
    }
    result.bot.latencies.push(bot);
    result.echo.latencies.push(echo);
  }
  for (let round = 0; round < sizes.rounds; round++) {
    result.bot.throughput.push(await throughput(() => say(urls.bot), sizes.concurrency, sizes.roundMs));
    result.echo.throughput.push(await throughput(() => say(urls.echo), sizes.concurrency, sizes.roundMs));
  }
  return result;
}

/** Requests per second that `concurrency` senders, each sending as soon as answered, complete in `ms`. */
async function throughput(send: () => Promise<number>, concurrency: number, ms: number): Promise<number> {
  const started = performance.now();
  const until = started + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await send();
        done += 1;
      }
    }),
  );
  return perSecond(done, performance.now() - started);
}
