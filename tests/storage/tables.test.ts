import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/config';
import { AppError, ErrorCodes } from '../../src/errors';
import { findFreePort, startAzurite } from '../../src/local/azurite';
import type { ResetRequest } from '../../src/reset/model';
import { isInsecureEndpoint } from '../../src/storage/tableClient';
import { createTableStorage } from '../../src/storage/tables';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';

const keys = [randomBytes(32)];

function isUnavailable(error: unknown): boolean {
  return error instanceof AppError && error.code === ErrorCodes.STORAGE_UNAVAILABLE;
}

function request(): ResetRequest {
  return {
    id: `r${randomBytes(8).toString('hex')}`,
    tenantId: 't',
    requesterId: 'a',
    requesterName: 'A',
    requesterUpn: 'a@contoso.com',
    locale: 'en',
    conversationType: 'personal',
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    state: 'open',
    targets: [],
  };
}

describe('storage/tables (Azurite)', () => {
  let azurite: TestAzurite;

  before(async () => {
    azurite = await startTestAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });

  it('builds all four stores on prefixed tables; ensureTables is idempotent; health is true', async () => {
    const prefix = uniqueTablePrefix();
    const storage = createTableStorage(azurite.connectionString, prefix, { encryptionKeys: keys });
    assert.deepEqual(storage.tableNames, {
      requests: `${prefix}Requests`,
      auditIndex: `${prefix}AuditIndex`,
      secrets: `${prefix}Secrets`,
      limits: `${prefix}Limits`,
    });
    await storage.ensureTables();
    await Promise.all([storage.ensureTables(), storage.ensureTables()]);
    assert.equal(await storage.health(), true);
    const placeholder = await storage.requests.create(request(), []);
    assert.equal((await storage.requests.get(placeholder.value.id))?.etag, placeholder.etag);
    const onRecord = request();
    await storage.requests.create(onRecord, [
      {
        action: 'requested',
        requestId: onRecord.id,
        correlationId: 'c',
        requesterId: 'a',
        requesterUpn: 'a@contoso.com',
      },
    ]);
    assert.equal((await storage.audit.verify()).checked, 1);
    const { token } = await storage.secrets.put('s3cret', {
      requestId: onRecord.id,
      targetUpn: 'b@contoso.com',
      targetDisplayName: 'B',
      locale: 'en',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    assert.equal((await storage.secrets.reveal(token))?.secret, 's3cret');
    assert.deepEqual(await storage.rateLimiter.consume([{ key: 'k', limit: 1, windowMs: 60_000 }]), {
      ok: true,
    });
    assert.deepEqual(await storage.rateLimiter.consume([{ key: 'k', limit: 1, windowMs: 60_000 }]), {
      ok: false,
      refused: 'k',
    });
    const later = new Date(Date.now() + 120_000);
    assert.deepEqual(await storage.housekeeping(later), { requests: 0, limits: 1, sealed: 0 });
    // Only the placeholder goes; the request on record is the audit trail. Two hours on, its hour is sealed.
    const twoHoursOn = await storage.housekeeping(new Date(Date.now() + 2 * 3_600_000), 0);
    assert.deepEqual(
      { ...twoHoursOn, sealed: twoHoursOn.sealed >= 1 },
      { requests: 1, limits: 0, sealed: true },
    );
    assert.ok(await storage.requests.get(onRecord.id));
    assert.equal(await storage.requests.get(placeholder.value.id), null);
    assert.equal((await storage.audit.verify()).ok, true);
  });

  it('refuses table prefixes Azure would reject and missing or short keys, as configuration errors', () => {
    for (const prefix of ['', '1abc', 'pw-reset', 'pw_reset', 'a'.repeat(56)]) {
      assert.throws(
        () => createTableStorage(azurite.connectionString, prefix, { encryptionKeys: keys }),
        ConfigError,
        prefix,
      );
    }
    assert.throws(() => createTableStorage(azurite.connectionString, 'ok', {}), ConfigError);
    assert.throws(
      () => createTableStorage(azurite.connectionString, 'ok', { encryptionKeys: [randomBytes(16)] }),
      ConfigError,
    );
    assert.doesNotThrow(() =>
      createTableStorage(azurite.connectionString, 'a'.repeat(55), { encryptionKeys: keys }),
    );
  });

  it('allows plain http only when the endpoint itself is http', () => {
    assert.equal(isInsecureEndpoint(azurite.connectionString), true);
    assert.equal(isInsecureEndpoint('UseDevelopmentStorage=true'), true);
    assert.equal(
      isInsecureEndpoint(
        'DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=a2V5;EndpointSuffix=core.windows.net',
      ),
      false,
    );
    assert.equal(
      isInsecureEndpoint('TableEndpoint=https://prod.table.core.windows.net/;SharedAccessSignature=sv=1'),
      false,
    );
  });

  it('startAzurite honours a fixed port and keeps data across a restart in the same folder', async () => {
    const location = await mkdtemp(path.join(os.tmpdir(), 'azurite-restart-'));
    try {
      const port = await findFreePort();
      const first = await startAzurite({ location, port });
      assert.equal(first.port, port);
      assert.match(
        first.connectionString,
        new RegExp(`TableEndpoint=http://127\\.0\\.0\\.1:${port}/devstoreaccount1;`),
      );
      const prefix = uniqueTablePrefix();
      const storage = createTableStorage(first.connectionString, prefix, { encryptionKeys: keys });
      await storage.ensureTables();
      const saved = await storage.requests.create(request(), []);
      await first.stop();
      const second = await startAzurite({ location, port: 0 });
      try {
        const again = createTableStorage(second.connectionString, prefix, { encryptionKeys: keys });
        assert.deepEqual((await again.requests.get(saved.value.id))?.value, saved.value);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(location, { recursive: true, force: true });
    }
  });

  it('startAzurite fails clearly when a fixed port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const location = await mkdtemp(path.join(os.tmpdir(), 'azurite-busy-'));
    try {
      await assert.rejects(
        startAzurite({ location, port, startTimeoutMs: 8000 }),
        /could not bind|did not start|exited/,
      );
    } finally {
      blocker.close();
      await rm(location, { recursive: true, force: true });
    }
  });

  describe('when storage is down', () => {
    let storage: ReturnType<typeof createTableStorage>;

    before(async () => {
      const doomed = await startTestAzurite();
      storage = createTableStorage(doomed.connectionString, uniqueTablePrefix(), {
        encryptionKeys: keys,
        timeoutMs: 3000,
      });
      await storage.ensureTables();
      await doomed.stop();
    });

    const started = (): number => Date.now();

    it('every store fails fast with STORAGE_UNAVAILABLE instead of hanging', async () => {
      const calls: [string, () => Promise<unknown>][] = [
        ['requests.create', () => storage.requests.create(request(), [])],
        ['requests.get', () => storage.requests.get('abc')],
        ['requests.save', () => storage.requests.save(request(), '*')],
        ['requests.note', () => storage.requests.note('abc', [])],
        ['requests.listUnfinished', () => storage.requests.listUnfinished()],
        ['audit.list', () => storage.audit.list({ limit: 5 })],
        ['audit.history', () => storage.audit.history('abc')],
        ['audit.verify', () => storage.audit.verify()],
        ['audit.seal', () => storage.audit.seal()],
        [
          'secrets.put',
          () =>
            storage.secrets.put('x', {
              requestId: 'r',
              targetUpn: 'u',
              targetDisplayName: 'U',
              locale: 'en',
              expiresAt: new Date(Date.now() + 1000).toISOString(),
            }),
        ],
        ['secrets.peek', () => storage.secrets.peek('A'.repeat(65))],
        ['secrets.reveal', () => storage.secrets.reveal('A'.repeat(65))],
        ['secrets.reissue', () => storage.secrets.reissue('A'.repeat(22))],
        ['secrets.open', () => storage.secrets.open('A'.repeat(22))],
        ['secrets.discard', () => storage.secrets.discard('A'.repeat(22))],
        ['secrets.purgeExpired', () => storage.secrets.purgeExpired()],
        [
          'rateLimiter.consume',
          () => storage.rateLimiter.consume([{ key: 'k', limit: 5, windowMs: 60_000 }]),
        ],
      ];
      for (const [name, call] of calls) {
        const begin = started();
        await assert.rejects(call(), isUnavailable, name);
        assert.ok(Date.now() - begin < 5000, `${name} took ${Date.now() - begin} ms`);
      }
    });

    it('health is false, without throwing', async () => {
      assert.equal(await storage.health(), false);
    });
  });
});
