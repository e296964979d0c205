/**
 * After a crash: every claimed request that nobody has touched for a while is taken over (with an ETag,
 * so only one instance does it) and driven to a final state that the admin is told about.
 * - reset-intent: Graph may have applied the password or not; the stored secret lets us apply the SAME
 *   password again (idempotent), so the user never ends up with a password nobody knows.
 * - reset / revoked: carry on with sign-out and the mail.
 * - mail-intent: the mail may have gone; it is never sent again automatically (mail-unknown).
 */
import { AppError, ErrorCodes, toAppError } from '../errors';
import type { RequestTarget, ResetRequest, Versioned } from '../storage/ports';
import type { ResetDeps } from './deps';
import { mail, RequestRun, tellAndFinish } from './executeReset';

/**
 * A claimed request untouched for this long is presumed orphaned by a crashed instance. Running requests
 * touch themselves every HEARTBEAT_MS (10 s), so three missed heartbeats mean the instance is gone.
 */
export const ORPHAN_AFTER_MS = 30_000;

/** Replaces a card given its stored location. */
export type CardReplacer = (reference: string, activityId: string, card: object) => Promise<void>;

/** Finishes every orphaned request; returns how many were recovered. */
export async function recoverUnfinished(
  deps: ResetDeps,
  replaceCard: CardReplacer,
  orphanAfterMs: number = ORPHAN_AFTER_MS,
): Promise<number> {
  let recovered = 0;
  for (const found of await deps.requests.listUnfinished()) {
    const age = deps.now().getTime() - Date.parse(found.value.updatedAt ?? found.value.createdAt);
    if (found.value.state !== 'claimed' || age < orphanAfterMs) continue;
    const taken = await takeOver(deps, found);
    if (!taken) continue;
    const run = new RequestRun(deps, taken, `recovery-${taken.value.id}`);
    run.startHeartbeat();
    try {
      for (const target of run.request.targets) await resume(run, target);
    } catch (error) {
      await run.abandon(error);
    } finally {
      run.stopHeartbeat();
    }
    if (!run.settled()) continue; // interrupted again: the next pass goes on
    recovered += 1;
    const location = run.request.card;
    await tellAndFinish(
      run,
      location?.activityId
        ? (card) => replaceCard(location.conversationReference, location.activityId, card)
        : null,
    );
  }
  return recovered;
}

/** Claims the orphan for this instance by touching it with its ETag; null if another instance won. */
async function takeOver(
  deps: ResetDeps,
  found: Versioned<ResetRequest>,
): Promise<Versioned<ResetRequest> | null> {
  try {
    return await deps.requests.update({ ...found.value, updatedAt: deps.now().toISOString() }, found.etag);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) return null;
    throw error;
  }
}

async function resume(run: RequestRun, target: RequestTarget): Promise<void> {
  const { deps } = run;
  switch (target.state) {
    case 'pending':
      // Never started: nothing happened to this user; say so rather than act without the admin.
      target.state = 'reset-failed';
      target.failureCode = ErrorCodes.INTERNAL;
      await run.save();
      return;
    case 'reset-intent': {
      const password = target.secretId ? await takeSecret(run, target) : null;
      if (password === null) {
        target.state = 'reset-failed';
        target.failureCode = ErrorCodes.GRAPH_UNAVAILABLE;
        await run.save();
        return;
      }
      try {
        const receipt = await deps.directory.resetPassword(
          target.userId,
          password.secret,
          run.request.options?.forceChange ?? true,
          {
            correlationId: run.correlationId,
          },
        );
        await run.audit('reset', target, { graphRequestIds: [receipt.requestId], detail: 'recovered' });
        target.state = 'reset';
        await run.save();
      } catch (error) {
        await run.audit('reset-failed', target, { reasonCode: toAppError(error).code, detail: 'recovered' });
        target.state = 'reset-failed';
        target.failureCode = toAppError(error).code;
        await run.save();
        return;
      }
      await afterReset(run, target, password);
      return;
    }
    case 'reset':
    case 'revoke-intent':
    case 'revoked': {
      const password = target.secretId ? await takeSecret(run, target) : null;
      if (password === null) {
        target.state = 'mail-failed';
        target.failureCode = ErrorCodes.MAIL_FAILED;
        await run.save();
        return;
      }
      await afterReset(run, target, password);
      return;
    }
    case 'mail-intent':
      await run.audit('mail-unknown', target, { detail: 'recovered: the mail may have been sent' });
      target.state = 'mail-unknown';
      target.failureCode = ErrorCodes.MAIL_UNKNOWN;
      await run.save();
      return;
    default:
      return; // final states
  }
}

async function afterReset(
  run: RequestRun,
  target: RequestTarget,
  secret: { secret: string; token: string },
): Promise<void> {
  if (run.request.options?.revokeSessions && target.state === 'reset') {
    try {
      const receipt = await run.deps.directory.revokeSessions(target.userId, {
        correlationId: run.correlationId,
      });
      await run.audit('sessions-revoked', target, {
        graphRequestIds: [receipt.requestId],
        detail: 'recovered',
      });
      target.state = 'revoked';
    } catch (error) {
      await run.audit('revoke-failed', target, { reasonCode: toAppError(error).code, detail: 'recovered' });
    }
  }
  await mail(run, target, { password: secret.secret, token: secret.token });
}

/** The stored secret and a fresh link token for it; the secret stays stored until delivered. */
async function takeSecret(
  run: RequestRun,
  target: RequestTarget,
): Promise<{ secret: string; token: string } | null> {
  return run.deps.secrets.recover(target.secretId!);
}
