/**
 * What the cards of a request are built from, whatever its kind: the users it still acts on, names still to
 * choose, suggested recipients, what every form shows, whether a fresh mail can go, and what a confirmation
 * says about the whole request and about each user before its kind's own words (views.ts for a password,
 * tapViews.ts for a pass).
 */
import type { FormFrame, OutcomeFrame } from '../cards';
import type { ErrorCode } from '../errors';
import { errorText, t, type Locale, type MessageKey, type MessageParams } from '../i18n';
import { maskAddress } from '../policy/recipients';
import { approvedBy } from './approvalViews';
import type { ResetSettings } from './deps';
import type { NameChoice, RequestKind, RequestTarget, ResetRequest } from './model';

/** The users a request still acts on (not refused when it was opened). */
export function activeTargets(request: ResetRequest): RequestTarget[] {
  return request.targets.filter((target) => target.state !== 'refused' || target.resendOf !== undefined);
}

/** Names of a bulk request still to choose on the form, with their position from 1 (the `choice<n>` input). */
export function pendingChoices(request: ResetRequest): (NameChoice & { n: number })[] {
  return (request.choices ?? []).flatMap((choice, index) =>
    choice.chosen === undefined ? [{ ...choice, n: index + 1 }] : [],
  );
}

/** Suggested recipients: with one target its alternate mails and the requester's; with several, the requester's. */
export function defaultRecipients(request: ResetRequest): string[] {
  const targets = activeTargets(request);
  if (targets.length === 1 && pendingChoices(request).length === 0)
    return [...targets[0]!.suggestedRecipients];
  return request.requesterUpn ? [request.requesterUpn] : [];
}

/** What every form of a request shows besides its own fields: who asks, for whom, how it is delivered. */
export function formFrame(
  request: ResetRequest,
  settings: ResetSettings,
): Pick<FormFrame, 'locale' | 'requestId' | 'requesterName' | 'targets' | 'delivery' | 'linkTtlHours'> {
  return {
    locale: request.locale,
    requestId: request.id,
    requesterName: request.requesterName,
    targets: activeTargets(request).map((target) => ({
      displayName: target.displayName,
      userPrincipalName: target.userPrincipalName,
      accountEnabled: target.accountEnabled,
    })),
    delivery: settings.delivery,
    linkTtlHours: Math.round(settings.linkTtlMs / 3_600_000),
  };
}

/** A fresh mail can be sent (link mode only) when a target's password was reset but its mail did not go. */
export function canResend(request: ResetRequest, settings: ResetSettings): boolean {
  return (
    settings.delivery === 'link' &&
    request.state === 'done' &&
    request.targets.some((target) => resendable(target))
  );
}

/** A target whose mail failed or may not have gone, and whose secret still exists. */
export function resendable(target: RequestTarget): boolean {
  return (target.state === 'mail-failed' || target.state === 'mail-unknown') && Boolean(target.secretId);
}

/** What a confirmation says about the whole request: who asked, when, how it went out, who approved. */
export function outcomeFrame(request: ResetRequest, settings: ResetSettings): OutcomeFrame {
  const approver = approvedBy(request);
  return {
    locale: request.locale,
    requestId: request.id,
    requesterName: request.requesterName,
    at: request.updatedAt ?? request.createdAt,
    delivery: settings.delivery,
    canResend: canResend(request, settings),
    ...(approver ? { approvedBy: approver } : {}),
  };
}

/** What a confirmation says about a user whatever the kind: who, and where the mail went (masked). */
export function outcomeUser(target: RequestTarget): {
  displayName: string;
  userPrincipalName: string;
  maskedRecipients: string[];
} {
  return {
    displayName: target.displayName,
    userPrincipalName: target.userPrincipalName,
    maskedRecipients: (target.recipients ?? []).map(maskAddress),
  };
}

/** Refusals a pass words its own way: the limits count passes and password resets together. */
const TAP_ERROR_WORDS: Partial<Record<ErrorCode, MessageKey>> = {
  RATE_LIMITED_TARGET: 'tap.error.RATE_LIMITED_TARGET',
  RATE_LIMITED_REQUESTER: 'tap.error.RATE_LIMITED_REQUESTER',
};

/** Why a request or one of its users was refused, in the words of the request's kind. */
export function refusalText(locale: Locale, code: string, kind: RequestKind, params?: MessageParams): string {
  const own = kind === 'tap' ? TAP_ERROR_WORDS[code as ErrorCode] : undefined;
  return own ? t(locale, own, params) : errorText(locale, code, params);
}
