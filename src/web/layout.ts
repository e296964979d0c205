/**
 * The shell every server-rendered page shares: one card, inline CSS, no JavaScript and no external
 * resource, the title HTML-escaped (content arrives escaped by its page); and the pieces pages are made of.
 */
import type { Locale } from '../i18n';
import { escapeHtml } from './html';

const STYLE = `
body{margin:0;padding:32px 16px;background:#f5f5f5;color:#242424;font-family:"Segoe UI","Hiragino Sans","Meiryo",system-ui,sans-serif;line-height:1.5}
main{max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:22px;margin:0 0 16px}
p{margin:0 0 12px}
.muted{color:#616161;font-size:14px}
.warn{color:#8a3700;font-weight:600}
a{color:#0f6cbd}
ul{margin:0 0 12px;padding-left:20px}
li{margin:0 0 8px}
button{font:inherit;font-size:16px;padding:10px 20px;border:0;border-radius:4px;background:#0f6cbd;color:#fff;cursor:pointer}
.pw{font-family:Consolas,"Courier New",monospace;font-size:28px;letter-spacing:1px;padding:16px;margin:16px 0;background:#f0f0f0;border:1px solid #d1d1d1;border-radius:4px;word-break:break-all;user-select:all;-webkit-user-select:all}
`;

/** A whole page: one card with a title and the given (already escaped) content. */
export function page(locale: Locale, title: string, content: string): string {
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

/** One escaped paragraph, with a class of the shell's style (`muted`, `warn`) if given. */
export function p(text: string, className?: string): string {
  return className ? `<p class="${className}">${escapeHtml(text)}</p>` : `<p>${escapeHtml(text)}</p>`;
}

/**
 * The button of a one-time link's GET page: it POSTs the token to the same URL, so only a person's click
 * reveals (and burns) what the link holds, never a mail scanner that follows the link.
 */
export function postTokenForm(token: string, buttonLabel: string): string {
  return [
    `<form method="post" autocomplete="off">`,
    `<input type="hidden" name="token" value="${escapeHtml(token)}">`,
    `<button type="submit">${escapeHtml(buttonLabel)}</button>`,
    `</form>`,
  ].join('\n');
}
