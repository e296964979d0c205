/**
 * AuditTrail on Azure Table storage: append-only records chained by sha256 hashes.
 *
 * Layout (one partition, 'audit'): RowKey = the sequence zero-padded to 16 digits, so a range scan
 * returns records in order; the row 'head' (letters sort after digits) holds the last sequence and hash.
 *
 * Concurrency and crashes: `append` reads the head, builds record n+1 linked to the head's hash, and
 * commits "replace head if its ETag is unchanged" + "insert record n+1" as ONE entity-group transaction.
 * Either both happen or neither, so there is no window in which a sequence is reserved but never
 * written: a crash leaves the chain as it was, and `verify` never has to tolerate a gap. Instances that
 * lose the ETag race (412) or the first-head race (409) re-read the head and retry after a jittered wait.
 */
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../errors';
import type { Logger } from '../logger';
import { GENESIS_HASH, hashRecord, linkProblem } from './auditChain';
import type { AuditEvent, AuditRecord, AuditTrail } from './ports';
import { guarded, jitter, statusOf, toStorageError, type TableClientSettings } from './tableClient';

const PARTITION = 'audit';
const HEAD_ROW = 'head';
const KEY_DIGITS = 16;
const MAX_APPEND_ATTEMPTS = 60;
const QUERY_PAGE = 250;
/** `detail` is free text for people; cap it so a record always fits in one Table property. */
export const MAX_DETAIL_CHARS = 2000;

/** The result of walking the chain. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { sequence: number; reason: string };
}

interface Head {
  sequence: number;
  hash: string;
  etag?: string;
}

type Row = TableEntity<Record<string, unknown>>;
/** A row as read back: keys may be absent in the SDK's typing. */
type ReadRow = Record<string, unknown> & { rowKey?: string };

