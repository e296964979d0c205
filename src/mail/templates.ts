/**
 * The password mails, in English or Japanese, in the layout every mail shares (layout.ts). The inline mail
 * is modelled on the admin center's "New or modified user account information"; the link mail carries a
 * one-time link instead of the password.
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { oneLine } from '../web/html';
import { SIGN_IN_URL } from '../web/linkPages';
import {
  closing,
  layout,
  linkButton,
  MUTED,
  noticeMail,
  para,
  secretTable,
  STRONG,
  type RenderedMail,
} from './layout';

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
  const content = [
    para(t(locale, 'mail.link.intro')),
    para(t(locale, 'mail.link.user', { upn: v.targetUpn })),
    linkButton(v.link, t(locale, 'mail.link.button')),
    para(t(locale, 'mail.link.once')),
    para(t(locale, 'mail.link.expires', { at: formatDateTime(locale, v.expiresAt) }), STRONG),
    para(t(locale, 'mail.link.scanner'), MUTED),
    signIn(v),
    para(t(locale, 'mail.link.lost')),
    closing(locale, t(locale, 'mail.requestedBy', { requester: v.requesterName }), v.helpdeskContact),
  ].join('\n');
  return {
    subject: oneLine(t(locale, 'mail.link.subject', { name: v.targetDisplayName })),
    html: layout(locale, t(locale, 'mail.link.heading', { name: v.targetDisplayName }), content),
  };
}

/** The inline-mode mail: the password itself, as the admin center used to send it. */
export function inlineMail(v: MailBase & { password: string }): RenderedMail {
  const { locale } = v;
  const content = [
    para(t(locale, 'mail.inline.intro')),
    secretTable(
      t(locale, 'mail.inline.user', { upn: v.targetUpn }),
      t(locale, 'mail.inline.password', { password: v.password }),
    ),
    signIn(v),
    para(t(locale, 'mail.inline.delete')),
    closing(locale, t(locale, 'mail.requestedBy', { requester: v.requesterName }), v.helpdeskContact),
  ].join('\n');
  return {
    subject: t(locale, 'mail.inline.subject'),
    html: layout(locale, t(locale, 'mail.inline.heading'), content),
  };
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
