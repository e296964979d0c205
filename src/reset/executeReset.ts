/**
 * The reset itself, after the invoke was answered: for each target, keep the secret (encrypted) → reset →
 * revoke sessions → mail → notice, each step audited and persisted BEFORE it happens, so a crash or a
 * failure always leaves a request that says exactly how far it got. Then the card is replaced.
 */
import { AppError, ErrorCodes, GraphError, toAppError } from '../errors';
import { linkMail, inlineMail, resetNotice } from '../mail/templates';
import { generatePassword } from '../policy/password';
import type { AuditAction, RequestTarget, ResetRequest, Versioned } from '../storage/ports';
import type { ResetDeps } from './deps';
import { resetFailureCode } from './failures';
import { sharedCard } from './views';

/** What the submit hands over to the background work. */
export interface ExecuteOptions {
  /** The admin's own password (single target only); null to generate one per target. */
  readonly customPassword: string | null;
  readonly correlationId: string;
  readonly replaceCard: (card: object) => Promise<void>;
}

/** Runs a claimed request to its final state and replaces the card; never throws. */
export async function executeReset(
  deps: ResetDeps,
  claimed: Versioned<ResetRequest>,
  options: ExecuteOptions,
): Promise<void> {
  const run = new RequestRun(deps, claimed, options.correlationId);
  run.startHeartbeat();
  try {
    for (const target of run.request.targets) {
      if (target.state !== 'pending') continue;
      await resetOne(run, target, options.customPassword ?? generatePassword(16));
    }
  } catch (error) {
    await run.abandon(error);
  } finally {
    run.stopHeartbeat();
  }
  // Targets left in between (a failure mid-way) stay claimed: recovery finishes them and tells the admin.
  if (run.settled()) await tellAndFinish(run, options.replaceCard);
}

/** Attempts at replacing a card before the request is closed without it (the conversation may be gone). */
export const MAX_CARD_ATTEMPTS = 5;
/** Interrupted runs of one request before its in-between targets are settled as failed or unknown. */
export const MAX_RUN_ATTEMPTS = 3;

/**
 * Tells the admin (replaces the card with the outcome), THEN marks the request done. A request whose
 * card could not be replaced stays claimed, so recovery tries again: nobody is left on "Resetting…".
 */
export async function tellAndFinish(
  run: RequestRun,
  replaceCard: ((card: object) => Promise<void>) | null,
): Promise<void> {
  const { deps } = run;
  if (replaceCard) {
    try {
      await replaceCard(sharedCard({ ...run.request, state: 'done' }, deps.settings, deps.now()));
    } catch (error) {
      run.request.cardAttempts = (run.request.cardAttempts ?? 0) + 1;
      deps.logger.warn(
        { requestId: run.request.id, code: toAppError(error).code, attempt: run.request.cardAttempts },
        'could not replace the card',
      );
      if (run.request.cardAttempts < MAX_CARD_ATTEMPTS) {
        await run.save().catch(() => undefined);
        return;
      }
    }
  }
  await run
    .finish()
    .catch((error: unknown) =>
      deps.logger.error(
        { requestId: run.request.id, code: toAppError(error).code },
        'could not mark the request done',
      ),
    );
}

/** Target states nothing more will happen to. */
const FINAL_STATES: ReadonlySet<RequestTarget['state']> = new Set([
  'reset-failed',
  'mailed',
  'mail-failed',
  'mail-unknown',
]);

/** The honest final state of a target whose run could not finish. */
function settleForGood(target: RequestTarget): void {
  switch (target.state) {
    case 'reset-intent':
      // Graph may or may not have applied it: say so, do not guess.
      target.state = 'reset-failed';
      target.failureCode = ErrorCodes.GRAPH_UNAVAILABLE;
      return;
    case 'reset':
    case 'revoke-intent':
    case 'revoked':
      target.state = 'mail-failed';
      target.failureCode = ErrorCodes.MAIL_FAILED;
      return;
    case 'mail-intent':
      target.state = 'mail-unknown';
      target.failureCode = ErrorCodes.MAIL_UNKNOWN;
      return;
    default:
      return;
  }
}

/** How often a running request proves it is alive, so no other instance mistakes it for an orphan. */
export const HEARTBEAT_MS = 10_000;

/** One request being executed: its latest stored version and how to save and audit it. */
export class RequestRun {
  request: ResetRequest;
  private etag: string;
  private saving: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | null = null;
  /** When the claim was last confirmed in storage (a successful save). */
  private confirmedAt: number;

  constructor(
    readonly deps: ResetDeps,
    claimed: Versioned<ResetRequest>,
    readonly correlationId: string,
  ) {
    this.request = structuredClone(claimed.value);
    this.etag = claimed.etag;
    this.confirmedAt = deps.now().getTime();
  }

  /**
   * Throws unless this run still holds its claim: before every action on the user (reset, sign-out,
   * mail) the last confirmed save must be younger than two thirds of the recovery delay, so another
   * instance cannot have taken the request over in the meantime.
   */
  ensureClaimed(): void {
    const leaseMs = (this.deps.settings.recoverAfterMs * 2) / 3;
    if (this.deps.now().getTime() - this.confirmedAt > leaseMs) {
      throw new AppError(
        ErrorCodes.STORAGE_UNAVAILABLE,
        'the claim could not be renewed; recovery takes over',
      );
    }
  }

