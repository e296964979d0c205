import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { hashToken, keyId } from '../../src/storage/crypto';
import type { SecretMetadata } from '../../src/reset/model';
import { TableSecretVault } from '../../src/storage/secretVault';
import { createTableClient } from '../../src/storage/tableClient';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';

const CANARY = 'Canary-Zq7!pW3#vX9';

function metadata(expiresAt = new Date(Date.now() + 3_600_000).toISOString()): SecretMetadata {
  return {
    requestId: 'req1',
    targetUpn: 'alice@contoso.com',
    targetDisplayName: 'Alice',
    locale: 'ja',
    expiresAt,
  };
}

describe('storage/secretVault (Azurite)', () => {
  let azurite: TestAzurite;
  let client: TableClient;
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  before(async () => {
    azurite = await startTestAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });
  beforeEach(async () => {
    client = createTableClient(azurite.connectionString, `${uniqueTablePrefix()}Secrets`);
    await client.createTable();
  });

  async function rawRows(): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for await (const row of client.listEntities<Record<string, unknown>>()) rows.push(row);
    return rows;
  }

  it('round-trips: peek shows metadata without burning, reveal returns the secret once', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const stored = metadata();
    const { id, token } = await vault.put(CANARY, stored);
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(await vault.peek(token), stored);
    assert.deepEqual(await vault.peek(token), stored, 'a second peek still works');
    const revealed = await vault.reveal(token);
    assert.equal(revealed?.secret, CANARY);
    assert.equal(revealed?.metadata.locale, 'ja');
    assert.equal(await vault.reveal(token), null);
    assert.equal(await vault.peek(token), null);
    assert.deepEqual(await rawRows(), []);
  });

  it('keeps a large file compressed, sealed and split over binary properties of one row; a tampered part opens nothing', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const csv = Array.from(
      { length: 30_000 },
      () => `${randomBytes(12).toString('base64url')},CsvMarker\r\n`,
    ).join('');
    const { token } = await vault.put(csv, { ...metadata(), file: { name: 'audit.csv', entries: 30_000 } });
    const [row] = await rawRows();
    assert.equal(row!.compressed, true);
    assert.ok(Number(row!.chunks) > 1, `split over ${String(row!.chunks)} properties`);
    assert.ok(row!.c0 instanceof Uint8Array && row!.c0.length <= 64_000);
    assert.equal(row!.ciphertext, '');
    assert.ok(!JSON.stringify(row).includes('CsvMarker'), 'nothing in clear');
    const part = Buffer.from(row!.c1 as Uint8Array);
    part[10] = part[10]! ^ 0xff;
    await client.updateEntity(
      { partitionKey: row!.partitionKey as string, rowKey: 'secret', c1: new Uint8Array(part) },
      'Merge',
    );
    assert.equal(await vault.reveal(token), null, 'GCM refuses a changed byte');
  });

  it('refuses a secret too large for one row rather than keeping part of it', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const random = randomBytes(1_100_000).toString('base64');
    await assert.rejects(vault.put(random, metadata()), /too large/);
    assert.deepEqual(await rawRows(), []);
  });

  it('open decrypts without burning or reissuing: the mailed link keeps working; discard deletes it', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const stored = await vault.put('Recover-Me-42!x', metadata());
    assert.equal(await vault.open(stored.id), 'Recover-Me-42!x');
    assert.ok(await vault.peek(stored.token), 'the token still works after open');
    await vault.discard(stored.id);
    assert.equal(await vault.open(stored.id), null);
    assert.equal(await vault.reveal(stored.token), null);
    assert.deepEqual(await rawRows(), []);
  });

  it('stores neither the secret nor the token in clear: the row is keyed by the id, the token only hashed', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const { id, token } = await vault.put(CANARY, metadata());
    const rows = await rawRows();
    assert.equal(rows.length, 1);
    const text = JSON.stringify(rows);
    assert.ok(!text.includes(CANARY), 'secret in clear');
    assert.ok(!text.includes(Buffer.from(CANARY).toString('base64')), 'secret merely encoded');
    assert.ok(!text.includes(token.slice(id.length)), 'the secret part of the token in clear');
    assert.equal(rows[0]?.partitionKey, id);
    assert.equal(rows[0]?.tokenHash, hashToken(token));
    assert.equal(rows[0]?.keyId, keyId(newKey));
  });

  it('rotation: old secrets still open under [new, old]; new ones use the new key; dropping old fails cleanly', async () => {
    const before = new TableSecretVault(client, [oldKey]);
    const early = await before.put('early-secret', metadata());
    const spare = await before.put('spare-secret', metadata());
    const rotated = new TableSecretVault(client, [newKey, oldKey]);
    const late = await rotated.put('late-secret', metadata());
    const keyIds = (await rawRows()).map((row) => row.keyId).sort();
    assert.deepEqual(keyIds, [keyId(oldKey), keyId(oldKey), keyId(newKey)].sort());
    assert.equal((await rotated.reveal(early.token))?.secret, 'early-secret');
    const dropped = new TableSecretVault(client, [newKey]);
    assert.equal((await dropped.reveal(late.token))?.secret, 'late-secret');
    assert.equal(await dropped.reveal(spare.token), null);
  });

  it('tampered ciphertext or a ciphertext moved to another secret id gives null', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const victim = await vault.put(CANARY, metadata());
    const other = await vault.put('other', metadata());
    const row = await client.getEntity<{ ciphertext: string; iv: string; tag: string }>(victim.id, 'secret');
    // Move the victim's ciphertext into the other row: the AAD (the other id) no longer matches.
    await client.updateEntity(
      { partitionKey: other.id, rowKey: 'secret', ciphertext: row.ciphertext, iv: row.iv, tag: row.tag },
      'Merge',
    );
    assert.equal(await vault.reveal(other.token), null);
    const bytes = Buffer.from(row.ciphertext, 'base64');
    bytes[0] = (bytes[0] as number) ^ 0xff;
    await client.updateEntity(
      { partitionKey: victim.id, rowKey: 'secret', ciphertext: bytes.toString('base64') },
      'Merge',
    );
    assert.equal(await vault.reveal(victim.token), null);
  });

  it('of 20 concurrent reveals of one token exactly one gets the secret', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const instanceB = new TableSecretVault(createTableClient(azurite.connectionString, client.tableName), [
      newKey,
    ]);
    const { token } = await vault.put(CANARY, metadata());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? vault : instanceB).reveal(token)),
    );
    assert.equal(results.filter((result) => result?.secret === CANARY).length, 1);
    assert.equal(results.filter((result) => result === null).length, 19);
  });

  it('expired secrets reveal as null and are deleted; peek shows null too', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const vault = new TableSecretVault(client, [newKey], { clock: () => now });
    const { token } = await vault.put(CANARY, metadata('2025-01-01T01:00:00.000Z'));
    now = new Date('2025-01-01T01:00:00.001Z');
    assert.equal(await vault.peek(token), null);
    assert.equal((await rawRows()).length, 1, 'peek never burns');
    assert.equal(await vault.reveal(token), null);
    assert.deepEqual(await rawRows(), []);
  });

  it('unknown, malformed and hostile tokens are null', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    await vault.put(CANARY, metadata());
    for (const token of [
      '',
      'abc',
      'A'.repeat(43),
      'A'.repeat(65),
      "' or PartitionKey ne '",
      '../../x',
      'a'.repeat(5000),
    ]) {
      assert.equal(await vault.peek(token), null, token);
      assert.equal(await vault.reveal(token), null, token);
    }
    assert.equal((await rawRows()).length, 1);
  });

  it('reissue gives a new working token for the same secret and kills the old one', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const { id, token } = await vault.put(CANARY, metadata());
    const fresh = await vault.reissue(id);
    assert.ok(fresh);
    assert.notEqual(fresh.token, token);
    assert.equal(await vault.peek(token), null);
    assert.equal(await vault.reveal(token), null);
    assert.equal((await rawRows()).length, 1);
    assert.equal((await vault.reveal(fresh.token))?.secret, CANARY);
    assert.equal(await vault.reissue(id), null, 'nothing left to reissue once revealed');
    assert.equal(await vault.reissue('not-an-id'), null);
  });

  it('reissue of an expired secret is null', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const vault = new TableSecretVault(client, [newKey], { clock: () => now });
    const { id } = await vault.put(CANARY, metadata('2025-01-01T01:00:00.000Z'));
    now = new Date('2025-01-01T02:00:00Z');
    assert.equal(await vault.reissue(id), null);
  });

  it('purgeExpired deletes only expired secrets and reports each once', async () => {
    const vault = new TableSecretVault(client, [newKey]);
    const live = await vault.put('live', metadata(new Date(Date.now() + 3_600_000).toISOString()));
    await vault.put('old-1', { ...metadata('2020-01-01T00:00:00.000Z'), requestId: 'r-old-1' });
    await vault.put('old-2', { ...metadata('2020-01-02T00:00:00.000Z'), requestId: 'r-old-2' });
    const [first, second] = await Promise.all([vault.purgeExpired(), vault.purgeExpired()]);
    const purged = [...(first ?? []), ...(second ?? [])].map((item) => item.requestId).sort();
    assert.deepEqual(purged, ['r-old-1', 'r-old-2']);
    assert.equal((await rawRows()).length, 1);
    assert.equal((await vault.reveal(live.token))?.secret, 'live');
  });
});
