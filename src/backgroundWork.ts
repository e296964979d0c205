/**
 * Work that outlives the request that started it (a reset after the invoke was answered), run at a
 * bounded concurrency: under a burst the invokes are still answered at once and the work behind them
 * waits its turn here (its claim kept alive meanwhile), instead of piling calls onto storage and Graph
 * until they time out. Tracked so a graceful shutdown can wait for what is in flight.
 *
 * Answers come first: while an invoke is being answered (`foreground`), waiting work does not start, so
 * fifty admins pressing "Reset" at once get their fifty "resetting…" cards before the resets behind them
 * compete for the same process and the same storage. Work never waits more than `maxDeferMs` for that,
 * so a steady stream of invokes cannot starve it.
 */
import type { Logger } from './logger';
import { inSpan } from './telemetry';

/** How long waiting work may be held back by invokes being answered, by default. */
const MAX_DEFER_MS = 1_000;

/** Runs detached work, at most `concurrency` at a time, in arrival order, after the answers in flight. */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: { readonly since: number; readonly start: () => void }[] = [];
  private active = 0;
  private answering = 0;
  private deferTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly concurrency: number = Infinity,
    private readonly maxDeferMs: number = MAX_DEFER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts `work` when a slot is free, in a span of its own; failures are logged, never unhandled. */
  run(name: string, work: () => Promise<void>): void {
    const promise = this.slot()
      .then(() => inSpan('background work', { work: name }, work))
      .catch((error: unknown) => this.logger.error({ err: error, work: name }, 'background work failed'))
      .finally(() => {
        this.running.delete(promise);
        this.active -= 1;
        this.pump();
      });
    this.running.add(promise);
  }

  /** Runs `answer` (an invoke being answered); waiting work starts only once no answer is in flight. */
  async foreground<T>(answer: () => Promise<T>): Promise<T> {
    this.answering += 1;
    try {
      return await answer();
    } finally {
      this.answering -= 1;
      this.pump();
    }
  }

  /** How many are in flight or waiting. */
  get size(): number {
    return this.running.size;
  }

  /** Resolves when everything has finished (or the timeout passed); returns what was left. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
    return this.running.size;
  }

  private slot(): Promise<void> {
    return new Promise((start) => {
      this.waiting.push({ since: this.now(), start });
      this.pump();
    });
  }

  /** Starts waiting work while there are free slots and no answer holds it back (or it waited enough). */
  private pump(): void {
    while (this.waiting.length > 0 && this.active < this.concurrency) {
      const overdue = this.now() - this.waiting[0].since >= this.maxDeferMs;
      if (this.answering > 0 && !overdue) break;
      this.active += 1;
      this.waiting.shift()!.start();
    }
    this.scheduleOverdueCheck();
  }

  /** While work is held back by answers, looks again when the oldest one is due. */
  private scheduleOverdueCheck(): void {
    if (this.deferTimer || this.waiting.length === 0 || this.active >= this.concurrency) return;
    const dueIn = Math.max(0, this.waiting[0].since + this.maxDeferMs - this.now());
    this.deferTimer = setTimeout(() => {
      this.deferTimer = null;
      this.pump();
    }, dueIn);
    this.deferTimer.unref();
  }
}
