/**
 * The audit as people read it: one entry per request and user — who asked, for whom, when, and how it
 * ended — rather than one line per step. The steps stay in the trail (AuditLog.history) and are shown on
 * demand. Entries are derived from the request as stored now, so an entry always tells the latest outcome.
 */
import { passwordMayHaveChanged } from './failures';
import { isExpired, type RequestTarget, type ResetRequest, type UnresolvedName } from './model';

/** One request and one of its users; a request that acts on nobody is one entry without a user. */
export interface AuditEntry {
  readonly requestId: string;
  /** When the request was opened. */
  readonly at: string;
  /** The request as stored now. */
  readonly request: ResetRequest;
  /** Absent when the request named nobody it could act on (a requester refused, no user found). */
  readonly target?: RequestTarget;
  /** A name typed into the command that matched nobody: an entry of its own, without a user. */
  readonly unresolved?: UnresolvedName;
}

/** Filters of an entries listing (prefixes are case-insensitive; times are ISO, `until` exclusive). */
export interface EntryFilters {
  /** Prefix of the user's UPN. */
  readonly target?: string;
  /** Prefix of the requester's UPN. */
  readonly requester?: string;
  readonly since?: string;
  readonly until?: string;
}

/** How an entry stands, as a stable code (the CSV's "Outcome code", the SIEM event's `outcome`). */
export type OutcomeCode =
  | 'mailed'
  | 'mail-failed'
  | 'mail-unknown'
  | 'reset-failed'
  | 'reset-unknown'
  | 'refused'
  | 'open'
  | 'expired'
  | 'cancelled'
  | 'running';

/** How an entry stands now, and the code of its reason when refused or failed. */
export function outcomeOf(entry: AuditEntry, now: Date): { code: OutcomeCode; reasonCode?: string } {
  const { request, target } = entry;
  if (entry.unresolved) return { code: 'refused', reasonCode: entry.unresolved.code };
  const waiting = (): { code: OutcomeCode } =>
    request.state === 'cancelled'
      ? { code: 'cancelled' }
      : request.state === 'open'
        ? { code: isExpired(request, now) ? 'expired' : 'open' }
        : { code: 'running' };
  if (!target) {
    if (request.state === 'refused' || request.failureCode)
      return { code: 'refused', reasonCode: request.failureCode ?? 'INTERNAL' };
    return waiting();
  }
  const reason = target.failureCode ? { reasonCode: target.failureCode } : {};
  switch (target.state) {
    case 'refused':
      return { code: 'refused', reasonCode: target.failureCode ?? 'INTERNAL' };
    case 'mailed':
      return { code: 'mailed' };
    case 'mail-failed':
    case 'mail-unknown':
      return { code: target.state, ...reason };
    case 'reset-failed':
      return {
        code: passwordMayHaveChanged(target.failureCode) ? 'reset-unknown' : 'reset-failed',
        reasonCode: target.failureCode ?? 'INTERNAL',
      };
    case 'pending':
    case 'running':
      return waiting();
  }
}

/** One entry of a request: about one of its users, a name that matched nobody, or (neither) the request. */
export function entryOf(
  request: ResetRequest,
  about: { readonly target?: RequestTarget; readonly unresolved?: UnresolvedName } = {},
): AuditEntry {
  return {
    requestId: request.id,
    at: request.createdAt,
    request,
    ...(about.target ? { target: about.target } : {}),
    ...(about.unresolved ? { unresolved: about.unresolved } : {}),
  };
}

/** The entries of a request: its users in order, then each name that matched nobody. */
export function entriesOf(request: ResetRequest): AuditEntry[] {
  const unresolved = (request.unresolvedNames ?? []).map((name) => entryOf(request, { unresolved: name }));
  if (request.targets.length === 0) return unresolved.length > 0 ? unresolved : [entryOf(request)];
  return [...request.targets.map((target) => entryOf(request, { target })), ...unresolved];
}

/** True when an entry passes the filters. An entry without a user never matches a user filter. */
function entryMatches(entry: AuditEntry, filters: EntryFilters): boolean {
  const lower = (value: string | undefined): string => (value ?? '').trim().toLowerCase();
  if (filters.target) {
    if (!entry.target || !lower(entry.target.userPrincipalName).startsWith(lower(filters.target)))
      return false;
  }
  if (filters.requester && !lower(entry.request.requesterUpn).startsWith(lower(filters.requester)))
    return false;
  if (filters.since && entry.at < filters.since) return false;
  if (filters.until && entry.at >= filters.until) return false;
  return true;
}

/** Where a listing of entries stands: after a request (a storage position), with some of the next one's entries shown. */
export interface EntryCursor {
  /** The storage position after which the listing continues ('' for the start). */
  readonly after: string;
  /** Entries of the first request after `after` already shown. */
  readonly skip: number;
}

/** An opaque cursor for a card: base64url of the position. */
function encodeEntryCursor(cursor: EntryCursor): string {
  return Buffer.from(JSON.stringify([cursor.after, cursor.skip]), 'utf8').toString('base64url');
}

/**
 * The position a cursor names, or the start for anything malformed: a cursor comes back in card data and
 * is never trusted beyond being a position (what a page shows is filtered all the same).
 */
function decodeEntryCursor(cursor: string | undefined): EntryCursor {
  if (!cursor || cursor.length > 600 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return { after: '', skip: 0 };
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      value[0].length <= 300 &&
      Number.isInteger(value[1]) &&
      (value[1] as number) >= 0 &&
      (value[1] as number) <= 1000
    ) {
      return { after: value[0], skip: value[1] as number };
    }
  } catch {
    // Not JSON: the start.
  }
  return { after: '', skip: 0 };
}

/**
 * Fills one page of entries from requests read in storage order (newest first), for both AuditLog
 * implementations: `next(after)` gives the requests after a position; a page stops when it is full, when
 * storage has nothing more, or when `examineAtMost` requests were read (a reader who may see little still
 * gets an answer, with a cursor to go on).
 */
export async function fillEntryPage(
  query: EntryFilters & {
    readonly limit: number;
    readonly cursor?: string;
    readonly visible?: (entry: AuditEntry) => boolean;
  },
  next: (after: string) => Promise<{
    readonly requests: readonly { readonly position: string; readonly request: ResetRequest | null }[];
    readonly more: boolean;
  }>,
  examineAtMost: number,
): Promise<{ entries: AuditEntry[]; cursor?: string }> {
  const limit = Math.max(1, Math.min(Math.floor(query.limit), 100));
  const start = decodeEntryCursor(query.cursor);
  let after = start.after;
  let skip = start.skip;
  let examined = 0;
  const entries: AuditEntry[] = [];
  for (;;) {
    const batch = await next(after);
    for (const [index, { position, request }] of batch.requests.entries()) {
      examined += 1;
      const wanted = request
        ? entriesOf(request).filter(
            (entry) => entryMatches(entry, query) && (query.visible ? query.visible(entry) : true),
          )
        : [];
      const rest = wanted.slice(skip);
      const room = limit - entries.length;
      if (rest.length > room) {
        entries.push(...rest.slice(0, room));
        return { entries, cursor: encodeEntryCursor({ after, skip: skip + room }) };
      }
      entries.push(...rest);
      after = position;
      skip = 0;
      const moreAfterThis = batch.more || index < batch.requests.length - 1;
      if (entries.length === limit || examined >= examineAtMost) {
        return moreAfterThis ? { entries, cursor: encodeEntryCursor({ after, skip: 0 }) } : { entries };
      }
    }
    if (!batch.more || batch.requests.length === 0) return { entries };
  }
}
