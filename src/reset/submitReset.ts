/**
 * `reset.submit`: everything is checked again on the server (card data is never trusted), the request is
 * claimed exactly once with an ETag, the invoke is answered at once with a "resetting…" card, and the
 * reset itself goes on in the continuation.
 */
import { resettingCard } from '../cards';
import { AppError, ErrorCodes, type ErrorCode } from '../errors';
import { errorText } from '../i18n';
import { checkPassword } from '../policy/password';
import { rateLimitKeys } from '../policy/rateLimits';
import { parseRecipients } from '../policy/recipients';
import type { ResetRequest, Versioned } from '../storage/ports';
import { authorizeTarget, loadRequester } from './authorize';
import type { ResetDeps } from './deps';
import { executeReset } from './executeReset';
import { loadForAction } from './requestAccess';
import type { Actor, CardAction, InvokeResult } from './types';
import { formFor, refusalCard, requesterCard, type FormValues } from './views';

/** Most recipients of one mail, as in the Microsoft 365 admin center. */
export const MAX_RECIPIENTS = 5;

/** Handles a submit; see the module comment for the order of checks. */
export async function submitReset(
  deps: ResetDeps,
  actor: Actor,
  action: CardAction,
  correlationId: string,
): Promise<InvokeResult> {
  const loaded = await loadForAction(deps, actor, action);
  if ('answer' in loaded) return loaded;
  const { value: request } = loaded;
  const locale = request.locale;

  const values = readValues(action.inputs);
  const invalid = validate(deps, request, values, action.inputs);
  if (invalid) return { answer: { kind: 'card', card: invalid } };

  const recipients = parseRecipients(values.recipients, recipientRules(deps, request));
  if (!recipients.ok) throw new AppError(ErrorCodes.INTERNAL, 'recipients changed between checks');

  // Claim first: only the delivery that wins the ETag race goes on. Duplicates (Teams retries, double
  // clicks, another instance) read the current card and write nothing — not even to the audit trail.
  const claimed = await claim(deps, loaded, values, recipients.recipients, actor);
  if (!claimed) return { answer: { kind: 'card', card: await currentCard(deps, request.id) } };

  try {
    const refusal =
      (await reauthorize(deps, request, correlationId)) ?? (await consumeLimits(deps, claimed.value));
    if (refusal) {
      await auditAll(deps, claimed.value, correlationId, 'refused', refusal);
      const cancelled = {
        ...claimed.value,
        state: 'cancelled' as const,
        updatedAt: deps.now().toISOString(),
      };
      await deps.requests.update(cancelled, claimed.etag);
      return { answer: { kind: 'card', card: refusalCard(locale, refusal, request.id) } };
    }
    await auditAll(deps, claimed.value, correlationId, 'submitted', undefined, recipients.recipients);
  } catch (error) {
    // Nothing has happened to the user yet: give the request back, so the admin can press Reset again
    // once Graph or storage answers.
    await deps.requests
      .update({ ...request, updatedAt: deps.now().toISOString() }, claimed.etag)
      .catch(() => undefined);
    throw error;
  }

  const customPassword = values.passwordMode === 'custom' ? String(action.inputs.customPassword ?? '') : null;
  return {
    answer: {
      kind: 'card',
      card: resettingCard({
        locale,
        requestId: request.id,
        targetNames: request.targets.map((t) => t.displayName),
      }),
    },
    continuation: (replaceCard) =>
      executeReset(deps, claimed, { customPassword, correlationId, replaceCard }),
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
    if (request.targets.length !== 1) {
      return formFor(request, deps.settings, {
        values: { ...values, passwordMode: 'auto' },
        error: { field: 'customPassword', text: errorText(locale, ErrorCodes.PASSWORD_CHARACTERS) },
      });
    }
    const target = request.targets[0];
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
    targetMailboxes: request.targets.map((target) => target.userPrincipalName),
  };
}

/** Fresh roles for requester and every target; the first reason to refuse, or null. */
async function reauthorize(
  deps: ResetDeps,
  request: ResetRequest,
  correlationId: string,
): Promise<ErrorCode | null> {
  try {
    const requester = await loadRequester(deps, request.requesterId, { correlationId });
    for (const target of request.targets) {
      const decision = await authorizeTarget(deps, requester, target.userId, { correlationId });
      if (!decision.allowed) return decision.reason;
    }
    return null;
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.REQUESTER_NOT_ADMIN) return error.code;
    throw error;
  }
}

/** Moves the request from open to claimed; null when another delivery of the same submit won. */
async function claim(
  deps: ResetDeps,
  loaded: Versioned<ResetRequest>,
  values: FormValues,
  recipients: readonly string[],
  actor: Actor,
): Promise<Versioned<ResetRequest> | null> {
  const now = deps.now().toISOString();
  const claimed: ResetRequest = {
    ...loaded.value,
    state: 'claimed',
    claimedAt: now,
    claimedBy: actor.aadObjectId,
    updatedAt: now,
    options: {
      passwordMode: values.passwordMode,
      forceChange: values.forceChange,
      revokeSessions: values.revokeSessions,
    },
    targets: loaded.value.targets.map((target) => ({ ...target, recipients: [...recipients] })),
  };
  try {
    return await deps.requests.update(claimed, loaded.etag);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) return null;
    throw error;
  }
}

/**
 * Counts this reset against the requester's limit (one use per target) and each target's, all at once or
 * not at all: a refused request spends no budget. The limit hit, or null.
 */
async function consumeLimits(deps: ResetDeps, request: ResetRequest): Promise<ErrorCode | null> {
  const perTarget = request.targets.map((t) => rateLimitKeys(request.requesterId, t.userId, deps.settings));
  const requester = perTarget[0]?.requester;
  if (!requester) return null;
  const outcome = await deps.rateLimiter.consume([
    { ...requester, amount: perTarget.length },
    ...perTarget.map((limits) => limits.target),
  ]);
  if (outcome.ok) return null;
  return outcome.refused === requester.key
    ? ErrorCodes.RATE_LIMITED_REQUESTER
    : ErrorCodes.RATE_LIMITED_TARGET;
}

async function auditAll(
  deps: ResetDeps,
  request: ResetRequest,
  correlationId: string,
  action: 'refused' | 'submitted',
  reasonCode?: ErrorCode,
  recipients?: readonly string[],
): Promise<void> {
  for (const target of request.targets) {
    await deps.audit.append({
      action,
      requestId: request.id,
      correlationId,
      requesterId: request.requesterId,
      requesterUpn: request.requesterUpn,
      targetId: target.userId,
      targetUpn: target.userPrincipalName,
      ...(reasonCode ? { reasonCode } : {}),
      ...(recipients ? { recipients } : {}),
    });
  }
}
