/**
 * AuditLog on Azure Table storage: listings through the index (auditIndex.ts), a request's history from
 * its partition, hourly seals, and the check of all of it.
 *
 * Tamper evidence, layer by layer:
 * - each request's records form a hash chain whose head the request row keeps (requestStore.ts): an
 *   edited, deleted, reordered or inserted record breaks a link or disagrees with the head;
 * - every request with records has its index rows: a request or an index row deleted alone shows;
 * - each ended hour is sealed: the ids of the requests it opened, hashed, in a chain of seals. A request
 *   deleted together with its index rows no longer matches its hour's seal, and a deleted seal breaks
 *   the seals' chain. Only what the last unsealed hour opened, deleted with its index rows, escapes the
 *   trail itself; the structured audit events in the logs (SECURITY.md) are the copy outside it.
 */
import { odata, type TableClient } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../errors';
import type { Logger } from '../logger';
import type { AuditChainHead, AuditRecord, ResetRequest } from '../reset/model';
import { fillEntryPage } from '../reset/auditEntry';
import type {
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditVerification,
  EntryPage,
  EntryQuery,
  ListedRequest,
} from '../reset/ports';
import { GENESIS_HASH, linkProblem, sha256Json } from './auditChain';
import {
  hourKey,
  indexPartition,
  indexRowKey,
  indexRows,
  keyPart,
  monthPartition,
  SEAL_PARTITION,
  timeBound,
} from './auditIndex';
import { AUDIT_ROW_PREFIX, auditRowKey, fromAuditRow, NOTE_ROW_PREFIX, NOTES_HEAD_ROW } from './auditRows';
import { fromEntity, REQUEST_ID_PATTERN, REQUEST_ROW } from './requestStore';
import { guarded, statusOf, toStorageError, type TableClientSettings } from './tableClient';

/** How far back a listing without filters looks for requests. */
const MONTHS_BACK = 24;
/** Rows read from a prefix range before merging by time (several users can share a prefix). */
const PREFIX_READ = 500;
/** Hours end this long before they are sealed, so index rows written late still count. */
const SEAL_GRACE_MS = 5 * 60_000;
/** How far back the newest seal is looked for before the whole seal partition is read. */
const RECENT_SEALS_MS = 3 * 24 * 3_600_000;
/** Problems reported at most. */
const MAX_PROBLEMS = 50;
/** Requests one page of entries reads at most, whatever the reader may see of them. */
const ENTRY_EXAMINE_MAX = 200;
/** Requests read from the index at a time while filling a page of entries. */
const ENTRY_BATCH = 25;

/** Options of {@link TableAuditLog}. */
export interface AuditLogOptions extends TableClientSettings {
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

interface IndexRow {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly requestId: string;
  readonly at: string;
}

interface Seal {
  readonly hour: string;
  readonly count: number;
  readonly digest: string;
  readonly previousHash: string;
  readonly hash: string;
}

/** Reads and checks the trail kept by TableRequestStore. */
export class TableAuditLog implements AuditLog {
  private readonly clock: () => Date;

  constructor(
    private readonly requests: TableClient,
    private readonly index: TableClient,
    private readonly options: AuditLogOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Requests newest first; the cursor is the last RowKey shown. */
  async list(query: AuditQuery): Promise<AuditPage> {
    const limit = Math.max(1, Math.min(Math.floor(query.limit), 200));
    const { rows, more } = await this.listRows(query, limit);
    const entries: ListedRequest[] = rows.map((row) => ({ requestId: row.requestId, at: row.at }));
    return more ? { entries, cursor: rows.at(-1)!.rowKey } : { entries };
  }

  /** Entries newest first: requests through the index, each read from its row (see AuditLog.entries). */
  async entries(query: EntryQuery): Promise<EntryPage> {
    return fillEntryPage(
      query,
      async (after) => {
        const { rows, more } = await this.listRows(
          { ...query, ...(after ? { cursor: after } : {}) },
          ENTRY_BATCH,
        );
        const requests = await Promise.all(
          rows.map(async (row) => ({ position: row.rowKey, request: await this.readRequest(row.requestId) })),
        );
        return { requests, more };
      },
      ENTRY_EXAMINE_MAX,
    );
  }

  /** Index rows of distinct requests, newest first, and whether more follow. */
  private async listRows(query: AuditQuery, limit: number): Promise<{ rows: IndexRow[]; more: boolean }> {
    const bounds = keyBounds(query);
    let rows: IndexRow[];
    if (query.target || query.requester) {
      const family = query.target ? 't' : 'r';
      const prefix = indexPartition(family, (query.target ?? query.requester)!);
      const requesterFilter = query.target && query.requester ? keyPart(query.requester) : undefined;
      rows = await this.readRange(prefix, bounds, requesterFilter);
    } else {
      rows = await this.readMonths(bounds, limit + 1, query.until);
    }
    const unique = new Map<string, IndexRow>();
    for (const row of rows.sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0))) {
      if (!unique.has(row.requestId)) unique.set(row.requestId, row);
    }
    const ordered = [...unique.values()];
    return { rows: ordered.slice(0, limit), more: ordered.length > limit };
  }

