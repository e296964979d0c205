/**
 * The request engine: drives a claimed request to a final state and tells the admin. Submit, recovery
 * and resend all run it; they differ only in where each user's record says to start.
 *
 * 1. Re-authorize every user not yet authorized in this attempt (one round trip for the requester's and
 *    the users' fresh profiles), then count the limits of those allowed. A refusal is recorded and told.
 *    Users who need a second admin's approval hold the request until one approves (approvalGate.ts).
 * 2. For each user, at most `targetConcurrency` at a time (the sending mailbox takes 4 concurrent
 *    requests): keep the password (encrypted), record the intents of the steps still to send, check the
 *    claim, send them as one round trip, record what became of each.
 * 3. Replace the card with the outcome, THEN mark the request done: a request whose card could not be
 *    replaced stays claimed, and recovery tries again.
 * Every audit record is written in the same transaction as the state change it describes (run.ts).
 */
import { AppError, ErrorCodes, toAppError, type ErrorCode } from '../errors';
import { reachOf } from '../policy/auditScope';
import { rateLimitKeys } from '../policy/rateLimits';
import { checkTapChoice, type TapPolicy } from '../policy/tapPolicy';
import type { DirectoryUser } from '../policy/profile';
import { FINAL_TARGET_STATES, kindOf, type AuditEvent, type RequestTarget, type ResetRequest } from './model';
import { policyOf, stepsOf } from './requestKinds';
import { gateOnFreshProfiles, holdForApproval } from './approvalGate';
import { RequestRun } from './run';
import { progressCard, sharedCard } from './views';

/** What a run is given besides the request. */
export interface RunInput {
  /** The admin's own password (single user, submit only); null to generate one per user. */
  readonly customPassword: string | null;
}

/** Attempts at replacing a card before the request is closed without it (the conversation may be gone). */
const MAX_CARD_ATTEMPTS = 5;
/** Interrupted runs of one request before its in-between users are settled as failed or unknown. */
const MAX_RUN_ATTEMPTS = 3;
/** Progress on a bulk request's card at most this often. */
const PROGRESS_EVERY_MS = 1_000;

/** Runs a claimed request to its final state and tells the admin; never throws. */
export async function runRequest(run: RequestRun, input: RunInput): Promise<void> {
  const { deps } = run;
  run.startHeartbeat();
  const progress = new Progress(run);
  try {
    if (!(await authorize(run))) return; // held for a second admin's approval
    const active = run.request.targets.filter((target) => !FINAL_TARGET_STATES.has(target.state));
    await eachLimited(active, deps.settings.targetConcurrency, async (target) => {
      await advance(run, target, input);
      progress.report();
    });
  } catch (error) {
    await abandon(run, error);
  } finally {
    run.stopHeartbeat();
  }
  await progress.idle();
  // Users left in between (a failure mid-way) stay claimed: recovery finishes them and tells the admin.
  if (isSettled(run)) await tellAndFinish(run);
}

/** True when every user of the request is in a final state. */
export function isSettled(run: RequestRun): boolean {
  return run.request.targets.every((target) => FINAL_TARGET_STATES.has(target.state));
}

/**
 * Step 1: fresh profiles, the policy, then the limits (counted only for users allowed, so a refused
 * request spends no budget). Users already authorized in this attempt (a recovery after the intents were
 * written) are not asked again: what was started for them is finished.
 */
