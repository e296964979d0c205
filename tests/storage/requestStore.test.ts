import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../../src/errors';
import type { ResetRequest } from '../../src/storage/ports';
import { TableRequestStore } from '../../src/storage/requestStore';
import { createTableClient } from '../../src/storage/tableClient';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';

function request(overrides: Partial<ResetRequest> = {}): ResetRequest {
  const now = new Date();
  return {
    id: randomUUID().replace(/-/g, ''),
    tenantId: 'tenant-1',
    requesterId: 'admin-id',
    requesterName: 'Ada Admin',
    requesterUpn: 'ada@contoso.com',
    locale: 'en',
    conversationType: 'personal',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
    state: 'open',
    targets: [
      {
        userId: 'alice-id',
        displayName: 'Alice',
        userPrincipalName: 'alice@contoso.com',
        accountEnabled: true,
        suggestedRecipients: ['alice@example.com'],
        state: 'pending',
      },
    ],
    ...overrides,
  };
}

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
    client = createTableClient(azurite.connectionString, `${uniqueTablePrefix()}Requests`);
    await client.createTable();
    store = new TableRequestStore(client);
  });

  it('creates and reads back a request with its ETag', async () => {
    const original = request();
    const created = await store.create(original);
    const read = await store.get(original.id);
    assert.ok(read);
    assert.deepEqual(read.value, original);
    assert.equal(read.etag, created.etag);
  });

  it('refuses to create the same id twice', async () => {
    const original = request();
    await store.create(original);
    await assert.rejects(
      store.create({ ...original, requesterName: 'Mallory' }),
      isCode(ErrorCodes.STORAGE_CONFLICT),
    );
    assert.equal((await store.get(original.id))?.value.requesterName, 'Ada Admin');
  });

  it('returns null for unknown ids and for ids that could never be keys', async () => {
    assert.equal(await store.get('doesnotexist'), null);
    for (const hostile of [
      '',
      'a/b',
      "x' or PartitionKey ne '",
      'a#b',
      'a?b',
      'x'.repeat(200),
      'ab\u0000c',
    ]) {
      assert.equal(await store.get(hostile), null, JSON.stringify(hostile));
    }
  });

  it('updates with the current ETag and refuses a stale one with STORAGE_CONFLICT', async () => {
    const created = await store.create(request());
    const claimed = await store.update({ ...created.value, state: 'claimed', claimedBy: 'i1' }, created.etag);
    assert.notEqual(claimed.etag, created.etag);
    await assert.rejects(
      store.update({ ...created.value, state: 'cancelled' }, created.etag),
      isCode(ErrorCodes.STORAGE_CONFLICT),
    );
    assert.equal((await store.get(created.value.id))?.value.state, 'claimed');
  });

  it('lets exactly one of many concurrent claims with the same ETag win', async () => {
    const created = await store.create(request());
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) =>
        store.update({ ...created.value, state: 'claimed', claimedBy: `instance-${index}` }, created.etag),
      ),
    );
    const winners = results.filter((result) => result.status === 'fulfilled');
    assert.equal(winners.length, 1);
    for (const result of results) {
      if (result.status === 'rejected') assert.ok(isCode(ErrorCodes.STORAGE_CONFLICT)(result.reason));
    }
  });

  it('reports REQUEST_NOT_FOUND when updating a request that does not exist', async () => {
    await assert.rejects(store.update(request(), '*'), isCode(ErrorCodes.REQUEST_NOT_FOUND));
  });

  it('splits large requests over several properties and reads them back intact', async () => {
    // Non-ASCII on purpose: multi-byte text across body-chunk boundaries once tripped Azurite up.
    const big = request({ requesterName: `${'ü'.repeat(20_000)}${'パスワード'.repeat(4_000)}🙂` });
    const created = await store.create(big);
    const raw = await client.getEntity<Record<string, unknown>>(big.id, 'request');
    assert.ok(Number(raw.chunks) >= 4, `chunks=${String(raw.chunks)}`);
    assert.equal(raw.state, 'open');
    assert.deepEqual((await store.get(big.id))?.value, big);
    // Shrinking must not leave stale chunks behind (Replace drops them).
    await store.update({ ...big, requesterName: 'short' }, created.etag);
    const shrunk = await client.getEntity<Record<string, unknown>>(big.id, 'request');
    assert.equal(shrunk.chunks, 1);
    assert.equal(shrunk.data1, undefined);
  });

  it('refuses a request larger than one entity can hold', async () => {
    await assert.rejects(
      store.create(request({ requesterName: 'x'.repeat(600_000) })),
      isCode(ErrorCodes.INTERNAL),
    );
  });

  it('lists only claimed requests as unfinished', async () => {
    const open = await store.create(request());
    const claimed = await store.create(request());
    const done = await store.create(request());
    await store.update({ ...claimed.value, state: 'claimed' }, claimed.etag);
    await store.update({ ...done.value, state: 'done' }, done.etag);
    const unfinished = await store.listUnfinished();
    assert.deepEqual(
      unfinished.map((item) => item.value.id),
      [claimed.value.id],
    );
    assert.ok(unfinished[0]?.etag);
    assert.ok(!unfinished.some((item) => item.value.id === open.value.id));
  });

  it('hands out copies, so mutating a result never changes what is stored', async () => {
    const created = await store.create(request());
    created.value.targets[0]!.state = 'reset';
    assert.equal((await store.get(created.value.id))?.value.targets[0]?.state, 'pending');
  });

  it('purgeExpired deletes expired open, done and cancelled requests but never claimed ones', async () => {
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const ids: Record<string, string> = {};
    for (const state of ['open', 'done', 'cancelled', 'claimed'] as const) {
      const created = await store.create(request({ expiresAt: past }));
      if (state !== 'open') await store.update({ ...created.value, state }, created.etag);
      ids[state] = created.value.id;
    }
    const fresh = await store.create(request());
    assert.equal(await store.purgeExpired(new Date()), 3);
    assert.equal(await store.get(ids.open as string), null);
    assert.equal(await store.get(ids.done as string), null);
    assert.equal(await store.get(ids.cancelled as string), null);
    assert.equal((await store.get(ids.claimed as string))?.value.state, 'claimed');
    assert.ok(await store.get(fresh.value.id));
  });
});
