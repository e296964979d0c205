import assert from 'node:assert/strict';
import { isLoopbackPeer } from '../../../src/local/tenant/admin';
import { checkFault, FaultRegistry } from '../../../src/local/tenant/faults';
import { checkSeed } from '../../../src/local/tenant/seed';

describe('local tenant admin pieces', () => {
  it('treats only loopback peers as admin callers', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.0.0.2'])
      assert.equal(isLoopbackPeer(a), true, a);
    for (const a of ['10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', undefined])
      assert.equal(isLoopbackPeer(a), false, String(a));
  });

  it('checks fault specs with a sentence per problem', () => {
    assert.deepEqual(
      checkFault({ path: '^/v1\\.0/users', kind: 'status', status: 429, retryAfterSeconds: 2 }),
      [],
    );
    assert.equal(checkFault({ path: '(', kind: 'drop' }).length, 1);
    assert.equal(checkFault({ path: 'x', kind: 'status', status: 500 }).length, 1);
    // Refusals Graph gives to a request it will not run: a bad query, a URL or headers too long.
    for (const status of [400, 414, 431])
      assert.deepEqual(checkFault({ path: 'x', kind: 'status', status }), []);
    assert.equal(checkFault({ path: 'x', kind: 'latency' }).length, 1);
    assert.equal(checkFault({ path: 'x', kind: 'drop', fraction: 2, count: 0 }).length, 2);
  });

  it('applies count, method and path, adds latencies, and lets the first status or drop win', () => {
    const faults = new FaultRegistry();
    faults.add({ path: '^/v1\\.0/users', kind: 'latency', latencyMs: 100 });
    faults.add({ path: '^/v1\\.0/users', kind: 'latency', latencyMs: 50 });
    faults.add({ method: 'PATCH', path: '^/v1\\.0/users/', kind: 'status', status: 503, count: 2 });
    faults.add({ method: 'PATCH', path: '^/v1\\.0/users/', kind: 'drop' });
    assert.deepEqual(faults.decide('GET', '/v1.0/users'), { latencyMs: 150, outcome: null });
    assert.deepEqual(faults.decide('PATCH', '/v1.0/users/x').outcome, {
      kind: 'status',
      status: 503,
      retryAfterSeconds: undefined,
    });
    assert.equal(faults.decide('patch', '/v1.0/users/x').outcome?.kind, 'status');
    assert.deepEqual(faults.decide('PATCH', '/v1.0/users/x').outcome, { kind: 'drop' });
    assert.equal(faults.decide('GET', '/v1.0/domains/x').latencyMs, 0);
    faults.clear();
    assert.deepEqual(faults.list(), []);
  });

  it('refuses seeds with repeated ids or UPNs', () => {
    const user = {
      id: '3f0c7a3e-6a52-4d8e-9a57-0c2f0b8a1e11',
      displayName: 'A',
      userPrincipalName: 'a@x.example',
    };
    const problems = checkSeed({
      tenant: {
        id: '3f0c7a3e-6a52-4d8e-9a57-0c2f0b8a1e12',
        name: 'X',
        domains: [{ name: 'x.example', authenticationType: 'Managed' }],
      },
      applications: [],
      users: [user, { ...user }],
    });
    assert.equal(problems.length, 2);
  });
});
