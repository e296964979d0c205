/**
 * The password mails, in English or Japanese: the one-time link mail and the inline mail (modelled on the
 * admin center's "New or modified user account information") in the shapes every secret's mail has
 * (secretMail.ts), and the notice to the user's own mailbox (layout.ts).
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { oneLine } from '../web/html';
import { SIGN_IN_URL } from '../web/linkPages';
import { noticeMail, para, type RenderedMail } from './layout';
import { oneTimeLinkMail, secretInlineMail } from './secretMail';

/** Fields common to both delivery modes. */
export interface MailBase {
  readonly locale: Locale;
  readonly targetDisplayName: string;
  readonly targetUpn: string;
  readonly requesterName: string;
  readonly forceChange: boolean;
  /** Where to turn with questions (an address or phone); empty means "your IT helpdesk". */
  readonly helpdeskContact: string;
}

/** What a password mail says after the password or its link: changing it, and where to sign in. */
function signIn(v: MailBase): string {
  const { locale } = v;
  return [
    v.forceChange ? para(t(locale, 'mail.mustChange')) : '',
    para(t(locale, 'mail.signIn', { url: SIGN_IN_URL })),
  ].join('\n');
}

/** The link-mode mail: a one-time link that shows the password once, with its expiry. */
export function linkMail(v: MailBase & { link: string; expiresAt: string }): RenderedMail {
  const { locale } = v;
  return oneTimeLinkMail({
    ...v,
    subject: oneLine(t(locale, 'mail.link.subject', { name: v.targetDisplayName })),
    heading: t(locale, 'mail.link.heading', { name: v.targetDisplayName }),
    intro: t(locale, 'mail.link.intro'),
    button: t(locale, 'mail.link.button'),
    once: t(locale, 'mail.link.once'),
    expiryStrong: true,
    after: signIn(v),
    requestedBy: t(locale, 'mail.requestedBy', { requester: v.requesterName }),
  });
}

/** The inline-mode mail: the password itself, as the admin center used to send it. */
export function inlineMail(v: MailBase & { password: string }): RenderedMail {
  const { locale } = v;
  return secretInlineMail({
    ...v,
    subject: t(locale, 'mail.inline.subject'),
    heading: t(locale, 'mail.inline.heading'),
    intro: t(locale, 'mail.inline.intro'),
    accountLine: t(locale, 'mail.inline.user', { upn: v.targetUpn }),
    secretLine: t(locale, 'mail.inline.password', { password: v.password }),
    after: signIn(v),
    deleteText: t(locale, 'mail.inline.delete'),
    requestedBy: t(locale, 'mail.requestedBy', { requester: v.requesterName }),
  });
}

/** The notice to the user's own mailbox: the helpdesk reset your password at …; no password in it. */
export function resetNotice(v: {
  locale: Locale;
  targetDisplayName: string;
  at: string;
  helpdeskContact: string;
}): RenderedMail {
  const { locale } = v;
  return noticeMail({
    locale,
    subject: t(locale, 'mail.notice.subject'),
    heading: t(locale, 'mail.notice.heading'),
    text: t(locale, 'mail.notice.text', { name: v.targetDisplayName, at: formatDateTime(locale, v.at) }),
    helpdeskContact: v.helpdeskContact,
  });
}
