/**
 * Work that outlives the request that started it (a reset after the invoke was answered). Tracked so a
 * graceful shutdown can wait for in-flight resets instead of cutting them in half.
 */
import type { Logger } from './logger';
import { inSpan } from './telemetry';

/** Tracks detached promises. */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work` detached, in a span of its own; failures are logged, never unhandled. */
  run(name: string, work: () => Promise<void>): void {
    const promise = Promise.resolve()
      .then(() => inSpan('background work', { work: name }, work))
      .catch((error: unknown) => this.logger.error({ err: error, work: name }, 'background work failed'))
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** How many are in flight. */
  get size(): number {
    return this.running.size;
  }

  /** Resolves when everything in flight has finished (or the timeout passed); returns what was left. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
    return this.running.size;
  }
}
