/**
 * `tap.submit`: the Temporary Access Pass form's submit, exactly as `reset.submit` works for a password —
 * read the request, check the form against the policy the request was opened with, claim it with one
 * conditional write, answer "creating…" at once without a Graph call. A pass for a user who needs a second
 * admin waits for one instead, through the same gate as a reset (approvalGate.ts). The run re-authorizes
 * on fresh roles and the policy as it is now (engine.ts) before it creates anything; card data is never
 * trusted.
 */
import { ErrorCodes } from '../errors';
import { errorText } from '../i18n';
import { checkTapChoice, parseTapStart, type TapChoice } from '../policy/tapPolicy';
import type { ResetDeps } from './deps';
import { kindOf, type ResetRequest } from './model';
import { answerAtSubmit, applyAtSubmit, approvalAtSubmit } from './approvalGate';
import { loadForAction } from './requestAccess';
import { answerAndRun, checkRecipients, claimSubmit, currentCard } from './submitClaim';
import { tapFormFor, type TapFormValues } from './tapViews';
import type { Actor, CardAction, InvokeResult } from './types';
import { requesterCard } from './views';

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
  const { choice } = checked;
  const claimed = await claimSubmit(deps, loaded, {
    action,
    actor,
    correlationId,
    recipients: checked.recipients,
    choices: { tapOptions: choice },
    detail: `Temporary Access Pass: ${choice.lifetimeInMinutes} minutes, ${choice.isUsableOnce ? 'one-time' : 'multi-use'}, from ${choice.startDateTime ?? 'creation'}`,
    ...(hold ? { hold } : {}),
  });
  if (!claimed) return { answer: { kind: 'card', card: await currentCard(deps, request.id) } };
  if (hold) return answerAtSubmit(deps, claimed, correlationId);
  return answerAndRun(deps, claimed, correlationId, { customPassword: null });
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

  const recipients = checkRecipients(deps, request, values.recipients);
  if (!recipients.ok) return form('recipients', recipients.text, recipients.flagged);
  return { choice, recipients: [...recipients.recipients] };
}
