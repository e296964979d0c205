/**
 * The audit trail's hash chain, as pure functions: canonical JSON, record hashes, and the check of one
 * link. Kept apart from storage so the rules are readable and testable on their own.
 */
import { createHash } from 'node:crypto';
import type { AuditRecord } from './ports';

/** previousHash of record #1. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted and undefined members left out, so equal records hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of the record without its `hash`. */
export function hashRecord(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...body } = record;
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** Why `record` does not follow `previous` (null for the first record), or null when it does. */
export function linkProblem(record: AuditRecord, previous: AuditRecord | null): string | null {
  const expectedSequence = previous ? previous.sequence + 1 : 1;
  if (record.sequence !== expectedSequence) {
    return record.sequence > expectedSequence
      ? `record #${expectedSequence} is missing`
      : `sequence ${record.sequence} is out of order`;
  }
  if (record.previousHash !== (previous ? previous.hash : GENESIS_HASH)) {
    return `previousHash does not match record #${expectedSequence - 1}`;
  }
  if (hashRecord(record) !== record.hash) return 'hash does not match the record content';
  return null;
}
