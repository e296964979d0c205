/**
 * RequestStore on Azure Table storage. Each request has a partition of its own (PartitionKey = request
 * id): the 'request' row holds the request as JSON split over `data0…dataN` (one string property holds
 * at most 64 KiB), and its audit records follow as rows `audit-00000001…` (auditRows.ts). A save is
 * ONE entity-group transaction: "replace the request if its ETag is unchanged" plus "insert the next
 * records", so state and audit trail can never disagree and only the request's current holder can add
 * to its chain. Nothing is shared between requests: appends never wait for each other.
 */
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../errors';
import type { Logger } from '../logger';
import type { AuditEvent, ResetRequest } from '../reset/model';
import type { RequestStore, Versioned } from '../reset/ports';
import { headAfter, nextRecords } from './auditChain';
import { indexRows } from './auditIndex';
import { NOTE_ROW_PREFIX, NOTES_HEAD_ROW, toAuditRow } from './auditRows';
import { guarded, statusOf, type TableClientSettings } from './tableClient';

/** Characters per chunk: 32K UTF-16 code units stay within the 64 KiB property limit. */
export const CHUNK_CHARS = 32_000;
/** Chunks per entity: keeps the entity under the 1 MiB limit with room for the other columns. */
export const MAX_CHUNKS = 15;
/** An entity-group transaction holds at most 100 operations: the request row and 99 records. */
export const MAX_RECORDS_PER_SAVE = 99;
export const REQUEST_ROW = 'request';

/** Request ids are server-issued; anything else (e.g. from tampered card data) is never a key. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

type Entity = TableEntity<Record<string, unknown>>;

/** Options of {@link TableRequestStore}. */
export interface RequestStoreOptions extends TableClientSettings {
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

/** Stores requests and their audit records with ETag-based optimistic concurrency. */
export class TableRequestStore implements RequestStore {
  private readonly clock: () => Date;

  constructor(
    private readonly client: TableClient,
    private readonly index: TableClient,
    private readonly options: RequestStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Inserts a new request with its first records; then its index rows. */
  async create(request: ResetRequest, audit: readonly AuditEvent[]): Promise<Versioned<ResetRequest>> {
    assertValidId(request.id);
    const records = nextRecords(audit, undefined, this.clock());
    const stored = withHead(request, headAfter(records, undefined));
    const actions: TransactionAction[] = [
      ['create', toEntity(stored)],
      ...records.map((record): TransactionAction => ['create', toAuditRow(record)]),
    ];
    const etag = await this.commit('requests.create', actions);
    // A request with a record gets its index rows (a placeholder holding a choice card has none). They
    // come after the commit: a row never names a request that does not exist.
    if (records.length > 0) await this.writeIndex(stored);
    return { value: stored, etag };
  }

  /** The request and its ETag, or null when unknown (including ids that cannot be keys). */
  async get(id: string): Promise<Versioned<ResetRequest> | null> {
    if (!REQUEST_ID_PATTERN.test(id)) return null;
    return guarded('requests.get', this.options, async (abortSignal) => {
      try {
        const entity = await this.client.getEntity<Record<string, unknown>>(id, REQUEST_ROW, { abortSignal });
        return { value: fromEntity(entity), etag: requireEtag(entity.etag) };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  /** Replaces the request if `etag` is current and appends the records, in one transaction. */
  async save(
    request: ResetRequest,
    etag: string,
    audit: readonly AuditEvent[] = [],
  ): Promise<Versioned<ResetRequest>> {
    assertValidId(request.id);
    if (audit.length > MAX_RECORDS_PER_SAVE) {
      throw new AppError(ErrorCodes.INTERNAL, 'too many audit records for one save', { count: audit.length });
    }
    const records = nextRecords(audit, request.auditHead, this.clock());
    const stored = withHead(request, headAfter(records, request.auditHead));
    const actions: TransactionAction[] = [
      ['update', toEntity(stored), 'Replace', { etag }],
      ...records.map((record): TransactionAction => ['create', toAuditRow(record)]),
    ];
    try {
      const next = await this.commit('requests.save', actions);
      return { value: stored, etag: next };
    } catch (error) {
      if (error instanceof AppError && error.details.status === 404) {
        throw new AppError(ErrorCodes.REQUEST_NOT_FOUND, 'request vanished before save', { id: request.id });
      }
      throw error;
    }
  }

  /**
   * Appends notes to the request's notes chain: its head is a row of its own ('notes'), updated with its
   * ETag in the same transaction as the records, so notes never touch the request row its holder writes.
   */
  async note(requestId: string, audit: readonly AuditEvent[]): Promise<void> {
    assertValidId(requestId);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const head = await guarded('requests.notes.head', this.options, async (abortSignal) => {
        try {
          const row = await this.client.getEntity<Record<string, unknown>>(requestId, NOTES_HEAD_ROW, {
            abortSignal,
          });
          return { sequence: Number(row.sequence), hash: String(row.hash), etag: row.etag };
        } catch (error) {
          if (statusOf(error) === 404) return null;
          throw error;
        }
      });
      const records = nextRecords(audit, head ?? undefined, this.clock());
      const next = headAfter(records, head ?? undefined);
      const headRow = { partitionKey: requestId, rowKey: NOTES_HEAD_ROW, ...next };
      const actions: TransactionAction[] = [
        head ? ['update', headRow, 'Replace', { etag: head.etag }] : ['create', headRow],
        ...records.map((record): TransactionAction => ['create', toAuditRow(record, NOTE_ROW_PREFIX)]),
      ];
      try {
        await guarded('requests.note', this.options, (abortSignal) =>
          this.client.submitTransaction(actions, { abortSignal }),
        );
        return;
      } catch (error) {
        if (!(error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT)) throw error;
      }
    }
    throw new AppError(ErrorCodes.STORAGE_UNAVAILABLE, 'the notes of a request kept changing', { requestId });
  }

  /** Every request in state 'claimed' or 'awaiting-approval': work a crash may have left, or a deadline. */
  async listUnfinished(): Promise<Versioned<ResetRequest>[]> {
    return guarded('requests.listUnfinished', this.options, async (abortSignal) => {
      const found: Versioned<ResetRequest>[] = [];
      const pages = this.client.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: odata`RowKey eq ${REQUEST_ROW} and (state eq ${'claimed'} or state eq ${'awaiting-approval'})`,
        },
        abortSignal,
      });
      for await (const entity of pages)
        found.push({ value: fromEntity(entity), etag: requireEtag(entity.etag) });
      return found;
    });
  }

  /**
   * Housekeeping beyond the port: deletes placeholders (requests without any record, such as the one a
   * choice card holds) that expired before `before`. Requests with records are the audit trail: kept.
   */
  async purgePlaceholders(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    const stale = await guarded('requests.purge.list', this.options, async (abortSignal) => {
      const rows: { partitionKey: string; etag: string }[] = [];
      const pages = this.client.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: odata`RowKey eq ${REQUEST_ROW} and expiresAt lt ${cutoff} and records eq ${0}`,
        },
        abortSignal,
      });
      for await (const row of pages) rows.push({ partitionKey: row.partitionKey ?? '', etag: row.etag });
      return rows;
    });
    let deleted = 0;
    for (const row of stale) {
      deleted += await guarded('requests.purge.delete', this.options, async (abortSignal) => {
        try {
          await this.client.deleteEntity(row.partitionKey, REQUEST_ROW, { etag: row.etag, abortSignal });
          return 1;
        } catch (error) {
          if (statusOf(error) === 404 || statusOf(error) === 412) return 0;
          throw error;
        }
      });
    }
    return deleted;
  }

  /** Submits a transaction; returns the new ETag of the request row. */
  private async commit(operation: string, actions: TransactionAction[]): Promise<string> {
    const response = await guarded(operation, this.options, (abortSignal) =>
      this.client.submitTransaction(actions, { abortSignal }),
    );
    const row = response.subResponses.find((sub) => sub.rowKey === REQUEST_ROW) ?? response.subResponses[0];
    return requireEtag(row?.etag);
  }

  /** Upserts the request's index rows (idempotent), retrying a failure once before giving up loudly. */
  private async writeIndex(request: ResetRequest): Promise<void> {
    const rows = indexRows(request);
    for (let attempt = 1; ; attempt++) {
      try {
        await Promise.all(
          rows.map((row) =>
            guarded('audit.index', this.options, (abortSignal) =>
              this.index.upsertEntity(row, 'Replace', { abortSignal }),
            ),
          ),
        );
        return;
      } catch (error) {
        if (attempt >= 2) {
          // The request and its records are stored; only listings miss it, and audit:verify names it.
          this.options.logger?.error({ requestId: request.id, err: error }, 'audit index row not written');
          return;
        }
      }
    }
  }
}

