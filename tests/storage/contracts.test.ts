/**
 * One contract per storage port, run against every implementation: the in-memory ports the unit tests
 * use and the Azure Table adapters (on Azurite). What a use case may rely on is what passes here for
 * both.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AppError, ErrorCodes } from '../../src/errors';
import type { AuditEntry } from '../../src/reset/auditEntry';
import type { AuditEvent, RequestTarget, ResetRequest } from '../../src/reset/model';
import type { AuditLog, EntryPage, RequestStore, SecretVault } from '../../src/reset/ports';
import { openAuditStorage } from '../../src/storage/tables';
import { TableSecretVault } from '../../src/storage/secretVault';
import { createTableClient } from '../../src/storage/tableClient';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';
import { MemoryAuditLog, MemoryRequestStore, MemoryVault } from '../support/memoryPorts';
import { sampleEvent, sampleRequest } from '../support/requests';

const isCode =
  (code: string) =>
  (error: unknown): boolean =>
    error instanceof AppError && error.code === code;

interface Implementation {
  readonly name: string;
  before?(): Promise<void>;
  after?(): Promise<void>;
  fresh(): Promise<{ requests: RequestStore; audit: AuditLog; secrets: SecretVault }>;
}

let azurite: TestAzurite | null = null;
const keys = [randomBytes(32)];

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: 'memory',
    async fresh() {
      const requests = new MemoryRequestStore();
      return { requests, audit: new MemoryAuditLog(requests), secrets: new MemoryVault() };
    },
  },
  {
    name: 'Azure Table (Azurite)',
    async before() {
      azurite = await startTestAzurite();
    },
    async after() {
      await azurite?.stop();
    },
    async fresh() {
      const prefix = uniqueTablePrefix();
      const { connectionString } = azurite!;
      for (const table of ['Requests', 'AuditIndex', 'Secrets']) {
        await createTableClient(connectionString, `${prefix}${table}`).createTable();
      }
      const { requests, audit } = openAuditStorage(connectionString, prefix);
      const secrets = new TableSecretVault(createTableClient(connectionString, `${prefix}Secrets`), keys);
      return { requests, audit, secrets };
    },
  },
];

for (const implementation of IMPLEMENTATIONS) {
  describe(`storage contracts: ${implementation.name}`, function () {
    this.timeout(30_000);
    let requests: RequestStore;
    let audit: AuditLog;
    let secrets: SecretVault;

    before(async () => implementation.before?.());
    after(async () => implementation.after?.());
    beforeEach(async () => ({ requests, audit, secrets } = await implementation.fresh()));

    describe('RequestStore', () => {
      it('creates a request with its first records in one write, and reads both back', async () => {
        const original = sampleRequest();
        const created = await requests.create(original, [sampleEvent(original, 'requested')]);
        assert.ok(created.etag);
        const read = await requests.get(original.id);
        assert.deepEqual(read?.value, created.value);
        assert.equal(read?.etag, created.etag);
        assert.deepEqual(created.value.auditHead?.sequence, 1);
        const history = await audit.history(original.id);
        assert.deepEqual(
          history.map((r) => [r.action, r.sequence]),
          [['requested', 1]],
        );
      });

      it('refuses to create the same id twice, and answers null for unknown or impossible ids', async () => {
        const original = sampleRequest();
        await requests.create(original, []);
        await assert.rejects(requests.create(original, []), isCode(ErrorCodes.STORAGE_CONFLICT));
        assert.equal(await requests.get('nope'), null);
        assert.equal(await requests.get("x' or PartitionKey ne '"), null);
      });

      it('saves with the current ETag, appending records in the same write; a stale ETag writes neither', async () => {
        const original = sampleRequest();
        const created = await requests.create(original, [sampleEvent(original, 'requested')]);
        const saved = await requests.save({ ...created.value, state: 'claimed' }, created.etag, [
          sampleEvent(original, 'submitted'),
        ]);
        assert.equal(saved.value.state, 'claimed');
        await assert.rejects(
          requests.save({ ...created.value, state: 'cancelled' }, created.etag, [
            sampleEvent(original, 'cancelled'),
          ]),
          isCode(ErrorCodes.STORAGE_CONFLICT),
        );
        assert.equal((await requests.get(original.id))?.value.state, 'claimed');
        assert.deepEqual(
          (await audit.history(original.id)).map((r) => r.action),
          ['requested', 'submitted'],
          'the losing write left no record',
        );
      });

      it('lets exactly one of many concurrent claims with the same ETag win, with exactly its records', async () => {
        const original = sampleRequest();
        const created = await requests.create(original, []);
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            requests.save({ ...created.value, state: 'claimed', claimedBy: `instance-${i}` }, created.etag, [
              sampleEvent(original, 'submitted', { detail: `instance-${i}` }),
            ]),
          ),
        );
        assert.equal(attempts.filter((a) => a.status === 'fulfilled').length, 1);
        const winner = (await requests.get(original.id))!.value.claimedBy;
        const history = await audit.history(original.id);
        assert.deepEqual(
          history.map((r) => r.detail),
          [winner],
        );
      });

      it('chains records across saves; notes never move the request (its holder keeps its ETag)', async () => {
        const original = sampleRequest();
        let current = await requests.create(original, [sampleEvent(original, 'requested')]);
        current = await requests.save(current.value, current.etag, [sampleEvent(original, 'submitted')]);
        await requests.note(original.id, [sampleEvent(original, 'link-viewed')]);
        current = await requests.save({ ...current.value, state: 'done' }, current.etag, [
          sampleEvent(original, 'reset'),
        ]);
        const history = await audit.history(original.id);
        assert.deepEqual(history.map((r) => r.action).sort(), [
          'link-viewed',
          'requested',
          'reset',
          'submitted',
        ]);
        const main = history.filter((r) => r.action !== 'link-viewed');
        assert.deepEqual(
          main.map((r) => r.sequence),
          [1, 2, 3],
        );
        assert.equal(main[1]!.previousHash, main[0]!.hash);
        assert.equal(main[2]!.previousHash, main[1]!.hash);
        assert.equal(current.value.auditHead?.hash, main[2]!.hash);
        assert.equal((await audit.verify()).ok, true);
      });

      it('never stores fields outside the audit event, such as a password', async () => {
        const original = sampleRequest();
        const event = { ...sampleEvent(original, 'reset'), password: 'Secret-123!' } as AuditEvent;
        await requests.create(original, [event]);
        const [record] = await audit.history(original.id);
        assert.equal(JSON.stringify(record).includes('Secret-123!'), false);
      });

      it('lists only claimed requests and those waiting for approval as unfinished, and hands out copies', async () => {
        const open = await requests.create(sampleRequest(), []);
        const claimed = await requests.create(sampleRequest({ state: 'claimed' }), []);
        await requests.create(sampleRequest({ state: 'done' }), []);
        const waiting = await requests.create(sampleRequest({ state: 'awaiting-approval' }), []);
        assert.deepEqual(
          (await requests.listUnfinished()).map((v) => v.value.id).sort(),
          [claimed.value.id, waiting.value.id].sort(),
        );
        const read = await requests.get(open.value.id);
        read!.value.targets[0]!.state = 'mailed';
        assert.equal((await requests.get(open.value.id))?.value.targets[0]?.state, 'pending');
      });
    });

    describe('AuditLog', () => {
      async function opened(at: string, requesterUpn: string, targetUpn: string): Promise<ResetRequest> {
        const base = sampleRequest({ createdAt: at, requesterUpn });
        const request = { ...base, targets: [{ ...base.targets[0]!, userPrincipalName: targetUpn }] };
        await requests.create(request, [sampleEvent(request, 'requested')]);
        return request;
      }

      it('lists requests newest first, by target or requester prefix (case-insensitive), by time, in pages', async () => {
        const t0 = Date.parse('2026-11-20T10:00:00.000Z');
        const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
        const a = await opened(at(0), 'ada@contoso.com', 'alice.adams@contoso.com');
        const b = await opened(at(1), 'ben@contoso.com', 'alice.anderson@contoso.com');
        const c = await opened(at(2), 'ada@contoso.com', 'bob@contoso.com');
        const d = await opened(at(3), 'ADA@contoso.com', 'carol@contoso.com');
        // A placeholder (no record) is not an entry.
        await requests.create(sampleRequest({ createdAt: at(4) }), []);

        const ids = async (query: Parameters<AuditLog['list']>[0]) =>
          (await audit.list(query)).entries.map((e) => e.requestId);
        assert.deepEqual(await ids({ limit: 10, since: at(0) }), [d.id, c.id, b.id, a.id]);
        assert.deepEqual(await ids({ limit: 10, target: 'ALICE' }), [b.id, a.id]);
        assert.deepEqual(await ids({ limit: 10, requester: 'ada@' }), [d.id, c.id, a.id]);
        assert.deepEqual(await ids({ limit: 10, target: 'alice', requester: 'ben' }), [b.id]);
        assert.deepEqual(await ids({ limit: 10, since: at(1), until: at(3) }), [c.id, b.id]);

        const first = await audit.list({ limit: 3, since: at(0) });
        assert.deepEqual(
          first.entries.map((e) => e.requestId),
          [d.id, c.id, b.id],
        );
        assert.ok(first.cursor, 'more to come');
        const second = await audit.list({ limit: 3, since: at(0), cursor: first.cursor });
        assert.deepEqual(
          second.entries.map((e) => e.requestId),
          [a.id],
        );
        assert.equal(second.cursor, undefined);
      });

      it('an empty trail lists nothing and verifies', async () => {
        assert.deepEqual((await audit.list({ limit: 5 })).entries, []);
        assert.deepEqual((await audit.entries({ limit: 5 })).entries, []);
        assert.equal((await audit.verify()).ok, true);
      });

      describe('entries', () => {
        const t0 = Date.parse('2026-11-21T08:00:00.000Z');
        const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
        const target = (upn: string, state: RequestTarget['state'] = 'pending'): RequestTarget => ({
          userId: `${upn.split('@')[0]}-id`,
          displayName: upn.split('@')[0]!,
          userPrincipalName: upn,
          accountEnabled: true,
          suggestedRecipients: [],
          state,
        });
        async function store(
          minutes: number,
          requesterUpn: string,
          targets: RequestTarget[],
          extra: Partial<ResetRequest> = {},
        ): Promise<ResetRequest> {
          const request = sampleRequest({ createdAt: at(minutes), requesterUpn, targets, ...extra });
          await requests.create(request, [sampleEvent(request, targets.length ? 'requested' : 'refused')]);
          return request;
        }
        const keys = (page: EntryPage) =>
          page.entries.map((e) => `${e.requestId}:${e.target?.userPrincipalName ?? '-'}`);

        it('lists one entry per request and user, newest first, and one without a user for a request that names nobody', async () => {
          const bulk = await store(0, 'ada@contoso.com', [
            target('alice.adams@contoso.com'),
            target('bob@contoso.com'),
            target('carol@contoso.com'),
          ]);
          const nobody = await store(1, 'eve@contoso.com', [], {
            state: 'refused',
            failureCode: 'REQUESTER_NOT_ADMIN',
          });
          const one = await store(2, 'ben@contoso.com', [target('alice.anderson@contoso.com')]);
          // A placeholder (no record) is not an entry.
          await requests.create(sampleRequest({ createdAt: at(3), targets: [] }), []);

          const page = await audit.entries({ limit: 10, since: at(0) });
          assert.deepEqual(keys(page), [
            `${one.id}:alice.anderson@contoso.com`,
            `${nobody.id}:-`,
            `${bulk.id}:alice.adams@contoso.com`,
            `${bulk.id}:bob@contoso.com`,
            `${bulk.id}:carol@contoso.com`,
          ]);
          assert.equal(page.cursor, undefined);
          assert.equal(page.entries[1]!.request.failureCode, 'REQUESTER_NOT_ADMIN');
          assert.equal(page.entries[0]!.at, at(2));
        });

        it('filters each entry by its own user, by requester prefix and by time; an entry without a user never matches a user', async () => {
          const bulk = await store(0, 'ada@contoso.com', [
            target('alice.adams@contoso.com'),
            target('bob@contoso.com'),
          ]);
          const other = await store(1, 'ben@contoso.com', [target('ALICE.anderson@contoso.com')]);
          await store(2, 'eve@contoso.com', [], { state: 'refused', failureCode: 'REQUESTER_NOT_ADMIN' });
          assert.deepEqual(keys(await audit.entries({ limit: 10, target: 'Alice' })), [
            `${other.id}:ALICE.anderson@contoso.com`,
            `${bulk.id}:alice.adams@contoso.com`,
          ]);
          assert.deepEqual(keys(await audit.entries({ limit: 10, target: 'bob' })), [
            `${bulk.id}:bob@contoso.com`,
          ]);
          assert.deepEqual(keys(await audit.entries({ limit: 10, target: 'alice', requester: 'BEN' })), [
            `${other.id}:ALICE.anderson@contoso.com`,
          ]);
          assert.deepEqual(keys(await audit.entries({ limit: 10, since: at(1), until: at(2) })), [
            `${other.id}:ALICE.anderson@contoso.com`,
          ]);
        });

        it('pages through a bulk request without losing or repeating an entry', async () => {
          const older = await store(0, 'ada@contoso.com', [target('dave@contoso.com')]);
          const bulk = await store(1, 'ada@contoso.com', [
            target('u1@contoso.com'),
            target('u2@contoso.com'),
            target('u3@contoso.com'),
          ]);
          const newest = await store(2, 'ada@contoso.com', [target('zoe@contoso.com')]);
          const seen: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await audit.entries({ limit: 2, since: at(0), ...(cursor ? { cursor } : {}) });
            assert.ok(page.entries.length <= 2);
            seen.push(...keys(page));
            cursor = page.cursor;
            pages += 1;
          } while (cursor && pages < 10);
          assert.deepEqual(seen, [
            `${newest.id}:zoe@contoso.com`,
            `${bulk.id}:u1@contoso.com`,
            `${bulk.id}:u2@contoso.com`,
            `${bulk.id}:u3@contoso.com`,
            `${older.id}:dave@contoso.com`,
          ]);
          // A malformed cursor (card data is not trusted) starts from the beginning.
          assert.deepEqual(keys(await audit.entries({ limit: 1, since: at(0), cursor: '%%%' })), [
            `${newest.id}:zoe@contoso.com`,
          ]);
        });

        it('fills a page with the entries the reader may see, from older requests', async () => {
          const seen = await store(0, 'ada@contoso.com', [target('visible1@contoso.com')]);
          await store(1, 'ada@contoso.com', [target('hidden1@contoso.com'), target('hidden2@contoso.com')]);
          const mixed = await store(2, 'ada@contoso.com', [
            target('hidden3@contoso.com'),
            target('visible2@contoso.com'),
          ]);
          const visible = (entry: AuditEntry) =>
            entry.target?.userPrincipalName.startsWith('visible') ?? false;
          const page = await audit.entries({ limit: 2, since: at(0), visible });
          assert.deepEqual(keys(page), [
            `${mixed.id}:visible2@contoso.com`,
            `${seen.id}:visible1@contoso.com`,
          ]);
        });

        it('shows each entry as its request stands now, and finds a user chosen later for a name of a bulk request', async () => {
          const base = sampleRequest({
            createdAt: at(0),
            targets: [target('bob@contoso.com')],
            choices: [
              {
                query: 'alice',
                candidates: [
                  {
                    userId: 'aa',
                    displayName: 'Alice Adams',
                    userPrincipalName: 'alice.adams@contoso.com',
                    accountEnabled: true,
                  },
                  {
                    userId: 'ab',
                    displayName: 'Alice Anderson',
                    userPrincipalName: 'alice.anderson@contoso.com',
                    accountEnabled: true,
                  },
                ],
              },
            ],
          });
          const created = await requests.create(base, [sampleEvent(base, 'requested')]);
          assert.deepEqual(keys(await audit.entries({ limit: 5, target: 'alice' })), [], 'no Alice yet');
          const chosen = {
            ...created.value,
            state: 'done' as const,
            targets: [target('bob@contoso.com', 'mailed'), target('alice.anderson@contoso.com', 'mailed')],
          };
          await requests.save(chosen, created.etag, [sampleEvent(chosen, 'submitted')]);
          const page = await audit.entries({ limit: 5, target: 'alice' });
          assert.deepEqual(keys(page), [`${base.id}:alice.anderson@contoso.com`]);
          assert.equal(page.entries[0]!.target?.state, 'mailed');
          assert.equal(page.entries[0]!.request.state, 'done');
          assert.equal((await audit.verify()).ok, true, 'the index still matches the request');
        });
      });
    });

    describe('SecretVault', () => {
      const metadata = () => ({
        requestId: 'req1',
        targetUpn: 'alice@contoso.com',
        targetDisplayName: 'Alice',
        locale: 'ja' as const,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });

      it('peek shows metadata without burning; reveal returns the secret once', async () => {
        const { token } = await secrets.put('Canary-Zq7!pW3#vX9', metadata());
        assert.equal((await secrets.peek(token))?.targetUpn, 'alice@contoso.com');
        assert.equal((await secrets.reveal(token))?.secret, 'Canary-Zq7!pW3#vX9');
        assert.equal(await secrets.reveal(token), null);
        assert.equal(await secrets.peek(token), null);
      });

      it('keeps what a Temporary Access Pass link page shows: the kind and the pass’s settings', async () => {
        const tap = { startDateTime: '2025-06-01T09:00:00Z', lifetimeInMinutes: 90, isUsableOnce: true };
        const { token } = await secrets.put('TapCanary8', { ...metadata(), kind: 'tap', tap });
        const peeked = await secrets.peek(token);
        assert.equal(peeked?.kind, 'tap');
        assert.deepEqual(peeked?.tap, tap);
        assert.deepEqual((await secrets.reveal(token))?.metadata.tap, tap);
        const plain = await secrets.put('Canary-Zq7!pW3#vX9', metadata());
        const password = await secrets.peek(plain.token);
        assert.equal(password?.kind, undefined);
        assert.equal(password?.tap, undefined);
      });

      it('open gives the plaintext without burning or reissuing; discard deletes it', async () => {
        const { id, token } = await secrets.put('Canary-Zq7!pW3#vX9', metadata());
        assert.equal(await secrets.open(id), 'Canary-Zq7!pW3#vX9');
        assert.ok(await secrets.peek(token), 'the link still works after open');
        await secrets.discard(id);
        assert.equal(await secrets.open(id), null);
        assert.equal(await secrets.peek(token), null);
        await secrets.discard(id); // already gone: fine
      });

      it('reissue gives a new working token and kills the old one', async () => {
        const { id, token } = await secrets.put('Canary-Zq7!pW3#vX9', metadata());
        const fresh = await secrets.reissue(id);
        assert.ok(fresh && fresh.token !== token);
        assert.equal(await secrets.peek(token), null);
        assert.equal((await secrets.reveal(fresh.token))?.secret, 'Canary-Zq7!pW3#vX9');
        assert.equal(await secrets.reissue(id), null, 'a revealed secret cannot be reissued');
      });

      it('keeps a file far larger than a Table property (a 2 MB CSV export) and reveals it intact, once', async () => {
        // Request ids are random: what compresses least, so the sealed file spans many properties.
        const row = (i: number) =>
          `2026-11-20T10:${String(i % 60).padStart(2, '0')}:00Z,田中 花子,hanako.tanaka@contoso.com,Password reset and e-mailed,${randomBytes(12).toString('base64url')}\r\n`;
        const csv = `\uFEFF${Array.from({ length: 25_000 }, (_, i) => row(i)).join('')}`;
        assert.ok(Buffer.byteLength(csv, 'utf8') > 2_000_000);
        const file = { name: 'audit-export-20261120.csv', entries: 25_000 };
        const { token } = await secrets.put(csv, { ...metadata(), file });
        assert.deepEqual((await secrets.peek(token))?.file, file);
        const revealed = await secrets.reveal(token);
        assert.equal(revealed?.secret, csv, 'byte for byte, BOM and Japanese included');
        assert.deepEqual(revealed?.metadata.file, file);
        assert.equal(await secrets.reveal(token), null);
        assert.equal((await secrets.peek((await secrets.put('x', metadata())).token))?.file, undefined);
      });

      it('of many concurrent reveals of one token exactly one gets the secret', async () => {
        const { token } = await secrets.put('Canary-Zq7!pW3#vX9', metadata());
        const results = await Promise.all(Array.from({ length: 10 }, () => secrets.reveal(token)));
        assert.equal(results.filter(Boolean).length, 1);
      });
    });
  });
}
