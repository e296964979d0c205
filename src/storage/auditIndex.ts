/**
 * The audit index: where a listing finds requests without scanning the trail. Every request that has
 * records gets one row in its month's partition (`m:2026-11`), one in its requester's (`r:<upn>`) and
 * one in each target's (`t:<upn>`). A RowKey is the inverted time of the request plus its id, so a
 * partition lists newest first, and a listing continues after the last key it showed. Rows are inserts
 * of distinct keys: requests never contend for them.
 */
import type { TableEntity } from '@azure/data-tables';
import type { ResetRequest } from '../reset/model';

/** The partition families. */
export type IndexFamily = 'm' | 'r' | 't';

/** Milliseconds are inverted against this, so later requests sort first (good until the year 2286). */
const TIME_CEILING = 9_999_999_999_999;

/** The RowKey of a request opened at `at`. */
export function indexRowKey(at: string, requestId: string): string {
  const inverted = TIME_CEILING - Date.parse(at);
  return `${String(inverted).padStart(13, '0')}:${requestId}`;
}

/** The RowKey bound for a time: keys of requests opened at or after `at` are <= it. */
export function timeBound(at: string): string {
  return `${String(TIME_CEILING - Date.parse(at)).padStart(13, '0')}:~`;
}

/**
 * Table keys may not hold / \ # ? or control characters; guest UPNs hold '#'. Those (and '%') are
 * percent-escaped one character at a time, which keeps prefixes prefixes.
 */
export function keyPart(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(KEY_UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const KEY_UNSAFE = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

/** The partition of a family and value (`m:2026-11`, `r:alex@contoso.com`, `t:bob@contoso.com`). */
export function indexPartition(family: IndexFamily, value: string): string {
  return `${family}:${keyPart(value)}`;
}

/** The month partition of a time. */
export function monthPartition(at: string): string {
  return indexPartition('m', at.slice(0, 7));
}

/**
 * The index rows of a request: its month, its requester, each target, and each user a name of a bulk
 * request may still be resolved to (so a listing by user finds the request once one of them is chosen).
 */
export function indexRows(request: ResetRequest): TableEntity<Record<string, unknown>>[] {
  const rowKey = indexRowKey(request.createdAt, request.id);
  const data = {
    requestId: request.id,
    at: request.createdAt,
    requesterUpn: request.requesterUpn.toLowerCase(),
  };
  const partitions = new Set([
    monthPartition(request.createdAt),
    indexPartition('r', request.requesterUpn || request.requesterId),
    ...request.targets.map((target) => indexPartition('t', target.userPrincipalName)),
    ...(request.choices ?? []).flatMap((choice) =>
      choice.candidates.map((candidate) => indexPartition('t', candidate.userPrincipalName)),
    ),
  ]);
  return [...partitions].map((partitionKey) => ({ partitionKey, rowKey, ...data }));
}

/** The partition that holds the hours' seals. */
export const SEAL_PARTITION = 'seal';

/** The RowKey of an hour (`2026-11-29T15`), which sorts in time order. */
export function hourKey(at: Date): string {
  return at.toISOString().slice(0, 13);
}