  /** A request as stored, or null when its row is gone or unreadable (the listing goes on without it). */
  private async readRequest(requestId: string): Promise<ResetRequest | null> {
    if (!REQUEST_ID_PATTERN.test(requestId)) return null;
    return guarded('audit.entry', this.options, async (abortSignal) => {
      try {
        return fromEntity(
          await this.requests.getEntity<Record<string, unknown>>(requestId, REQUEST_ROW, { abortSignal }),
        );
      } catch (error) {
        if (statusOf(error) === 404) return null;
        if (error instanceof AppError && error.code === ErrorCodes.INTERNAL) {
          this.options.logger?.error({ requestId, code: error.code }, 'audit entry unreadable');
          return null;
        }
        throw error;
      }
    });
  }

  /** Every record of a request, oldest first. */
  async history(requestId: string): Promise<AuditRecord[]> {
    if (!REQUEST_ID_PATTERN.test(requestId)) return [];
    return guarded('audit.history', this.options, async (abortSignal) => {
      const records: AuditRecord[] = [];
      const rows = this.requests.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`PartitionKey eq ${requestId}` },
        abortSignal,
      });
      for await (const row of rows) {
        if (!row.rowKey?.startsWith(AUDIT_ROW_PREFIX) && !row.rowKey?.startsWith(NOTE_ROW_PREFIX)) continue;
        const record = fromAuditRow(row);
        if (record) records.push(record);
      }
      // Notes interleave with the main chain by time (their sequences are their own).
      return records.sort((a, b) => (a.at === b.at ? a.sequence - b.sequence : a.at < b.at ? -1 : 1));
    });
  }

  /** Seals every hour that ended (and its grace) since the last seal; returns how many were written. */
  async seal(now: Date = this.clock()): Promise<number> {
    const last = await this.lastSeal(now);
    const start = last ? nextHour(last.hour) : await this.firstActivityHour();
    if (!start) return 0;
    let previous = last;
    let written = 0;
    for (let hour = start; hourEnd(hour) + SEAL_GRACE_MS <= now.getTime(); hour = nextHour(hour)) {
      const ids = await this.requestsOpenedIn(hour);
      const body = {
        hour,
        count: ids.length,
        digest: sha256Json(ids),
        previousHash: previous?.hash ?? GENESIS_HASH,
      };
      const seal: Seal = { ...body, hash: sha256Json(body) };
      try {
        await guarded('audit.seal', this.options, (abortSignal) =>
          this.index.createEntity({ partitionKey: SEAL_PARTITION, rowKey: hour, ...seal }, { abortSignal }),
        );
        written += 1;
        previous = seal;
      } catch (error) {
        // Another instance sealed this hour first: continue from its seal.
        if (!(error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT)) throw error;
        previous = await this.sealOf(hour);
        if (!previous) throw error;
      }
    }
    return written;
  }

  /** Checks every chain against its head, the index against the requests, and the seals. */
  async verify(): Promise<AuditVerification> {
    const problems: string[] = [];
    const report = (problem: string): void => {
      if (problems.length < MAX_PROBLEMS) problems.push(problem);
    };
    const partitions = await this.readAllRequests();
    let checked = 0;
    const withRecords: ResetRequest[] = [];
    for (const [id, partition] of partitions) {
      checked += partition.records.length + partition.notes.length;
      const problem =
        chainProblem(
          id,
          partition.records,
          partition.request ? (partition.request.auditHead ?? null) : undefined,
          partition.unreadable,
        ) ??
        (partition.notesHead || partition.notes.length > 0
          ? chainProblem(
              id,
              partition.notes,
              partition.notesHead ?? (partition.request ? null : undefined),
              [],
              'note',
            )
          : null);
      if (problem) report(problem);
      if (partition.request && (partition.request.auditHead?.sequence ?? 0) > 0)
        withRecords.push(partition.request);
    }

    const indexed = await this.readIndex();
    const expected = new Map<string, string>();
    for (const request of withRecords) {
      for (const row of indexRows(request)) expected.set(`${row.partitionKey}|${row.rowKey}`, request.id);
    }
    for (const [key, requestId] of expected) {
      if (!indexed.rows.has(key))
        report(`request ${requestId} is missing from the index (${key.split('|')[0]})`);
    }
    for (const [key, row] of indexed.rows) {
      const partition = partitions.get(row.requestId);
      if (!partition?.request) report(`request ${row.requestId} is in the index but its records are gone`);
      else if (!expected.has(key)) report(`index row ${key} does not match request ${row.requestId}`);
    }

    // The requests of each hour, grouped once (not filtered again for every seal).
    const openedIn = new Map<string, string[]>();
    for (const request of withRecords) {
      const hour = hourKey(new Date(request.createdAt));
      const ids = openedIn.get(hour);
      if (ids) ids.push(request.id);
      else openedIn.set(hour, [request.id]);
    }
    let previous: Seal | null = null;
    for (const seal of indexed.seals) {
      if (previous && seal.hour !== nextHour(previous.hour))
        report(`the seals of the hours after ${previous.hour} are missing`);
      const { hash: _hash, ...body } = seal;
      if (seal.previousHash !== (previous?.hash ?? GENESIS_HASH))
        report(`seal ${seal.hour} does not follow the seal before it`);
      if (sha256Json(body) !== seal.hash) report(`seal ${seal.hour} was altered`);
      const ids = [...(openedIn.get(seal.hour) ?? [])].sort();
      if (ids.length !== seal.count || sha256Json(ids) !== seal.digest) {
        report(
          `the requests opened in hour ${seal.hour} do not match its seal (${ids.length} found, ${seal.count} sealed)`,
        );
      }
      previous = seal;
    }
    return { ok: problems.length === 0, checked, requests: partitions.size, problems };
  }

  private async readRange(
    partitionPrefix: string,
    bounds: KeyBounds,
    requester?: string,
  ): Promise<IndexRow[]> {
    const filter =
      odata`PartitionKey ge ${partitionPrefix} and PartitionKey lt ${`${partitionPrefix}\uffff`} and RowKey gt ${bounds.after} and RowKey le ${bounds.upTo}` +
      (requester ? odata` and requesterUpn ge ${requester} and requesterUpn lt ${`${requester}\uffff`}` : '');
    return this.readIndexRows('audit.list', filter, PREFIX_READ);
  }

  private async readMonths(bounds: KeyBounds, wanted: number, until?: string): Promise<IndexRow[]> {
    const rows: IndexRow[] = [];
    const newest = until ? new Date(until) : this.clock();
    for (let back = 0; back < MONTHS_BACK && rows.length < wanted; back++) {
      const month = new Date(Date.UTC(newest.getUTCFullYear(), newest.getUTCMonth() - back, 1));
      if (
        bounds.since &&
        month.getTime() <
          Date.UTC(new Date(bounds.since).getUTCFullYear(), new Date(bounds.since).getUTCMonth(), 1)
      )
        break;
      const filter = odata`PartitionKey eq ${monthPartition(month.toISOString())} and RowKey gt ${bounds.after} and RowKey le ${bounds.upTo}`;
      rows.push(...(await this.readIndexRows('audit.list', filter, wanted - rows.length)));
    }
    return rows;
  }

  private async readIndexRows(operation: string, filter: string, max: number): Promise<IndexRow[]> {
    return guarded(operation, this.options, async (abortSignal) => {
      const found: IndexRow[] = [];
      const pages = this.index.listEntities<Record<string, unknown>>({
        queryOptions: { filter },
        abortSignal,
      });
      for await (const row of pages) {
        if (typeof row.requestId !== 'string' || typeof row.at !== 'string') continue;
        found.push({
          partitionKey: row.partitionKey ?? '',
          rowKey: row.rowKey ?? '',
          requestId: row.requestId,
          at: row.at,
        });
        if (found.length >= max) break;
      }
      return found;
    });
  }

  private async requestsOpenedIn(hour: string): Promise<string[]> {
    const start = new Date(`${hour}:00:00.000Z`);
    const end = new Date(hourEnd(hour) - 1);
    const filter = odata`PartitionKey eq ${monthPartition(start.toISOString())} and RowKey ge ${indexRowKey(end.toISOString(), '')} and RowKey le ${timeBound(start.toISOString())}`;
    const rows = await this.readIndexRows('audit.seal.read', filter, Number.MAX_SAFE_INTEGER);
    return [...new Set(rows.map((row) => row.requestId))].sort();
  }

  /**
   * The newest seal. Housekeeping seals every few minutes, so it is looked for among the last days' seals
   * first (a handful of rows, not the whole partition); only after a longer stop is the partition read.
   */
  private async lastSeal(now: Date): Promise<Seal | null> {
    const recent = await this.readSeals(hourKey(new Date(now.getTime() - RECENT_SEALS_MS)));
    return recent.at(-1) ?? (await this.readSeals()).at(-1) ?? null;
  }

  private async sealOf(hour: string): Promise<Seal | null> {
    return guarded('audit.seal.get', this.options, async (abortSignal) => {
      try {
        return toSeal(
          await this.index.getEntity<Record<string, unknown>>(SEAL_PARTITION, hour, { abortSignal }),
        );
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  /** The seals, oldest first; with `fromHour`, only those of that hour and later. */
  private async readSeals(fromHour?: string): Promise<Seal[]> {
    return guarded('audit.seals', this.options, async (abortSignal) => {
      const seals: Seal[] = [];
      const filter = fromHour
        ? odata`PartitionKey eq ${SEAL_PARTITION} and RowKey ge ${fromHour}`
        : odata`PartitionKey eq ${SEAL_PARTITION}`;
      const rows = this.index.listEntities<Record<string, unknown>>({
        queryOptions: { filter },
        abortSignal,
      });
      for await (const row of rows) {
        const seal = toSeal(row);
        if (seal) seals.push(seal);
      }
      return seals.sort((a, b) => (a.hour < b.hour ? -1 : 1));
    });
  }

  /** The hour of the oldest request in the index, or null when there is none. */
  private async firstActivityHour(): Promise<string | null> {
    const rows = await this.readIndexRows(
      'audit.seal.first',
      odata`PartitionKey ge ${'m:'} and PartitionKey lt ${'m;'}`,
      Number.MAX_SAFE_INTEGER,
    );
    if (rows.length === 0) return null;
    const oldest = rows.reduce((a, b) => (a.at < b.at ? a : b));
    return hourKey(new Date(oldest.at));
  }

  private async readAllRequests(): Promise<Map<string, Partition>> {
    const partitions = new Map<string, Partition>();
    try {
      for await (const row of this.requests.listEntities<Record<string, unknown>>()) {
        const id = row.partitionKey ?? '';
        const partition = partitions.get(id) ?? {
          request: null,
          records: [],
          notes: [],
          notesHead: null,
          unreadable: [],
        };
        partitions.set(id, partition);
        if (row.rowKey === NOTES_HEAD_ROW) {
          partition.notesHead = { sequence: Number(row.sequence), hash: String(row.hash) };
        } else if (row.rowKey?.startsWith(NOTE_ROW_PREFIX)) {
          const record = fromAuditRow(row);
          if (record && row.rowKey === auditRowKey(record.sequence, NOTE_ROW_PREFIX))
            partition.notes.push(record);
          else partition.unreadable.push(row.rowKey);
        } else if (row.rowKey === REQUEST_ROW) {
          try {
            partition.request = fromEntity(row);
          } catch {
            partition.unreadable.push(REQUEST_ROW);
          }
        } else if (row.rowKey?.startsWith(AUDIT_ROW_PREFIX)) {
          const record = fromAuditRow(row);
          if (record && row.rowKey === auditRowKey(record.sequence)) partition.records.push(record);
          else partition.unreadable.push(row.rowKey);
        }
      }
    } catch (error) {
      throw toStorageError(error, 'audit.verify');
    }
    return partitions;
  }

  private async readIndex(): Promise<{ rows: Map<string, IndexRow>; seals: Seal[] }> {
    const rows = new Map<string, IndexRow>();
    const seals: Seal[] = [];
    try {
      for await (const row of this.index.listEntities<Record<string, unknown>>()) {
        if (row.partitionKey === SEAL_PARTITION) {
          const seal = toSeal(row);
          if (seal) seals.push(seal);
        } else if (typeof row.requestId === 'string' && typeof row.at === 'string') {
          rows.set(`${row.partitionKey}|${row.rowKey}`, {
            partitionKey: row.partitionKey ?? '',
            rowKey: row.rowKey ?? '',
            requestId: row.requestId,
            at: row.at,
          });
        }
      }
    } catch (error) {
      throw toStorageError(error, 'audit.verify');
    }
    return { rows, seals: seals.sort((a, b) => (a.hour < b.hour ? -1 : 1)) };
  }
}

interface Partition {
  request: ResetRequest | null;
  records: AuditRecord[];
  notes: AuditRecord[];
  notesHead: AuditChainHead | null;
  unreadable: string[];
}

/**
 * What is wrong with one chain of a request, or null. `head` is what the request (or the notes' head
 * row) says the chain ends with: null when it says nothing was written, undefined when that row is gone.
 */
function chainProblem(
  id: string,
  unsorted: readonly AuditRecord[],
  head: AuditChainHead | null | undefined,
  unreadable: readonly string[],
  kind: 'record' | 'note' = 'record',
): string | null {
  if (unreadable.length > 0)
    return `request ${id}: row ${unreadable[0]} is unreadable (fields missing or mistyped)`;
  const records = [...unsorted].sort((a, b) => a.sequence - b.sequence);
  if (head === undefined) {
    return records.length > 0
      ? `request ${id}: the row that ends its ${kind}s is gone but ${records.length} ${kind}s remain`
      : null;
  }
  let previous: AuditRecord | null = null;
  for (const record of records) {
    const problem =
      record.requestId !== id
        ? `${kind} #${record.sequence} belongs to request ${record.requestId}`
        : linkProblem(record, previous);
    if (problem) return `request ${id}: ${kind}s: ${problem}`;
    previous = record;
  }
  const count = head?.sequence ?? 0;
  if (records.length < count)
    return `request ${id}: ${kind} #${records.length + 1} is missing (${count} were written)`;
  if (records.length > count)
    return `request ${id}: ${kind} #${count + 1} was added after the last one written`;
  if (previous && head && head.hash !== previous.hash)
    return `request ${id}: the last ${kind} is not the one written last`;
  return null;
}

interface KeyBounds {
  /** Keys strictly after this one (the cursor). */
  readonly after: string;
  /** Keys up to this one (`since`: keys are inverted times, so the oldest allowed is the largest key). */
  readonly upTo: string;
  readonly since?: string;
}

/** RowKey bounds of a query: inverted time, so `until` is a lower bound and `since` an upper one. */
function keyBounds(query: AuditQuery): KeyBounds {
  const afterUntil = query.until ? indexRowKey(query.until, '~') : '';
  const after = query.cursor && query.cursor > afterUntil ? query.cursor : afterUntil;
  return { after, upTo: query.since ? timeBound(query.since) : '~', since: query.since };
}

function toSeal(row: Readonly<Record<string, unknown>>): Seal | null {
  const { hour, count, digest, previousHash, hash } = row;
  if (
    typeof hour !== 'string' ||
    typeof digest !== 'string' ||
    typeof previousHash !== 'string' ||
    typeof hash !== 'string'
  )
    return null;
  return { hour, count: Number(count), digest, previousHash, hash };
}

function hourEnd(hour: string): number {
  return Date.parse(`${hour}:00:00.000Z`) + 3_600_000;
}

function nextHour(hour: string): string {
  return hourKey(new Date(hourEnd(hour)));
}
