/**
 * Which card a request shows, to whom, in each state. The requester sees the form, the progress and
 * the confirmation; everyone else in a group chat or channel sees status only.
 */
import {
  confirmationCard,
  formCard,
  messageCard,
  resettingCard,
  statusCard,
  type ConfirmationView,
  type FormView,
} from '../cards';
import { errorText, formatList, t, type Locale } from '../i18n';
import type { ResetSettings } from './deps';
import {
  FINAL_TARGET_STATES,
  isExpired,
  kindOf,
  type RequestKind,
  type ResetRequest,
  type RequestTarget,
} from './model';
import { passwordMayHaveChanged } from './failures';
import { approvalRequesterCard, approvalSharedCard } from './approvalViews';
import { tapConfirmationFor, tapFormFor } from './tapViews';
import {
  activeTargets,
  defaultRecipients,
  formFrame,
  outcomeFrame,
  outcomeUser,
  pendingChoices,
  refusalText,
} from './viewData';

/** Form values as the admin left them (defaults on first show). */
export interface FormValues {
  readonly passwordMode: 'auto' | 'custom';
  readonly forceChange: boolean;
  readonly revokeSessions: boolean;
  readonly recipients: string;
}

/** The form for a request: the defaults of the README's walk-through, or the values just submitted. */
export function formFor(
  request: ResetRequest,
  settings: ResetSettings,
  options: { values?: FormValues; error?: FormView['error']; flagged?: readonly string[] } = {},
): object {
  if (kindOf(request) === 'tap')
    return tapFormFor(request, settings, options.flagged ? { flagged: options.flagged } : {});
  const values: FormValues = options.values ?? {
    passwordMode: 'auto',
    forceChange: true,
    revokeSessions: true,
    recipients: defaultRecipients(request).join('; '),
  };
  return formCard({
    ...formFrame(request, settings),
    values,
    flaggedRecipients: [...(options.flagged ?? [])],
    ...(options.error ? { error: options.error } : {}),
    allowCustomPassword: activeTargets(request).length === 1 && pendingChoices(request).length === 0,
    choices: pendingChoices(request),
  });
}

/** The card the requester sees for the request's current state. */
export function requesterCard(request: ResetRequest, settings: ResetSettings): object {
  const approval = approvalRequesterCard(request);
  if (approval) return approval;
  switch (request.state) {
    case 'awaiting-approval':
      return progressCard(request);
    case 'open':
      return formFor(request, settings);
    case 'claimed':
      return progressCard(request);
    case 'done':
      if (allRefused(request))
        return refusalCard(
          request.locale,
          request.targets[0]?.failureCode ?? 'REQUESTER_NOT_ADMIN',
          request.id,
          request.tapPolicy
            ? {
                min: String(request.tapPolicy.minimumLifetimeInMinutes),
                max: String(request.tapPolicy.maximumLifetimeInMinutes),
              }
            : undefined,
          kindOf(request),
        );
      return kindOf(request) === 'tap'
        ? tapConfirmationFor(request, settings)
        : confirmationCard(confirmationView(request, settings));
    case 'refused':
      return refusalCard(
        request.locale,
        request.failureCode ?? 'REQUESTER_NOT_ADMIN',
        request.id,
        undefined,
        kindOf(request),
      );
    case 'cancelled':
      return messageCard({
        locale: request.locale,
        title: t(request.locale, 'cancelled.title'),
        text: cancelledText(request),
        tone: 'default',
        requestId: request.id,
      });
  }
}

/** The "resetting…" card, with "3 of 20 done" for several users. */
export function progressCard(request: ResetRequest): object {
  const targets = activeTargets(request);
  const done = targets.filter((target) => FINAL_TARGET_STATES.has(target.state)).length;
  return resettingCard({
    locale: request.locale,
    requestId: request.id,
    targetNames: targets.map((target) => target.displayName),
    ...(targets.length > 1 ? { progress: { done, total: targets.length } } : {}),
    kind: kindOf(request),
  });
}

/** Every user of a finished request was refused (nobody was reset), all for one reason. */
function allRefused(request: ResetRequest): boolean {
  const reasons = new Set(
    request.targets.map((target) => (target.state === 'refused' ? target.failureCode : null)),
  );
  return request.targets.length > 0 && reasons.size === 1 && !reasons.has(null);
}

