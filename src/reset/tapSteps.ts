/**
 * The steps of a Temporary Access Pass request on one user — create the pass, mail it, notice — run by the
 * same engine (src/reset/engine.ts) as a password reset, with the same audit, claim and recovery.
 *
 * What differs from a password is where the secret comes from: Graph makes the pass and shows it only in
 * the answer to the POST that creates it, and a second POST silently replaces the first pass. So:
 * - the creation is its own round trip, audited before it is sent (`tap-intent`), and never sent again
 *   when its fate is unknown — not by the Graph edge (5xx, timeout), not by a run that finds it `sent`
 *   after a crash. The admin is told instead: a pass may exist that nobody has; a new request replaces it;
 * - the pass goes into the vault, encrypted, before anything else happens, and only then is the request
 *   saved with the creation done; the mail (and the notice) follow in a second round trip exactly as a
 *   password's do: a mail is never repeated after an ambiguous failure, and a link can be mailed afresh.
 */
import { ErrorCodes, GraphError, type ErrorCode } from '../errors';
import type { RenderedMail } from '../mail/layout';
import { tapInlineMail, tapLinkMail, tapNotice } from '../mail/tapTemplates';
import type { RequestTarget, ResetRequest } from './model';
import type { TapOutcome, TapRequest } from './ports';
import type { RequestRun } from './run';
import { linkOf, mailFields, mailStep, noticeStep, required } from './deliverySteps';
import { markInterrupted, secretsFor, sendPlan } from './sendSteps';
import { planSteps, type StepDefinition, type StepSecrets } from './steps';

/** The creation step: how it is audited (it is never sent through applyChanges, and never again). */
const TAP_CREATE = {
  intent: 'tap-intent',
  done: 'tap-created',
  failed: 'tap-failed',
  unknown: 'tap-unknown',
} as const;

/** Mail and notice for a pass: the same steps as a password's, with the pass's texts. */
const DELIVERY: readonly StepDefinition[] = [mailStep(passMail), noticeStep(tapNotice)];

/** Drives one user of a pass request from wherever its record says to a final state. */
export async function advanceTap(run: RequestRun, target: RequestTarget): Promise<void> {
  const { deps } = run;
  // A step another run sent and never recorded may have happened: nothing of a pass is sent again.
  const carried = markInterrupted(run, target, (step) =>
    step === 'tap'
      ? run.event(TAP_CREATE.unknown, target, {
          reasonCode: ErrorCodes.TAP_UNKNOWN,
          detail: 'an interrupted run sent it: a pass may exist that nobody has',
        })
      : null,
  );
  if (carried.length > 0) {
    if (target.steps?.tap === 'unknown') notCreated(target, ErrorCodes.TAP_UNKNOWN, deps.now().toISOString());
    await run.save(carried);
  }
  if (target.state === 'reset-failed') return;

  const created = target.steps?.tap;
  if (created === undefined) {
    const secrets = await create(run, target);
    if (secrets) await deliver(run, target, secrets);
    return;
  }
  if (created !== 'done') {
    settleTapForGood(target);
    await run.save();
    return;
  }
  await deliver(run, target, { password: null, token: null });
}

/** Creates the pass and keeps it; returns what the mail needs, or null when no pass came of it. */
async function create(run: RequestRun, target: RequestTarget): Promise<StepSecrets | null> {
  const { deps, request } = run;
  target.steps = { ...target.steps, tap: 'sent' };
  target.state = 'running';
  await run.save([run.event(TAP_CREATE.intent, target)]);
  run.ensureClaimed();
  const outcome = await deps.directory.createTemporaryAccessPass(target.userId, tapRequestOf(request), {
    correlationId: run.correlationId,
  });
  const at = deps.now().toISOString();
  if (outcome.status !== 'done') {
    const code = tapFailureCode(outcome);
    target.steps = { ...target.steps, tap: outcome.status };
    notCreated(target, code, at);
    const ids = outcome.error.requestId ? [outcome.error.requestId] : [];
    await run.save([
      run.event(outcome.status === 'unknown' ? TAP_CREATE.unknown : TAP_CREATE.failed, target, {
        reasonCode: code,
        graphRequestIds: ids,
        ...(outcome.status === 'unknown' ? { detail: 'no answer: a pass may exist that nobody has' } : {}),
      }),
    ]);
    return null;
  }
  // Kept (encrypted, expiring with the pass at the latest) before the creation is recorded: from here on
  // a run that stops can still deliver it.
  const stored = await deps.secrets.put(outcome.pass, {
    requestId: request.id,
    targetUpn: target.userPrincipalName,
    targetDisplayName: target.displayName,
    locale: request.locale,
    expiresAt: keptUntil(run, outcome.created),
    kind: 'tap',
    tap: {
      startDateTime: outcome.created.startDateTime,
      lifetimeInMinutes: outcome.created.lifetimeInMinutes,
      isUsableOnce: outcome.created.isUsableOnce,
    },
  });
  target.steps = { ...target.steps, tap: 'done' };
  target.tap = outcome.created;
  target.secretId = stored.id;
  target.graphRequestIds = [...(target.graphRequestIds ?? []), outcome.requestId];
  await run.save([
    run.event(TAP_CREATE.done, target, {
      graphRequestIds: [outcome.requestId],
      detail: `valid from ${outcome.created.startDateTime} for ${outcome.created.lifetimeInMinutes} minutes, ${
        outcome.created.isUsableOnce ? 'one-time' : 'multi-use'
      }`,
    }),
  ]);
  return { password: outcome.pass, token: stored.token };
}

