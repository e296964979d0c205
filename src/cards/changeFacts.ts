/**
 * What a request changes, as facts: a reset's options, or a pass's start, lifetime and use. The approval
 * card shows them before the change and the confirmation after it, worded the same.
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { formatMinutes } from '../i18n/duration';
import { yesNo } from './requestText';

/** A fact row: label, value. */
export type FactRow = readonly [string, string];

/** Must the user change the password, and were (or will) their sessions be signed out. */
export function passwordOptionFacts(
  locale: Locale,
  forceChange: boolean,
  revokeSessions: boolean,
): FactRow[] {
  return [
    [t(locale, 'confirm.fact.mustChange'), yesNo(locale, forceChange)],
    [t(locale, 'confirm.fact.sessions'), yesNo(locale, revokeSessions)],
  ];
}

/** A pass's settings; a start of null is "from the moment it is created" (a pass not made yet). */
export function passFacts(
  locale: Locale,
  pass: {
    readonly startDateTime: string | null;
    readonly lifetimeInMinutes: number;
    readonly isUsableOnce: boolean;
  },
): FactRow[] {
  return [
    [
      t(locale, 'tap.confirm.fact.validFrom'),
      pass.startDateTime
        ? formatDateTime(locale, pass.startDateTime)
        : t(locale, 'approval.tap.fact.startsWhenCreated'),
    ],
    [t(locale, 'tap.confirm.fact.lifetime'), formatMinutes(locale, pass.lifetimeInMinutes)],
    [
      t(locale, 'tap.confirm.fact.usage'),
      t(locale, pass.isUsableOnce ? 'tap.confirm.usage.once' : 'tap.confirm.usage.multi'),
    ],
  ];
}
