/**
 * Storage calls per submit, counted by a proxy in front of Azurite: a second bot instance (the "probe")
 * talks to storage only through it, and the bench sends that instance one reset at a time. Calls made
 * before the invoke was answered are the ones Teams waits for; "in all" runs until the request is done
 * and storage has been quiet for a moment. The recovery pass every instance runs on a timer is left out.
 */
import { azuriteConnectionString } from '../src/local/azurite';
import { answeredWithCard, openForm, submit, waitOutcome } from './driver';
import type { BenchEnv } from './env';
import type { SeedPerson } from './seed';
import {
  isRecoverySweep,
  startStorageCounter,
  type StorageCall,
  type StorageCounter,
} from './storageCounter';

/** What one reset cost in storage calls. */
export interface StorageRun {
  /** Message → form. */
  readonly form: number;
  /** Submit → invoke answer. */
  readonly beforeAnswer: number;
  /** Submit → request done (quiet afterwards). */
  readonly total: number;
  /** The submit's calls, for the report: when (ms after the submit was sent), method, what they touched. */
  readonly calls: string[];
}

const QUIET_MS = 1_000;

/** Measures `runs` resets (after one unmeasured warm-up) through a probe instance. */
export async function measureStorageCalls(
  env: BenchEnv,
  requester: SeedPerson,
  targets: readonly SeedPerson[],
  runs: number,
): Promise<StorageRun[]> {
  const counter = await startStorageCounter(env.azuritePort);
  env.scratch.onClose('storage counter', () => counter.stop());
  const probe = await env.stack.startExtraBot({
    STORAGE_CONNECTION_STRING: azuriteConnectionString(counter.port),
  });
  try {
    const results: StorageRun[] = [];
    for (let i = 0; i <= runs; i++) {
      const target = targets[i % targets.length];
      const formMark = counter.mark();
      const form = await openForm(env, probe.url, requester, [target]);
      const formCalls = counted(counter, formMark);
      const submitMark = counter.mark();
      const submitted = await submit(env, probe.url, form);
      const answerMark = counter.mark();
      if (!answeredWithCard(submitted))
        throw new Error('the probe instance did not answer the submit with a card');
      await waitOutcome(env, form, submitted.mark, 60_000);
      await quiet(counter);
      const calls = counter.callsSince(submitMark).filter((call) => !isRecoverySweep(call));
      if (i === 0) continue; // warm-up
      results.push({
        form: formCalls.length,
        beforeAnswer: calls.filter((call) => call.seq <= answerMark).length,
        total: calls.length,
        calls: calls.map((call) => `+${call.at - submitted.sentAt} ms ${describe(call)}`),
      });
    }
    return results;
  } finally {
    await probe.stop();
    await counter.stop();
  }
}

function counted(counter: StorageCounter, since: number): StorageCall[] {
  return counter.callsSince(since).filter((call) => !isRecoverySweep(call));
}

/** Waits until storage saw no call for {@link QUIET_MS} (at most 10 s). */
async function quiet(counter: StorageCounter): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = counter.mark();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const now = counter.mark();
    if (now === last || Date.now() > deadline) return;
    last = now;
  }
}

/** `GET pwresetRequests(PartitionKey,RowKey)`-like text without values that identify anyone. */
function describe(call: StorageCall): string {
  const path = call.target.split('?')[0].replace(/^\/devstoreaccount1\//, '');
  const table = /^([A-Za-z0-9$]+)/.exec(path)?.[1] ?? path;
  const kind = /\(PartitionKey=/.test(path)
    ? 'entity'
    : table === '$batch'
      ? 'transaction'
      : /\?\$filter|\?.*filter/.test(call.target)
        ? 'query'
        : 'table';
  return `${call.method} ${table} ${kind}`;
}
