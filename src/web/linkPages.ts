/**
 * The one-time link pages, rendered on the server: no JavaScript, no external resources, inline CSS only,
 * every value HTML-escaped. GET shows a button; only the POST it sends reveals (and burns) the secret, so a
 * mail scanner that follows the link changes nothing.
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { escapeHtml } from './html';

/** The Microsoft 365 sign-in address shown next to a password. */
export const SIGN_IN_URL = 'https://www.microsoft365.com';

/** Headers for every link page: never cached, never framed, never referred, never indexed. */
export const securityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Robots-Tag': 'noindex',
  'Content-Type': 'text/html; charset=utf-8',
});

const STYLE = `
body{margin:0;padding:32px 16px;background:#f5f5f5;color:#242424;font-family:"Segoe UI","Hiragino Sans","Meiryo",system-ui,sans-serif;line-height:1.5}
main{max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:22px;margin:0 0 16px}
p{margin:0 0 12px}
.muted{color:#616161;font-size:14px}
.warn{color:#8a3700;font-weight:600}
button{font:inherit;font-size:16px;padding:10px 20px;border:0;border-radius:4px;background:#0f6cbd;color:#fff;cursor:pointer}
.pw{font-family:Consolas,"Courier New",monospace;font-size:28px;letter-spacing:1px;padding:16px;margin:16px 0;background:#f0f0f0;border:1px solid #d1d1d1;border-radius:4px;word-break:break-all;user-select:all;-webkit-user-select:all}
`;

function page(locale: Locale, title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${content}
</main>
</body>
</html>
`;
}

const p = (text: string, className?: string): string =>
  className ? `<p class="${className}">${escapeHtml(text)}</p>` : `<p>${escapeHtml(text)}</p>`;

/** The GET page: names the account and offers "Show password", which POSTs the token to the same URL. */
export function revealPage(v: {
  locale: Locale;
  targetDisplayName: string;
  targetUpn: string;
  token: string;
  expiresAt: string;
}): string {
  const { locale } = v;
  return page(
    locale,
    t(locale, 'page.reveal.title'),
    [
      p(t(locale, 'page.reveal.account', { name: v.targetDisplayName, upn: v.targetUpn })),
      p(t(locale, 'page.reveal.text')),
      p(t(locale, 'page.reveal.private'), 'warn'),
      `<form method="post" autocomplete="off">`,
      `<input type="hidden" name="token" value="${escapeHtml(v.token)}">`,
      `<button type="submit">${escapeHtml(t(locale, 'page.reveal.button'))}</button>`,
      `</form>`,
      p(t(locale, 'page.reveal.expires', { at: formatDateTime(locale, v.expiresAt) }), 'muted'),
    ].join('\n'),
  );
}

/** The POST answer: the password once, large and selectable, with the sign-in address. */
export function passwordPage(v: {
  locale: Locale;
  targetDisplayName: string;
  targetUpn: string;
  password: string;
  forceChange: boolean;
}): string {
  const { locale } = v;
  return page(
    locale,
    t(locale, 'page.password.title'),
    [
      p(t(locale, 'page.password.account', { name: v.targetDisplayName, upn: v.targetUpn })),
      `<p class="pw">${escapeHtml(v.password)}</p>`,
      p(t(locale, 'page.password.copy'), 'warn'),
      p(t(locale, 'page.password.signIn', { url: SIGN_IN_URL })),
      v.forceChange ? p(t(locale, 'page.password.mustChange')) : '',
    ].join('\n'),
  );
}

/** Used, expired or unknown: one text for all, so the page does not tell which. */
export function gonePage(locale: Locale): string {
  return page(locale, t(locale, 'page.gone.title'), p(t(locale, 'page.gone.text')));
}

/** An unexpected failure, with a correlation id the user can quote. */
export function errorPage(locale: Locale, correlationId: string): string {
  return page(
    locale,
    t(locale, 'page.error.title'),
    [
      p(t(locale, 'page.error.text')),
      p(t(locale, 'page.error.reference', { id: correlationId }), 'muted'),
    ].join('\n'),
  );
}
