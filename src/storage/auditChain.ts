/**
 * The audit trail's hash chains, as pure functions: canonical JSON, record hashes, building the next
 * records of a chain and checking one link. Every request has its own chain, so appends from different
 * requests never wait for each other; the hours' seals (auditLog.ts) tie the chains together.
 */
import { createHash } from 'node:crypto';
import type { AuditChainHead, AuditEvent, AuditRecord } from '../reset/model';

/** previousHash of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** `detail` is free text for people; capped so a record always fits in one Table property. */
export const MAX_DETAIL_CHARS = 2000;

/** JSON with object keys sorted and undefined members left out, so equal records hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/** sha256 (hex) of canonical JSON. */
export function sha256Json(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/** sha256 (hex) of the canonical JSON of the record without its `hash`. */
export function hashRecord(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...body } = record;
  return sha256Json(body);
}

/** The records that continue a chain from `head` with `events`, all stamped `at`. */
export function nextRecords(
  events: readonly AuditEvent[],
  head: AuditChainHead | undefined,
  at: Date,
): AuditRecord[] {
  const records: AuditRecord[] = [];
  let previous = head ?? { sequence: 0, hash: GENESIS_HASH };
  for (const event of events) {
    // Copy only the known fields: nothing else (and so never a password) can ride along into storage.
    const body: Omit<AuditRecord, 'hash'> = {
      action: event.action,
      requestId: event.requestId,
      correlationId: event.correlationId,
      requesterId: event.requesterId,
      requesterUpn: event.requesterUpn,
      targetId: event.targetId,
      targetUpn: event.targetUpn,
      recipients: event.recipients ? [...event.recipients] : undefined,
      reasonCode: event.reasonCode,
      graphRequestIds: event.graphRequestIds ? [...event.graphRequestIds] : undefined,
      detail: event.detail === undefined ? undefined : event.detail.slice(0, MAX_DETAIL_CHARS),
      approverId: event.approverId,
      approverUpn: event.approverUpn,
      at: at.toISOString(),
      sequence: previous.sequence + 1,
      previousHash: previous.hash,
    };
    for (const key of Object.keys(body) as (keyof typeof body)[]) {
      if (body[key] === undefined) delete body[key];
    }
    const record = { ...body, hash: hashRecord(body) };
    records.push(record);
    previous = { sequence: record.sequence, hash: record.hash };
  }
  return records;
}

/** The head a chain has after `records` (or `head` when there are none). */
export function headAfter(
  records: readonly AuditRecord[],
  head: AuditChainHead | undefined,
): AuditChainHead | undefined {
  const last = records.at(-1);
  return last ? { sequence: last.sequence, hash: last.hash } : head;
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
