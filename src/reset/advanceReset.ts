/**
 * A password reset's run on one user, from wherever its record says to a final state: the password is made
 * (or the admin's own taken) and kept encrypted before anything is sent, then the steps still to send
 * (src/reset/steps.ts) go as one round trip (src/reset/sendSteps.ts). A Temporary Access Pass has its own
 * (src/reset/tapSteps.ts); the engine (src/reset/engine.ts) runs either.
 */
import { ErrorCodes } from '../errors';
import { generatePassword } from '../policy/password';
import type { RunInput } from './engine';
import { FINAL_TARGET_STATES, type RequestTarget } from './model';
import type { RequestRun } from './run';
import { markInterrupted, secretsFor, sendPlan } from './sendSteps';
import { planSteps, settleForGood } from './steps';

/** Drives one user of a reset request; see the module comment. */
export async function advanceReset(run: RequestRun, target: RequestTarget, input: RunInput): Promise<void> {
  const { deps, request } = run;
  // What is not repeatable of what another run sent becomes unknown.
  const carried = markInterrupted(run, target);
  if (carried.length > 0) await run.save(carried);

  const plan = planSteps(run, target);
  if (plan.length === 0) {
    if (!FINAL_TARGET_STATES.has(target.state)) settleForGood(target);
    return;
  }

  if (target.secretId) {
    const secrets = await secretsFor(run, target, plan, { password: null, token: null });
    if (secrets.missing) {
      // The kept password expired or is gone: nothing can be applied or delivered any more.
      settleForGood(target);
      if (target.state === 'mail-failed') target.failureCode = ErrorCodes.REQUEST_EXPIRED;
      await run.save([
        run.event(target.state === 'reset-failed' ? 'reset-failed' : 'mail-failed', target, {
          reasonCode: target.failureCode,
        }),
      ]);
      return;
    }
    await sendPlan(run, target, plan, secrets);
    return;
  }

  if (request.options?.passwordMode === 'custom' && input.customPassword === null) {
    // The admin's own password is never stored before it is applied: a run that lost it cannot go on.
    target.state = 'reset-failed';
    target.failureCode = ErrorCodes.INTERNAL;
    await run.save([
      run.event('reset-failed', target, {
        reasonCode: ErrorCodes.INTERNAL,
        detail: 'the typed password was not kept',
      }),
    ]);
    return;
  }
  const password = input.customPassword ?? generatePassword(16);
  // Kept (encrypted, with a TTL) before anything is sent, so a crash after Graph accepted it still
  // leaves a way to deliver it.
  const stored = await deps.secrets.put(password, {
    requestId: request.id,
    targetUpn: target.userPrincipalName,
    targetDisplayName: target.displayName,
    locale: request.locale,
    expiresAt: new Date(deps.now().getTime() + deps.settings.linkTtlMs).toISOString(),
  });
  target.secretId = stored.id;
  await sendPlan(run, target, plan, { password, token: stored.token });
}