function assertValidId(id: string): void {
  if (!REQUEST_ID_PATTERN.test(id)) {
    throw new AppError(ErrorCodes.INTERNAL, 'request id is not a valid storage key', { length: id.length });
  }
}

/**
 * JSON with every non-ASCII character escaped as \uXXXX: the same value, but bytes equal characters on
 * the wire. Azurite 3.35 garbles a multi-byte UTF-8 character that straddles a 64 KiB boundary of a
 * large request body; ASCII cannot straddle.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function toEntity(request: ResetRequest): Entity {
  const json = asciiJson(request);
  const chunks = Math.max(1, Math.ceil(json.length / CHUNK_CHARS));
  if (chunks > MAX_CHUNKS) {
    throw new AppError(ErrorCodes.INTERNAL, 'request too large to store', { chars: json.length });
  }
  const entity: Entity = {
    partitionKey: request.id,
    rowKey: REQUEST_ROW,
    state: request.state,
    expiresAt: request.expiresAt,
    records: request.auditHead?.sequence ?? 0,
    chunks,
  };
  for (let index = 0; index < chunks; index++) {
    entity[`data${index}`] = json.slice(index * CHUNK_CHARS, (index + 1) * CHUNK_CHARS);
  }
  return entity;
}

/** Rebuilds a request from its row; throws INTERNAL when the row is incomplete or not JSON. */
export function fromEntity(entity: Readonly<Record<string, unknown>>): ResetRequest {
  const chunks = Number(entity.chunks);
  let json = '';
  for (let index = 0; index < chunks; index++) {
    const part = entity[`data${index}`];
    if (typeof part !== 'string') {
      throw new AppError(ErrorCodes.INTERNAL, 'stored request is incomplete', {
        id: entity.partitionKey,
        index,
      });
    }
    json += part;
  }
  try {
    return JSON.parse(json) as ResetRequest;
  } catch (error) {
    throw new AppError(
      ErrorCodes.INTERNAL,
      'stored request is not valid JSON',
      { id: entity.partitionKey },
      { cause: error },
    );
  }
}

function requireEtag(etag: string | undefined): string {
  if (!etag) throw new AppError(ErrorCodes.STORAGE_UNAVAILABLE, 'storage returned no ETag');
  return etag;
}

/** A copy of the request with its chain head (none while it has no record). */
function withHead(request: ResetRequest, head: ResetRequest['auditHead']): ResetRequest {
  const { auditHead: _previous, ...rest } = clone(request);
  return head ? { ...rest, auditHead: head } : rest;
}

/** Callers get their own copy, so mutating it never changes what was stored. */
function clone(request: ResetRequest): ResetRequest {
  return JSON.parse(JSON.stringify(request)) as ResetRequest;
}
