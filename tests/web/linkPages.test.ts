import assert from 'node:assert/strict';
import { errorPage, gonePage, passwordPage, revealPage, securityHeaders } from '../../src/web/linkPages';

const EVIL = `<script>alert("x")</script> O'Brien & "Co"`;

/** No JavaScript, no external resource: no script tags, no event handlers, no src/href to anywhere. */
function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
  assert.doesNotMatch(html, /\b(?:src|href)=/i);
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, /url\(/i);
}

describe('link pages', () => {
  it('revealPage explains the one-time view and posts the token to the same URL', () => {
    const html = revealPage({
      locale: 'en',
      targetDisplayName: 'Alice',
      targetUpn: 'alice@contoso.com',
      token: 'tok_123-abc',
      expiresAt: '2025-03-15T09:05:00Z',
    });
    assert.match(html, /<form method="post"/);
    assert.doesNotMatch(html, /action=/);
    assert.match(html, /<input type="hidden" name="token" value="tok_123-abc">/);
    assert.match(html, /<button type="submit">Show password<\/button>/);
    assert.match(html, /shown once/);
    assert.match(html, /Alice \(alice@contoso\.com\)/);
    assert.match(html, /15 Mar 2025, 09:05 UTC/);
    assertSelfContained(html);
  });

  it('passwordPage shows the password once, large, monospace and selectable, with the sign-in URL', () => {
    const html = passwordPage({
      locale: 'en',
      targetDisplayName: 'Alice',
      targetUpn: 'alice@contoso.com',
      password: 'Xy7#mQ2!vB9$kL4p',
      forceChange: true,
    });
    assert.match(html, /<p class="pw">Xy7#mQ2!vB9\$kL4p<\/p>/);
    assert.match(html, /\.pw\{font-family:Consolas[^}]*user-select:all/);
    assert.match(html, /cannot be shown again/);
    assert.match(html, /https:\/\/www\.microsoft365\.com/);
    assert.match(html, /choose a new password/);
    assert.doesNotMatch(
      passwordPage({
        locale: 'en',
        targetDisplayName: 'A',
        targetUpn: 'a@b.c',
        password: 'x',
        forceChange: false,
      }),
      /choose a new password/,
    );
    assertSelfContained(html);
  });

  it('gonePage says the same thing for used, expired or unknown links', () => {
    assert.match(gonePage('en'), /already been used, has expired, or is not valid/);
    assert.match(gonePage('ja'), /使用済みか、有効期限が切れているか、正しくありません/);
    assertSelfContained(gonePage('ja'));
  });

  it('errorPage shows the correlation id', () => {
    const html = errorPage('ja', 'corr-42');
    assert.match(html, /参照番号: corr-42/);
    assertSelfContained(html);
  });

  it('escapes every interpolated value', () => {
    const pages = [
      revealPage({
        locale: 'en',
        targetDisplayName: EVIL,
        targetUpn: EVIL,
        token: '"><script>x</script>',
        expiresAt: '2025-03-15T09:05:00Z',
      }),
      passwordPage({
        locale: 'ja',
        targetDisplayName: EVIL,
        targetUpn: EVIL,
        password: '</p><script>x</script>',
        forceChange: true,
      }),
      errorPage('en', EVIL),
    ];
    for (const html of pages) {
      assert.doesNotMatch(html, /<script/i);
      assert.match(html, /&lt;script&gt;/);
    }
  });

  it('securityHeaders forbid caching, framing, referrers, sniffing, indexing and scripts', () => {
    assert.equal(securityHeaders['Cache-Control'], 'no-store');
    assert.equal(securityHeaders.Pragma, 'no-cache');
    assert.equal(securityHeaders['Referrer-Policy'], 'no-referrer');
    assert.equal(securityHeaders['X-Content-Type-Options'], 'nosniff');
    assert.equal(securityHeaders['X-Frame-Options'], 'DENY');
    assert.equal(
      securityHeaders['Content-Security-Policy'],
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    );
    assert.equal(securityHeaders['X-Robots-Tag'], 'noindex');
    assert.ok(Object.isFrozen(securityHeaders));
  });
});
