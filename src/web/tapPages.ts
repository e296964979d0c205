/**
 * The one-time link pages of a Temporary Access Pass: the same two steps as a password's (GET names the
 * account and offers a button, only the POST reveals and burns the pass), worded for a pass, with when it
 * works, how often, and where to use it.
 */
import { formatDateTime, t } from '../i18n';
import { passValidityText, SECURITY_INFO_URL } from '../mail/tapTemplates';
import type { SecretMetadata } from '../reset/model';
import { page, p, postTokenForm } from './layout';

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
      postTokenForm(v.token, t(locale, 'tap.page.reveal.button')),
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
      p(v.pass, 'pw'),
      p(t(locale, 'tap.page.pass.copy'), 'warn'),
      tap ? p(passValidityText(locale, tap)) : '',
      p(t(locale, 'tap.mail.use', { url: SECURITY_INFO_URL })),
    ].join('\n'),
  );
}
