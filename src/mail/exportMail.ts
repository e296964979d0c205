/** The mail that carries an audit export: a one-time link to the CSV file, to the requester's own mailbox. */
import { formatDateTime, t, type Locale } from '../i18n';
import { escapeHtml, oneLine, safeHttpUrl } from '../web/html';
import type { RenderedMail } from './templates';

const P = 'margin:0 0 12px;';
const MUTED = 'margin:0 0 12px;color:#616161;font-size:13px;';
const para = (text: string, style = P): string => `<p style="${style}">${escapeHtml(text)}</p>`;

/** The export mail. `filters` says in words what the file holds ("User: alice · From …"). */
export function auditExportMail(v: {
  locale: Locale;
  link: string;
  expiresAt: string;
  entries: number;
  filters: string;
}): RenderedMail {
  const { locale } = v;
  const link = escapeHtml(safeHttpUrl(v.link));
  const heading = t(locale, 'audit.export.mail.heading');
  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>
<body style="margin:0;padding:24px;background:#ffffff;color:#242424;font-family:'Segoe UI','Hiragino Sans','Meiryo',Arial,sans-serif;font-size:15px;line-height:1.5;">
<div style="max-width:600px;">
<h1 style="font-size:20px;margin:0 0 16px;">${escapeHtml(heading)}</h1>
${[
  para(t(locale, 'audit.export.mail.intro', { filters: v.filters })),
  `<p style="margin:20px 0;"><a href="${link}" style="display:inline-block;padding:10px 20px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600;">${escapeHtml(t(locale, 'audit.export.mail.button'))}</a></p>`,
  `<p style="${MUTED}word-break:break-all;">${link}</p>`,
  para(t(locale, 'audit.export.mail.once')),
  para(t(locale, 'mail.link.expires', { at: formatDateTime(locale, v.expiresAt) }), `${P}font-weight:600;`),
  para(t(locale, 'mail.link.scanner'), MUTED),
  para(t(locale, 'mail.footer'), MUTED),
].join('\n')}
</div>
</body>
</html>
`;
  return { subject: oneLine(t(locale, 'audit.export.mail.subject', { count: v.entries })), html };
}
