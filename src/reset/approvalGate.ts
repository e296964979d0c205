/**
 * The four-eyes gate in front of the request engine (README, "Four-eyes approval"). A request whose users
 * hold, or are eligible for, an admin role (or sit in a listed group) does not run until a second admin
 * approved it: it waits in state 'awaiting-approval' while its approval card is out. The gate works for
 * any kind of request the engine runs:
 * - at submit, from what the request was opened with (no Graph call before Teams is answered), and
 * - in the engine, on the fresh profiles every run reads first, so a request that never passed the
 *   submit's check (or whose users became admins since) is held all the same.
 * A resend is never held: it delivers a password already set and changes nobody's password.
 */
import { AppError, ErrorCodes, toAppError, type ErrorCode } from '../errors';
import type { SecurityProfile } from '../policy/profile';
import { approvalReasons } from '../policy/approvalPolicy';
import type { ResetDeps, ResetSettings } from './deps';
import {
  FINAL_TARGET_STATES,
  isExpired,
  type AuditEvent,
  type CardLocation,
  type RequestTarget,
  type ResetRequest,
} from './model';
import type { Versioned } from './ports';
import { requestEvent } from './requestEvents';
import type { RequestRun } from './run';
import { approvalCardFor, submittedTargets } from './approvalViews';
import type { InvokeResult } from './types';
import { activeTargets } from './viewData';
import { requesterCard, sharedCard } from './views';

/** Where a request's approval card goes: its own conversation, the approvals channel, or nowhere. */
function approvalPlace(
  request: Pick<ResetRequest, 'conversationType'>,
  settings: ResetSettings,
): 'conversation' | 'channel' | null {
  if (request.conversationType !== 'personal') return 'conversation';
  return settings.approval.channelId ? 'channel' : null;
}

/** Records on a user being opened why it needs a second admin's approval (nothing when it does not). */
export function markForApproval(
  target: RequestTarget,
  profile: SecurityProfile,
  settings: ResetSettings,
): void {
  const reasons = approvalReasons(profile, settings.approval);
  if (reasons.length > 0) target.approvalReasons = reasons;
  else delete target.approvalReasons;
}

function needsApproval(target: RequestTarget): boolean {
  return (target.approvalReasons?.length ?? 0) > 0;
}

/** What a submit does about approval. */
export type SubmitApproval =
  | { readonly kind: 'none' }
  /** The form again, with this problem next to the password field. */
  | { readonly kind: 'form'; readonly code: ErrorCode }
  /** The request ends here, refused for this reason. */
  | { readonly kind: 'refuse'; readonly code: ErrorCode }
  | { readonly kind: 'hold'; readonly place: 'conversation' | 'channel' };

/** The gate at submit, from what the request was opened with. */
export function approvalAtSubmit(
  request: ResetRequest,
  settings: ResetSettings,
  passwordMode: 'auto' | 'custom',
): SubmitApproval {
  if (!activeTargets(request).some(needsApproval)) return { kind: 'none' };
  // A password the admin typed is never stored before it is applied, so it cannot wait for anyone.
  if (passwordMode === 'custom') return { kind: 'form', code: ErrorCodes.APPROVAL_TYPED_PASSWORD };
  const place = approvalPlace(request, settings);
  if (!place) return { kind: 'refuse', code: ErrorCodes.APPROVAL_NO_CHANNEL };
  return { kind: 'hold', place };
}

/**
 * Applies a submit's approval decision to the request being claimed (in the same write as the claim);
 * returns the records to write with it.
 */
export function applyAtSubmit(
  deps: ResetDeps,
  request: ResetRequest,
  decision: Extract<SubmitApproval, { kind: 'refuse' | 'hold' }>,
  correlationId: string,
): AuditEvent[] {
  if (decision.kind === 'refuse') {
    request.state = 'done';
    return activeTargets(request).map((target) =>
      refuseTarget(request, target, decision.code, correlationId),
    );
  }
  return waitForApproval(deps, request, decision.place, correlationId);
}

