import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { httpInstrumentationOptions, redactPath, redactUrl } from '../src/telemetryHttp';

const TOKEN = 'Zx9_kQ2-vL7mN4pR8sT1uW3yA6bC0dE5';

describe('telemetryHttp', () => {
  it('replaces a one-time link token in paths and URLs, and nothing else', () => {
    assert.equal(redactPath(`/l/${TOKEN}`), '/l/:token');
    assert.equal(redactPath(`/l/${TOKEN}?lang=ja`), '/l/:token?lang=ja');
    assert.equal(redactUrl(`https://bot.example/l/${TOKEN}`), 'https://bot.example/l/:token');
    assert.equal(redactUrl(`http://127.0.0.1:3978/l/${TOKEN}?x=1`), 'http://127.0.0.1:3978/l/:token?x=1');
    assert.equal(redactPath('/api/messages'), '/api/messages');
    assert.equal(redactPath('/privacy/l/not-a-link'), '/privacy/l/not-a-link');
  });

  it('rewrites every URL attribute of an incoming link request', () => {
    const attributes: Record<string, string> = {
      'http.url': `http://127.0.0.1:3978/l/${TOKEN}`,
      'http.target': `/l/${TOKEN}`,
      'url.full': `http://127.0.0.1:3978/l/${TOKEN}`,
      'url.path': `/l/${TOKEN}`,
      'http.method': 'POST',
    };
    const span = { attributes, setAttribute: (key: string, value: string) => (attributes[key] = value) };
    httpInstrumentationOptions().requestHook(span, { url: `/l/${TOKEN}` } as IncomingMessage);
    assert.ok(!JSON.stringify(attributes).includes(TOKEN), JSON.stringify(attributes));
    assert.equal(attributes['url.path'], '/l/:token');
    assert.equal(attributes['http.method'], 'POST');
  });

  it('leaves out health probes and the Azure SDK’s own requests, and records the rest', () => {
    const options = httpInstrumentationOptions();
    assert.equal(options.ignoreIncomingRequestHook({ url: '/healthz' } as IncomingMessage), true);
    assert.equal(options.ignoreIncomingRequestHook({ url: '/readyz?x=1' } as IncomingMessage), true);
    assert.equal(options.ignoreIncomingRequestHook({ url: '/api/messages' } as IncomingMessage), false);
    const sdk = 'azsdk-js-data-tables/13.3.2 core-rest-pipeline/1.24.0 Node/20';
    assert.equal(options.ignoreOutgoingRequestHook({ headers: { 'user-agent': sdk } }), true);
    assert.equal(options.ignoreOutgoingRequestHook({ headers: { 'User-Agent': sdk } }), true);
    assert.equal(options.ignoreOutgoingRequestHook({ headers: { 'user-agent': 'node' } }), false);
    assert.equal(options.ignoreOutgoingRequestHook({}), false);
  });
});
