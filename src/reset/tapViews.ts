/**
 * The cards of a Temporary Access Pass request: its form (from the policy the request was opened with) and
 * its confirmation. The progress, status and refusal cards are the reset's, worded for a pass (views.ts).
 */
import { tapConfirmationCard, tapFormCard, type TapFormField, type TapTargetOutcome } from '../cards';
import { errorText, t } from '../i18n';
import { defaultLifetime, type TapPolicy } from '../policy/tapPolicy';
import type { ResetSettings } from './deps';
import type { RequestTarget, ResetRequest } from './model';
import { defaultRecipients, formFrame, outcomeFrame, outcomeUser, refusalText } from './viewData';

/** The form's values as the admin left them (defaults on first show). */
export interface TapFormValues {
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
  readonly startDate: string;
  readonly startTime: string;
  readonly recipients: string;
}

/** A policy for requests that lost theirs: Entra's defaults, which Graph checks again anyway. */
const FALLBACK_POLICY: TapPolicy = {
  state: 'enabled',
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  defaultLifetimeInMinutes: 60,
  isUsableOnce: false,
  defaultLength: 8,
};

/**
 * The form for a pass request: the policy's default lifetime, one-time use (the safer choice, and the
 * only one when the policy says so), starting at once, the reset's default recipients.
 */
export function tapFormFor(
  request: ResetRequest,
  settings: ResetSettings,
  options: {
    values?: TapFormValues;
    error?: { field: TapFormField; text: string };
    flagged?: readonly string[];
  } = {},
): object {
  const policy = request.tapPolicy ?? FALLBACK_POLICY;
  const values: TapFormValues = options.values ?? {
    lifetimeInMinutes: defaultLifetime(policy),
    isUsableOnce: true,
    startDate: '',
    startTime: '',
    recipients: defaultRecipients(request).join('; '),
  };
  return tapFormCard({
    ...formFrame(request, settings),
    policy: {
      minimumLifetimeInMinutes: policy.minimumLifetimeInMinutes,
      maximumLifetimeInMinutes: policy.maximumLifetimeInMinutes,
      defaultLifetimeInMinutes: policy.defaultLifetimeInMinutes,
      isUsableOnce: policy.isUsableOnce,
    },
    values,
    flaggedRecipients: [...(options.flagged ?? [])],
    ...(options.error ? { error: options.error } : {}),
  });
}

/** The confirmation: per user, whether a pass was made, its settings, where it went; never the pass. */
export function tapConfirmationFor(request: ResetRequest, settings: ResetSettings): object {
  return tapConfirmationCard({
    ...outcomeFrame(request, settings),
    targets: request.targets.map((target) => ({
      ...outcomeUser(target),
      outcome: outcomeOf(target),
      ...(target.tap
        ? {
            pass: {
              startDateTime: target.tap.startDateTime,
              lifetimeInMinutes: target.tap.lifetimeInMinutes,
              isUsableOnce: target.tap.isUsableOnce,
            },
          }
        : {}),
      ...(target.failureCode ? { failureText: failureText(request, target.failureCode) } : {}),
    })),
  });
}

function outcomeOf(target: RequestTarget): TapTargetOutcome {
  switch (target.state) {
    case 'mailed':
    case 'mail-failed':
    case 'mail-unknown':
    case 'refused':
      return target.state;
    default:
      return target.failureCode === 'TAP_UNKNOWN' ? 'unknown' : 'not-created';
  }
}

/** A refused creation names the pass's permission, not the password's. */
function failureText(request: ResetRequest, code: string): string {
  if (code === 'GRAPH_DENIED')
    return errorText(request.locale, code, { permission: t(request.locale, 'tap.permission.change') });
  if (code === 'TAP_LIFETIME_OUT_OF_RANGE' && request.tapPolicy)
    return errorText(request.locale, code, {
      min: request.tapPolicy.minimumLifetimeInMinutes,
      max: request.tapPolicy.maximumLifetimeInMinutes,
    });
  return refusalText(request.locale, code, 'tap');
}
