/**
 * RequestStore on Azure Table storage. One entity per request (PartitionKey = request id, RowKey =
 * 'request'); the request is JSON split over `data0…dataN` because one string property holds at most
 * 64 KiB. `state` is also a column of its own so recovery can find claimed requests with a filter.
 */
import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../errors';
import type { RequestStore, ResetRequest, Versioned } from './ports';
import { guarded, statusOf, type TableClientSettings } from './tableClient';

/** Characters per chunk: 32K UTF-16 code units stay within the 64 KiB property limit. */
export const CHUNK_CHARS = 32_000;
/** Chunks per entity: keeps the entity under the 1 MiB limit with room for the other columns. */
export const MAX_CHUNKS = 15;
const ROW_KEY = 'request';

/** Request ids are server-issued; anything else (e.g. from tampered card data) is never a key. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

type RequestEntity = TableEntity<Record<string, unknown>>;

/** Stores reset requests with ETag-based optimistic concurrency. */
export class TableRequestStore implements RequestStore {
  constructor(
    private readonly client: TableClient,
    private readonly settings: TableClientSettings = {},
  ) {}

  /** Inserts a new request; STORAGE_CONFLICT when the id already exists. */
  async create(request: ResetRequest): Promise<Versioned<ResetRequest>> {
    assertValidId(request.id);
    const entity = toEntity(request);
    const result = await guarded('requests.create', this.settings, (abortSignal) =>
      this.client.createEntity(entity, { abortSignal }),
    );
    return { value: clone(request), etag: requireEtag(result.etag) };
  }

  /** The request and its ETag, or null when unknown (including ids that cannot be keys). */
  async get(id: string): Promise<Versioned<ResetRequest> | null> {
    if (!REQUEST_ID_PATTERN.test(id)) return null;
    return guarded('requests.get', this.settings, async (abortSignal) => {
      try {
        const entity = await this.client.getEntity<Record<string, unknown>>(id, ROW_KEY, { abortSignal });
        return { value: fromEntity(entity), etag: requireEtag(entity.etag) };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  /** Replaces the request if `etag` is current; STORAGE_CONFLICT if not, REQUEST_NOT_FOUND if gone. */
  async update(request: ResetRequest, etag: string): Promise<Versioned<ResetRequest>> {
    assertValidId(request.id);
    const entity = toEntity(request);
    const result = await guarded('requests.update', this.settings, async (abortSignal) => {
      try {
        return await this.client.updateEntity(entity, 'Replace', { etag, abortSignal });
      } catch (error) {
        if (statusOf(error) === 404) {
          throw new AppError(ErrorCodes.REQUEST_NOT_FOUND, 'request vanished before update', {
            id: request.id,
          });
        }
        throw error;
      }
    });
    return { value: clone(request), etag: requireEtag(result.etag) };
  }

  /**
   * Housekeeping beyond the port: deletes open, done and cancelled requests that expired before `before`.
   * Claimed requests are never purged: crash recovery must finish them first.
   */
  async purgeExpired(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    const stale = await guarded('requests.purge.list', this.settings, async (abortSignal) => {
      const rows: { partitionKey: string; etag: string }[] = [];
      const pages = this.client.listEntities({
        queryOptions: {
          filter: odata`RowKey eq ${ROW_KEY} and expiresAt lt ${cutoff} and state ne ${'claimed'}`,
        },
        abortSignal,
      });
      for await (const row of pages) rows.push({ partitionKey: row.partitionKey ?? '', etag: row.etag });
      return rows;
    });
    let deleted = 0;
    for (const row of stale) {
      deleted += await guarded('requests.purge.delete', this.settings, async (abortSignal) => {
        try {
          await this.client.deleteEntity(row.partitionKey, ROW_KEY, { etag: row.etag, abortSignal });
          return 1;
        } catch (error) {
          // Changed meanwhile (perhaps claimed) or already gone: leave it to the next round.
          if (statusOf(error) === 404 || statusOf(error) === 412) return 0;
          throw error;
        }
      });
    }
    return deleted;
  }

  /** Every request in state 'claimed': work that a crash may have left between steps. */
  async listUnfinished(): Promise<Versioned<ResetRequest>[]> {
    return guarded('requests.listUnfinished', this.settings, async (abortSignal) => {
      const found: Versioned<ResetRequest>[] = [];
      const pages = this.client.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`RowKey eq ${ROW_KEY} and state eq ${'claimed'}` },
        abortSignal,
      });
      for await (const entity of pages)
        found.push({ value: fromEntity(entity), etag: requireEtag(entity.etag) });
      return found;
    });
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

function toEntity(request: ResetRequest): RequestEntity {
  const json = asciiJson(request);
  const chunks = Math.max(1, Math.ceil(json.length / CHUNK_CHARS));
  if (chunks > MAX_CHUNKS) {
    throw new AppError(ErrorCodes.INTERNAL, 'request too large to store', { chars: json.length });
  }
  const entity: RequestEntity = {
    partitionKey: request.id,
    rowKey: ROW_KEY,
    state: request.state,
    expiresAt: request.expiresAt,
    chunks,
  };
  for (let index = 0; index < chunks; index++) {
    entity[`data${index}`] = json.slice(index * CHUNK_CHARS, (index + 1) * CHUNK_CHARS);
  }
  return entity;
}

function fromEntity(entity: Record<string, unknown>): ResetRequest {
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
      {
        cause: error,
      },
    );
  }
}

function requireEtag(etag: string | undefined): string {
  if (!etag) throw new AppError(ErrorCodes.STORAGE_UNAVAILABLE, 'storage returned no ETag');
  return etag;
}

/** Callers get their own copy, so mutating it never changes what was stored. */
function clone(request: ResetRequest): ResetRequest {
  return JSON.parse(JSON.stringify(request)) as ResetRequest;
}
