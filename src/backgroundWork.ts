/**
 * Work that outlives the request that started it (a reset after the invoke was answered), run at a
 * bounded concurrency: under a burst the invokes are still answered at once and the work behind them
 * waits its turn here (its claim kept alive meanwhile), instead of piling calls onto storage and Graph
 * until they time out. Tracked so a graceful shutdown can wait for what is in flight.
 */
import type { Logger } from './logger';
import { inSpan } from './telemetry';

/** Runs detached work, at most `concurrency` at a time, in arrival order. */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;

  constructor(
    private readonly logger: Logger,
    private readonly concurrency: number = Infinity,
  ) {}

  /** Starts `work` when a slot is free, in a span of its own; failures are logged, never unhandled. */
  run(name: string, work: () => Promise<void>): void {
    const promise = this.slot()
      .then(() => inSpan('background work', { work: name }, work))
      .catch((error: unknown) => this.logger.error({ err: error, work: name }, 'background work failed'))
      .finally(() => {
        this.running.delete(promise);
        this.release();
      });
    this.running.add(promise);
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
    if (this.active < this.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
