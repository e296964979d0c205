import assert from 'node:assert/strict';
import type { TableClient } from '@azure/data-tables';
import { MAX_RATE_LIMIT } from '../../src/policy/rateLimits';
import { TableRateLimiter } from '../../src/storage/rateLimiter';
import { createTableClient } from '../../src/storage/tableClient';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';
import { MemoryRateLimiter } from '../support/memoryPorts';
import { rateLimiterContract, type TestClock } from './rateLimiter.contract';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let azurite: TestAzurite | undefined;
before(async function () {
  this.timeout(60_000);
  azurite = await startTestAzurite();
});
after(async () => {
  await azurite?.stop();
});

/** A fresh table per test; every limiter made for the test reads and writes it. */
function tableFixture() {
  let tableName = '';
  return {
    async reset() {
      tableName = `${uniqueTablePrefix()}Limits`;
      await createTableClient(azurite!.connectionString, tableName).createTable();
    },
    client(): TableClient {
      return createTableClient(azurite!.connectionString, tableName);
    },
    instance(clock: TestClock) {
      return new TableRateLimiter(this.client(), { clock: () => clock.now });
    },
  };
}

rateLimiterContract('Azure Table storage (Azurite)', tableFixture);

rateLimiterContract('in memory (the use-case tests’ port)', () => {
  let shared = MemoryRateLimiter.sharedStore();
  return {
    async reset() {
      shared = MemoryRateLimiter.sharedStore();
    },
    instance: (clock: TestClock) => new MemoryRateLimiter(() => clock.now, shared),
  };
});

describe('storage/rateLimiter (Azurite): how the counters are kept', function () {
  this.timeout(30_000);
  let table: ReturnType<typeof tableFixture>;
  let client: TableClient;
  beforeEach(async () => {
    table = tableFixture();
    await table.reset();
    client = table.client();
  });

  async function rows(): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for await (const row of client.listEntities<Record<string, unknown>>()) found.push(row);
    return found;
  }

  it('keeps one row per key and window, holding exactly the counted uses; refusals write nothing', async () => {
    const clock = { now: new Date('2025-01-01T10:00:00Z') };
    const limiter = table.instance(clock);
    for (let i = 0; i < 25; i += 1)
      await limiter.consume([{ key: 'requester:admin-1', limit: 20, windowMs: HOUR }]);
    const [row, ...others] = await rows();
    assert.deepEqual(others, []);
    assert.equal(row?.key, 'requester:admin-1');
    assert.equal(String(row?.log).split(',').length, 20, 'refused attempts are not counted');
    const before = row?.etag;
    await limiter.consume([{ key: 'requester:admin-1', limit: 20, windowMs: HOUR }]);
    assert.equal((await rows())[0]?.etag, before, 'a refusal does not write');
  });

  it('a request refused by its target leaves the requester row as it was', async () => {
    const limiter = table.instance({ now: new Date() });
    await limiter.consume([{ key: 'target:t', limit: 1, windowMs: DAY }]);
    const result = await limiter.consume([
      { key: 'requester:r', limit: 5, windowMs: HOUR },
      { key: 'target:t', limit: 1, windowMs: DAY },
    ]);
    assert.deepEqual(result, { ok: false, refused: 'target:t' });
    assert.deepEqual(
      (await rows()).map((r) => r.key),
      ['target:t'],
      'nothing was written for the requester',
    );
  });

  it('at the largest limit the log stays far below the 64 KiB property limit', async () => {
    const clock = { now: new Date('2025-01-01T10:00:00Z') };
    const limiter = table.instance(clock);
    for (let i = 0; i < MAX_RATE_LIMIT / 100; i += 1) {
      await limiter.consume([{ key: 'big', limit: MAX_RATE_LIMIT, windowMs: DAY, amount: 100 }]);
      clock.now = new Date(clock.now.getTime() + 1_000);
    }
    assert.equal((await limiter.consume([{ key: 'big', limit: MAX_RATE_LIMIT, windowMs: DAY }])).ok, false);
    const log = String((await rows())[0]?.log);
    assert.equal(log.split(',').length, MAX_RATE_LIMIT);
    assert.ok(log.length * 2 < 32 * 1024, `${log.length} characters`);
  });

  it('purgeExpired removes rows whose every use has left the window, and old fixed-window rows', async () => {
    const clock = { now: new Date('2025-01-01T10:30:00Z') };
    const limiter = table.instance(clock);
    await limiter.consume([{ key: 'minute', limit: 5, windowMs: 60_000 }]);
    await limiter.consume([{ key: 'day', limit: 5, windowMs: DAY }]);
    // A counter row of the fixed-window limiter this one replaced.
    await client.createEntity({
      partitionKey: 'requester:old',
      rowKey: `${HOUR}-000001735722000000`,
      key: 'requester:old',
      count: 3,
      windowEnd: new Date('2025-01-01T10:00:00Z'),
    });
    clock.now = new Date('2025-01-01T10:35:00Z');
    assert.equal(await limiter.purgeExpired(), 2);
    assert.equal(await limiter.purgeExpired(), 0);
    assert.deepEqual(
      (await rows()).map((r) => r.key),
      ['day'],
    );
  });
});