/** Whose password was left alone; a choice cancelled before anyone was chosen names nobody. */
function cancelledText(request: ResetRequest): string {
  const names = activeTargets(request).map((target) => target.displayName);
  if (names.length === 0) return t(request.locale, 'cancelled.text');
  const tap = kindOf(request) === 'tap';
  const key =
    names.length > 1
      ? tap
        ? 'tap.cancelled.text.many'
        : 'cancelled.text.many'
      : tap
        ? 'tap.cancelled.text.one'
        : 'cancelled.text.one';
  return t(request.locale, key, { names: formatList(request.locale, names) });
}

/** The card everyone sees: in personal chat the requester's card, elsewhere status only. */
export function sharedCard(request: ResetRequest, settings: ResetSettings, now: Date): object {
  if (request.conversationType === 'personal') {
    return isExpired(request, now) && request.state === 'open'
      ? expiredCard(request)
      : requesterCard(request, settings);
  }
  const approval = approvalSharedCard(request);
  if (approval) return approval;
  const phase =
    request.state === 'open'
      ? isExpired(request, now)
        ? 'expired'
        : 'pending'
      : request.state === 'claimed'
        ? 'resetting'
        : request.state === 'cancelled'
          ? 'cancelled'
          : request.state === 'refused' ||
              request.targets.some((target) => target.state === 'reset-failed' || target.state === 'refused')
            ? 'failed'
            : 'done';
  return statusCard({
    locale: request.locale,
    requestId: request.id,
    requesterName: request.requesterName,
    targetNames: [
      ...activeTargets(request).map((target) => target.displayName),
      ...pendingChoices(request).map((choice) =>
        t(request.locale, 'choice.form.pending', {
          names: choice.candidates.map((candidate) => candidate.displayName).join(' / '),
        }),
      ),
    ],
    phase,
    at: request.updatedAt ?? request.createdAt,
    // Teams matches refresh.userIds against user MRIs (from.id, "29:…"), not Entra object ids.
    refreshUserIds: phase === 'expired' || !request.requesterTeamsId ? [] : [request.requesterTeamsId],
    kind: kindOf(request),
  });
}

/** The card shown once a request's form has expired. */
export function expiredCard(request: ResetRequest): object {
  return messageCard({
    locale: request.locale,
    title: t(request.locale, 'expired.title'),
    text: errorText(request.locale, 'REQUEST_EXPIRED'),
    tone: 'warning',
    requestId: request.id,
  });
}

/** The confirmation's view-model: outcome per target, recipients masked, never a password. */
export function confirmationView(request: ResetRequest, settings: ResetSettings): ConfirmationView {
  return {
    ...outcomeFrame(request, settings),
    targets: request.targets.map((target) => ({
      ...outcomeUser(target),
      outcome: outcomeOf(target),
      forceChange: request.options?.forceChange ?? true,
      sessionsRevoked: target.steps?.revoke === 'done',
      ...(target.failureCode ? { failureText: errorText(request.locale, target.failureCode) } : {}),
    })),
  };
}

function outcomeOf(target: RequestTarget): ConfirmationView['targets'][number]['outcome'] {
  // Unknown only if the password change reached Graph (it is recorded as sent before it is sent): a run
  // stopped earlier by the same outage changed nothing and says "not reset".
  const resetReachedGraph = target.steps?.reset === 'sent' || target.steps?.reset === 'unknown';
  if (target.state === 'reset-failed' && resetReachedGraph && passwordMayHaveChanged(target.failureCode))
    return 'reset-unknown';
  switch (target.state) {
    case 'mailed':
      return 'mailed';
    case 'mail-failed':
      return 'mail-failed';
    case 'mail-unknown':
      return 'mail-unknown';
    case 'refused':
      return 'refused';
    default:
      return 'reset-failed';
  }
}

/** A plain message card for a refusal or error code; a pass request's says it cannot create a pass. */
export function refusalCard(
  locale: Locale,
  code: string,
  requestId?: string,
  params?: Record<string, string>,
  kind: RequestKind = 'password',
): object {
  return messageCard({
    locale,
    title: t(locale, kind === 'tap' ? 'tap.refused.title' : 'refused.title'),
    text: refusalText(locale, code, kind, params),
    tone: 'attention',
    ...(requestId ? { requestId } : {}),
  });
}