/** The answer to a submit held for approval (or refused by the gate), and the card's posting after it. */
export function answerAtSubmit(
  deps: ResetDeps,
  claimed: Versioned<ResetRequest>,
  correlationId: string,
): InvokeResult {
  const request = claimed.value;
  const answer = { kind: 'card', card: requesterCard(request, deps.settings) } as const;
  if (request.state !== 'awaiting-approval') return { answer };
  const continuation = async (): Promise<void> => {
    await announceApproval(deps, request.id, correlationId);
  };
  return { answer, continuation };
}

/** What the engine's gate decided on fresh profiles. */
export interface EngineGate {
  /** Hold the whole request for approval. */
  readonly hold: boolean;
  /** Users that cannot go on and cannot wait either, with the reason. */
  readonly refusals: ReadonlyMap<RequestTarget, ErrorCode>;
}

/**
 * The gate inside the engine, on the profiles just read: users allowed so far that need a second admin,
 * unless the request was approved. Records the fresh reasons on each user.
 */
export function gateOnFreshProfiles(
  request: ResetRequest,
  allowed: readonly RequestTarget[],
  profiles: ReadonlyMap<string, SecurityProfile>,
  settings: ResetSettings,
): EngineGate {
  const none: EngineGate = { hold: false, refusals: new Map() };
  if (request.approval?.outcome?.kind === 'approved') return none;
  const needing: RequestTarget[] = [];
  for (const target of allowed) {
    const profile = profiles.get(target.userId);
    if (target.resendOf || !profile) continue;
    markForApproval(target, profile, settings);
    if (needsApproval(target)) needing.push(target);
  }
  if (needing.length === 0) return none;
  const cannotWait: ErrorCode | null =
    request.options?.passwordMode === 'custom'
      ? ErrorCodes.APPROVAL_TYPED_PASSWORD
      : approvalPlace(request, settings)
        ? null
        : ErrorCodes.APPROVAL_NO_CHANNEL;
  if (cannotWait) return { hold: false, refusals: new Map(needing.map((target) => [target, cannotWait])) };
  return { hold: true, refusals: new Map() };
}

/**
 * Holds a running request for approval: saved with the engine's `events` in the run's own transaction;
 * then the run stops (its heartbeat first) and the approval card goes out.
 */
export async function holdForApproval(run: RequestRun, events: AuditEvent[]): Promise<void> {
  const { deps, request } = run;
  const place = approvalPlace(request, deps.settings);
  if (!place) throw new AppError(ErrorCodes.INTERNAL, 'a request without a place for approval was held');
  events.push(...waitForApproval(deps, request, place, run.correlationId));
  await run.save(events);
  run.stopHeartbeat();
  await announceApproval(deps, request.id, run.correlationId);
}

/** Moves a request to 'awaiting-approval' with a fresh deadline; returns the 'approval-requested' records. */
function waitForApproval(
  deps: ResetDeps,
  request: ResetRequest,
  place: 'conversation' | 'channel',
  correlationId: string,
): AuditEvent[] {
  const now = deps.now();
  request.state = 'awaiting-approval';
  request.expiresAt = new Date(now.getTime() + deps.settings.approval.ttlMs).toISOString();
  const waiting = request.targets.filter((target) => !FINAL_TARGET_STATES.has(target.state));
  request.approval = {
    requestedAt: now.toISOString(),
    place,
    userIds: waiting.map((target) => target.userId),
  };
  for (const target of waiting) target.authorizedAt = undefined;
  return submittedTargets(request).map((target) =>
    requestEvent(request, 'approval-requested', correlationId, target, {
      detail: `${place === 'channel' ? 'approvals channel' : 'this conversation'}: ${(
        target.approvalReasons ?? []
      )
        .map((reason) => `${reason.kind} ${reason.name}`)
        .join('; ')}`,
    }),
  );
}

/**
 * Posts the approval card of a request that waits for one and records where it landed; tells the
 * requester (and the conversation) that the request waits. When the card cannot be posted, the request
 * ends there, refused, and the requester is told: nothing was changed. Never throws.
 */
