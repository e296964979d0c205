/**
 * The Temporary Access Pass mails, in the password mails' layout: a one-time link to the pass (link mode)
 * or the pass itself (inline mode), when it works and how often, and where to use it; and the notice to
 * the user's own mailbox, which never carries the pass.
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { formatMinutes } from '../i18n/duration';
import { escapeHtml, oneLine, safeHttpUrl } from '../web/html';
import { layout, MUTED, P, para, type RenderedMail } from './templates';

/** Where a user signs in with a pass and registers a passwordless method (Microsoft's own address). */
export const SECURITY_INFO_URL = 'https://aka.ms/mysecurityinfo';

/** What every pass mail says. */
export interface TapMailBase {
  readonly locale: Locale;
  readonly targetDisplayName: string;
  readonly targetUpn: string;
  readonly requesterName: string;
  readonly helpdeskContact: string;
  /** When the pass starts to work (ISO). */
  readonly startDateTime: string;
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
}

function validity(v: TapMailBase): string {
  const { locale } = v;
  return [
    para(
      `${t(locale, 'tap.mail.validity', {
        from: formatDateTime(locale, v.startDateTime),
        duration: formatMinutes(locale, v.lifetimeInMinutes),
      })} ${t(locale, v.isUsableOnce ? 'tap.mail.once' : 'tap.mail.multi')}`,
      `${P}font-weight:600;`,
    ),
    para(t(locale, 'tap.mail.use', { url: SECURITY_INFO_URL })),
  ].join('\n');
}

function closing(v: TapMailBase): string {
  const { locale } = v;
  return [
    para(t(locale, 'tap.mail.requestedBy', { requester: v.requesterName })),
    para(
      v.helpdeskContact
        ? t(locale, 'mail.helpdesk', { contact: v.helpdeskContact })
        : t(locale, 'mail.helpdesk.none'),
    ),
    para(t(locale, 'mail.footer'), MUTED),
  ].join('\n');
}

/** Link mode: a one-time link that shows the pass once, with the link's expiry. */
export function tapLinkMail(v: TapMailBase & { link: string; expiresAt: string }): RenderedMail {
  const { locale } = v;
  const link = escapeHtml(safeHttpUrl(v.link));
  const content = [
    para(t(locale, 'tap.mail.link.intro')),
    para(t(locale, 'mail.link.user', { upn: v.targetUpn })),
    `<p style="margin:20px 0;"><a href="${link}" style="display:inline-block;padding:10px 20px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600;">${escapeHtml(t(locale, 'tap.mail.link.button'))}</a></p>`,
    `<p style="${MUTED}word-break:break-all;">${link}</p>`,
    para(t(locale, 'tap.mail.link.once')),
    para(t(locale, 'mail.link.expires', { at: formatDateTime(locale, v.expiresAt) })),
    para(t(locale, 'mail.link.scanner'), MUTED),
    validity(v),
    para(t(locale, 'mail.link.lost')),
    closing(v),
  ].join('\n');
  return {
    subject: oneLine(t(locale, 'tap.mail.link.subject', { name: v.targetDisplayName })),
    html: layout(locale, t(locale, 'tap.mail.link.heading', { name: v.targetDisplayName }), content),
  };
}

/** Inline mode: the pass itself, as the password's inline mail carries the password. */
export function tapInlineMail(v: TapMailBase & { pass: string }): RenderedMail {
  const { locale } = v;
  const content = [
    para(t(locale, 'tap.mail.inline.intro')),
    `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;">`,
    `<tr><td style="padding:4px 0;">${escapeHtml(t(locale, 'mail.inline.user', { upn: v.targetUpn }))}</td></tr>`,
    `<tr><td style="padding:4px 0;font-family:Consolas,'Courier New',monospace;font-size:17px;">${escapeHtml(t(locale, 'tap.mail.inline.pass', { pass: v.pass }))}</td></tr>`,
    `</table>`,
    validity(v),
    para(t(locale, 'tap.mail.inline.delete')),
    closing(v),
  ].join('\n');
  return {
    subject: oneLine(t(locale, 'tap.mail.inline.subject', { name: v.targetDisplayName })),
    html: layout(locale, t(locale, 'tap.mail.inline.heading'), content),
  };
}

/** The notice to the user's own addresses: a pass was created at …; never the pass. */
export function tapNotice(v: {
  locale: Locale;
  targetDisplayName: string;
  at: string;
  helpdeskContact: string;
}): RenderedMail {
  const { locale } = v;
  const content = [
    para(t(locale, 'tap.mail.notice.text', { name: v.targetDisplayName, at: formatDateTime(locale, v.at) })),
    para(
      v.helpdeskContact
        ? t(locale, 'mail.notice.unexpected', { contact: v.helpdeskContact })
        : t(locale, 'mail.notice.unexpected.none'),
      `${P}font-weight:600;`,
    ),
    para(t(locale, 'mail.footer'), MUTED),
  ].join('\n');
  return {
    subject: t(locale, 'tap.mail.notice.subject'),
    html: layout(locale, t(locale, 'tap.mail.notice.heading'), content),
  };
}
