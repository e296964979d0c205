import assert from 'node:assert/strict';
import { downloadHeaders, exportPage } from '../../src/web/exportPages';

describe('the export link page', () => {
  it('names the file and whose it is, offers Download as a POST of the token, shows no content', () => {
    const html = exportPage({
      locale: 'en',
      name: 'Alex <Wilber>',
      upn: 'alexw@contoso.com',
      entries: 42,
      token: 'tok_123',
      expiresAt: '2026-11-21T10:00:00.000Z',
    });
    assert.match(html, /A CSV file of 42 audit entries, made for Alex &lt;Wilber&gt; \(alexw@contoso\.com\)/);
    assert.match(html, /<form method="post"[^>]*>\s*<input type="hidden" name="token" value="tok_123">/);
    assert.match(html, /<button type="submit">Download<\/button>/);
    assert.match(html, /21 Nov 2026, 10:00 UTC/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('downloads as a text/csv attachment under the link pages’ security headers, with a safe file name', () => {
    const headers = downloadHeaders('audit-export-20261120-1032.csv');
    assert.equal(headers['Content-Type'], 'text/csv; charset=utf-8');
    assert.equal(headers['Content-Disposition'], 'attachment; filename="audit-export-20261120-1032.csv"');
    assert.equal(headers['Cache-Control'], 'no-store');
    assert.equal(headers['Referrer-Policy'], 'no-referrer');
    assert.equal(
      downloadHeaders('x"; evil=\r\n.csv')['Content-Disposition'],
      'attachment; filename="xevil.csv"',
    );
  });
});