/** The hash-chained audit trail shared by every bot instance. */
export class TableAuditTrail implements AuditTrail {
  constructor(
    private readonly client: TableClient,
    private readonly settings: TableClientSettings = {},
    private readonly logger?: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Appends one record; resolves only once the record and the new head are committed together. */
  async append(event: AuditEvent): Promise<AuditRecord> {
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      const head = await this.readHead();
      const record = buildRecord(event, head, this.clock());
      const headRow: Row = {
        partitionKey: PARTITION,
        rowKey: HEAD_ROW,
        sequence: record.sequence,
        hash: record.hash,
      };
      const actions: TransactionAction[] = [
        head.etag ? ['update', headRow, 'Replace', { etag: head.etag }] : ['create', headRow],
        ['create', toRow(record)],
      ];
      try {
        await guarded('audit.append', this.settings, (abortSignal) =>
          this.client.submitTransaction(actions, { abortSignal }),
        );
        return record;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== ErrorCodes.STORAGE_CONFLICT) throw error;
        this.logger?.debug({ attempt, sequence: record.sequence }, 'audit head moved; retrying append');
        // Many writers share one head: back off further with each lost race, so a burst waits instead
        // of failing (capped at a second between tries).
        await jitter(attempt, 10 * 2 ** Math.min(attempt, 7), 1_000);
      }
    }
    throw new AppError(ErrorCodes.STORAGE_UNAVAILABLE, 'audit append kept losing the head race', {
      attempts: MAX_APPEND_ATTEMPTS,
    });
  }

  /** Newest first; `user` is a case-insensitive prefix of requester or target id or UPN. */
  async query(filter: { user?: string; limit: number }): Promise<AuditRecord[]> {
    const limit = Math.max(0, Math.min(Math.floor(filter.limit), 1000));
    const needle = filter.user?.trim().toLowerCase() ?? '';
    const found: AuditRecord[] = [];
    const head = await this.readHead();
    // Walk back from the head in key ranges, so the newest records are read first and reading stops early.
    for (let high = head.sequence; high >= 1 && found.length < limit; high -= QUERY_PAGE) {
      const low = Math.max(1, high - QUERY_PAGE + 1);
      const page = await this.readRange(low, high);
      for (const record of page.reverse()) {
        if (found.length >= limit) break;
        if (!needle || matchesUser(record, needle)) found.push(record);
      }
    }
    return found;
  }

  /**
   * Walks the chain from #1 up to the head as read FIRST, and names the first record whose sequence, link
   * or hash fails. Records appended while the walk runs lie beyond that head and are checked next time,
   * so a busy trail is never reported broken.
   */
  async verify(): Promise<AuditVerification> {
    const head = await this.readHead();
    let previous: AuditRecord | null = null;
    let checked = 0;
    // The scan runs even on an empty trail: a missing table must fail here, not pass as empty.
    try {
      const rows = this.client.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: odata`PartitionKey eq ${PARTITION} and RowKey le ${sequenceKey(head.sequence)}`,
        },
      });
      for await (const row of rows) {
        const expected = previous ? previous.sequence + 1 : 1;
        const record = fromRow(row);
        if (!record) return broken(checked, expected, 'record is unreadable (fields missing or mistyped)');
        if (row.rowKey !== sequenceKey(record.sequence)) {
          return broken(
            checked,
            expected,
            `sequence ${record.sequence} does not match its key ${row.rowKey}`,
          );
        }
        const problem = linkProblem(record, previous);
        if (problem) return broken(checked, record.sequence > expected ? expected : record.sequence, problem);
        previous = record;
        checked++;
      }
    } catch (error) {
      throw toStorageError(error, 'audit.verify');
    }
    const last = previous?.sequence ?? 0;
    if (head.sequence > last) {
      return broken(
        checked,
        last + 1,
        `record #${last + 1} is missing (the head says ${head.sequence} exist)`,
      );
    }
    if (previous && head.hash !== previous.hash) {
      return broken(checked, last, 'the head does not point at the last record');
    }
    return { ok: true, checked };
  }

  private async readHead(): Promise<Head> {
    return guarded('audit.head', this.settings, async (abortSignal) => {
      try {
        const row = await this.client.getEntity<Record<string, unknown>>(PARTITION, HEAD_ROW, {
          abortSignal,
        });
        const sequence = Number(row.sequence);
        if (!Number.isInteger(sequence) || typeof row.hash !== 'string') {
          throw new AppError(ErrorCodes.INTERNAL, 'audit head is corrupt');
        }
        return { sequence, hash: row.hash, etag: row.etag };
      } catch (error) {
        if (statusOf(error) === 404) return { sequence: 0, hash: GENESIS_HASH };
        throw error;
      }
    });
  }

  private async readRange(low: number, high: number): Promise<AuditRecord[]> {
    return guarded('audit.query', this.settings, async (abortSignal) => {
      const records: AuditRecord[] = [];
      const rows = this.client.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: odata`PartitionKey eq ${PARTITION} and RowKey ge ${sequenceKey(low)} and RowKey le ${sequenceKey(high)}`,
        },
        abortSignal,
      });
      for await (const row of rows) {
        const record = fromRow(row);
        if (record) records.push(record);
      }
      return records.sort((a, b) => a.sequence - b.sequence);
    });
  }
}

function broken(checked: number, sequence: number, reason: string): AuditVerification {
  return { ok: false, checked, firstBroken: { sequence, reason } };
}

/** The zero-padded RowKey of a sequence number. */
export function sequenceKey(sequence: number): string {
  return String(sequence).padStart(KEY_DIGITS, '0');
}

function buildRecord(event: AuditEvent, head: Head, now: Date): AuditRecord {
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
    at: now.toISOString(),
    sequence: head.sequence + 1,
    previousHash: head.hash,
  };
  for (const key of Object.keys(body) as (keyof typeof body)[]) {
    if (body[key] === undefined) delete body[key];
  }
  return { ...body, hash: hashRecord(body) };
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
const OPTIONAL_TEXT = ['targetId', 'targetUpn', 'reasonCode', 'detail'];
const LIST_FIELDS = ['recipients', 'graphRequestIds'];

function toRow(record: AuditRecord): Row {
  const row: Row = { partitionKey: PARTITION, rowKey: sequenceKey(record.sequence) };
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    // Lists become JSON text: Table storage has no array type.
    row[key] = LIST_FIELDS.includes(key) ? JSON.stringify(value) : value;
  }
  return row;
}

/** Rebuilds a record from a row exactly as appended; null when a field is missing or mistyped. */
function fromRow(row: ReadRow): AuditRecord | null {
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

function matchesUser(record: AuditRecord, needle: string): boolean {
  return [record.requesterId, record.requesterUpn, record.targetId, record.targetUpn].some(
    (value) => typeof value === 'string' && value.toLowerCase().startsWith(needle),
  );
}
