/**
 * How a user's planned steps go to Graph, the same for every kind of request: what an interrupted run sent
 * and never recorded becomes unknown; the kept secret is opened again when the plan needs it; then the
 * intents are recorded, the claim is checked, the steps go as one round trip, their outcomes are recorded,
 * and the secret is dropped once nothing can show it any more.
 */
import type { AuditEvent, RequestTarget, StepName } from './model';
import type { RequestRun } from './run';
import {
  changesOf,
  needsPassword,
  needsToken,
  recordIntents,
  recordOutcomes,
  type StepDefinition,
  type StepSecrets,
} from './steps';

/**
 * A step another run sent and never recorded may have happened: it becomes unknown. Returns the records of
 * it — a mail that may have gone, and whatever the kind says of its own steps (`recordOf`).
 */
export function markInterrupted(
  run: RequestRun,
  target: RequestTarget,
  recordOf: (step: StepName) => AuditEvent | null = () => null,
): AuditEvent[] {
  const carried: AuditEvent[] = [];
  for (const [name, status] of Object.entries(target.steps ?? {}) as [StepName, string][]) {
    if (status !== 'sent') continue;
    target.steps = { ...target.steps, [name]: 'unknown' };
    const record =
      name === 'mail'
        ? run.event('mail-unknown', target, { detail: 'an interrupted run sent it: it may have gone' })
        : recordOf(name);
    if (record) carried.push(record);
  }
  return carried;
}

/**
 * The secrets a plan needs: those just made (`fresh`), else the kept one opened again (the secret itself
 * to apply it or mail it inline, a fresh link token to mail a link). `missing` when the kept one expired
 * or is gone.
 */
export async function secretsFor(
  run: RequestRun,
  target: RequestTarget,
  plan: readonly StepDefinition[],
  fresh: StepSecrets,
): Promise<StepSecrets & { missing: boolean }> {
  const { secrets } = run.deps;
  let { password, token } = fresh;
  const wantsPassword = needsPassword(run, plan);
  const wantsToken = needsToken(run, plan);
  if (target.secretId) {
    if (wantsPassword && password === null) password = await secrets.open(target.secretId);
    if (wantsToken && token === null) token = (await secrets.reissue(target.secretId))?.token ?? null;
  }
  return { password, token, missing: (wantsPassword && password === null) || (wantsToken && token === null) };
}

/** Sends a plan as one round trip, intents recorded before and outcomes after; see the module comment. */
export async function sendPlan(
  run: RequestRun,
  target: RequestTarget,
  plan: readonly StepDefinition[],
  secrets: StepSecrets,
): Promise<void> {
  const { deps } = run;
  await run.save(recordIntents(run, target, plan));
  run.ensureClaimed();
  const outcomes = await deps.directory.applyChanges(target.userId, changesOf(run, target, plan, secrets), {
    correlationId: run.correlationId,
  });
  const events = recordOutcomes(run, target, plan, outcomes);
  target.resendOf = undefined;
  // The secret stays kept while a run may still need it, or a link may still show it (a link to a password
  // that was never applied shows nothing).
  const keep =
    target.state === 'running' || (deps.settings.delivery === 'link' && target.state !== 'reset-failed');
  const secretId = target.secretId;
  if (!keep) target.secretId = undefined;
  await run.save(events);
  // Delivered inline, or never applied: nothing left to keep. A failure here only leaves it to expire.
  if (!keep && secretId) await deps.secrets.discard(secretId).catch(() => undefined);
}
