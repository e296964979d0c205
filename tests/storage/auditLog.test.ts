/**
 * Tamper evidence of the audit trail on Table storage, one test per kind of tampering: an edited record,
 * an edit hidden by recomputing its hash, a deleted record (middle and end), records swapped, a record
 * inserted, a whole request deleted (with and without its index rows), a seal deleted. Plus the hours'
 * seals and the `npm run audit:verify` CLI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TableClient } from '@azure/data-tables';
import type { ResetRequest } from '../../src/reset/model';
import { hashRecord } from '../../src/storage/auditChain';
import { indexRows, SEAL_PARTITION } from '../../src/storage/auditIndex';
import { TableAuditLog } from '../../src/storage/auditLog';
import { auditRowKey } from '../../src/storage/auditRows';
import { TableRequestStore } from '../../src/storage/requestStore';
import { createTableClient } from '../../src/storage/tableClient';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';
import { sampleEvent, sampleRequest } from '../support/requests';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** Runs the real CLI the way `npm run audit:verify` does. */
async function auditVerifyCli(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, STORAGE_CONNECTION_STRING: '' },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('storage/auditLog: tamper evidence (Azurite)', function () {
  this.timeout(30_000);
  let azurite: TestAzurite;
  let prefix: string;
  let requestsTable: TableClient;
  let indexTable: TableClient;
  let store: TableRequestStore;
  let audit: TableAuditLog;

  before(async () => {
    azurite = await startTestAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(async () => {
    prefix = uniqueTablePrefix();
    requestsTable = createTableClient(azurite.connectionString, `${prefix}Requests`);
    indexTable = createTableClient(azurite.connectionString, `${prefix}AuditIndex`);
    await requestsTable.createTable();
    await indexTable.createTable();
    store = new TableRequestStore(requestsTable, indexTable);
    audit = new TableAuditLog(requestsTable, indexTable);
  });

  /** A request with four records, opened at `at`. */
  async function recorded(at = new Date().toISOString()): Promise<ResetRequest> {
    const request = sampleRequest({ createdAt: at });
    let current = await store.create(request, [sampleEvent(request, 'requested')]);
    current = await store.save({ ...current.value, state: 'claimed' }, current.etag, [
      sampleEvent(request, 'submitted'),
      sampleEvent(request, 'reset-intent'),
    ]);
    await store.save({ ...current.value, state: 'done' }, current.etag, [sampleEvent(request, 'reset')]);
    return request;
  }

  async function problems(): Promise<string[]> {
    const result = await audit.verify();
    assert.equal(result.ok, result.problems.length === 0);
    return [...result.problems];
  }

  it('verifies an intact trail of several requests', async () => {
    for (let i = 0; i < 3; i++) await recorded();
    const result = await audit.verify();
    assert.deepEqual(result.problems, []);
    assert.equal(result.checked, 12);
    assert.equal(result.requests, 3);
  });

  it('names a record whose content was edited', async () => {
    const request = await recorded();
    await requestsTable.updateEntity(
      { partitionKey: request.id, rowKey: auditRowKey(3), targetUpn: 'mallory@contoso.com' },
      'Merge',
    );
    assert.deepEqual(await problems(), [
      `request ${request.id}: records: hash does not match the record content`,
    ]);
  });

  it('names the link after a record whose hash was recomputed to hide an edit', async () => {
    const request = await recorded();
    const second = (await audit.history(request.id)).find((r) => r.sequence === 2)!;
    const forged = { ...second, detail: 'forged' };
    await requestsTable.updateEntity(
      { partitionKey: request.id, rowKey: auditRowKey(2), detail: 'forged', hash: hashRecord(forged) },
      'Merge',
    );
    assert.deepEqual(await problems(), [
      `request ${request.id}: records: previousHash does not match record #2`,
    ]);
  });

  it('names a record deleted in the middle, and one deleted at the end', async () => {
    const request = await recorded();
    await requestsTable.deleteEntity(request.id, auditRowKey(4));
    assert.deepEqual(await problems(), [`request ${request.id}: record #4 is missing (4 were written)`]);
    await requestsTable.deleteEntity(request.id, auditRowKey(2));
    assert.deepEqual(await problems(), [`request ${request.id}: records: record #2 is missing`]);
  });

  it('names two records swapped, and a record inserted', async () => {
    const request = await recorded();
    const [one, two] = (await audit.history(request.id)).filter((r) => r.sequence <= 2);
    const row = (record: typeof one) => ({
      ...record,
      partitionKey: request.id,
      recipients: undefined,
      graphRequestIds: undefined,
    });
    await requestsTable.updateEntity({ ...row(two!), rowKey: auditRowKey(1) }, 'Replace');
    await requestsTable.updateEntity({ ...row(one!), rowKey: auditRowKey(2) }, 'Replace');
    const swapped = await problems();
    assert.equal(swapped.length, 1);
    assert.match(
      swapped[0]!,
      new RegExp(`request ${request.id}: row audit-00000001 is unreadable|sequence|order`),
    );

    const other = await recorded();
    const last = (await audit.history(other.id)).at(-1)!;
    const inserted = { ...last, sequence: 5, previousHash: last.hash, action: 'cancelled' as const };
    await requestsTable.createEntity({
      ...inserted,
      hash: hashRecord(inserted),
      partitionKey: other.id,
      rowKey: auditRowKey(5),
    });
    assert.ok(
      (await problems()).includes(`request ${other.id}: record #5 was added after the last one written`),
    );
  });

  it('names a request deleted with all its records but left in the index', async () => {
    const kept = await recorded();
    const gone = await recorded();
    for await (const row of requestsTable.listEntities({
      queryOptions: { filter: `PartitionKey eq '${gone.id}'` },
    })) {
      await requestsTable.deleteEntity(row.partitionKey!, row.rowKey!);
    }
    const found = await problems();
    assert.ok(
      found.includes(`request ${gone.id} is in the index but its records are gone`),
      found.join('\n'),
    );
    assert.ok(!found.some((p) => p.includes(kept.id)));
  });

  it('names index rows deleted alone, and a whole request deleted with its index rows once its hour is sealed', async () => {
    // Four hours back: at least three of them have ended beyond the sealing grace, whatever the minute now.
    const hour = new Date(Date.now() - 4 * 3_600_000);
    const sealedAt = new Date(
      Date.UTC(hour.getUTCFullYear(), hour.getUTCMonth(), hour.getUTCDate(), hour.getUTCHours(), 10),
    ).toISOString();
    const a = await recorded(sealedAt);
    const b = await recorded(sealedAt);
    assert.ok((await audit.seal()) >= 3, 'every ended hour since the first request is sealed');
    assert.equal(await audit.seal(), 0, 'sealing twice writes nothing');
    assert.deepEqual(await problems(), []);

    // Index rows deleted alone.
    const [monthRow] = indexRows(a);
    await indexTable.deleteEntity(monthRow!.partitionKey, monthRow!.rowKey);
    assert.ok((await problems()).some((p) => p.startsWith(`request ${a.id} is missing from the index`)));

    // A whole request and every index row of it: only the seal of its hour still knows it.
    for await (const row of requestsTable.listEntities({
      queryOptions: { filter: `PartitionKey eq '${b.id}'` },
    })) {
      await requestsTable.deleteEntity(row.partitionKey!, row.rowKey!);
    }
    for (const row of indexRows(b)) await indexTable.deleteEntity(row.partitionKey, row.rowKey);
    const found = await problems();
    assert.ok(
      found.some((p) => /do not match its seal \(\d+ found, 2 sealed\)/.test(p)),
      found.join('\n'),
    );
  });

  it('names a deleted seal (the seals chain breaks)', async () => {
    const at = new Date(Date.now() - 4 * 3_600_000).toISOString();
    await recorded(at);
    await audit.seal();
    const seals: string[] = [];
    for await (const row of indexTable.listEntities({
      queryOptions: { filter: `PartitionKey eq '${SEAL_PARTITION}'` },
    })) {
      seals.push(row.rowKey!);
    }
    assert.ok(seals.length >= 3);
    await indexTable.deleteEntity(SEAL_PARTITION, seals.sort()[1]!);
    const found = await problems();
    assert.ok(
      found.some((p) => p.includes('are missing') || p.includes('does not follow')),
      found.join('\n'),
    );
  });

  it('npm run audit:verify prints OK, then names what broke and exits 1; a wrong prefix exits 2', async () => {
    const request = await recorded();
    const args = ['--connection-string', azurite.connectionString, '--prefix', prefix];
    const good = await auditVerifyCli(args);
    assert.equal(good.code, 0, good.stdout);
    assert.match(good.stdout, /^audit chain OK: 4 records in 1 requests$/m);

    await requestsTable.updateEntity(
      { partitionKey: request.id, rowKey: auditRowKey(2), action: 'refused' },
      'Merge',
    );
    const bad = await auditVerifyCli(args);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^audit chain BROKEN: 1 problem\(s\)$/m);
    assert.match(
      bad.stdout,
      new RegExp(`^- request ${request.id}: records: hash does not match the record content$`, 'm'),
    );

    const wrongPrefix = await auditVerifyCli([
      '--connection-string',
      azurite.connectionString,
      '--prefix',
      'nosuch',
    ]);
    assert.equal(wrongPrefix.code, 2);
    assert.match(wrongPrefix.stdout, /does not exist/);
  });
});
