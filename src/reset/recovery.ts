/**
 * After a crash: every claimed request that nobody has touched for a while is taken over (with an ETag,
 * so only one instance does it) and run by the same engine as a submit (engine.ts), which starts each
 * user where its record says:
 * - never authorized in this attempt: authorized on fresh roles first, then run from the start (a
 *   password the admin typed is never stored before it is applied, so such a user is "not reset");
 * - a reset sent but not recorded: the kept password is applied again (idempotent), so the user never
 *   ends up with a password nobody knows;
 * - a mail sent but not recorded: it may have gone; it is never sent again automatically (mail-unknown);
 * - everything final but the card: the card is replaced, then the request is done.
 */
import { settleExpiredApprovals } from './approval';
import { announceMissedApprovals } from './approvalGate';
import type { ResetDeps } from './deps';
import { isSettled, runRequest } from './engine';
import type { ResetRequest } from './model';
import type { Versioned } from './ports';
import { RequestRun } from './run';
import { saveIfCurrent } from './saveIfCurrent';

/**
 * Looks for orphans now and then every `everyMs`, one pass at a time (a slow pass is never doubled);
 * each pass runs through `schedule` (the bounded background work). Returns a stop function.
 */
export function startRecovery(
  deps: ResetDeps,
  schedule: (name: string, work: () => Promise<void>) => void,
  everyMs: number,
): () => void {
  let passing = false;
  const pass = (): void => {
    if (passing) return;
    passing = true;
    schedule('recovery', async () => {
      try {
        // One listing serves the three: each reads a request again before it changes it.
        const unfinished = await deps.requests.listUnfinished();
        await recoverUnfinished(deps, unfinished);
        // An approval card a crash kept from being posted goes out now; requests nobody approved in
        // time end here, and their requesters are told.
        await announceMissedApprovals(deps, unfinished);
        await settleExpiredApprovals(deps, unfinished);
      } finally {
        passing = false;
      }
    });
  };
  pass();
  const timer = setInterval(pass, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Finishes every orphaned request; returns how many were brought to a final state. */
export async function recoverUnfinished(
  deps: ResetDeps,
  unfinished?: readonly Versioned<ResetRequest>[],
): Promise<number> {
  let recovered = 0;
  for (const found of unfinished ?? (await deps.requests.listUnfinished())) {
    const age = deps.now().getTime() - Date.parse(found.value.updatedAt ?? found.value.createdAt);
    if (found.value.state !== 'claimed' || age < deps.settings.recoverAfterMs) continue;
    const taken = await takeOver(deps, found);
    if (!taken) continue;
    const run = new RequestRun(deps, taken, `recovery-${taken.value.id}`);
    await runRequest(run, { customPassword: null });
    if (isSettled(run)) recovered += 1;
  }
  return recovered;
}

/** Claims the orphan for this instance by touching it with its ETag; null if another instance won. */
async function takeOver(
  deps: ResetDeps,
  found: Versioned<ResetRequest>,
): Promise<Versioned<ResetRequest> | null> {
  return saveIfCurrent(deps.requests, { ...found.value, updatedAt: deps.now().toISOString() }, found.etag);
}
