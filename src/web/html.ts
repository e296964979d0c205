/** HTML escaping shared by mails and link pages: every interpolated value goes through `escapeHtml`. */
import { AppError, ErrorCodes } from '../errors';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}

/** Returns `url` if it is an absolute http(s) URL, else throws: a link we put in a mail must never be `javascript:`. */
export function safeHttpUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError(ErrorCodes.INTERNAL, 'mail link is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError(ErrorCodes.INTERNAL, 'mail link must be http(s)');
  }
  return parsed.toString();
}

/** One line of plain text (for mail subjects): control characters and line breaks become spaces. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- a subject must never carry CR/LF
  return value.replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, ' ').trim();
}
