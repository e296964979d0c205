/**
 * The one-time link page of an audit export: GET names the file and offers "Download", which POSTs the
 * token (a mail scanner that follows the link burns nothing); the POST answers with the file itself, once.
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { page, p, postTokenForm } from './layout';
import { securityHeaders } from './linkPages';

/** The GET page of an export link. */
export function exportPage(v: {
  locale: Locale;
  name: string;
  upn: string;
  entries: number;
  token: string;
  expiresAt: string;
}): string {
  const { locale } = v;
  return page(
    locale,
    t(locale, 'audit.export.page.title'),
    [
      p(t(locale, 'audit.export.page.text', { count: v.entries, name: v.name, upn: v.upn })),
      postTokenForm(v.token, t(locale, 'audit.export.page.button')),
      p(t(locale, 'page.reveal.expires', { at: formatDateTime(locale, v.expiresAt) }), 'muted'),
    ].join('\n'),
  );
}

/** Headers of the file download: the link pages' own, as an attachment of type text/csv. */
export function downloadHeaders(fileName: string): Record<string, string> {
  // The name is ours (letters, digits, dashes); anything else is dropped rather than escaped.
  const safe = fileName.replace(/[^A-Za-z0-9._-]/g, '') || 'audit-export.csv';
  return {
    ...securityHeaders,
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${safe}"`,
  };
}
