/**
 * The steps on one user — reset, sign-out, password mail, notice — each defined once: what it audits
 * before and after, when it applies, which Graph change it is, and whether it may be sent again when its
 * fate is unknown. Submit, recovery and resend all go through `planSteps`, which works out from a user's
 * recorded steps where to (re)start; they differ only in where that is.
 */
import { ErrorCodes } from '../errors';
import type { RenderedMail } from '../mail/layout';
import { inlineMail, linkMail, resetNotice } from '../mail/templates';
import { linkOf, mailFields, mailStep, noticeStep, required } from './deliverySteps';
import { resetFailureCode } from './failures';
import type { AuditAction, RequestTarget, StepName, StepStatus } from './model';
import type { Change, ChangeOutcome } from './ports';
import type { RequestRun } from './run';

/** What the steps of one pass need besides the request. */
export interface StepSecrets {
  /** The password to apply or mail (kept in the vault meanwhile). */
  readonly password: string | null;
  /** The link token to mail (link mode). */
  readonly token: string | null;
}

/** One step's definition (the Temporary Access Pass's steps, src/reset/tapSteps.ts, have the same shape). */
export interface StepDefinition {
  readonly name: StepName;
  readonly intent: AuditAction;
  readonly done: AuditAction;
  readonly failed: AuditAction;
  /** Sent again when an earlier attempt may or may not have happened (idempotent in Graph). */
  readonly repeatable: boolean;
  /** Whether this run wants the step at all. */
  applies(run: RequestRun, target: RequestTarget): boolean;
  change(run: RequestRun, target: RequestTarget, secrets: StepSecrets): Change;
}

const STEPS: readonly StepDefinition[] = [
  {
    name: 'reset',
    intent: 'reset-intent',
    done: 'reset',
    failed: 'reset-failed',
    repeatable: true,
    applies: () => true,
    change: (run, _target, secrets) => ({
      kind: 'reset-password',
      password: required(secrets.password),
      forceChange: run.request.options?.forceChange ?? true,
    }),
  },
  {
    name: 'revoke',
    intent: 'revoke-intent',
    done: 'sessions-revoked',
    failed: 'revoke-failed',
    repeatable: true,
    applies: (run) => run.request.options?.revokeSessions ?? false,
    change: () => ({ kind: 'revoke-sessions' }),
  },
  mailStep(passwordMail),
  noticeStep(resetNotice),
];

/**
 * The steps still to send for a user, in order, given what its record says: by default a password's
 * steps, which all follow the reset; a pass plans its delivery steps, which follow its creation.
 */
export function planSteps(
  run: RequestRun,
  target: RequestTarget,
  definitions: readonly StepDefinition[] = STEPS,
  first: StepName = 'reset',
): StepDefinition[] {
  const steps = target.steps ?? {};
  const plan: StepDefinition[] = [];
  for (const step of definitions) {
    if (!step.applies(run, target)) continue;
    // A resend mails a fresh link, nothing else.
    if (target.resendOf && step.name !== 'mail') continue;
    const status: StepStatus | undefined = steps[step.name];
    if (status === 'done' || status === 'failed') continue;
    // Sent but never answered, or answered ambiguously: only what Graph repeats safely goes again.
    if ((status === 'sent' || status === 'unknown') && !step.repeatable) continue;
    plan.push(step);
  }
  // Nothing after the first step goes without it: a plan that does not (re)apply it needs it done.
  if (plan.length > 0 && plan[0]!.name !== first && steps[first] !== 'done') return [];
  return plan;
}

/** Marks the planned steps sent and returns their intent records: written before anything is sent. */
export function recordIntents(run: RequestRun, target: RequestTarget, plan: readonly StepDefinition[]) {
  target.steps = { ...target.steps };
  for (const step of plan) target.steps[step.name] = 'sent';
  target.state = 'running';
  return plan.map((step) =>
    run.event(
      step.intent,
      target,
      step.name === 'mail' || step.name === 'notice' ? { recipients: recipientsOf(target, step.name) } : {},
    ),
  );
}

/** The Graph changes of a plan. A notice follows a password mail sent with it only if that mail went. */
export function changesOf(
  run: RequestRun,
  target: RequestTarget,
  plan: readonly StepDefinition[],
  secrets: StepSecrets,
): Change[] {
  return plan.map((step, index) => {
    const change = step.change(run, target, secrets);
    return step.name === 'notice' && plan[index - 1]?.name === 'mail'
      ? { ...change, afterPrevious: true }
      : change;
  });
}