  /**
   * Persists the request. Saves are serialized (the heartbeat and the steps share one ETag); a conflict
   * means another instance took the request over, and this run stops.
   */
  save(): Promise<void> {
    const next = this.saving.then(async () => {
      this.request.updatedAt = this.deps.now().toISOString();
      const saved = await this.deps.requests.update(this.request, this.etag);
      this.etag = saved.etag;
      this.confirmedAt = this.deps.now().getTime();
    });
    this.saving = next.catch(() => undefined);
    return next;
  }

  /**
   * Touches the request while a slow step (a Graph call with retries) runs: every HEARTBEAT_MS, or more
   * often when the recovery delay is short, so a live run is never mistaken for an orphan.
   */
  startHeartbeat(
    intervalMs: number = Math.max(250, Math.min(HEARTBEAT_MS, this.deps.settings.recoverAfterMs / 3)),
  ): void {
    this.heartbeat = setInterval(() => {
      this.save().catch((error: unknown) =>
        this.deps.logger.warn(
          { requestId: this.request.id, code: toAppError(error).code },
          'heartbeat failed',
        ),
      );
    }, intervalMs);
    this.heartbeat.unref();
  }

  /** Stops the heartbeat. */
  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Appends an audit record about one target; resolves only once it is durable. */
  async audit(
    action: AuditAction,
    target: RequestTarget,
    extra: {
      reasonCode?: string;
      graphRequestIds?: string[];
      recipients?: readonly string[];
      detail?: string;
    } = {},
  ): Promise<void> {
    await this.deps.audit.append({
      action,
      requestId: this.request.id,
      correlationId: this.correlationId,
      requesterId: this.request.requesterId,
      requesterUpn: this.request.requesterUpn,
      targetId: target.userId,
      targetUpn: target.userPrincipalName,
      ...extra,
    });
  }

  /** Marks the request done. */
  async finish(): Promise<void> {
    this.request.state = 'done';
    await this.save();
  }

  /** True when every target is in a final state. */
  settled(): boolean {
    return this.request.targets.every((target) => FINAL_STATES.has(target.state));
  }

  /**
   * An unexpected failure (storage, audit): targets never started are marked failed; targets in between
   * keep their state for recovery, which re-applies the same password or reports the mail as unknown.
   * After MAX_RUN_ATTEMPTS interrupted runs they are settled for good, so no request loops forever.
   */
  async abandon(error: unknown): Promise<void> {
    const failure = toAppError(error);
    this.deps.logger.error(
      { requestId: this.request.id, code: failure.code, err: failure },
      'reset run failed',
    );
    this.request.runAttempts = (this.request.runAttempts ?? 0) + 1;
    const giveUp = this.request.runAttempts >= MAX_RUN_ATTEMPTS;
    for (const target of this.request.targets) {
      if (target.state === 'pending') {
        target.state = 'reset-failed';
        target.failureCode = failure.code;
      } else if (giveUp) settleForGood(target);
    }
    try {
      await this.save();
    } catch (saveError) {
      this.deps.logger.error(
        { requestId: this.request.id, code: toAppError(saveError).code },
        'could not save',
      );
    }
  }
}

async function resetOne(run: RequestRun, target: RequestTarget, password: string): Promise<void> {
  const { deps } = run;
  const request = run.request;
  const options = request.options ?? { passwordMode: 'auto', forceChange: true, revokeSessions: true };
  const graphIds: string[] = [];

  // The secret is kept (encrypted, with a TTL) before the reset, so a crash after Graph accepted the new
  // password still leaves a way to deliver it. Inline mode deletes it once the mail is accepted.
  const stored = await deps.secrets.put(password, {
    requestId: request.id,
    targetUpn: target.userPrincipalName,
    targetDisplayName: target.displayName,
    locale: request.locale,
    expiresAt: new Date(deps.now().getTime() + deps.settings.linkTtlMs).toISOString(),
  });
  target.secretId = stored.id;

  await run.audit('reset-intent', target);
  target.state = 'reset-intent';
  await run.save();
  run.ensureClaimed();
  try {
    const receipt = await deps.directory.resetPassword(target.userId, password, options.forceChange, {
      correlationId: run.correlationId,
    });
    graphIds.push(receipt.requestId);
  } catch (error) {
    const failure = toAppError(error);
    await run.audit('reset-failed', target, {
      reasonCode: failure.code,
      graphRequestIds: requestIdsOf(error),
    });
    await deps.secrets.reveal(stored.token); // burn the unused secret
    target.state = 'reset-failed';
    target.failureCode = resetFailureCode(failure);
    target.secretId = undefined;
    await run.save();
    return;
  }
  await run.audit('reset', target, { graphRequestIds: [...graphIds] });
  target.state = 'reset';
  target.graphRequestIds = [...graphIds];
  await run.save();

  if (options.revokeSessions) await revoke(run, target);
  await mail(run, target, { password, token: stored.token });
  await notice(run, target);
  target.completedAt = deps.now().toISOString();
  await run.save();
}

