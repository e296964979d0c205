/**
 * `tap.submit`: the Temporary Access Pass form's submit, exactly as `reset.submit` works for a password —
 * read the request, check the form against the policy the request was opened with, claim it with one
 * conditional write, answer "creating…" at once without a Graph call. A pass for a user who needs a second
 * admin waits for one instead, through the same gate as a reset (approvalGate.ts). The run re-authorizes
 * on fresh roles and the policy as it is now (engine.ts) before it creates anything; card data is never
 * trusted.
 */
import { AppError, ErrorCodes } from '../errors';
import { errorText } from '../i18n';
import { checkTapChoice, parseTapStart, type TapChoice } from '../policy/tapPolicy';
import { parseRecipients } from '../policy/recipients';
import type { ResetDeps } from './deps';
import { runRequest } from './engine';
import { kindOf, type AuditEvent, type ResetRequest } from './model';
import type { Versioned } from './ports';
import { answerAtSubmit, applyAtSubmit, approvalAtSubmit } from './approvalGate';
import { loadForAction } from './requestAccess';
import { RequestRun } from './run';
import { MAX_RECIPIENTS } from './submitReset';
import { tapFormFor, type TapFormValues } from './tapViews';
import type { Actor, CardAction, InvokeResult } from './types';
import { activeTargets } from './viewData';
import { progressCard, requesterCard } from './views';

/** Handles a pass request's submit; see the module comment. */
export async function submitTap(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  correlationId: string,
): Promise<InvokeResult> {
  const loaded = await loadForAction(deps, actor, action);
  if ('answer' in loaded) return loaded;
  const request = loaded.value;
  // A password form's request never becomes a pass (nor the other way round): the card is answered as is.
  if (kindOf(request) !== 'tap')
    return { answer: { kind: 'card', card: requesterCard(request, deps.settings) } };

  const values = readValues(action.inputs);
  const checked = validate(deps, request, values);
  if ('card' in checked) return { answer: { kind: 'card', card: checked.card } };

  // Users that need a second admin: the request waits for one instead of running. A pass is made by
  // Microsoft 365, never typed, so nothing the admin entered is lost while it waits.
  const approval = approvalAtSubmit(request, deps.settings, 'auto');
  const hold =
    approval.kind === 'refuse' || approval.kind === 'hold'
      ? (claimed: ResetRequest) => applyAtSubmit(deps, claimed, approval, correlationId)
      : undefined;
  const claimed = await claim(deps, loaded, checked, action, actor, correlationId, hold);
  if (!claimed) {
    const latest = await deps.requests.get(request.id);
    if (!latest) throw new AppError(ErrorCodes.REQUEST_NOT_FOUND);
    return { answer: { kind: 'card', card: requesterCard(latest.value, deps.settings) } };
  }
  if (hold) return answerAtSubmit(deps, claimed, correlationId);
  const run = new RequestRun(deps, claimed, correlationId);
  run.startHeartbeat();
  return {
    answer: { kind: 'card', card: progressCard(claimed.value) },
    continuation: () => runRequest(run, { customPassword: null }),
  };
}

function readValues(inputs: Readonly<Record<string, unknown>>): TapFormValues & { lifetimeText: string } {
  const text = (name: string): string => (typeof inputs[name] === 'string' ? (inputs[name] as string) : '');
  // Teams sends a number input as text; another tool may send a number.
  const lifetime = inputs.tapLifetime;
  const lifetimeText = typeof lifetime === 'number' ? String(lifetime) : text('tapLifetime').trim();
  return {
    lifetimeText: lifetimeText.slice(0, 20),
    lifetimeInMinutes: /^\d{1,6}$/.test(lifetimeText) ? Number(lifetimeText) : Number.NaN,
    // Anything but an explicit "false" keeps the safer one-time pass.
    isUsableOnce: text('tapUsableOnce') !== 'false',
    startDate: text('tapStartDate').slice(0, 20),
    startTime: text('tapStartTime').slice(0, 20),
    recipients: text('recipients').slice(0, 2000),
  };
}

