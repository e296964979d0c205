/**
 * Audit records as Table rows, in their request's partition: RowKey `audit-` + the sequence, zero-padded,
 * so a partition query returns a request's records in order after its 'request' row.
 */
import type { TableEntity } from '@azure/data-tables';
import type { AuditRecord } from '../reset/model';

/** RowKey prefix of audit records (sorts before 'request'). */
export const AUDIT_ROW_PREFIX = 'audit-';
/** RowKey prefix of a request's notes (records that change nothing about it, such as a link opened). */
export const NOTE_ROW_PREFIX = 'note-';
/** The row that holds the head of a request's notes chain. */
export const NOTES_HEAD_ROW = 'notes';
const KEY_DIGITS = 8;

/** The RowKey of a record's sequence in the main chain or the notes chain. */
export function auditRowKey(sequence: number, prefix: string = AUDIT_ROW_PREFIX): string {
  return `${prefix}${String(sequence).padStart(KEY_DIGITS, '0')}`;
}

const TEXT_FIELDS = [
  'action',
  'requestId',
  'correlationId',
  'requesterId',
  'requesterUpn',
  'at',
  'previousHash',
  'hash',
];
const OPTIONAL_TEXT = ['targetId', 'targetUpn', 'reasonCode', 'detail', 'approverId', 'approverUpn'];
const LIST_FIELDS = ['recipients', 'graphRequestIds'];

/** The row of a record in the partition `requestId`. */
export function toAuditRow(
  record: AuditRecord,
  prefix: string = AUDIT_ROW_PREFIX,
): TableEntity<Record<string, unknown>> {
  const row: TableEntity<Record<string, unknown>> = {
    partitionKey: record.requestId,
    rowKey: auditRowKey(record.sequence, prefix),
  };
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    // Lists become JSON text: Table storage has no array type.
    row[key] = LIST_FIELDS.includes(key) ? JSON.stringify(value) : value;
  }
  return row;
}

/** Rebuilds a record from a row exactly as written; null when a field is missing or mistyped. */
export function fromAuditRow(row: Readonly<Record<string, unknown>>): AuditRecord | null {
  const record: Record<string, unknown> = {};
  for (const key of TEXT_FIELDS) {
    if (typeof row[key] !== 'string') return null;
    record[key] = row[key];
  }
  for (const key of OPTIONAL_TEXT) {
    if (row[key] === undefined || row[key] === null) continue;
    if (typeof row[key] !== 'string') return null;
    record[key] = row[key];
  }
  for (const key of LIST_FIELDS) {
    if (row[key] === undefined || row[key] === null) continue;
    try {
      const list: unknown = JSON.parse(String(row[key]));
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) return null;
      record[key] = list;
    } catch {
      return null;
    }
  }
  const sequence = Number(row.sequence);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  record.sequence = sequence;
  return record as unknown as AuditRecord;
}