async function authorize(run: RequestRun): Promise<boolean> {
  const { deps, request } = run;
  const todo = request.targets.filter(
    (target) => !target.authorizedAt && !FINAL_TARGET_STATES.has(target.state),
  );
  if (todo.length === 0) return true;
  const options = { correlationId: run.correlationId };
  const kind = kindOf(request);
  const policy = policyOf(kind);
  const profiles = await deps.directory.readProfiles(
    {
      requester: {
        id: request.requesterId,
        ...(request.requesterGroupIds ? { knownGroupIds: request.requesterGroupIds } : {}),
      },
      targets: todo.map((target) => ({ id: target.userId, upn: target.userPrincipalName })),
      // A pass request checks its choices against the policy as it is now, in the same round trip.
      ...(kind === 'tap' ? { tapPolicy: true } : {}),
    },
    options,
  );
  const tapProblem = kind === 'tap' ? tapPolicyProblem(request, profiles.tapPolicy, deps.now()) : null;
  // The policy as read now is the one the outcome is told against (a changed range names the new one).
  if (kind === 'tap' && profiles.tapPolicy) request.tapPolicy = profiles.tapPolicy;
  const events: AuditEvent[] = [];
  const refuse = (target: RequestTarget, code: ErrorCode): void => {
    if (target.resendOf) cancelResend(target);
    else target.state = 'refused';
    target.failureCode = code;
    events.push(run.event('refused', target, { reasonCode: code }));
  };
  const requester = profiles.requester;
  const allowed: RequestTarget[] = [];
  for (const target of todo) {
    if (!requester || policy.rolesOf(requester).length === 0) {
      refuse(target, policy.notAllowed);
      continue;
    }
    const profile = profiles.targets.get(target.userId);
    if (!profile) {
      refuse(target, ErrorCodes.TARGET_NOT_FOUND);
      continue;
    }
    // What the audit's readers are compared with (src/policy/auditScope.ts), as read now.
    target.reach = reachOf(profile);
    // A pass not created yet is checked against the policy (a resend mails a pass that exists).
    if (tapProblem && target.steps?.tap === undefined) {
      refuse(target, tapProblem);
      continue;
    }
    const decision = policy.decide(requester, profile);
    if (!decision.allowed) {
      refuse(target, decision.reason);
      continue;
    }
    allowed.push(target);
    target.noticeTo = ownAddresses(profile.user, target.recipients ?? []);
  }
  // Users who need a second admin: the request waits for one (approvalGate.ts), counting no limit.
  const gate = gateOnFreshProfiles(request, allowed, profiles.targets, deps.settings);
  if (gate.hold) {
    await holdForApproval(run, events);
    return false;
  }
  const going = allowed.filter((target) => !gate.refusals.has(target));
  for (const [target, code] of gate.refusals) refuse(target, code);
  const refusals = await consumeLimits(run, going);
  for (const target of going) {
    const refusal = refusals.get(target);
    if (refusal) refuse(target, refusal);
    else target.authorizedAt = deps.now().toISOString();
  }
  await run.save(events);
  return true;
}

/** Why a pass request's choices no longer fit the tenant's policy as read now, or null. */
function tapPolicyProblem(request: ResetRequest, fresh: TapPolicy | undefined, now: Date): ErrorCode | null {
  if (!fresh) return ErrorCodes.TAP_POLICY_DISABLED;
  const options = request.tapOptions;
  if (!options) return ErrorCodes.INTERNAL;
  const check = checkTapChoice(fresh, options, now);
  return check.ok ? null : check.code;
}

/**
 * Counts the allowed users against the requester's hourly limit (one use each) and each user's daily
 * limit, all at once: a limit that refuses counts nothing. A user at its own limit is refused alone and
 * the rest counted again (one call in the usual case); the requester's limit refuses everyone left.
 */
async function consumeLimits(
  run: RequestRun,
  allowed: readonly RequestTarget[],
): Promise<Map<RequestTarget, ErrorCode>> {
  const { deps, request } = run;
  const refusals = new Map<RequestTarget, ErrorCode>();
  let left = [...allowed];
  while (left.length > 0) {
    const keys = left.map((target) => rateLimitKeys(request.requesterId, target.userId, deps.settings));
    const requester = keys[0].requester;
    const outcome = await deps.rateLimiter.consume([
      { ...requester, amount: left.length },
      ...keys.map((limits) => limits.target),
    ]);
    if (outcome.ok) break;
    if (outcome.refused === requester.key) {
      for (const target of left) refusals.set(target, ErrorCodes.RATE_LIMITED_REQUESTER);
      break;
    }
    const index = keys.findIndex((limits) => limits.target.key === outcome.refused);
    if (index < 0) throw new RangeError(`the rate limiter refused an unknown limit ${outcome.refused}`);
    refusals.set(left[index], ErrorCodes.RATE_LIMITED_TARGET);
    left = left.filter((_, i) => i !== index);
  }
  return refusals;
}

/** The user's own addresses for the notice, without those that get the password mail. */
function ownAddresses(user: DirectoryUser, recipients: readonly string[]): string[] {
  const already = new Set(recipients.map((r) => r.toLowerCase()));
  const own = [user.mail, ...user.otherMails].filter((a): a is string => Boolean(a));
  return [...new Set(own.map((a) => a.toLowerCase()))].filter((a) => !already.has(a));
}

/** Step 2 for one user: from wherever its record says, to a final state, by its kind's steps. */
async function advance(run: RequestRun, target: RequestTarget, input: RunInput): Promise<void> {
  if (FINAL_TARGET_STATES.has(target.state) || !target.authorizedAt) return;
  await stepsOf(kindOf(run.request)).advance(run, target, input);
}

