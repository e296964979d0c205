import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson, GENESIS_HASH, hashRecord, linkProblem } from '../../src/storage/auditChain';
import type { AuditRecord } from '../../src/reset/model';

function chain(length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let sequence = 1; sequence <= length; sequence++) {
    const body = {
      action: 'reset' as const,
      requestId: `r${sequence}`,
      correlationId: `c${sequence}`,
      requesterId: 'admin-id',
      requesterUpn: 'admin@contoso.com',
      targetUpn: 'alice@contoso.com',
      recipients: ['a@example.com'],
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, sequence)).toISOString(),
      sequence,
      previousHash: records.at(-1)?.hash ?? GENESIS_HASH,
    };
    records.push({ ...body, hash: hashRecord(body) });
  }
  return records;
}

describe('storage/auditChain', () => {
  it('canonical JSON sorts keys at every depth and leaves out undefined members', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }),
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('canonical JSON does not depend on the order keys were inserted', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        assert.equal(canonicalJson(reversed), canonicalJson(object));
        assert.deepEqual(JSON.parse(canonicalJson(object)), JSON.parse(JSON.stringify(object)));
      }),
    );
  });

  it('the hash ignores the hash field itself and changes with any content', () => {
    const [record] = chain(1) as [AuditRecord];
    assert.match(record.hash, /^[0-9a-f]{64}$/);
    assert.equal(hashRecord({ ...record, hash: 'anything' }), record.hash);
    assert.notEqual(hashRecord({ ...record, targetUpn: 'mallory@contoso.com' }), record.hash);
    assert.notEqual(hashRecord({ ...record, recipients: ['b@example.com'] }), record.hash);
  });

  it('an intact chain has no link problems', () => {
    const records = chain(5);
    records.forEach((record, index) => assert.equal(linkProblem(record, records[index - 1] ?? null), null));
  });

  it('names a gap, a wrong link and altered content', () => {
    const [first, second, third] = chain(3) as [AuditRecord, AuditRecord, AuditRecord];
    assert.equal(linkProblem(third, first), 'record #2 is missing');
    assert.equal(linkProblem(second, null), 'record #1 is missing');
    assert.match(String(linkProblem({ ...second, previousHash: GENESIS_HASH }, first)), /previousHash/);
    assert.match(String(linkProblem({ ...second, detail: 'edited' }, first)), /hash does not match/);
    assert.match(String(linkProblem(first, second)), /out of order/);
  });
});