/** Mails the pass (and the notice) as a password is mailed; `secrets` are those just made, if any. */
async function deliver(run: RequestRun, target: RequestTarget, fresh: StepSecrets): Promise<void> {
  const { deps } = run;
  const plan = planSteps(run, target, DELIVERY, 'tap');
  if (plan.length === 0) {
    settleTapForGood(target);
    await run.save();
    return;
  }
  const secrets = await secretsFor(run, target, plan, fresh);
  if (secrets.missing) {
    // The kept pass expired or is gone: nothing can be delivered any more.
    target.state = 'mail-failed';
    target.failureCode = ErrorCodes.REQUEST_EXPIRED;
    target.steps = { ...target.steps, mail: 'failed' };
    target.resendOf = undefined;
    target.completedAt ??= deps.now().toISOString();
    await run.save([run.event('mail-failed', target, { reasonCode: ErrorCodes.REQUEST_EXPIRED })]);
    return;
  }
  await sendPlan(run, target, plan, secrets);
}

/** The user's pass was not created (or may have been, unknown to all): final. */
function notCreated(target: RequestTarget, code: ErrorCode, at: string): void {
  target.state = 'reset-failed';
  target.failureCode = code;
  target.completedAt ??= at;
}

/**
 * The honest final state of a user whose runs kept being interrupted: a creation that may have happened
 * is unknown (never repeated); a mail that may have gone is unknown; one never sent has failed.
 */
export function settleTapForGood(target: RequestTarget): void {
  if (target.state !== 'running' && target.state !== 'pending') return;
  const steps = target.steps ?? {};
  if (steps.tap !== 'done') {
    target.state = 'reset-failed';
    target.failureCode =
      steps.tap === 'failed' ? (target.failureCode ?? ErrorCodes.TAP_REFUSED) : ErrorCodes.TAP_UNKNOWN;
  } else if (steps.mail === 'done') {
    target.state = 'mailed';
  } else if (steps.mail === 'sent' || steps.mail === 'unknown') {
    target.state = 'mail-unknown';
    target.failureCode = ErrorCodes.MAIL_UNKNOWN;
  } else {
    target.state = 'mail-failed';
    target.failureCode = ErrorCodes.MAIL_FAILED;
  }
}

/** What the admin is told when Graph did not create the pass. */
function tapFailureCode(outcome: Exclude<TapOutcome, { status: 'done' }>): ErrorCode {
  if (outcome.status === 'unknown') return ErrorCodes.TAP_UNKNOWN;
  const error = outcome.error;
  // The POST carries only the lifetime, the use and the start, all checked against the policy just
  // read: a 400 is the policy refusing this user or these settings.
  if (error instanceof GraphError && error.code === ErrorCodes.GRAPH_BAD_REQUEST)
    return ErrorCodes.TAP_REFUSED;
  return error.code;
}

/** The pass a request asks for (its submitted choices). */
function tapRequestOf(request: ResetRequest): TapRequest {
  const options = request.tapOptions;
  if (!options) throw new Error('a pass request ran without its choices');
  return {
    lifetimeInMinutes: options.lifetimeInMinutes,
    isUsableOnce: options.isUsableOnce,
    ...(options.startDateTime ? { startDateTime: options.startDateTime } : {}),
  };
}

function passMail(run: RequestRun, target: RequestTarget, secrets: StepSecrets): RenderedMail {
  const tap = target.tap;
  if (!tap) throw new Error('a pass mail without its pass');
  const common = {
    ...mailFields(run, target),
    startDateTime: tap.startDateTime,
    lifetimeInMinutes: tap.lifetimeInMinutes,
    isUsableOnce: tap.isUsableOnce,
  };
  if (run.deps.settings.delivery === 'inline')
    return tapInlineMail({ ...common, pass: required(secrets.password) });
  return tapLinkMail({ ...common, link: linkOf(run, secrets.token), expiresAt: keptUntil(run, tap) });
}

/** A pass and its link last as long as a link does, and never beyond the pass's own end. */
function keptUntil(run: RequestRun, pass: { startDateTime: string; lifetimeInMinutes: number }): string {
  const passEnds = Date.parse(pass.startDateTime) + pass.lifetimeInMinutes * 60_000;
  const linkEnds = run.deps.now().getTime() + run.deps.settings.linkTtlMs;
  return new Date(Number.isNaN(passEnds) ? linkEnds : Math.min(linkEnds, passEnds)).toISOString();
}
