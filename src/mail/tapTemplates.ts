/**
 * The Temporary Access Pass mails, in the layout every mail shares (layout.ts): a one-time link to the pass
 * (link mode) or the pass itself (inline mode), when it works and how often, and where to use it; and the
 * notice to the user's own mailbox, which never carries the pass.
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { formatMinutes } from '../i18n/duration';
import { oneLine } from '../web/html';
import { noticeMail, para, STRONG, type RenderedMail } from './layout';
import { oneTimeLinkMail, secretInlineMail } from './secretMail';

/** Where a user signs in with a pass and registers a passwordless method (Microsoft's own address). */
export const SECURITY_INFO_URL = 'https://aka.ms/mysecurityinfo';

/** When a pass works and how often, as a mail and the pass's page say it. */
export interface PassValidity {
  /** When the pass starts to work (ISO). */
  readonly startDateTime: string;
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
}

/** What every pass mail says. */
export interface TapMailBase extends PassValidity {
  readonly locale: Locale;
  readonly targetDisplayName: string;
  readonly targetUpn: string;
  readonly requesterName: string;
  readonly helpdeskContact: string;
}

/** "Valid from … for …. It works for one sign-in." */
export function passValidityText(locale: Locale, pass: PassValidity): string {
  return `${t(locale, 'tap.mail.validity', {
    from: formatDateTime(locale, pass.startDateTime),
    duration: formatMinutes(locale, pass.lifetimeInMinutes),
  })} ${t(locale, pass.isUsableOnce ? 'tap.mail.once' : 'tap.mail.multi')}`;
}

function validity(v: TapMailBase): string {
  const { locale } = v;
  return [
    para(passValidityText(locale, v), STRONG),
    para(t(locale, 'tap.mail.use', { url: SECURITY_INFO_URL })),
  ].join('\n');
}

/** Link mode: a one-time link that shows the pass once, with the link's expiry. */
export function tapLinkMail(v: TapMailBase & { link: string; expiresAt: string }): RenderedMail {
  const { locale } = v;
  return oneTimeLinkMail({
    ...v,
    subject: oneLine(t(locale, 'tap.mail.link.subject', { name: v.targetDisplayName })),
    heading: t(locale, 'tap.mail.link.heading', { name: v.targetDisplayName }),
    intro: t(locale, 'tap.mail.link.intro'),
    button: t(locale, 'tap.mail.link.button'),
    once: t(locale, 'tap.mail.link.once'),
    // The pass's own validity follows in bold; the link's expiry stays plain, as this mail has had it.
    expiryStrong: false,
    after: validity(v),
    requestedBy: t(locale, 'tap.mail.requestedBy', { requester: v.requesterName }),
  });
}

/** Inline mode: the pass itself, as the password's inline mail carries the password. */
export function tapInlineMail(v: TapMailBase & { pass: string }): RenderedMail {
  const { locale } = v;
  return secretInlineMail({
    ...v,
    subject: oneLine(t(locale, 'tap.mail.inline.subject', { name: v.targetDisplayName })),
    heading: t(locale, 'tap.mail.inline.heading'),
    intro: t(locale, 'tap.mail.inline.intro'),
    accountLine: t(locale, 'mail.inline.user', { upn: v.targetUpn }),
    secretLine: t(locale, 'tap.mail.inline.pass', { pass: v.pass }),
    after: validity(v),
    deleteText: t(locale, 'tap.mail.inline.delete'),
    requestedBy: t(locale, 'tap.mail.requestedBy', { requester: v.requesterName }),
  });
}

/** The notice to the user's own addresses: a pass was created at …; never the pass. */
export function tapNotice(v: {
  locale: Locale;
  targetDisplayName: string;
  at: string;
  helpdeskContact: string;
}): RenderedMail {
  const { locale } = v;
  return noticeMail({
    locale,
    subject: t(locale, 'tap.mail.notice.subject'),
    heading: t(locale, 'tap.mail.notice.heading'),
    text: t(locale, 'tap.mail.notice.text', { name: v.targetDisplayName, at: formatDateTime(locale, v.at) }),
    helpdeskContact: v.helpdeskContact,
  });
}
