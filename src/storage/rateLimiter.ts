/**
 * RateLimiter on Azure Table storage: fixed-window counters shared by every bot instance.
 * Row = (key, window start); the count is raised with an ETag-conditional replace, so two instances
 * that read the same count cannot both raise it: the loser (412) re-reads and tries again.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../errors';
import type { Logger } from '../logger';
import type { RateLimiter } from '../reset/ports';
import { guarded, jitter, statusOf, type TableClientSettings } from './tableClient';

const MAX_ATTEMPTS = 100;
const READABLE_KEY = /^[A-Za-z0-9:@._-]{1,200}$/;

/** Options of {@link TableRateLimiter}. */
export interface RateLimiterOptions extends TableClientSettings {
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

interface Counter {
  count: number;
  etag?: string;
}

/** Fixed-window limits kept in the Limits table. */
export class TableRateLimiter implements RateLimiter {
  private readonly clock: () => Date;

  constructor(
    private readonly client: TableClient,
    private readonly options: RateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Counts one use of `key` in the current window; false, and not counted, once `limit` is reached. */
  async tryConsume(key: string, limit: number, windowMs: number): Promise<boolean> {
    if (!Number.isInteger(windowMs) || windowMs <= 0)
      throw new RangeError('windowMs must be a positive integer');
    if (limit <= 0) return false;
    const windowStart = Math.floor(this.clock().getTime() / windowMs) * windowMs;
    const partitionKey = storageKey(key);
    const rowKey = `${windowMs}-${String(windowStart).padStart(15, '0')}`;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const counter = await this.read(partitionKey, rowKey);
      if (counter.count >= limit) return false;
      const row = {
        partitionKey,
        rowKey,
        key: key.slice(0, 500),
        count: counter.count + 1,
        windowEnd: new Date(windowStart + windowMs),
      };
      try {
        await guarded('limits.consume', this.options, (abortSignal) =>
          counter.etag
            ? this.client.updateEntity(row, 'Replace', { etag: counter.etag, abortSignal })
            : this.client.createEntity(row, { abortSignal }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== ErrorCodes.STORAGE_CONFLICT) throw error;
        this.options.logger?.debug({ attempt }, 'rate-limit counter moved; retrying');
        await jitter(attempt);
      }
    }
    throw new AppError(ErrorCodes.STORAGE_UNAVAILABLE, 'rate-limit counter kept changing', {
      attempts: MAX_ATTEMPTS,
    });
  }

  /** Deletes counters whose window ended before `now`; returns how many were deleted. */
  async purgeExpired(now: Date = this.clock()): Promise<number> {
    const stale = await guarded('limits.purge.list', this.options, async (abortSignal) => {
      const rows: { partitionKey: string; rowKey: string; etag: string }[] = [];
      const pages = this.client.listEntities({
        queryOptions: { filter: odata`windowEnd le ${now}` },
        abortSignal,
      });
      for await (const row of pages)
        rows.push({ partitionKey: row.partitionKey ?? '', rowKey: row.rowKey ?? '', etag: row.etag });
      return rows;
    });
    let deleted = 0;
    for (const row of stale) {
      deleted += await guarded('limits.purge.delete', this.options, async (abortSignal) => {
        try {
          await this.client.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag, abortSignal });
          return 1;
        } catch (error) {
          if (statusOf(error) === 404 || statusOf(error) === 412) return 0;
          throw error;
        }
      });
    }
    return deleted;
  }

  private async read(partitionKey: string, rowKey: string): Promise<Counter> {
    return guarded('limits.read', this.options, async (abortSignal) => {
      try {
        const row = await this.client.getEntity<{ count: number }>(partitionKey, rowKey, { abortSignal });
        return { count: Number(row.count) || 0, etag: row.etag };
      } catch (error) {
        if (statusOf(error) === 404) return { count: 0 };
        throw error;
      }
    });
  }
}

/** Keys made of safe characters stay readable; anything else is hashed into a valid PartitionKey. */
function storageKey(key: string): string {
  return READABLE_KEY.test(key) ? key : `h-${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}
