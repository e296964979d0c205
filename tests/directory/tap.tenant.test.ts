/**
 * GraphDirectory's Temporary Access Pass calls against the real local tenant: the policy read inside the
 * profiles' $batch, and the one POST that creates a pass — repeated only when Graph proves nothing
 * happened (429), never after an answer that did not come.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import type { DirectoryPort, TapOutcome } from '../../src/reset/ports';
import { startTenant, type FaultSpec, type RunningTenant } from '../support/tenant';
import { seedUserId, tenantDirectory } from './tenantDirectory';

const TIMEOUT_MS = 600;
const POST_PATH = '/authentication/temporaryAccessPassMethods$';

describe('directory/GraphDirectory: Temporary Access Pass against the local tenant', function () {
  this.timeout(60_000);
  let tenant: RunningTenant;
  let waits: number[];

  before(async () => {
    if (!process.env.NODE_EXTRA_CA_CERTS) throw new Error('Run through npm test (NODE_EXTRA_CA_CERTS).');
    tenant = await startTenant();
  });
  after(async () => tenant?.stop());
  beforeEach(async () => {
    waits = [];
    await tenant.admin.reset();
  });

  function directory(appName = 'Password Reset Bot'): DirectoryPort {
    return tenantDirectory(tenant, { appName, timeoutMs: TIMEOUT_MS, onWait: (ms) => waits.push(ms) });
  }

  const userId = (upn: string): string => seedUserId(tenant, upn);

  async function posts(): Promise<number> {
    return (await tenant.admin.requests()).filter(
      (r) => r.method === 'POST' && new RegExp(POST_PATH).test(r.path),
    ).length;
  }

  function done(outcome: TapOutcome): Extract<TapOutcome, { status: 'done' }> {
    assert.equal(outcome.status, 'done', JSON.stringify(outcome));
    return outcome as Extract<TapOutcome, { status: 'done' }>;
  }

  it('reads the policy in the same $batch as the profiles (one round trip)', async () => {
    const dir = directory();
    const alex = userId('alex.wilber@contoso.com');
    await dir.readProfiles({ targets: [{ id: userId('bob@contoso.com'), upn: 'bob@contoso.com' }] }); // token, domain
    await tenant.admin.clearRequests();
    const profiles = await dir.readProfiles({
      requester: { id: alex },
      targets: [{ id: userId('bob@contoso.com'), upn: 'bob@contoso.com' }],
      tapPolicy: true,
    });
    assert.deepEqual(profiles.tapPolicy, {
      state: 'enabled',
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      defaultLifetimeInMinutes: 60,
      isUsableOnce: false,
      defaultLength: 8,
    });
    const log = await tenant.admin.requests();
    assert.equal(
      log.filter((r) => r.batch === undefined && !r.path.includes('oauth2')).length,
      1,
      'one $batch',
    );
    assert.ok(log.some((r) => r.batch !== undefined && r.path.endsWith('/TemporaryAccessPass')));
  });

  it('a policy the app may not read fails the read, naming Policy.Read.AuthenticationMethod', async () => {
    await assert.rejects(
      directory('Contoso Helpdesk Tool').readProfiles({ tapPolicy: true }),
      (error: unknown) => {
        const e = error as { code?: string; permission?: string };
        return e.code === 'GRAPH_READ_DENIED' && e.permission === 'Policy.Read.AuthenticationMethod';
      },
    );
  });

  it('creates a pass in one POST and returns it with its settings; the tenant agrees', async () => {
    const start = new Date(Date.now() + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const outcome = done(
      await directory().createTemporaryAccessPass(userId('bob@contoso.com'), {
        lifetimeInMinutes: 120,
        isUsableOnce: true,
        startDateTime: start,
      }),
    );
    assert.deepEqual(
      { ...outcome.created, methodId: typeof outcome.created.methodId },
      { methodId: 'string', startDateTime: start, lifetimeInMinutes: 120, isUsableOnce: true },
    );
    assert.equal((await tenant.admin.verifyTemporaryAccessPass('bob@contoso.com', outcome.pass)).match, true);
    assert.equal(await posts(), 1);
  });

  it('Graph’s refusals are failures with their codes: 400 (policy) and 403 (the app’s own role)', async () => {
    const bad = await directory().createTemporaryAccessPass(userId('bob@contoso.com'), {
      lifetimeInMinutes: 481,
      isUsableOnce: false,
    });
    assert.ok(bad.status === 'failed' && bad.error.code === 'GRAPH_BAD_REQUEST' && !bad.error.ambiguous);
    const denied = await directory().createTemporaryAccessPass(userId('johanna.lorenz@contoso.com'), {
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    });
    assert.ok(denied.status === 'failed' && denied.error.code === 'GRAPH_DENIED', JSON.stringify(denied));
    assert.match(denied.error.permission ?? '', /UserAuthMethod-TAP\.ReadWrite\.All/);
  });

  it('a 429 with Retry-After is waited out and sent again: one pass in the end', async () => {
    await tenant.admin.addFault({
      method: 'POST',
      path: POST_PATH,
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      count: 1,
    });
    const outcome = done(
      await directory().createTemporaryAccessPass(userId('carol@contoso.com'), {
        lifetimeInMinutes: 60,
        isUsableOnce: true,
      }),
    );
    assert.ok(
      waits.some((w) => w >= 1_000),
      `waited ${waits.join(', ')} ms`,
    );
    assert.equal(await posts(), 2);
    assert.equal(
      (await tenant.admin.verifyTemporaryAccessPass('carol@contoso.com', outcome.pass)).match,
      true,
    );
  });

  const AMBIGUOUS: Record<string, Omit<FaultSpec, 'path' | 'method'>> = {
    '503': { kind: 'status', status: 503, count: 1 },
    '504': { kind: 'status', status: 504, count: 1 },
    'a dropped connection': { kind: 'drop', count: 1 },
  };
  for (const [name, fault] of Object.entries(AMBIGUOUS)) {
    it(`answered ${name}: unknown, and never sent again (a second pass would replace the first)`, async () => {
      await tenant.admin.addFault({ ...fault, method: 'POST', path: POST_PATH });
      const outcome = await directory().createTemporaryAccessPass(userId('carol@contoso.com'), {
        lifetimeInMinutes: 60,
        isUsableOnce: true,
      });
      assert.ok(outcome.status === 'unknown' && outcome.error.ambiguous, JSON.stringify(outcome));
      await delay(300);
      assert.equal(await posts(), 1, 'exactly one POST');
    });
  }

  it('an answer that comes too late: unknown, one POST, and the tenant did create a pass nobody has', async () => {
    await tenant.admin.addFault({
      method: 'POST',
      path: POST_PATH,
      kind: 'latency',
      latencyMs: TIMEOUT_MS + 400,
      count: 1,
    });
    const outcome = await directory().createTemporaryAccessPass(userId('carol@contoso.com'), {
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    });
    assert.ok(
      outcome.status === 'unknown' && outcome.error.code === 'GRAPH_UNAVAILABLE',
      JSON.stringify(outcome),
    );
    await delay(TIMEOUT_MS + 600);
    assert.equal(await posts(), 1, 'exactly one POST');
    assert.equal((await tenant.admin.verifyTemporaryAccessPass('carol@contoso.com', 'x')).exists, true);
  });
});
