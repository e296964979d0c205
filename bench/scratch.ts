/**
 * A run's scratch folder in the temporary directory and everything that must stop with it. `npm run bench`
 * and `npm run reliability` register each process or server they start; on the normal end, on an error
 * and on Ctrl-C (SIGINT) or SIGTERM they stop them, newest first, and delete the folder, so a run leaves
 * nothing behind in the temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Exit code after a signal: 128 + its number, as shells report it. */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/** A scratch folder and the clean-ups that go with it. */
export class Scratch {
  readonly dir: string;
  private readonly cleanups: { name: string; run: () => Promise<void> }[] = [];
  private closing: Promise<void> | null = null;

  constructor(
    prefix: string,
    private readonly keep = false,
  ) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  }

  /** Registers something to stop at the end (stopped in reverse order of registration). */
  onClose(name: string, run: () => Promise<void>): void {
    this.cleanups.push({ name, run });
  }

  /** Stops everything registered and deletes the folder (unless kept); runs once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const cleanup of [...this.cleanups].reverse()) {
        await cleanup.run().catch((error: unknown) => {
          console.error(`could not stop ${cleanup.name}: ${(error as Error).message}`);
        });
      }
      if (this.keep) console.log(`data kept in ${this.dir}`);
      else rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.closing;
  }
}

/** Exit code when the run itself failed (as opposed to a goal it measured). */
export const RUN_FAILED = 2;

/**
 * Runs `body` with a scratch folder and exits the process with the code `body` resolves with (0 when
 * none), {@link RUN_FAILED} on an error, 130/143 after Ctrl-C or SIGTERM (also when the stop made the run
 * fail first: its requests are cut off before this process hears the signal); in every case only after
 * {@link Scratch.close}. A second Ctrl-C while closing deletes the folder at once and exits.
 */
export function runWithScratch(
  prefix: string,
  body: (scratch: Scratch) => Promise<number | void>,
  options: { keep?: boolean; label: string },
): void {
  const scratch = new Scratch(prefix, options.keep ?? false);
  let signalled: NodeJS.Signals | null = null;
  let finishing = false;
  /** Closes once and exits; a signal received meanwhile decides the exit code. */
  const finish = (code: number): void => {
    if (finishing) return;
    finishing = true;
    void scratch.close().finally(() => process.exit(signalled ? (SIGNAL_EXIT[signalled] ?? 1) : code));
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      if (!options.keep) rmSync(scratch.dir, { recursive: true, force: true });
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    signalled = signal;
    console.error(`\n${options.label}: ${signal}, stopping and cleaning up…`);
    finish(SIGNAL_EXIT[signal] ?? 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A failure (a request cut off by a stop, a bug), stray or not, still stops everything it started.
  const onFailure = (error: unknown): void => {
    if (finishing) return;
    // Give a signal that caused it (Ctrl-C reaches the children too) the moment to arrive.
    setTimeout(() => {
      if (!signalled && !finishing) console.error(`${options.label} failed:`, error);
      finish(RUN_FAILED);
    }, 200);
  };
  process.on('unhandledRejection', onFailure);
  process.on('uncaughtException', onFailure);
  body(scratch).then((code) => finish(code ?? 0), onFailure);
}