async function announceApproval(deps: ResetDeps, requestId: string, correlationId: string): Promise<boolean> {
  try {
    const found = await deps.requests.get(requestId);
    const request = found?.value;
    if (!request || request.state !== 'awaiting-approval' || !request.approval || request.approval.card)
      return false;
    let location: CardLocation | null = null;
    let failure = '';
    try {
      const from = request.card?.conversationReference;
      if (!from) throw new AppError(ErrorCodes.INTERNAL, 'the request has no conversation to post from');
      location = await deps.cards.postCard(
        from,
        approvalCardFor(request, deps.settings, deps.now()),
        request.approval.place === 'channel' ? { channelId: deps.settings.approval.channelId } : {},
      );
    } catch (error) {
      failure = toAppError(error).code;
      deps.logger.warn(
        { requestId, code: failure, err: error, place: request.approval.place },
        'the approval card could not be posted',
      );
    }
    const saved = location
      ? await updateRequest(deps, requestId, (latest) => {
          if (!latest.approval || latest.approval.card) return null;
          latest.approval.card = location;
          return [];
        })
      : await updateRequest(deps, requestId, (latest) => {
          if (latest.state !== 'awaiting-approval' || !latest.approval || latest.approval.outcome)
            return null;
          latest.state = 'done';
          latest.approval.outcome = { kind: 'unreachable', at: deps.now().toISOString() };
          return submittedTargets(latest)
            .filter((target) => !FINAL_TARGET_STATES.has(target.state))
            .map((target) =>
              refuseTarget(latest, target, ErrorCodes.APPROVAL_CHANNEL_UNREACHABLE, correlationId, failure),
            );
        });
    if (saved) await tellRequester(deps, saved.value);
    else if (location) await tellRequester(deps, request);
    return location !== null;
  } catch (error) {
    deps.logger.error({ requestId, code: toAppError(error).code, err: error }, 'approval not announced');
    return false;
  }
}

/**
 * Recovery's share of approval: a request left waiting without its approval card (the bot stopped between
 * the submit's answer and posting it) gets the card posted now. Only once the request is older than the
 * recovery delay, so a live submit still posting it is not doubled; one past its deadline is left to
 * expiry, which tells the requester. Returns how many cards were posted.
 */
export async function announceMissedApprovals(
  deps: ResetDeps,
  unfinished?: readonly Versioned<ResetRequest>[],
): Promise<number> {
  let announced = 0;
  const now = deps.now();
  for (const found of unfinished ?? (await deps.requests.listUnfinished())) {
    const request = found.value;
    if (request.state !== 'awaiting-approval' || !request.approval || request.approval.card) continue;
    const age = now.getTime() - Date.parse(request.updatedAt ?? request.createdAt);
    if (age < deps.settings.recoverAfterMs || isExpired(request, now)) continue;
    if (await announceApproval(deps, request.id, `recovery-${request.id}`)) announced += 1;
  }
  return announced;
}

/** Replaces the requester's card (in a group chat or channel, the card everyone sees) with the request's state. */
export async function tellRequester(deps: ResetDeps, request: ResetRequest): Promise<void> {
  const location = request.card;
  if (!location?.activityId) return;
  await deps.cards
    .replace(location, sharedCard(request, deps.settings, deps.now()))
    .catch((error: unknown) =>
      deps.logger.warn(
        { requestId: request.id, code: toAppError(error).code },
        'requester card not replaced',
      ),
    );
}

/**
 * Changes the latest version of a request with `change` and saves it with the records it returns; on a
 * lost ETag race, reads it again and repeats, so `change` always decides on what is stored. `change`
 * returns null when there is nothing (more) to do.
 */
export async function updateRequest(
  deps: ResetDeps,
  requestId: string,
  change: (latest: ResetRequest) => AuditEvent[] | null,
): Promise<Versioned<ResetRequest> | null> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const latest = await deps.requests.get(requestId);
    if (!latest) return null;
    const next = structuredClone(latest.value);
    const events = change(next);
    if (events === null) return null;
    next.updatedAt = deps.now().toISOString();
    try {
      return await deps.requests.save(next, latest.etag, events);
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT)) throw error;
    }
  }
  throw new AppError(ErrorCodes.STORAGE_CONFLICT, 'the request kept changing', { requestId });
}

/** Refuses one user of the request for `code`; returns the record. */
export function refuseTarget(
  request: ResetRequest,
  target: RequestTarget,
  code: ErrorCode,
  correlationId: string,
  detail?: string,
): AuditEvent {
  target.state = 'refused';
  target.failureCode = code;
  return requestEvent(request, 'refused', correlationId, target, {
    reasonCode: code,
    ...(detail ? { detail } : {}),
  });
}
