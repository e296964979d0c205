import assert from 'node:assert/strict';
import type { TableClient } from '@azure/data-tables';
import { TableRateLimiter } from '../../src/storage/rateLimiter';
import { createTableClient } from '../../src/storage/tableClient';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';

describe('storage/rateLimiter (Azurite)', () => {
  let azurite: TestAzurite;
  let tableName: string;
  let client: TableClient;

  before(async () => {
    azurite = await startTestAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(async () => {
    tableName = `${uniqueTablePrefix()}Limits`;
    client = createTableClient(azurite.connectionString, tableName);
    await client.createTable();
  });

  it('50 concurrent consumes from two instances with limit 20: exactly 20 succeed', async () => {
    const instanceA = new TableRateLimiter(client);
    const instanceB = new TableRateLimiter(createTableClient(azurite.connectionString, tableName));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        (index % 2 ? instanceA : instanceB).tryConsume('requester:admin-1', 20, 3_600_000),
      ),
    );
    assert.equal(results.filter(Boolean).length, 20);
    const rows: Record<string, unknown>[] = [];
    for await (const row of client.listEntities<Record<string, unknown>>()) rows.push(row);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.count, 20, 'refused attempts are not counted');
  });

  it('counts keys separately and starts afresh in the next window', async () => {
    let now = new Date('2025-01-01T10:59:00Z');
    const limiter = new TableRateLimiter(client, { clock: () => now });
    const hour = 3_600_000;
    assert.equal(await limiter.tryConsume('target:alice', 2, hour), true);
    assert.equal(await limiter.tryConsume('target:alice', 2, hour), true);
    assert.equal(await limiter.tryConsume('target:alice', 2, hour), false);
    assert.equal(await limiter.tryConsume('target:bob', 2, hour), true);
    now = new Date('2025-01-01T11:00:00Z');
    assert.equal(await limiter.tryConsume('target:alice', 2, hour), true);
  });

  it('accepts keys with characters that cannot be table keys', async () => {
    const limiter = new TableRateLimiter(client);
    const key = "target:o'brien/#?\u0001@contoso.com";
    assert.equal(await limiter.tryConsume(key, 1, 60_000), true);
    assert.equal(await limiter.tryConsume(key, 1, 60_000), false);
    assert.equal(await limiter.tryConsume("target:o'brien", 1, 60_000), true);
  });

  it('a limit of zero refuses without touching storage; a bad window is a programming error', async () => {
    const limiter = new TableRateLimiter(client);
    assert.equal(await limiter.tryConsume('k', 0, 60_000), false);
    await assert.rejects(limiter.tryConsume('k', 1, 0), RangeError);
    const rows: unknown[] = [];
    for await (const row of client.listEntities()) rows.push(row);
    assert.deepEqual(rows, []);
  });

  it('purgeExpired removes only windows that have ended', async () => {
    let now = new Date('2025-01-01T10:30:00Z');
    const limiter = new TableRateLimiter(client, { clock: () => now });
    await limiter.tryConsume('minute', 5, 60_000);
    await limiter.tryConsume('day', 5, 86_400_000);
    now = new Date('2025-01-01T10:35:00Z');
    assert.equal(await limiter.purgeExpired(), 1);
    assert.equal(await limiter.purgeExpired(), 0);
    const left: unknown[] = [];
    for await (const row of client.listEntities<{ key: string }>()) left.push(row.key);
    assert.deepEqual(left, ['day']);
  });
});
