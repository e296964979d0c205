/**
 * Faults injected on the local tenant's Entra endpoints (token endpoint, OpenID metadata, keys) answer
 * as Entra does: an OAuth 2.0 error body (`error`, `error_description` with an AADSTS code, `error_codes`,
 * trace and correlation ids), not Graph's `{ error: { code, message } }`, and `Retry-After` when the fault
 * asks for one. The Azure SDK reads these bodies, so an outage of the token endpoint can be rehearsed.
 */
import assert from 'node:assert/strict';
import { startTenant, type RunningTenant } from '../../support/tenant';
import { app, credential, raw } from './clients';

describe('local tenant: faults on the Entra endpoints', function () {
  this.timeout(60_000);
  let t: RunningTenant;
  before(async () => {
    t = await startTenant();
  });
  after(async () => t?.stop());
  afterEach(async () => t.admin.clearFaults());

  function tokenRequest(): Promise<Awaited<ReturnType<typeof raw>>> {
    const { clientId, clientSecret } = app(t, 'Password Reset Bot');
    return raw(t, 'POST', `/${t.tenantId}/oauth2/v2.0/token`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'client-request-id': 'corr-1' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
  }

  for (const status of [503, 504] as const) {
    it(`a ${status} from the token endpoint is Entra's temporarily_unavailable, with Retry-After when asked`, async () => {
      await t.admin.addFault({ path: '/oauth2/v2\\.0/token$', kind: 'status', status, retryAfterSeconds: 2 });
      const res = await tokenRequest();
      assert.equal(res.status, status);
      assert.equal(res.headers['retry-after'], '2');
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json();
      assert.equal(body.error, 'temporarily_unavailable');
      assert.deepEqual(body.error_codes, [90033]);
      assert.match(body.error_description, /^AADSTS90033: /);
      assert.equal(body.correlation_id, 'corr-1');
      assert.equal(typeof body.trace_id, 'string');
      assert.equal(body.error?.code, undefined, 'not a Graph error body');
    });
  }

  it('a 503 without Retry-After has none, and the next request after the fault is served again', async () => {
    await t.admin.addFault({ path: '/oauth2/v2\\.0/token$', kind: 'status', status: 503, count: 1 });
    const failed = await tokenRequest();
    assert.equal(failed.status, 503);
    assert.equal(failed.headers['retry-after'], undefined);
    assert.equal((await tokenRequest()).status, 200);
  });

  it('a 429 from the token endpoint is throttling in Entra’s words', async () => {
    await t.admin.addFault({
      path: '/oauth2/v2\\.0/token$',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 60,
    });
    const res = await tokenRequest();
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '60');
    assert.equal(res.json().error, 'temporarily_unavailable');
    assert.match(res.json().error_description, /^AADSTS90055: /);
  });

  it('the OpenID metadata and the keys fail the same way', async () => {
    await t.admin.addFault({
      path: `^/${t.tenantId}/(v2\\.0/\\.well-known|discovery)/`,
      kind: 'status',
      status: 503,
    });
    for (const path of [
      `/${t.tenantId}/v2.0/.well-known/openid-configuration`,
      `/${t.tenantId}/discovery/v2.0/keys`,
    ]) {
      const res = await raw(t, 'GET', path);
      assert.equal(res.status, 503, path);
      assert.equal(res.json().error, 'temporarily_unavailable', path);
    }
  });

  it('ClientSecretCredential reports the outage with the AADSTS code, never as a refused credential', async () => {
    await t.admin.addFault({
      path: '/oauth2/v2\\.0/token$',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 0,
    });
    const { clientId, clientSecret } = app(t, 'Password Reset Bot');
    await assert.rejects(
      credential(t, clientId, clientSecret).getToken('https://graph.microsoft.com/.default'),
      (error: Error) => /AADSTS90033/.test(error.message) && !/invalid_client/.test(error.message),
    );
  });
});