async function revoke(run: RequestRun, target: RequestTarget): Promise<void> {
  await run.audit('revoke-intent', target);
  run.ensureClaimed();
  try {
    const receipt = await run.deps.directory.revokeSessions(target.userId, {
      correlationId: run.correlationId,
    });
    await run.audit('sessions-revoked', target, { graphRequestIds: [receipt.requestId] });
    target.graphRequestIds = [...(target.graphRequestIds ?? []), receipt.requestId];
    target.state = 'revoked';
  } catch (error) {
    // The password is already reset; a failed sign-out is reported, not fatal.
    await run.audit('revoke-failed', target, {
      reasonCode: toAppError(error).code,
      graphRequestIds: requestIdsOf(error),
    });
  }
  await run.save();
}

/** Sends the password mail (link or inline) once; an ambiguous failure is never retried. */
export async function mail(
  run: RequestRun,
  target: RequestTarget,
  secret: { password?: string; token: string },
): Promise<void> {
  const { deps } = run;
  const recipients = target.recipients ?? [];
  const message = buildMail(run, target, secret);
  await run.audit('mail-intent', target, { recipients });
  target.state = 'mail-intent';
  await run.save();
  run.ensureClaimed();
  try {
    const receipt = await deps.directory.sendMail(
      deps.settings.mailSender,
      { to: recipients, ...message },
      {
        correlationId: run.correlationId,
      },
    );
    await run.audit('mail-accepted', target, { recipients, graphRequestIds: [receipt.requestId] });
    target.state = 'mailed';
    target.failureCode = undefined;
    target.graphRequestIds = [...(target.graphRequestIds ?? []), receipt.requestId];
    if (deps.settings.delivery === 'inline') {
      await deps.secrets.reveal(secret.token); // delivered: nothing left to keep
      target.secretId = undefined;
    }
  } catch (error) {
    const failure = toAppError(error);
    const ambiguous = error instanceof GraphError ? error.ambiguous : false;
    target.state = ambiguous || failure.code === ErrorCodes.MAIL_UNKNOWN ? 'mail-unknown' : 'mail-failed';
    target.failureCode = target.state === 'mail-unknown' ? ErrorCodes.MAIL_UNKNOWN : ErrorCodes.MAIL_FAILED;
    await run.audit(target.state === 'mail-unknown' ? 'mail-unknown' : 'mail-failed', target, {
      recipients,
      reasonCode: failure.code,
      graphRequestIds: requestIdsOf(error),
    });
  }
  await run.save();
}

function buildMail(
  run: RequestRun,
  target: RequestTarget,
  secret: { password?: string; token: string },
): { subject: string; html: string } {
  const { settings } = run.deps;
  const request = run.request;
  const common = {
    locale: request.locale,
    targetDisplayName: target.displayName,
    targetUpn: target.userPrincipalName,
    requesterName: request.requesterName,
    forceChange: request.options?.forceChange ?? true,
    helpdeskContact: settings.helpdeskContact || settings.mailSender,
  };
  if (settings.delivery === 'inline') {
    if (secret.password === undefined)
      throw new AppError(ErrorCodes.INTERNAL, 'inline mail without a password');
    return inlineMail({ ...common, password: secret.password });
  }
  return linkMail({
    ...common,
    link: `${settings.publicUrl}/l/${secret.token}`,
    expiresAt: new Date(run.deps.now().getTime() + settings.linkTtlMs).toISOString(),
  });
}

/** Tells the user, on their own addresses, that their password was reset (never the password). */
async function notice(run: RequestRun, target: RequestTarget): Promise<void> {
  const { deps } = run;
  if (!deps.settings.notifyTarget || target.state !== 'mailed') return;
  const user = await deps.directory
    .getUser(target.userId, { correlationId: run.correlationId })
    .catch(() => null);
  if (!user) return;
  const already = new Set((target.recipients ?? []).map((r) => r.toLowerCase()));
  const to = [user.mail, ...user.otherMails].filter(
    (address): address is string => Boolean(address) && !already.has(String(address).toLowerCase()),
  );
  if (to.length === 0) return;
  const message = resetNotice({
    locale: run.request.locale,
    targetDisplayName: target.displayName,
    at: deps.now().toISOString(),
    helpdeskContact: deps.settings.helpdeskContact || deps.settings.mailSender,
  });
  try {
    const receipt = await deps.directory.sendMail(
      deps.settings.mailSender,
      { to, ...message },
      {
        correlationId: run.correlationId,
      },
    );
    await run.audit('notice-sent', target, { recipients: to, graphRequestIds: [receipt.requestId] });
  } catch (error) {
    deps.logger.warn({ requestId: run.request.id, code: toAppError(error).code }, 'reset notice not sent');
  }
}

function requestIdsOf(error: unknown): string[] {
  return error instanceof GraphError && error.requestId ? [error.requestId] : [];
}
