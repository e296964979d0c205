import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TableClient } from '@azure/data-tables';
import { hashRecord } from '../../src/storage/auditChain';
import { sequenceKey, TableAuditTrail } from '../../src/storage/auditTrail';
import type { AuditEvent } from '../../src/storage/ports';
import { createTableClient } from '../../src/storage/tableClient';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    action: 'reset',
    requestId: 'req1',
    correlationId: 'corr1',
    requesterId: 'admin-object-id',
    requesterUpn: 'Ada.Admin@contoso.com',
    targetId: 'alice-object-id',
    targetUpn: 'Alice@contoso.com',
    recipients: ['alice@example.com'],
    graphRequestIds: ['g-1'],
    ...overrides,
  };
}

/** Runs the real CLI the way `npm run audit:verify` does. */
async function auditVerifyCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, STORAGE_CONNECTION_STRING: '', ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('storage/auditTrail (Azurite)', () => {
  let azurite: TestAzurite;
  let prefix: string;
  let client: TableClient;
  let trail: TableAuditTrail;

  before(async () => {
    azurite = await startTestAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(async () => {
    prefix = uniqueTablePrefix();
    client = createTableClient(azurite.connectionString, `${prefix}Audit`);
    await client.createTable();
    trail = new TableAuditTrail(client);
  });

  it('links each record to the one before and stores exactly what append returned', async () => {
    const first = await trail.append(event({ action: 'requested' }));
    const second = await trail.append(event({ action: 'reset', detail: 'ok' }));
    assert.equal(first.sequence, 1);
    assert.equal(second.sequence, 2);
    assert.equal(second.previousHash, first.hash);
    assert.deepEqual(await trail.query({ limit: 10 }), [second, first]);
    assert.deepEqual(await trail.verify(), { ok: true, checked: 2 });
  });

  it('an empty trail verifies and queries as empty', async () => {
    assert.deepEqual(await trail.verify(), { ok: true, checked: 0 });
    assert.deepEqual(await trail.query({ limit: 5 }), []);
  });

  it('keeps one gap-free chain when two instances append concurrently', async () => {
    const other = new TableAuditTrail(createTableClient(azurite.connectionString, `${prefix}Audit`));
    const appended = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        (index % 2 ? trail : other).append(event({ requestId: `req${index}` })),
      ),
    );
    assert.deepEqual(
      appended.map((record) => record.sequence).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, index) => index + 1),
    );
    assert.deepEqual(await trail.verify(), { ok: true, checked: 30 });
  });

  it('never reports a busy chain as broken while another instance keeps appending', async () => {
    const other = new TableAuditTrail(createTableClient(azurite.connectionString, `${prefix}Audit`));
    let appending = true;
    const writer = (async () => {
      for (let index = 0; appending && index < 60; index++)
        await other.append(event({ requestId: `busy${index}` }));
    })();
    const verdicts = [];
    for (let round = 0; round < 8; round++) verdicts.push(await trail.verify());
    appending = false;
    await writer;
    assert.ok(
      verdicts.every((verdict) => verdict.ok),
      JSON.stringify(verdicts.filter((v) => !v.ok)),
    );
    assert.ok((await trail.verify()).ok);
  });

  it('queries newest first, by case-insensitive prefix of requester or target, across pages', async () => {
    for (let index = 1; index <= 260; index++) {
      await trail.append(
        event({
          requestId: `req${index}`,
          targetUpn: index % 50 === 0 ? `Bob${index}@contoso.com` : 'alice@contoso.com',
          targetId: index % 50 === 0 ? `bob-id-${index}` : 'alice-id',
        }),
      );
    }
    const newest = await trail.query({ limit: 3 });
    assert.deepEqual(
      newest.map((record) => record.sequence),
      [260, 259, 258],
    );
    const bobs = await trail.query({ user: 'BOB', limit: 10 });
    assert.deepEqual(
      bobs.map((record) => record.sequence),
      [250, 200, 150, 100, 50],
    );
    assert.deepEqual(
      (await trail.query({ user: 'bob-id-1', limit: 10 })).map((record) => record.sequence),
      [150, 100],
    );
    assert.equal((await trail.query({ user: 'ada.admin@', limit: 1000 })).length, 260);
    assert.equal((await trail.query({ user: 'admin-obj', limit: 7 })).length, 7);
    assert.deepEqual(await trail.query({ user: 'nobody', limit: 10 }), []);
  });

  it('never stores fields outside the audit event, such as a password', async () => {
    const sneaky = { ...event(), password: 'Canary-Pa55word!' } as AuditEvent;
    const record = await trail.append(sneaky);
    assert.ok(!('password' in record));
    const raw = await client.getEntity<Record<string, unknown>>('audit', sequenceKey(record.sequence));
    assert.ok(!JSON.stringify(raw).includes('Canary-Pa55word!'));
  });

  it('verify names a record whose content was edited in storage', async () => {
    for (let index = 0; index < 5; index++) await trail.append(event({ requestId: `req${index}` }));
    await client.updateEntity(
      { partitionKey: 'audit', rowKey: sequenceKey(3), targetUpn: 'mallory@contoso.com' },
      'Merge',
    );
    const result = await trail.verify();
    assert.equal(result.ok, false);
    assert.equal(result.checked, 2);
    assert.deepEqual(result.firstBroken, { sequence: 3, reason: 'hash does not match the record content' });
  });

  it('verify names a record whose hash was recomputed to hide an edit (the link breaks)', async () => {
    for (let index = 0; index < 4; index++) await trail.append(event({ requestId: `req${index}` }));
    const [second] = (await trail.query({ limit: 3 })).filter((record) => record.sequence === 2);
    assert.ok(second);
    const forged = { ...second, detail: 'forged' };
    await client.updateEntity(
      { partitionKey: 'audit', rowKey: sequenceKey(2), detail: 'forged', hash: hashRecord(forged) },
      'Merge',
    );
    const result = await trail.verify();
    assert.deepEqual(result.firstBroken, { sequence: 3, reason: 'previousHash does not match record #2' });
  });

  it('verify reports a deleted record in the middle and at the end', async () => {
    for (let index = 0; index < 4; index++) await trail.append(event({ requestId: `req${index}` }));
    await client.deleteEntity('audit', sequenceKey(4));
    assert.deepEqual((await trail.verify()).firstBroken, {
      sequence: 4,
      reason: 'record #4 is missing (the head says 4 exist)',
    });
    await client.deleteEntity('audit', sequenceKey(2));
    assert.deepEqual((await trail.verify()).firstBroken, { sequence: 2, reason: 'record #2 is missing' });
  });

  it('npm run audit:verify without a connection string checks the Azurite of npm start, and says so', async () => {
    for (let index = 0; index < 2; index++) await trail.append(event({ requestId: `req${index}` }));
    // npm start puts Azurite on LOCAL_AZURITE_PORT (10002 by default); this test's Azurite stands in for it.
    const result = await auditVerifyCli(['--prefix', prefix], { LOCAL_AZURITE_PORT: String(azurite.port) });
    assert.equal(result.code, 0, result.stdout);
    assert.match(
      result.stdout,
      new RegExp(`local Azurite of npm start \\(127\\.0\\.0\\.1:${azurite.port}\\)`),
    );
    assert.match(result.stdout, /^audit chain OK: 2 records$/m);
  });

  it('npm run audit:verify prints OK, then names the edited record and exits 1', async () => {
    for (let index = 0; index < 3; index++) await trail.append(event({ requestId: `req${index}` }));
    const args = ['--connection-string', azurite.connectionString, '--prefix', prefix];
    const good = await auditVerifyCli(args);
    assert.equal(good.code, 0);
    assert.match(good.stdout, /^audit chain OK: 3 records$/m);

    await client.updateEntity({ partitionKey: 'audit', rowKey: sequenceKey(2), action: 'refused' }, 'Merge');
    const bad = await auditVerifyCli(args);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^audit chain BROKEN at record #2: hash does not match the record content$/m);

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