/**
 * Step 3: tells the admin (replaces the card with the outcome), THEN marks the request done. A request
 * whose card could not be replaced stays claimed, so recovery tries again: nobody is left on "Resetting…".
 */
async function tellAndFinish(run: RequestRun): Promise<void> {
  const { deps, request } = run;
  const location = request.card;
  if (location?.activityId) {
    try {
      await deps.cards.replace(
        location,
        sharedCard({ ...request, state: 'done' }, deps.settings, deps.now()),
      );
    } catch (error) {
      request.cardAttempts = (request.cardAttempts ?? 0) + 1;
      deps.logger.warn(
        { requestId: request.id, code: toAppError(error).code, attempt: request.cardAttempts },
        'could not replace the card',
      );
      if (request.cardAttempts < MAX_CARD_ATTEMPTS) {
        await run.save().catch(() => undefined);
        return;
      }
    }
  }
  request.state = 'done';
  await run
    .save()
    .catch((error: unknown) =>
      deps.logger.error(
        { requestId: request.id, code: toAppError(error).code },
        'could not mark the request done',
      ),
    );
}

/** Failures that come from Graph being busy or unreachable, not from the bot or its storage. */
const GRAPH_STOPPED: ReadonlySet<string> = new Set([
  ErrorCodes.GRAPH_THROTTLED,
  ErrorCodes.GRAPH_UNAVAILABLE,
]);

/**
 * A failure that stopped the run (Graph busy or unreachable, storage, a bug): users never started are
 * marked failed (nothing happened to them); users in between keep their record for recovery, which
 * finishes them. After MAX_RUN_ATTEMPTS interrupted runs they are settled for good, so no request loops
 * forever.
 */
async function abandon(run: RequestRun, error: unknown): Promise<void> {
  const { deps, request } = run;
  const failure = toAppError(error);
  const fields = { requestId: request.id, code: failure.code, err: failure };
  // Graph busy or not answering is the outside world, told on the card as "not reset": a warning.
  if (GRAPH_STOPPED.has(failure.code)) deps.logger.warn(fields, 'request run stopped by Graph');
  else deps.logger.error(fields, 'request run failed');
  if (failure.code === ErrorCodes.STORAGE_CONFLICT) return; // another instance holds it now
  request.runAttempts = (request.runAttempts ?? 0) + 1;
  const giveUp = request.runAttempts >= MAX_RUN_ATTEMPTS;
  const events: AuditEvent[] = [];
  for (const target of request.targets) {
    if (FINAL_TARGET_STATES.has(target.state)) continue;
    if (target.resendOf && target.steps?.mail === undefined) {
      cancelResend(target); // the resend never sent anything: back to where it was
    } else if (Object.keys(target.steps ?? {}).length === 0) {
      target.state = 'reset-failed';
      target.failureCode = failure.code;
      events.push(
        run.event('reset-failed', target, { reasonCode: failure.code, detail: 'stopped before any change' }),
      );
    } else if (giveUp) {
      stepsOf(kindOf(request)).settleForGood(target);
    }
  }
  await run
    .save(events)
    .catch((saveError: unknown) =>
      deps.logger.error({ requestId: request.id, code: toAppError(saveError).code }, 'could not save'),
    );
}

/** A resend that will not happen: the user goes back to the outcome it had. */
function cancelResend(target: RequestTarget): void {
  const previous = target.resendOf ?? 'mail-failed';
  target.state = previous;
  target.steps = { ...target.steps, mail: previous === 'mail-failed' ? 'failed' : 'unknown' };
  target.resendOf = undefined;
}

/** "3 of 20 done" on a bulk request's card, at most once a second, never after the outcome. */
class Progress {
  private last = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly run: RequestRun) {}

  report(): void {
    const { deps, request } = this.run;
    const now = deps.now().getTime();
    if (request.targets.length < 2 || !request.card?.activityId || now - this.last < PROGRESS_EVERY_MS)
      return;
    if (isSettled(this.run)) return;
    this.last = now;
    const card = progressCard(request);
    const location = request.card;
    this.chain = this.chain
      .then(() => deps.cards.replace(location, card))
      .catch((error: unknown) =>
        deps.logger.warn({ requestId: request.id, code: toAppError(error).code }, 'progress not shown'),
      );
  }

  /** Resolves once no progress update is in flight (the outcome must come last). */
  idle(): Promise<void> {
    return this.chain;
  }
}

/** Runs `work` on every item, at most `limit` at a time; the first failure stops new work and rejects. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async (): Promise<void> => {
    while (next < items.length && failed === null) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== null)
    throw failed instanceof Error ? failed : new AppError(ErrorCodes.INTERNAL, String(failed));
}
