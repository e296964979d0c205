/**
 * The one-time link pages of a Temporary Access Pass: the same two steps as a password's (GET names the
 * account and offers a button, only the POST reveals and burns the pass), worded for a pass, with when it
 * works, how often, and where to use it.
 */
import { t } from '../i18n';
import { passValidityText, SECURITY_INFO_URL } from '../mail/tapTemplates';
import type { SecretMetadata } from '../reset/model';
import { p } from './layout';
import { secretPage, type RevealWords } from './linkPages';

/** The GET page's words for a pass (the page is the password's, revealPage). */
export const TAP_REVEAL_WORDS: RevealWords = {
  title: 'tap.page.reveal.title',
  text: 'tap.page.reveal.text',
  button: 'tap.page.reveal.button',
};

/** The POST answer: the pass once, large and selectable, with its validity and where to use it. */
export function tapPassPage(v: { metadata: SecretMetadata; pass: string }): string {
  const { locale, tap } = v.metadata;
  return secretPage({
    locale,
    title: t(locale, 'tap.page.pass.title'),
    targetDisplayName: v.metadata.targetDisplayName,
    targetUpn: v.metadata.targetUpn,
    secret: v.pass,
    copy: t(locale, 'tap.page.pass.copy'),
    after: [
      tap ? p(passValidityText(locale, tap)) : '',
      p(t(locale, 'tap.mail.use', { url: SECURITY_INFO_URL })),
    ],
  });
}
