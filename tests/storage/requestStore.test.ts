/**
 * What the Table request store does beyond the contract (tests/storage/contracts.test.ts): large requests
 * split over properties, a size limit, placeholders purged, and many requests written at once without
 * ever waiting for each other.
 */
import assert from 'node:assert/strict';
import type { TableClient } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../../src/errors';
import { TableRequestStore } from '../../src/storage/requestStore';
import { createTableClient } from '../../src/storage/tableClient';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';
import { sampleEvent, sampleRequest as request } from '../support/requests';

function isCode(code: string) {
  return (error: unknown): boolean => error instanceof AppError && error.code === code;
}

describe('storage/requestStore (Azurite)', () => {
  let azurite: TestAzurite;
  let client: TableClient;
  let store: TableRequestStore;

  before(async () => {
    azurite = await startTestAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(async () => {
    const prefix = uniqueTablePrefix();
    client = createTableClient(azurite.connectionString, `${prefix}Requests`);
    const index = createTableClient(azurite.connectionString, `${prefix}AuditIndex`);
    await client.createTable();
    await index.createTable();
    store = new TableRequestStore(client, index);
  });

  it('reports REQUEST_NOT_FOUND when saving a request that does not exist', async () => {
    await assert.rejects(store.save(request(), '*'), isCode(ErrorCodes.REQUEST_NOT_FOUND));
  });

  it('splits large requests over several properties and reads them back intact', async () => {
    // Non-ASCII on purpose: multi-byte text across body-chunk boundaries once tripped Azurite up.
    const big = request({ requesterName: `${'ü'.repeat(20_000)}${'パスワード'.repeat(4_000)}🙂` });
    const created = await store.create(big, []);
    const raw = await client.getEntity<Record<string, unknown>>(big.id, 'request');
    assert.ok(Number(raw.chunks) >= 4, `chunks=${String(raw.chunks)}`);
    assert.equal(raw.state, 'open');
    assert.deepEqual((await store.get(big.id))?.value, created.value);
    // Shrinking must not leave stale chunks behind (Replace drops them).
    await store.save({ ...created.value, requesterName: 'short' }, created.etag);
    const shrunk = await client.getEntity<Record<string, unknown>>(big.id, 'request');
    assert.equal(shrunk.chunks, 1);
    assert.equal(shrunk.data1, undefined);
  });

  it('refuses a request larger than one entity can hold, and more records than one transaction takes', async () => {
    await assert.rejects(
      store.create(request({ requesterName: 'x'.repeat(600_000) }), []),
      isCode(ErrorCodes.INTERNAL),
    );
    const created = await store.create(request(), []);
    const events = Array.from({ length: 100 }, () => sampleEvent(created.value, 'reset'));
    await assert.rejects(store.save(created.value, created.etag, events), isCode(ErrorCodes.INTERNAL));
  });

  it('writes 40 requests with records at once, none waiting for another (no conflict, no retry)', async () => {
    const created = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const value = request();
        return store.create(value, [sampleEvent(value, 'requested')]);
      }),
    );
    const saved = await Promise.allSettled(
      created.map((c) =>
        store.save({ ...c.value, state: 'claimed' }, c.etag, [sampleEvent(c.value, 'submitted')]),
      ),
    );
    assert.deepEqual(
      saved.filter((s) => s.status === 'rejected'),
      [],
    );
  });

  it('purges placeholders (no record) that expired, never a request on record', async () => {
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const placeholder = await store.create(request({ expiresAt: past, targets: [] }), []);
    const onRecord = request({ expiresAt: past });
    await store.create(onRecord, [sampleEvent(onRecord, 'requested')]);
    const fresh = await store.create(request(), []);
    assert.equal(await store.purgePlaceholders(new Date()), 1);
    assert.equal(await store.get(placeholder.value.id), null);
    assert.ok(await store.get(onRecord.id));
    assert.ok(await store.get(fresh.value.id));
  });
});
