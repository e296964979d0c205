/**
 * What every form's submit does after its own checks (`reset.submit`, submitReset.ts; `tap.submit`,
 * submitTap.ts): the recipients' rules, the claim — open to claimed with a 'submitted' record per user, and
 * the approval gate's records, in one conditional write that only one delivery of a submit wins — the card
 * for a delivery that lost, and the answer that starts the run after it.
 */
import { AppError, ErrorCodes, type ErrorCode } from '../errors';
import { errorText } from '../i18n';
import { parseRecipients } from '../policy/recipients';
import type { ResetDeps } from './deps';
import { runRequest, type RunInput } from './engine';
import type { AuditEvent, ResetRequest } from './model';
import type { Versioned } from './ports';
import { requestEvent } from './requestEvents';
import { RequestRun } from './run';
import { saveIfCurrent } from './saveIfCurrent';
import type { Actor, CardAction, InvokeResult } from './types';
import { activeTargets } from './viewData';
import { progressCard, requesterCard } from './views';

/** Most recipients of one mail, as in the Microsoft 365 admin center. */
export const MAX_RECIPIENTS = 5;

/** The recipients typed on a form, or the problem to show next to the field. */
export type RecipientsCheck =
  | { readonly ok: true; readonly recipients: readonly string[] }
  | { readonly ok: false; readonly text: string; readonly flagged?: readonly string[] };

/** Reads the recipients field against the tenant's rules and the request's users' own mailboxes. */
export function checkRecipients(deps: ResetDeps, request: ResetRequest, value: string): RecipientsCheck {
  const rules = {
    max: MAX_RECIPIENTS,
    allowedDomains: deps.settings.allowedRecipientDomains,
    targetMailboxes: activeTargets(request).map((target) => target.userPrincipalName),
  };
  const recipients = parseRecipients(value, rules);
  const problem = (code: ErrorCode, params?: Record<string, string>) =>
    errorText(request.locale, code, params);
  if (!recipients.ok) return { ok: false, text: problem(recipients.code, { value: recipients.value ?? '' }) };
  if (recipients.flagged.length === recipients.recipients.length) {
    // Every address is a user's own tenant mailbox, which they cannot open without signing in.
    return { ok: false, text: problem(ErrorCodes.RECIPIENTS_NONE), flagged: recipients.flagged };
  }
  return { ok: true, recipients: recipients.recipients };
}

/** What a submit claims a request with. */
export interface SubmitClaim {
  readonly action: CardAction;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly recipients: readonly string[];
  /** The kind's choices, as the run will read them. */
  readonly choices: Pick<ResetRequest, 'options'> | Pick<ResetRequest, 'tapOptions'>;
  /** What the 'submitted' records say of those choices. */
  readonly detail?: string;
  /** The approval gate's change to the claimed request, and its records (approvalGate.ts). */
  readonly hold?: (claimed: ResetRequest) => AuditEvent[];
}

/**
 * Moves the request from open to claimed, with a 'submitted' record per user, in one write; null when
 * another delivery of the same submit won. Every user is to be authorized again, on fresh roles.
 */
export async function claimSubmit(
  deps: ResetDeps,
  loaded: Versioned<ResetRequest>,
  claim: SubmitClaim,
): Promise<Versioned<ResetRequest> | null> {
  const now = deps.now().toISOString();
  const claimed: ResetRequest = {
    ...loaded.value,
    state: 'claimed',
    claimedAt: now,
    claimedBy: claim.actor.aadObjectId,
    updatedAt: now,
    // The card the submit came from is the one to replace.
    card: claim.action.card ?? loaded.value.card,
    ...claim.choices,
    targets: loaded.value.targets.map((target) =>
      target.state === 'refused'
        ? target
        : { ...target, recipients: [...claim.recipients], authorizedAt: undefined },
    ),
  };
  const events = activeTargets(claimed).map((target) =>
    requestEvent(claimed, 'submitted', claim.correlationId, target, {
      recipients: claim.recipients,
      ...(claim.detail ? { detail: claim.detail } : {}),
    }),
  );
  if (claim.hold) events.push(...claim.hold(claimed));
  return saveIfCurrent(deps.requests, claimed, loaded.etag, events);
}

/** The card for a request's current state, as its requester sees it (for duplicates and races). */
export async function currentCard(deps: ResetDeps, requestId: string): Promise<object> {
  const latest = await deps.requests.get(requestId);
  if (!latest) throw new AppError(ErrorCodes.REQUEST_NOT_FOUND);
  return requesterCard(latest.value, deps.settings);
}

/** Answers with the progress card; the run starts after the answer, its claim kept alive from now on. */
export function answerAndRun(
  deps: ResetDeps,
  claimed: Versioned<ResetRequest>,
  correlationId: string,
  input: RunInput,
): InvokeResult {
  const run = new RequestRun(deps, claimed, correlationId);
  run.startHeartbeat();
  return {
    answer: { kind: 'card', card: progressCard(claimed.value) },
    continuation: () => runRequest(run, input),
  };
}
