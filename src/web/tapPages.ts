/**
 * The one-time link pages of a Temporary Access Pass: the same two steps as a password's (GET names the
 * account and offers a button, only the POST reveals and burns the pass), worded for a pass, with when it
 * works, how often, and where to use it.
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { formatMinutes } from '../i18n/duration';
import { SECURITY_INFO_URL } from '../mail/tapTemplates';
import type { SecretMetadata } from '../reset/model';
import { escapeHtml } from './html';
import { page } from './layout';

const p = (text: string, className?: string): string =>
  className ? `<p class="${className}">${escapeHtml(text)}</p>` : `<p>${escapeHtml(text)}</p>`;

/** The GET page: whose pass it is, and the button that POSTs the token to the same URL. */
export function tapRevealPage(v: { metadata: SecretMetadata; token: string }): string {
  const { locale } = v.metadata;
  return page(
    locale,
    t(locale, 'tap.page.reveal.title'),
    [
      p(t(locale, 'page.reveal.account', { name: v.metadata.targetDisplayName, upn: v.metadata.targetUpn })),
      p(t(locale, 'tap.page.reveal.text')),
      p(t(locale, 'page.reveal.private'), 'warn'),
      `<form method="post" autocomplete="off">`,
      `<input type="hidden" name="token" value="${escapeHtml(v.token)}">`,
      `<button type="submit">${escapeHtml(t(locale, 'tap.page.reveal.button'))}</button>`,
      `</form>`,
      p(t(locale, 'page.reveal.expires', { at: formatDateTime(locale, v.metadata.expiresAt) }), 'muted'),
    ].join('\n'),
  );
}

/** The POST answer: the pass once, large and selectable, with its validity and where to use it. */
export function tapPassPage(v: { metadata: SecretMetadata; pass: string }): string {
  const { locale, tap } = v.metadata;
  return page(
    locale,
    t(locale, 'tap.page.pass.title'),
    [
      p(
        t(locale, 'page.password.account', { name: v.metadata.targetDisplayName, upn: v.metadata.targetUpn }),
      ),
      `<p class="pw">${escapeHtml(v.pass)}</p>`,
      p(t(locale, 'tap.page.pass.copy'), 'warn'),
      tap ? p(validity(locale, tap)) : '',
      p(t(locale, 'tap.mail.use', { url: SECURITY_INFO_URL })),
    ].join('\n'),
  );
}

function validity(locale: Locale, tap: NonNullable<SecretMetadata['tap']>): string {
  return `${t(locale, 'tap.mail.validity', {
    from: formatDateTime(locale, tap.startDateTime),
    duration: formatMinutes(locale, tap.lifetimeInMinutes),
  })} ${t(locale, tap.isUsableOnce ? 'tap.mail.once' : 'tap.mail.multi')}`;
}