/** The choice and recipients, or the form again with the first problem next to its field. */
function validate(
  deps: ResetDeps,
  request: ResetRequest,
  values: TapFormValues & { lifetimeText: string },
): { choice: TapChoice; recipients: string[] } | { card: object } {
  const { locale } = request;
  const policy = request.tapPolicy;
  const form = (
    field: 'lifetime' | 'usage' | 'start' | 'recipients' | 'form',
    text: string,
    flagged?: readonly string[],
  ) => ({
    card: tapFormFor(request, deps.settings, {
      values,
      error: { field, text },
      ...(flagged ? { flagged } : {}),
    }),
  });
  if (!policy) return form('form', errorText(locale, ErrorCodes.TAP_POLICY_DISABLED));
  // When the policy makes every pass one-time, the form offers no choice: the pass is one-time.
  const isUsableOnce = policy.isUsableOnce || values.isUsableOnce;
  const start = parseTapStart(values.startDate, values.startTime, deps.now());
  if (!start.ok) return form('start', errorText(locale, ErrorCodes.TAP_START_INVALID));
  const choice: TapChoice = {
    lifetimeInMinutes: values.lifetimeInMinutes,
    isUsableOnce,
    startDateTime: start.value,
  };
  const check = checkTapChoice(policy, choice, deps.now());
  if (!check.ok) return form(check.field, errorText(locale, check.code, check.params));

  const rules = {
    max: MAX_RECIPIENTS,
    allowedDomains: deps.settings.allowedRecipientDomains,
    targetMailboxes: activeTargets(request).map((target) => target.userPrincipalName),
  };
  const recipients = parseRecipients(values.recipients, rules);
  if (!recipients.ok)
    return form('recipients', errorText(locale, recipients.code, { value: recipients.value ?? '' }));
  if (recipients.flagged.length === recipients.recipients.length)
    // Every address is the user's own tenant mailbox, which they cannot open without signing in.
    return form('recipients', errorText(locale, ErrorCodes.RECIPIENTS_NONE), recipients.flagged);
  return { choice, recipients: [...recipients.recipients] };
}

/**
 * Moves the request from open to claimed with a 'submitted' record per user (and, through `hold`, to
 * waiting for approval, in the same write); null when another delivery won.
 */
async function claim(
  deps: ResetDeps,
  loaded: Versioned<ResetRequest>,
  { choice, recipients }: { choice: TapChoice; recipients: readonly string[] },
  action: CardAction,
  actor: Actor,
  correlationId: string,
  hold?: (claimed: ResetRequest) => AuditEvent[],
): Promise<Versioned<ResetRequest> | null> {
  const now = deps.now().toISOString();
  const claimed: ResetRequest = {
    ...loaded.value,
    state: 'claimed',
    claimedAt: now,
    claimedBy: actor.aadObjectId,
    updatedAt: now,
    card: action.card ?? loaded.value.card,
    tapOptions: choice,
    targets: loaded.value.targets.map((target) =>
      target.state === 'refused'
        ? target
        : { ...target, recipients: [...recipients], authorizedAt: undefined },
    ),
  };
  const events: AuditEvent[] = activeTargets(claimed).map((target) => ({
    action: 'submitted',
    requestId: claimed.id,
    correlationId,
    requesterId: claimed.requesterId,
    requesterUpn: claimed.requesterUpn,
    targetId: target.userId,
    targetUpn: target.userPrincipalName,
    recipients,
    detail: `Temporary Access Pass: ${choice.lifetimeInMinutes} minutes, ${choice.isUsableOnce ? 'one-time' : 'multi-use'}, from ${choice.startDateTime ?? 'creation'}`,
  }));
  if (hold) events.push(...hold(claimed));
  try {
    return await deps.requests.save(claimed, loaded.etag, events);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) return null;
    throw error;
  }
}
