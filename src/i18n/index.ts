/**
 * Localized texts: `t()` for messages, `errorText()` for the error catalogue, `formatDateTime()` for
 * timestamps. English is the source of keys; Japanese must match it key for key (checked by tsc).
 */
import { ErrorCodes, type ErrorCode } from '../errors';
import { en, type MessageKey } from './en';
import { ja } from './ja';

export type { MessageKey } from './en';

/** The languages the product speaks. */
export type Locale = 'en' | 'ja';

/** Values for `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

const catalogues: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, ja };

// Compile-time proof that every error code has an English text (and so, through `ja`'s type, a Japanese one).
const errorTextsComplete: Readonly<Record<`error.${ErrorCode}`, string>> = en;
void errorTextsComplete;

/** Defaults for the limits that error texts mention, so a caller that passes no params still gets a sentence. */
const ERROR_DEFAULTS: MessageParams = { min: 8, max: 256 };
const ERROR_DEFAULTS_BY_CODE: Partial<Record<ErrorCode, MessageParams>> = {
  TARGET_TOO_MANY: { max: 20 },
  RECIPIENTS_TOO_MANY: { max: 5 },
  RECIPIENT_INVALID: { address: '' },
  RECIPIENT_DOMAIN: { address: '' },
  TAP_LIFETIME_OUT_OF_RANGE: { min: 10, max: 43_200 },
};

/** The text for `key` in `locale`, with `{name}` placeholders filled from `params` (values are not re-expanded). */
export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = (catalogues[locale] ?? en)[key] ?? en[key];
  if (!params) return template;
  return template.replace(/\{([A-Za-z][A-Za-z0-9]{0,30})\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The locale for a BCP-47 tag such as Teams' `activity.locale`: Japanese for `ja` / `ja-JP`, else English. */
export function localeFromTag(tag?: string | null): Locale {
  return /^ja(?:[-_]|$)/i.test((tag ?? '').trim()) ? 'ja' : 'en';
}

/** True when `key` is a message key (for keys built at run time, such as audit actions). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** True for a value that names one of the known error codes. */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ErrorCodes, value);
}

/**
 * The user-safe text for an error code. Unknown codes (for example a failure code read back from storage)
 * fall back to the INTERNAL text rather than echoing the code.
 */
export function errorText(locale: Locale, code: ErrorCode | string, params?: MessageParams): string {
  const known: ErrorCode = isErrorCode(code) ? code : ErrorCodes.INTERNAL;
  // A refused change needs a permission and a directory role; a missing read permission the caller could
  // not name is named in the bot's log (src/directory/edge.ts).
  const permission = {
    permission: t(locale, known === 'GRAPH_DENIED' ? 'error.permission.change' : 'error.permission.inLog'),
  };
  const merged = { ...ERROR_DEFAULTS, ...permission, ...ERROR_DEFAULTS_BY_CODE[known], ...params };
  return t(locale, `error.${known}`, merged)
    .replace(/[:：]\s*$/, '')
    .trim();
}

/**
 * A timestamp for people, always in UTC and saying so: "14 Mar 2025, 09:05 UTC" / "2025年3月14日 9:05 UTC".
 * An unparseable value is returned unchanged rather than throwing inside a card.
 */
export function formatDateTime(locale: Locale, iso: string | Date): string {
  const date = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const formatted = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'UTC',
    year: 'numeric',
    month: locale === 'ja' ? 'long' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${formatted} UTC`;
}

/** Joins names into a readable list: "a, b and c" / "a、b、c". */
export function formatList(locale: Locale, items: readonly string[]): string {
  if (locale === 'ja') return items.join('、');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
