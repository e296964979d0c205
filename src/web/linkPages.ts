/**
 * The one-time link pages, rendered on the server: no JavaScript, no external resources, inline CSS only,
 * every value HTML-escaped. GET shows a button; only the POST it sends reveals (and burns) the secret, so a
 * mail scanner that follows the link changes nothing.
 */
import { formatDateTime, t, type Locale, type MessageKey } from '../i18n';
import { page, p, postTokenForm } from './layout';

/** The Microsoft 365 sign-in address shown next to a password. */
export const SIGN_IN_URL = 'https://www.microsoft365.com';

/** Headers for every link page: never cached, never framed, never referred, never indexed. */
export const securityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Robots-Tag': 'noindex',
  'Content-Type': 'text/html; charset=utf-8',
});

/** What a reveal page says of the secret it shows: its title, its line, its button. */
export interface RevealWords {
  readonly title: MessageKey;
  readonly text: MessageKey;
  readonly button: MessageKey;
}

const PASSWORD_REVEAL: RevealWords = {
  title: 'page.reveal.title',
  text: 'page.reveal.text',
  button: 'page.reveal.button',
};

/**
 * The GET page: names the account and offers "Show password" (or a pass's words), which POSTs the token
 * to the same URL.
 */
export function revealPage(v: {
  locale: Locale;
  targetDisplayName: string;
  targetUpn: string;
  token: string;
  expiresAt: string;
  words?: RevealWords;
}): string {
  const { locale } = v;
  const words = v.words ?? PASSWORD_REVEAL;
  return page(
    locale,
    t(locale, words.title),
    [
      p(t(locale, 'page.reveal.account', { name: v.targetDisplayName, upn: v.targetUpn })),
      p(t(locale, words.text)),
      p(t(locale, 'page.reveal.private'), 'warn'),
      postTokenForm(v.token, t(locale, words.button)),
      p(t(locale, 'page.reveal.expires', { at: formatDateTime(locale, v.expiresAt) }), 'muted'),
    ].join('\n'),
  );
}

/**
 * The POST answer for any secret: whose it is, the secret once, large and selectable, the line that says
 * to copy it, then what the kind of secret adds (already rendered).
 */
export function secretPage(v: {
  locale: Locale;
  title: string;
  targetDisplayName: string;
  targetUpn: string;
  secret: string;
  copy: string;
  after: readonly string[];
}): string {
  const { locale } = v;
  return page(
    locale,
    v.title,
    [
      p(t(locale, 'page.password.account', { name: v.targetDisplayName, upn: v.targetUpn })),
      p(v.secret, 'pw'),
      p(v.copy, 'warn'),
      ...v.after,
    ].join('\n'),
  );
}

/** The POST answer: the password once, large and selectable, with the sign-in address. */
export function passwordPage(v: {
  locale: Locale;
  targetDisplayName: string;
  targetUpn: string;
  password: string;
  forceChange: boolean;
}): string {
  const { locale } = v;
  return secretPage({
    locale,
    title: t(locale, 'page.password.title'),
    targetDisplayName: v.targetDisplayName,
    targetUpn: v.targetUpn,
    secret: v.password,
    copy: t(locale, 'page.password.copy'),
    after: [
      p(t(locale, 'page.password.signIn', { url: SIGN_IN_URL })),
      v.forceChange ? p(t(locale, 'page.password.mustChange')) : '',
    ],
  });
}

/** Used, expired or unknown: one text for all, so the page does not tell which. */
export function gonePage(locale: Locale): string {
  return page(locale, t(locale, 'page.gone.title'), p(t(locale, 'page.gone.text')));
}

/** An unexpected failure, with a correlation id the user can quote. */
export function errorPage(locale: Locale, correlationId: string): string {
  return page(
    locale,
    t(locale, 'page.error.title'),
    [
      p(t(locale, 'page.error.text')),
      p(t(locale, 'page.error.reference', { id: correlationId }), 'muted'),
    ].join('\n'),
  );
}
