/** The mail that carries an audit export: a one-time link to the CSV file, to the requester's own mailbox. */
import { formatDateTime, t, type Locale } from '../i18n';
import { oneLine } from '../web/html';
import { layout, linkButton, MUTED, para, STRONG, type RenderedMail } from './layout';

/** The export mail. `filters` says in words what the file holds ("User: alice · From …"). */
export function auditExportMail(v: {
  locale: Locale;
  link: string;
  expiresAt: string;
  entries: number;
  filters: string;
}): RenderedMail {
  const { locale } = v;
  const content = [
    para(t(locale, 'audit.export.mail.intro', { filters: v.filters })),
    linkButton(v.link, t(locale, 'audit.export.mail.button')),
    para(t(locale, 'audit.export.mail.once')),
    para(t(locale, 'mail.link.expires', { at: formatDateTime(locale, v.expiresAt) }), STRONG),
    para(t(locale, 'mail.link.scanner'), MUTED),
    para(t(locale, 'mail.footer'), MUTED),
  ].join('\n');
  return {
    subject: oneLine(t(locale, 'audit.export.mail.subject', { count: v.entries })),
    html: layout(locale, t(locale, 'audit.export.mail.heading'), content),
  };
}
