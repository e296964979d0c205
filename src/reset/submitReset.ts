/**
 * `reset.submit`: the invoke does only what decides whether this delivery wins — read the request, check
 * the form's inputs, claim it with one conditional write — and answers "resetting…" at once, without a
 * Graph call. Re-authorization on fresh roles, the limits and the reset itself run after the answer
 * (engine.ts); card data is never trusted.
 */
import { AppError, ErrorCodes } from '../errors';
import { errorText, t } from '../i18n';
import { checkPassword } from '../policy/password';
import { parseRecipients } from '../policy/recipients';
import type { ResetDeps } from './deps';
import { runRequest } from './engine';
import { kindOf, type AuditEvent, type ResetRequest } from './model';
import { applyChoices } from './choices';
import type { Versioned } from './ports';
import { answerAtSubmit, applyAtSubmit, approvalAtSubmit } from './approvalGate';
import { loadForAction } from './requestAccess';
import { RequestRun } from './run';
import type { Actor, CardAction, InvokeResult } from './types';
import { activeTargets } from './viewData';
import { formFor, progressCard, requesterCard, type FormValues } from './views';

/** Most recipients of one mail, as in the Microsoft 365 admin center. */
export const MAX_RECIPIENTS = 5;

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
  const invalid = validate(deps, request, values, action.inputs);
  if (invalid) return { answer: { kind: 'card', card: invalid } };

  const recipients = parseRecipients(values.recipients, recipientRules(deps, request));
  if (!recipients.ok) throw new AppError(ErrorCodes.INTERNAL, 'recipients changed between checks');

  // Claim: one conditional write, with the 'submitted' records. Only the delivery that wins the ETag
  // race goes on; duplicates (Teams retries, double clicks, another instance) read the current card and
  // write nothing — not even to the audit trail.
  const hold =
    approval.kind === 'none'
      ? undefined
      : (claimed: ResetRequest) => applyAtSubmit(deps, claimed, approval, correlationId);
  const claimed = await claim(
    deps,
    loaded,
    values,
    recipients.recipients,
    action,
    actor,
    correlationId,
    hold,
  );
  if (!claimed) return { answer: { kind: 'card', card: await currentCard(deps, request.id) } };
  if (approval.kind !== 'none') return answerAtSubmit(deps, claimed, correlationId);

  // The claim stays alive from this answer to the end, also while the run waits its turn.
  const run = new RequestRun(deps, claimed, correlationId);
  run.startHeartbeat();
  const customPassword = values.passwordMode === 'custom' ? String(action.inputs.customPassword ?? '') : null;
  return {
    answer: { kind: 'card', card: progressCard(claimed.value) },
    continuation: () => runRequest(run, { customPassword }),
  };
}

/** The card for a request's current state, as its requester sees it (for duplicates and races). */
async function currentCard(deps: ResetDeps, requestId: string): Promise<object> {
  const latest = await deps.requests.get(requestId);
  if (!latest) throw new AppError(ErrorCodes.REQUEST_NOT_FOUND);
  return requesterCard(latest.value, deps.settings);
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

/** The form again, with the first problem named next to its field; null when the input is valid. */
function validate(
  deps: ResetDeps,
  request: ResetRequest,
  values: FormValues,
  inputs: Readonly<Record<string, unknown>>,
): object | null {
  const locale = request.locale;
  if (values.passwordMode === 'custom') {
    const password = typeof inputs.customPassword === 'string' ? inputs.customPassword : '';
    if (activeTargets(request).length !== 1) {
      return formFor(request, deps.settings, {
        values: { ...values, passwordMode: 'auto' },
        error: { field: 'customPassword', text: errorText(locale, ErrorCodes.PASSWORD_CHARACTERS) },
      });
    }
    const target = activeTargets(request)[0]!;
    const check = checkPassword(password, {
      names: [target.displayName, target.userPrincipalName.split('@')[0], ...target.displayName.split(/\s+/)],
      tenantName: deps.settings.tenantName,
    });
    if (!check.ok) {
      return formFor(request, deps.settings, {
        values,
        error: { field: 'customPassword', text: errorText(locale, check.code) },
      });
    }
  }
  const recipients = parseRecipients(values.recipients, recipientRules(deps, request));
  if (!recipients.ok) {
    return formFor(request, deps.settings, {
      values,
      error: {
        field: 'recipients',
        text: errorText(locale, recipients.code, { value: recipients.value ?? '' }),
      },
    });
  }
  if (recipients.flagged.length === recipients.recipients.length) {
    // Every address is the user's own tenant mailbox, which they cannot open after a reset.
    return formFor(request, deps.settings, {
      values,
      flagged: recipients.flagged,
      error: { field: 'recipients', text: errorText(locale, ErrorCodes.RECIPIENTS_NONE) },
    });
  }
  return null;
}

function recipientRules(deps: ResetDeps, request: ResetRequest) {
  return {
    max: MAX_RECIPIENTS,
    allowedDomains: deps.settings.allowedRecipientDomains,
    targetMailboxes: activeTargets(request).map((target) => target.userPrincipalName),
  };
}

/**
 * Moves the request from open to claimed, with a 'submitted' record per user, in one write; null when
 * another delivery of the same submit won. Every user is to be authorized again, on fresh roles.
 */
async function claim(
  deps: ResetDeps,
  loaded: Versioned<ResetRequest>,
  values: FormValues,
  recipients: readonly string[],
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
    // The card the submit came from is the one to replace.
    card: action.card ?? loaded.value.card,
    options: {
      passwordMode: values.passwordMode,
      forceChange: values.forceChange,
      revokeSessions: values.revokeSessions,
    },
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
  }));
  if (hold) events.push(...hold(claimed));
  try {
    return await deps.requests.save(claimed, loaded.etag, events);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) return null;
    throw error;
  }
}
