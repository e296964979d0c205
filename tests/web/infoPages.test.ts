import assert from 'node:assert/strict';
import { t } from '../../src/i18n';
import { escapeHtml } from '../../src/web/html';
import { aboutPage, infoPageHeaders, privacyPage, termsPage } from '../../src/web/infoPages';

const facts = { contact: 'helpdesk@contoso.com', linkTtlHours: 24 };

/** No JavaScript and nothing loaded from elsewhere; the only links are to the other info pages. */
function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
  assert.doesNotMatch(html, /\bsrc=/i);
  assert.doesNotMatch(html, /<link\b/i);
  for (const [, href] of html.matchAll(/\bhref="([^"]*)"/g)) assert.match(href ?? '', /^\/(privacy|terms)$/);
}

describe('info pages (the manifest’s website, privacy and terms URLs)', () => {
  for (const locale of ['en', 'ja'] as const) {
    it(`${locale}: the website names the service, links to privacy and terms, and gives the contact`, () => {
      const html = aboutPage(locale, facts);
      assert.match(html, new RegExp(`<html lang="${locale}">`));
      assert.ok(html.includes(escapeHtml(t(locale, 'page.about.title'))));
      assert.match(html, /href="\/privacy"/);
      assert.match(html, /href="\/terms"/);
      assert.ok(html.includes('helpdesk@contoso.com'));
      assertSelfContained(html);
    });

    it(`${locale}: the privacy statement says what is read, kept and for how long, and that passwords are never kept in clear`, () => {
      const html = privacyPage(locale, facts);
      assert.ok(html.includes(escapeHtml(t(locale, 'page.privacy.title'))));
      assert.ok(html.includes(escapeHtml(t(locale, 'page.privacy.audit'))));
      assert.ok(html.includes(escapeHtml(t(locale, 'page.privacy.passwords', { hours: 24 }))));
      assert.ok(html.includes(locale === 'en' ? '24 hours' : '24 時間'));
      assertSelfContained(html);
    });

    it(`${locale}: the terms say who may use it and that every attempt is audited`, () => {
      const html = termsPage(locale, facts);
      assert.ok(html.includes(escapeHtml(t(locale, 'page.terms.title'))));
      assert.ok(html.includes(escapeHtml(t(locale, 'page.terms.who'))));
      assert.ok(html.includes(escapeHtml(t(locale, 'page.terms.audit'))));
      assertSelfContained(html);
    });
  }

  it('escapes the contact and falls back to "your IT helpdesk" without one', () => {
    const evil = privacyPage('en', { contact: '<script>x</script>', linkTtlHours: 1 });
    assert.doesNotMatch(evil, /<script>x/);
    assert.match(evil, /&lt;script&gt;x&lt;\/script&gt;/);
    assert.ok(termsPage('en', { contact: '', linkTtlHours: 24 }).includes('Questions: your IT helpdesk'));
    assert.ok(termsPage('ja', { contact: '', linkTtlHours: 24 }).includes('組織の IT ヘルプデスク'));
  });

  it('are cacheable per language but never framed or scripted', () => {
    assert.equal(infoPageHeaders['Vary'], 'Accept-Language');
    assert.match(infoPageHeaders['Content-Security-Policy'] ?? '', /default-src 'none'/);
    assert.match(infoPageHeaders['Content-Security-Policy'] ?? '', /frame-ancestors 'none'/);
    assert.equal(infoPageHeaders['X-Frame-Options'], 'DENY');
  });
});
