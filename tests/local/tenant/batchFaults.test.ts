import assert from 'node:assert/strict';
import { useTenant, type RunningTenant } from '../../support/tenant';
import { failure, graphClient, userId } from './clients';

interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: { error?: { code: string; message: string }; value?: unknown[]; id?: string };
}

describe('local tenant: $batch and fault injection', function () {
  this.timeout(60_000);
  let t: RunningTenant;
  useTenant((started) => (t = started));
  beforeEach(async () => {
    await t.admin.reset();
  });

  const batch = async (requests: unknown[]): Promise<BatchResponse[]> => {
    const res = await graphClient(t, 'Password Reset Bot', { retry: false })
      .api('/$batch')
      .post({ requests });
    return (res.responses as BatchResponse[]).sort((a, b) => Number(a.id) - Number(b.id));
  };

  describe('$batch', () => {
    it('runs relative requests with per-request status and headers, in parallel without dependsOn', async () => {
      const bob = userId(t, 'bob@contoso.com');
      const responses = await batch([
        { id: '1', method: 'GET', url: `/users/${bob}?$select=id,displayName` },
        {
          id: '2',
          method: 'GET',
          url: 'users?$search="displayName:alice"',
          headers: { ConsistencyLevel: 'eventual' },
        },
      ]);
      assert.deepEqual(
        responses.map((r) => r.status),
        [200, 200],
      );
      assert.equal(responses[0]!.body!.id, bob);
      assert.equal(responses[1]!.body!.value!.length, 2);
      assert.ok(responses[0]!.headers['request-id']);
    });

    it('runs a fully sequential batch in order (each request depending on the one before)', async () => {
      const bob = userId(t, 'bob@contoso.com');
      const responses = await batch([
        { id: '1', method: 'GET', url: `/users/${bob}?$select=id,displayName` },
        {
          id: '2',
          method: 'PATCH',
          url: `/users/${bob}`,
          dependsOn: ['1'],
          headers: { 'Content-Type': 'application/json' },
          body: { passwordProfile: { password: 'Kite-Orbit-7391!', forceChangePasswordNextSignIn: true } },
        },
        { id: '3', method: 'POST', url: `/users/${bob}/revokeSignInSessions`, dependsOn: ['2'] },
      ]);
      assert.deepEqual(
        responses.map((r) => r.status),
        [200, 204, 200],
      );
      assert.equal((await t.admin.verifyPassword(bob, 'Kite-Orbit-7391!')).match, true);
      const log = await t.admin.requests();
      const outer = log.find((r) => r.path === '/v1.0/$batch')!;
      assert.equal(
        log.filter((r) => r.batch === outer.seq).length,
        3,
        'inner requests are logged with their batch',
      );
    });

    it('refuses a batch that is neither fully parallel nor fully sequential, and a dependency on a later request', async () => {
      const bob = userId(t, 'bob@contoso.com');
      const c = graphClient(t, 'Password Reset Bot', { retry: false });
      const mixed = await failure(
        c.api('/$batch').post({
          requests: [
            { id: '1', method: 'GET', url: `/users/${bob}` },
            { id: '2', method: 'GET', url: '/domains/contoso.com' },
            { id: '3', method: 'POST', url: `/users/${bob}/revokeSignInSessions`, dependsOn: ['1'] },
          ],
        }),
      );
      assert.equal(mixed.statusCode, 400);
      assert.match(mixed.message, /fully sequential or fully parallel/);
      const forward = await failure(
        c.api('/$batch').post({
          requests: [
            { id: '1', method: 'GET', url: `/users/${bob}`, dependsOn: ['2'] },
            { id: '2', method: 'GET', url: '/domains/contoso.com' },
          ],
        }),
      );
      assert.equal(forward.statusCode, 400);
      assert.match(forward.message, /Invalid dependency/);
      const log = await t.admin.requests();
      assert.equal(log.filter((r) => r.batch !== undefined).length, 0, 'nothing inside either batch ran');
    });

    it('answers 424 for every request after one that failed in a sequential batch', async () => {
      const responses = await batch([
        { id: '1', method: 'GET', url: '/users/nobody@contoso.com' },
        { id: '2', method: 'POST', url: '/users/nobody@contoso.com/revokeSignInSessions', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: '/domains/contoso.com', dependsOn: ['2'] },
      ]);
      assert.deepEqual(
        responses.map((r) => r.status),
        [404, 424, 424],
      );
      assert.equal(responses[0]!.body!.error!.code, 'Request_ResourceNotFound');
    });

    it('refuses more than 20 requests, a /v1.0/ prefix inside, and a body without Content-Type', async () => {
      const c = graphClient(t, 'Password Reset Bot', { retry: false });
      const many = Array.from({ length: 21 }, (_, i) => ({
        id: String(i + 1),
        method: 'GET',
        url: '/domains/contoso.com',
      }));
      const tooMany = await failure(c.api('/$batch').post({ requests: many }));
      assert.equal(tooMany.statusCode, 400);
      const prefixed = await batch([{ id: '1', method: 'GET', url: '/v1.0/users/bob@contoso.com' }]);
      assert.equal(prefixed[0]!.status, 400);
      assert.equal(prefixed[0]!.body!.error!.message, "Resource not found for the segment 'v1.0'.");
      const noType = await failure(
        c.api('/$batch').post({
          requests: [
            { id: '1', method: 'PATCH', url: '/users/bob@contoso.com', body: { accountEnabled: true } },
          ],
        }),
      );
      assert.equal(noType.statusCode, 400);
      assert.equal(noType.message, 'Write request id : 1 does not contain Content-Type header or body.');
    });

    it('throttles requests inside a batch one by one', async () => {
      await t.admin.addFault({
        method: 'POST',
        path: '/sendMail$',
        kind: 'status',
        status: 429,
        retryAfterSeconds: 7,
      });
      const responses = await batch([
        { id: '1', method: 'GET', url: '/domains/contoso.com' },
        {
          id: '2',
          method: 'POST',
          url: '/users/helpdesk@contoso.com/sendMail',
          headers: { 'Content-Type': 'application/json' },
          body: {
            message: {
              subject: 's',
              body: { contentType: 'Text', content: 'b' },
              toRecipients: [{ emailAddress: { address: 'a@example.net' } }],
            },
          },
        },
      ]);
      assert.deepEqual(
        responses.map((r) => r.status),
        [200, 429],
      );
      assert.equal(responses[1]!.headers['Retry-After'], '7');
      assert.deepEqual(await t.admin.outbox(), []);
    });
  });

  describe('faults', () => {
    it('adds latency to matching requests only', async () => {
      const c = graphClient(t, 'Password Reset Bot', { retry: false });
      await c.api('/domains/contoso.com').get(); // token outside the measurement
      await t.admin.addFault({ method: 'GET', path: '^/v1\\.0/domains/', kind: 'latency', latencyMs: 600 });
      let started = Date.now();
      await c.api('/domains/contoso.com').get();
      assert.ok(Date.now() - started >= 590, 'the faulted call waited');
      started = Date.now();
      await c.api('/users/bob@contoso.com').select('id').get();
      assert.ok(Date.now() - started < 590, 'other paths are not delayed');
    });

    it('answers 429 with Retry-After, 503 and 504 as Graph error bodies', async () => {
      const c = graphClient(t, 'Password Reset Bot', { retry: false });
      await t.admin.addFault({
        path: '^/v1\\.0/users/bob',
        kind: 'status',
        status: 429,
        retryAfterSeconds: 3,
        count: 1,
      });
      await t.admin.addFault({ path: '^/v1\\.0/users/carol', kind: 'status', status: 503, count: 1 });
      await t.admin.addFault({ path: '^/v1\\.0/users/alice', kind: 'status', status: 504, count: 1 });
      const throttled = await failure(c.api('/users/bob@contoso.com').get());
      assert.equal(throttled.statusCode, 429);
      assert.equal(throttled.code, 'TooManyRequests');
      assert.equal(throttled.headers?.get('Retry-After'), '3');
      assert.equal((await failure(c.api('/users/carol@contoso.com').get())).statusCode, 503);
      assert.equal((await failure(c.api('/users/alice.adams@contoso.com').get())).statusCode, 504);
      // count: 1 — the next call goes through.
      assert.equal(
        (await c.api('/users/bob@contoso.com').select('id').get()).id,
        userId(t, 'bob@contoso.com'),
      );
    });

    it('answers 400, 414 and 431 as refusals of the request (a query or URL Graph will not run)', async () => {
      const c = graphClient(t, 'Password Reset Bot', { retry: false });
      await t.admin.addFault({
        method: 'GET',
        path: '^/v1\\.0/users$',
        kind: 'status',
        status: 400,
        count: 1,
      });
      await t.admin.addFault({
        method: 'GET',
        path: '^/v1\\.0/users$',
        kind: 'status',
        status: 414,
        count: 1,
      });
      await t.admin.addFault({
        method: 'GET',
        path: '^/v1\\.0/users$',
        kind: 'status',
        status: 431,
        count: 1,
      });
      const query = () => c.api('/users').filter("startswith(displayName,'a')").get();
      const bad = await failure(query());
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.code, 'Request_UnsupportedQuery');
      assert.equal((await failure(query())).statusCode, 414);
      assert.equal((await failure(query())).statusCode, 431);
      assert.ok(Array.isArray((await query()).value), 'count: 1 each — the next search goes through');
    });

    it('drops the connection without an answer', async () => {
      const c = graphClient(t, 'Password Reset Bot', { retry: false });
      await c.api('/domains/contoso.com').get();
      await t.admin.addFault({ method: 'POST', path: 'revokeSignInSessions$', kind: 'drop', count: 1 });
      const e = await failure(c.api(`/users/${userId(t, 'bob@contoso.com')}/revokeSignInSessions`).post({}));
      // No HTTP status at all: the Graph client reports a network failure (statusCode -1).
      assert.equal(e.statusCode, -1);
      assert.match(e.message, /fetch failed|socket hang up|ECONNRESET/);
      const log = await t.admin.requests();
      assert.equal(log.find((r) => r.path.endsWith('/revokeSignInSessions'))!.status, 0);
    });

    it('fails only the one request of a batch whose backend connection drops (502), not the batch', async () => {
      await t.admin.addFault({ method: 'GET', path: '^/v1\\.0/domains/', kind: 'drop', count: 1 });
      const responses = await batch([
        { id: '1', method: 'GET', url: '/domains/contoso.com' },
        { id: '2', method: 'GET', url: '/users/bob@contoso.com?$select=id' },
      ]);
      assert.deepEqual(
        responses.map((r) => r.status),
        [502, 200],
      );
      assert.equal(responses[0]!.body!.error!.code, 'BadGateway');
    });

    it('keeps a fault with batchItems false to HTTP requests: the $batch itself, never what is inside', async () => {
      await t.admin.addFault({ path: '^/v1\\.0/', kind: 'latency', latencyMs: 300, batchItems: false });
      const started = Date.now();
      const responses = await batch([
        { id: '1', method: 'GET', url: '/domains/contoso.com' },
        { id: '2', method: 'GET', url: '/users/bob@contoso.com?$select=id', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: '/users/alice.adams@contoso.com?$select=id', dependsOn: ['2'] },
      ]);
      const took = Date.now() - started;
      assert.deepEqual(
        responses.map((r) => r.status),
        [200, 200, 200],
      );
      // One added latency for the one round trip; three more if the three inner requests had it too.
      assert.ok(took >= 300 && took < 900, `the batch took ${took} ms`);
    });

    it('applies a fraction: 0 never, 1 always', async () => {
      const c = graphClient(t, 'Password Reset Bot', { retry: false });
      await t.admin.addFault({ path: '^/v1\\.0/domains/contoso', kind: 'status', status: 503, fraction: 0 });
      await t.admin.addFault({ path: '^/v1\\.0/domains/fabrikam', kind: 'status', status: 503, fraction: 1 });
      for (let i = 0; i < 5; i++) {
        await c.api('/domains/contoso.com').get();
        assert.equal((await failure(c.api('/domains/fabrikam.example').get())).statusCode, 503);
      }
      await t.admin.clearFaults();
      await c.api('/domains/fabrikam.example').get();
    });

    it('is retried by the Graph client’s default retry handler, which the request log shows', async () => {
      const c = graphClient(t, 'Password Reset Bot', { retry: true });
      await c.api('/domains/contoso.com').get();
      await t.admin.clearRequests();
      await t.admin.addFault({
        path: '^/v1\\.0/domains/contoso',
        kind: 'status',
        status: 503,
        retryAfterSeconds: 0,
        count: 2,
      });
      const domain = await c.api('/domains/contoso.com').get();
      assert.equal(domain.id, 'contoso.com');
      const calls = (await t.admin.requests()).filter((r) => r.path === '/v1.0/domains/contoso.com');
      assert.deepEqual(
        calls.map((r) => r.status),
        [503, 503, 200],
      );
    });
  });
});
