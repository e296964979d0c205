/**
 * `reset.submit`: the invoke does only what decides whether this delivery wins — read the request, check
 * the form's inputs, claim it with one conditional write — and answers "resetting…" at once, without a
 * Graph call. Re-authorization on fresh roles, the limits and the reset itself run after the answer
 * (engine.ts); card data is never trusted.
 */
import { ErrorCodes } from '../errors';
import { errorText, t } from '../i18n';
import { checkPassword } from '../policy/password';
import type { ResetDeps } from './deps';
import { kindOf, type ResetRequest } from './model';
import { applyChoices } from './choices';
import type { Versioned } from './ports';
import { answerAtSubmit, applyAtSubmit, approvalAtSubmit } from './approvalGate';
import { loadForAction } from './requestAccess';
import { answerAndRun, checkRecipients, claimSubmit, currentCard } from './submitClaim';
import type { Actor, CardAction, InvokeResult } from './types';
import { activeTargets } from './viewData';
import { formFor, requesterCard, type FormValues } from './views';

/** Handles a submit; see the module comment for the order of checks. */
export async function submitReset(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  correlationId: string,
): Promise<InvokeResult> {
  const found = await loadForAction(deps, actor, action);
  if ('answer' in found) return found;
  const values = readValues(action.inputs);
  // Names that matched several users: the users chosen on the form join the request (src/reset/choices.ts).
  const chosen = applyChoices(found.value, action.inputs);
  if (!chosen.ok) {
    const text = t(found.value.locale, 'choice.form.required');
    return {
      answer: {
        kind: 'card',
        card: formFor(found.value, deps.settings, { values, error: { field: 'form', text } }),
      },
    };
  }
  const loaded: Versioned<ResetRequest> = { ...found, value: chosen.request };
  const { value: request } = loaded;
  // A Temporary Access Pass request is submitted with `tap.submit` only: nothing here resets its users.
  if (kindOf(request) !== 'password')
    return { answer: { kind: 'card', card: requesterCard(request, deps.settings) } };

  // Users that need a second admin: the request waits for one instead of running (approvalGate.ts).
  const approval = approvalAtSubmit(request, deps.settings, values.passwordMode);
  if (approval.kind === 'form') {
    const text = errorText(request.locale, approval.code);
    return {
      answer: {
        kind: 'card',
        card: formFor(request, deps.settings, { values, error: { field: 'customPassword', text } }),
      },
    };
  }
  const checked = validate(deps, request, values, action.inputs);
  if ('card' in checked) return { answer: { kind: 'card', card: checked.card } };

  // Claim: one conditional write, with the 'submitted' records. Only the delivery that wins the ETag
  // race goes on; duplicates (Teams retries, double clicks, another instance) read the current card and
  // write nothing — not even to the audit trail.
  const claimed = await claimSubmit(deps, loaded, {
    action,
    actor,
    correlationId,
    recipients: checked.recipients,
    choices: {
      options: {
        passwordMode: values.passwordMode,
        forceChange: values.forceChange,
        revokeSessions: values.revokeSessions,
      },
    },
    ...(approval.kind === 'none'
      ? {}
      : { hold: (claimed: ResetRequest) => applyAtSubmit(deps, claimed, approval, correlationId) }),
  });
  if (!claimed) return { answer: { kind: 'card', card: await currentCard(deps, request.id) } };
  if (approval.kind !== 'none') return answerAtSubmit(deps, claimed, correlationId);

  const customPassword = values.passwordMode === 'custom' ? String(action.inputs.customPassword ?? '') : null;
  return answerAndRun(deps, claimed, correlationId, { customPassword });
}

function readValues(inputs: Readonly<Record<string, unknown>>): FormValues {
  const text = (name: string): string => (typeof inputs[name] === 'string' ? (inputs[name] as string) : '');
  return {
    passwordMode: text('passwordMode') === 'custom' ? 'custom' : 'auto',
    // Anything but an explicit "false" keeps the safer default.
    forceChange: text('forceChange') !== 'false',
    revokeSessions: text('revokeSessions') !== 'false',
    recipients: text('recipients').slice(0, 2000),
  };
}

/** The recipients, or the form again with the first problem named next to its field. */
function validate(
  deps: ResetDeps,
  request: ResetRequest,
  values: FormValues,
  inputs: Readonly<Record<string, unknown>>,
): { recipients: readonly string[] } | { card: object } {
  const locale = request.locale;
  if (values.passwordMode === 'custom') {
    const password = typeof inputs.customPassword === 'string' ? inputs.customPassword : '';
    if (activeTargets(request).length !== 1) {
      return {
        card: formFor(request, deps.settings, {
          values: { ...values, passwordMode: 'auto' },
          error: { field: 'customPassword', text: errorText(locale, ErrorCodes.PASSWORD_CHARACTERS) },
        }),
      };
    }
    const target = activeTargets(request)[0]!;
    const check = checkPassword(password, {
      names: [target.displayName, target.userPrincipalName.split('@')[0], ...target.displayName.split(/\s+/)],
      tenantName: deps.settings.tenantName,
    });
    if (!check.ok) {
      return {
        card: formFor(request, deps.settings, {
          values,
          error: { field: 'customPassword', text: errorText(locale, check.code) },
        }),
      };
    }
  }
  const recipients = checkRecipients(deps, request, values.recipients);
  if (!recipients.ok) {
    return {
      card: formFor(request, deps.settings, {
        values,
        ...(recipients.flagged ? { flagged: recipients.flagged } : {}),
        error: { field: 'recipients', text: recipients.text },
      }),
    };
  }
  return { recipients: recipients.recipients };
}
