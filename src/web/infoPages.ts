/**
 * The pages the Teams app manifest links to: the website (`/`), the privacy statement (`/privacy`) and
 * the terms of use (`/terms`), in English and Japanese. The bot serves them itself so the manifest's
 * URLs always point at a page that exists, on the bot's own domain, saying what this deployment does.
 */
import { t, type Locale } from '../i18n';
import { escapeHtml } from './html';
import { page, p } from './layout';

/** What the pages say about this deployment. */
export interface InfoPageFacts {
  /** Who to contact (the helpdesk); empty says "your IT helpdesk". */
  readonly contact: string;
  /** Lifetime of a one-time link, in hours. */
  readonly linkTtlHours: number;
}

/** Paths the manifest uses, and the page each one serves. */
export const INFO_PATHS = { about: '/', privacy: '/privacy', terms: '/terms' } as const;

/** Headers for the info pages: public and cacheable per language, never framed, sniffed or scripted. */
export const infoPageHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'public, max-age=3600',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'Content-Type': 'text/html; charset=utf-8',
  Vary: 'Accept-Language',
});

const list = (items: readonly string[]): string =>
  `<ul>\n${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`;
const contactOf = (locale: Locale, facts: InfoPageFacts): string =>
  facts.contact || t(locale, 'page.contact.none');

/** `/`: what the service is, how to use it, and links to the privacy statement and the terms. */
export function aboutPage(locale: Locale, facts: InfoPageFacts): string {
  const links = [
    [INFO_PATHS.privacy, t(locale, 'page.about.privacy')],
    [INFO_PATHS.terms, t(locale, 'page.about.terms')],
  ]
    .map(([href, text]) => `<li><a href="${escapeHtml(href ?? '')}">${escapeHtml(text ?? '')}</a></li>`)
    .join('\n');
  return page(
    locale,
    t(locale, 'page.about.title'),
    [
      p(t(locale, 'page.about.text')),
      p(t(locale, 'page.about.use')),
      `<ul>\n${links}\n</ul>`,
      p(t(locale, 'page.about.contact', { contact: contactOf(locale, facts) }), 'muted'),
    ].join('\n'),
  );
}

/** `/privacy`: what the service reads, keeps and sends, and where. */
export function privacyPage(locale: Locale, facts: InfoPageFacts): string {
  return page(
    locale,
    t(locale, 'page.privacy.title'),
    [
      list([
        t(locale, 'page.privacy.operator'),
        t(locale, 'page.privacy.directory'),
        t(locale, 'page.privacy.audit'),
        t(locale, 'page.privacy.passwords', { hours: facts.linkTtlHours }),
        t(locale, 'page.privacy.telemetry'),
      ]),
      p(t(locale, 'page.privacy.contact', { contact: contactOf(locale, facts) }), 'muted'),
    ].join('\n'),
  );
}

/** `/terms`: who may use the service and how. */
export function termsPage(locale: Locale, facts: InfoPageFacts): string {
  return page(
    locale,
    t(locale, 'page.terms.title'),
    [
      list([
        t(locale, 'page.terms.who'),
        t(locale, 'page.terms.audit'),
        t(locale, 'page.terms.private'),
        t(locale, 'page.terms.warranty'),
      ]),
      p(t(locale, 'page.terms.contact', { contact: contactOf(locale, facts) }), 'muted'),
    ].join('\n'),
  );
}
