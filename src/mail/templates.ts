/**
 * The mails the bot sends, in English or Japanese, as simple inline-styled HTML. Every interpolated value
 * is HTML-escaped. The inline mail is modelled on the admin center's "New or modified user account
 * information"; the link mail carries a one-time link instead of the password.
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { escapeHtml, oneLine, safeHttpUrl } from '../web/html';
import { SIGN_IN_URL } from '../web/linkPages';

/** A rendered mail. */
export interface RenderedMail {
  readonly subject: string;
  readonly html: string;
}

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

/** Paragraph styles shared by every mail. */
export const P = 'margin:0 0 12px;';
export const MUTED = 'margin:0 0 12px;color:#616161;font-size:13px;';

/** One escaped paragraph. */
export const para = (text: string, style = P): string => `<p style="${style}">${escapeHtml(text)}</p>`;

/** The mail's page: heading and content in one column. */
export function layout(locale: Locale, heading: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>
<body style="margin:0;padding:24px;background:#ffffff;color:#242424;font-family:'Segoe UI','Hiragino Sans','Meiryo',Arial,sans-serif;font-size:15px;line-height:1.5;">
<div style="max-width:600px;">
<h1 style="font-size:20px;margin:0 0 16px;">${escapeHtml(heading)}</h1>
${content}
</div>
</body>
</html>
`;
}

function closing(v: MailBase): string {
  const { locale } = v;
  return [
    para(t(locale, 'mail.requestedBy', { requester: v.requesterName })),
    para(
      v.helpdeskContact
        ? t(locale, 'mail.helpdesk', { contact: v.helpdeskContact })
        : t(locale, 'mail.helpdesk.none'),
    ),
    para(t(locale, 'mail.footer'), MUTED),
  ].join('\n');
}

/** The link-mode mail: a one-time link that shows the password once, with its expiry. */
export function linkMail(v: MailBase & { link: string; expiresAt: string }): RenderedMail {
  const { locale } = v;
  const link = escapeHtml(safeHttpUrl(v.link));
  const heading = t(locale, 'mail.link.heading', { name: v.targetDisplayName });
  const content = [
    para(t(locale, 'mail.link.intro')),
    para(t(locale, 'mail.link.user', { upn: v.targetUpn })),
    `<p style="margin:20px 0;"><a href="${link}" style="display:inline-block;padding:10px 20px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600;">${escapeHtml(t(locale, 'mail.link.button'))}</a></p>`,
    `<p style="${MUTED}word-break:break-all;">${link}</p>`,
    para(t(locale, 'mail.link.once')),
    para(t(locale, 'mail.link.expires', { at: formatDateTime(locale, v.expiresAt) }), `${P}font-weight:600;`),
    para(t(locale, 'mail.link.scanner'), MUTED),
    v.forceChange ? para(t(locale, 'mail.mustChange')) : '',
    para(t(locale, 'mail.signIn', { url: SIGN_IN_URL })),
    para(t(locale, 'mail.link.lost')),
    closing(v),
  ].join('\n');
  return {
    subject: oneLine(t(locale, 'mail.link.subject', { name: v.targetDisplayName })),
    html: layout(locale, heading, content),
  };
}

/** The inline-mode mail: the password itself, as the admin center used to send it. */
export function inlineMail(v: MailBase & { password: string }): RenderedMail {
  const { locale } = v;
  const heading = t(locale, 'mail.inline.heading');
  const content = [
    para(t(locale, 'mail.inline.intro')),
    `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;">`,
    `<tr><td style="padding:4px 0;">${escapeHtml(t(locale, 'mail.inline.user', { upn: v.targetUpn }))}</td></tr>`,
    `<tr><td style="padding:4px 0;font-family:Consolas,'Courier New',monospace;font-size:17px;">${escapeHtml(t(locale, 'mail.inline.password', { password: v.password }))}</td></tr>`,
    `</table>`,
    v.forceChange ? para(t(locale, 'mail.mustChange')) : '',
    para(t(locale, 'mail.signIn', { url: SIGN_IN_URL })),
    para(t(locale, 'mail.inline.delete')),
    closing(v),
  ].join('\n');
  return { subject: t(locale, 'mail.inline.subject'), html: layout(locale, heading, content) };
}

/** The notice to the user's own mailbox: the helpdesk reset your password at …; no password in it. */
export function resetNotice(v: {
  locale: Locale;
  targetDisplayName: string;
  at: string;
  helpdeskContact: string;
}): RenderedMail {
  const { locale } = v;
  const content = [
    para(t(locale, 'mail.notice.text', { name: v.targetDisplayName, at: formatDateTime(locale, v.at) })),
    para(
      v.helpdeskContact
        ? t(locale, 'mail.notice.unexpected', { contact: v.helpdeskContact })
        : t(locale, 'mail.notice.unexpected.none'),
      `${P}font-weight:600;`,
    ),
    para(t(locale, 'mail.footer'), MUTED),
  ].join('\n');
  return {
    subject: t(locale, 'mail.notice.subject'),
    html: layout(locale, t(locale, 'mail.notice.heading'), content),
  };
}
