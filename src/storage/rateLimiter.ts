/**
 * RateLimiter on Azure Table storage: sliding windows shared by every bot instance. One row per key and
 * window holds the timestamps of the uses still inside the window (an exact sliding log), so a use counts
 * for exactly `windowMs` and no burst fits across a boundary. A `consume` reads every counter it names in
 * parallel, refuses without writing when any would be exceeded, and otherwise writes each with an
 * ETag-conditional replace: an instance that read a counter another one has since changed (412) reads it
 * again. If, on such a retry, a limit now refuses, what this call already wrote is taken back, so a
 * refused request spends no budget.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../errors';
import type { Logger } from '../logger';
import type { LimitOutcome, LimitUse, RateLimiter } from '../reset/ports';
import { checkUses, counted, fits, uncounted, type CheckedUse } from './limitUses';
import { guarded, jitter, statusOf, type TableClientSettings } from './tableClient';

const MAX_ATTEMPTS = 100;
const READABLE_KEY = /^[A-Za-z0-9:@._-]{1,200}$/;

/** Options of {@link TableRateLimiter}. */
export interface RateLimiterOptions extends TableClientSettings {
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

/** A counter row as read: its uses and the ETag to replace it with (none when the row does not exist). */
interface Counter {
  readonly log: number[];
  readonly etag?: string;
}

/** Where a use's counter lives. */
interface Place {
  readonly use: CheckedUse;
  readonly partitionKey: string;
  readonly rowKey: string;
}

/** Sliding-window limits kept in the Limits table. */
export class TableRateLimiter implements RateLimiter {
  private readonly clock: () => Date;

  constructor(
    private readonly client: TableClient,
    private readonly options: RateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** See {@link RateLimiter.consume}. */
  async consume(limits: readonly LimitUse[]): Promise<LimitOutcome> {
    const uses = checkUses(limits);
    const impossible = uses.find((use) => use.amount > use.limit);
    if (impossible) return { ok: false, refused: impossible.key };
    if (uses.length === 0) return { ok: true };
    const nowMs = this.clock().getTime();
    let pending: Place[] = uses.map((use) => ({
      use,
      partitionKey: storageKey(use.key),
      rowKey: `w${use.windowMs}`,
    }));
    const written: Place[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const counters = await Promise.all(pending.map((place) => this.read(place)));
      const refusing = pending.findIndex((place, i) => !fits(counters[i]!.log, place.use, nowMs));
      if (refusing >= 0) {
        await this.takeBack(written, nowMs);
        return { ok: false, refused: pending[refusing]!.use.key };
      }
      const results = await Promise.allSettled(
        pending.map((place, i) =>
          this.write(place, counters[i]!, counted(counters[i]!.log, place.use, nowMs)),
        ),
      );
      const conflicts: Place[] = [];
      let failure: unknown;
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') written.push(pending[i]!);
        else if (isConflict(result.reason)) conflicts.push(pending[i]!);
        else failure ??= result.reason;
      });
      if (failure !== undefined) {
        await this.takeBack(written, nowMs);
        throw failure;
      }
      if (conflicts.length === 0) return { ok: true };
      this.options.logger?.debug(
        { attempt, conflicts: conflicts.length },
        'rate-limit counter moved; retrying',
      );
      pending = conflicts;
      await jitter(attempt);
    }
    await this.takeBack(written, nowMs);
    throw new AppError(ErrorCodes.STORAGE_UNAVAILABLE, 'rate-limit counter kept changing', {
      attempts: MAX_ATTEMPTS,
    });
  }

  /** Deletes counters whose every use has left its window; returns how many rows were deleted. */
  async purgeExpired(now: Date = this.clock()): Promise<number> {
    const stale = await guarded('limits.purge.list', this.options, async (abortSignal) => {
      const rows: { partitionKey: string; rowKey: string; etag: string }[] = [];
      // windowEnd: rows of the fixed-window counters this limiter replaced.
      const pages = this.client.listEntities({
        queryOptions: { filter: odata`expiresAt le ${now} or windowEnd le ${now}` },
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

  private async read(place: Place): Promise<Counter> {
    return guarded('limits.read', this.options, async (abortSignal) => {
      try {
        const row = await this.client.getEntity<{ log?: string }>(place.partitionKey, place.rowKey, {
          abortSignal,
        });
        return { log: decodeLog(row.log), etag: row.etag };
      } catch (error) {
        if (statusOf(error) === 404) return { log: [] };
        throw error;
      }
    });
  }

  /** Replaces the counter if it is still as read (creates it if there was none); rejects on a conflict. */
  private async write(place: Place, counter: Counter, log: readonly number[]): Promise<void> {
    const last = log.length > 0 ? Math.max(...log) : 0;
    const row = {
      partitionKey: place.partitionKey,
      rowKey: place.rowKey,
      key: place.use.key.slice(0, 500),
      log: encodeLog(log),
      // Once this passes, every use has left the window and the row can go.
      expiresAt: new Date(last + place.use.windowMs),
    };
    await guarded('limits.consume', this.options, (abortSignal) =>
      counter.etag
        ? this.client.updateEntity(row, 'Replace', { etag: counter.etag, abortSignal })
        : this.client.createEntity(row, { abortSignal }),
    );
  }

  /**
   * Takes back the uses this call counted at `nowMs`. Best effort: a counter that cannot be corrected
   * stays a little too high, which only ever refuses more, never less.
   */
  private async takeBack(places: readonly Place[], nowMs: number): Promise<void> {
    await Promise.all(
      places.map(async (place) => {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          try {
            const counter = await this.read(place);
            const log = uncounted(counter.log, place.use.amount, nowMs);
            if (log.length === counter.log.length || !counter.etag) return;
            await this.write(place, counter, log);
            return;
          } catch (error) {
            if (!isConflict(error)) {
              this.options.logger?.warn({ err: error }, 'rate-limit use could not be taken back');
              return;
            }
            await jitter(attempt);
          }
        }
      }),
    );
  }
}

function isConflict(error: unknown): boolean {
  return error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT;
}

/** Keys made of safe characters stay readable; anything else is hashed into a valid PartitionKey. */
function storageKey(key: string): string {
  return READABLE_KEY.test(key) ? key : `h-${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** Milliseconds in base 36, comma-separated: about nine characters a use. */
function encodeLog(log: readonly number[]): string {
  return log.map((at) => at.toString(36)).join(',');
}

function decodeLog(text: unknown): number[] {
  if (typeof text !== 'string' || !text) return [];
  return text
    .split(',')
    .map((part) => parseInt(part, 36))
    .filter((at) => Number.isFinite(at));
}
