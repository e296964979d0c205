/**
 * The layout every mail of the bot shares, as simple inline-styled HTML, and the blocks more than one mail
 * is made of: the one-time link's button and the notice to a user's own mailbox. Every interpolated value
 * is HTML-escaped; a link must be http(s).
 */
import { t, type Locale } from '../i18n';
import { escapeHtml, safeHttpUrl } from '../web/html';

/** A rendered mail. */
export interface RenderedMail {
  readonly subject: string;
  readonly html: string;
}

/** Paragraph styles shared by every mail. */
export const P = 'margin:0 0 12px;';
export const MUTED = 'margin:0 0 12px;color:#616161;font-size:13px;';
/** A paragraph that must not be missed (an expiry, when a pass works, "if you did not expect this"). */
export const STRONG = `${P}font-weight:600;`;

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

/** A one-time link as a button, and again in full for mail clients that show no buttons. */
export function linkButton(url: string, label: string): string {
  const link = escapeHtml(safeHttpUrl(url));
  return [
    `<p style="margin:20px 0;"><a href="${link}" style="display:inline-block;padding:10px 20px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600;">${escapeHtml(label)}</a></p>`,
    `<p style="${MUTED}word-break:break-all;">${link}</p>`,
  ].join('\n');
}

/**
 * The notice to a user's own mailbox: what the helpdesk did, and whom to tell if it was unexpected. It
 * never carries the secret.
 */
export function noticeMail(v: {
  locale: Locale;
  subject: string;
  heading: string;
  text: string;
  helpdeskContact: string;
}): RenderedMail {
  const { locale } = v;
  const content = [
    para(v.text),
    para(
      v.helpdeskContact
        ? t(locale, 'mail.notice.unexpected', { contact: v.helpdeskContact })
        : t(locale, 'mail.notice.unexpected.none'),
      STRONG,
    ),
    para(t(locale, 'mail.footer'), MUTED),
  ].join('\n');
  return { subject: v.subject, html: layout(locale, v.heading, content) };
}