/** Records what became of each planned step; returns the audit records of it. */
export function recordOutcomes(
  run: RequestRun,
  target: RequestTarget,
  plan: readonly StepDefinition[],
  outcomes: readonly ChangeOutcome[],
) {
  target.steps = { ...target.steps };
  const events = [];
  for (const [index, step] of plan.entries()) {
    const outcome = outcomes[index] ?? { status: 'not-run' as const };
    target.steps[step.name] = outcome.status;
    const recipients =
      step.name === 'mail' || step.name === 'notice' ? { recipients: recipientsOf(target, step.name) } : {};
    switch (outcome.status) {
      case 'done':
        target.graphRequestIds = [...(target.graphRequestIds ?? []), outcome.requestId];
        events.push(run.event(step.done, target, { ...recipients, graphRequestIds: [outcome.requestId] }));
        break;
      case 'failed':
      case 'unknown': {
        const ids = outcome.error.requestId ? [outcome.error.requestId] : [];
        const action = outcome.status === 'unknown' && step.name === 'mail' ? 'mail-unknown' : step.failed;
        events.push(
          run.event(action, target, {
            ...recipients,
            reasonCode: outcome.error.code,
            graphRequestIds: ids,
            ...(outcome.status === 'unknown' ? { detail: 'no answer: it may have happened' } : {}),
          }),
        );
        if (step.name === 'reset') target.failureCode = resetFailureCode(outcome.error);
        break;
      }
      case 'not-run':
        break;
    }
  }
  settle(target, run.deps.now().toISOString());
  return events;
}

/**
 * The user's state from its steps: final once the reset failed, or once the mail has an outcome. A reset
 * whose fate stayed unknown is reported as not reset: it may or may not have been applied.
 */
export function settle(target: RequestTarget, at: string): void {
  const steps = target.steps ?? {};
  if (steps.reset === 'failed' || steps.reset === 'unknown') {
    target.state = 'reset-failed';
    target.failureCode ??= ErrorCodes.GRAPH_UNAVAILABLE;
  } else if (steps.mail === 'done') {
    target.state = 'mailed';
    target.failureCode = undefined;
  } else if (steps.mail === 'failed') {
    target.state = 'mail-failed';
    target.failureCode = ErrorCodes.MAIL_FAILED;
  } else if (steps.mail === 'unknown' || steps.mail === 'sent') {
    target.state = steps.mail === 'sent' ? 'running' : 'mail-unknown';
    if (steps.mail === 'unknown') target.failureCode = ErrorCodes.MAIL_UNKNOWN;
  } else {
    return;
  }
  if (target.state !== 'running') target.completedAt ??= at;
}

/**
 * The honest final state of a user whose runs kept being interrupted: a reset that may have been
 * applied is "not reset" (say so, do not guess); a mail that may have gone is "unknown".
 */
export function settleForGood(target: RequestTarget): void {
  const steps = target.steps ?? {};
  if (target.state !== 'running' && target.state !== 'pending') return;
  if (steps.reset !== 'done') {
    target.state = 'reset-failed';
    target.failureCode = ErrorCodes.GRAPH_UNAVAILABLE;
  } else if (steps.mail === 'sent' || steps.mail === 'unknown') {
    target.state = 'mail-unknown';
    target.failureCode = ErrorCodes.MAIL_UNKNOWN;
  } else {
    target.state = 'mail-failed';
    target.failureCode = ErrorCodes.MAIL_FAILED;
  }
}

/** Whether a plan needs the password itself (to apply it, or to mail it inline). */
export function needsPassword(run: RequestRun, plan: readonly StepDefinition[]): boolean {
  return plan.some(
    (step) => step.name === 'reset' || (step.name === 'mail' && run.deps.settings.delivery === 'inline'),
  );
}

/** Whether a plan mails a link. */
export function needsToken(run: RequestRun, plan: readonly StepDefinition[]): boolean {
  return run.deps.settings.delivery === 'link' && plan.some((step) => step.name === 'mail');
}

function passwordMail(run: RequestRun, target: RequestTarget, secrets: StepSecrets): RenderedMail {
  const { settings } = run.deps;
  const common = { ...mailFields(run, target), forceChange: run.request.options?.forceChange ?? true };
  if (settings.delivery === 'inline') return inlineMail({ ...common, password: required(secrets.password) });
  return linkMail({
    ...common,
    link: linkOf(run, secrets.token),
    expiresAt: new Date(run.deps.now().getTime() + settings.linkTtlMs).toISOString(),
  });
}

function recipientsOf(target: RequestTarget, step: 'mail' | 'notice'): readonly string[] {
  return (step === 'mail' ? target.recipients : target.noticeTo) ?? [];
}
