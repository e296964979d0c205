/**
 * Audit entries and steps in words: how an entry ended (reset and mailed / refused, and why / failed, and
 * what to do), who asked and when — for the card, the details and the CSV alike. Reasons are said in the
 * third person: the reader is often not the admin who asked.
 */
import type { AuditEntryView, AuditStepView, EntryTone } from '../cards';
import { entryReader } from '../policy/auditScope';
import type { SecurityProfile } from '../policy/profile';
import { errorText, formatDateTime, isMessageKey, t, type Locale } from '../i18n';
import { outcomeOf, type AuditEntry, type OutcomeCode } from './auditEntry';
import type { AuditRecord } from './model';
import type { EntryQuery } from './ports';

/** How an entry ended: its code, in words, and its colour. */
export interface EntryOutcome {
  readonly code: OutcomeCode;
  readonly text: string;
  readonly tone: EntryTone;
  readonly reasonCode?: string;
}

/** Why something was refused or failed, in words a third person can read. */
function reasonText(locale: Locale, code: string): string {
  const key = `audit.reason.${code}`;
  return isMessageKey(key) ? t(locale, key) : errorText(locale, code);
}

/** How an entry stands now, in words. */
export function entryOutcome(entry: AuditEntry, locale: Locale, now: Date): EntryOutcome {
  const { code, reasonCode } = outcomeOf(entry, now);
  const reason = reasonText(locale, reasonCode ?? 'INTERNAL');
  const words: Record<OutcomeCode, [EntryTone, string]> = {
    mailed: [
      'good',
      t(
        locale,
        entry.target?.steps?.revoke === 'done' ? 'audit.outcome.mailed.signedOut' : 'audit.outcome.mailed',
      ),
    ],
    'mail-failed': ['warning', t(locale, 'audit.outcome.mailFailed')],
    'mail-unknown': ['warning', t(locale, 'audit.outcome.mailUnknown')],
    'reset-failed': ['attention', t(locale, 'audit.outcome.resetFailed', { reason })],
    'reset-unknown': ['warning', t(locale, 'audit.outcome.resetUnknown')],
    refused: ['attention', t(locale, 'audit.outcome.refused', { reason })],
    open: ['default', t(locale, 'audit.outcome.open')],
    expired: ['default', t(locale, 'audit.outcome.expired')],
    cancelled: ['default', t(locale, 'audit.outcome.cancelled')],
    running: ['default', t(locale, 'audit.outcome.running')],
  };
  const [tone, text] = words[code];
  return { code, tone, text, ...(reasonCode ? { reasonCode } : {}) };
}

/** An entry as the card shows it. */
export function entryView(entry: AuditEntry, locale: Locale, now: Date): AuditEntryView {
  const outcome = entryOutcome(entry, locale, now);
  const { request, target } = entry;
  return {
    userName:
      target?.displayName ||
      (entry.unresolved
        ? t(locale, 'audit.entry.unresolved', { name: entry.unresolved.query })
        : t(locale, 'audit.entry.nobody')),
    ...(target ? { userUpn: target.userPrincipalName } : {}),
    outcome: outcome.text,
    tone: outcome.tone,
    asked: t(locale, 'audit.entry.asked', {
      at: formatDateTime(locale, entry.at),
      name: request.requesterName || request.requesterUpn,
      upn: request.requesterUpn || request.requesterId,
    }),
    requestId: request.id,
    details: {
      requestId: request.id,
      ...(target ? { targetId: target.userId } : {}),
      ...(entry.unresolved ? { name: (request.unresolvedNames ?? []).indexOf(entry.unresolved) } : {}),
    },
  };
}

/** The records of a request that belong to one entry: about its user, or about no user at all. */
export function recordsOfEntry(records: readonly AuditRecord[], targetId: string | undefined): AuditRecord[] {
  const id = (targetId ?? '').toLowerCase();
  return records.filter((record) => !record.targetId || record.targetId.toLowerCase() === id);
}

const FAILED_ACTIONS = new Set(['refused', 'reset-failed', 'revoke-failed', 'mail-failed', 'notice-failed']);
const DONE_ACTIONS = new Set(['reset', 'sessions-revoked', 'mail-accepted', 'notice-sent', 'link-viewed']);

/** One recorded step in words: its label, its time, its reason, recipients and Graph request ids. */
export function stepView(record: AuditRecord, locale: Locale): AuditStepView {
  const key = `audit.action.${record.action}`;
  const lines: string[] = [];
  if (record.reasonCode) lines.push(reasonText(locale, record.reasonCode));
  if (record.recipients?.length)
    lines.push(t(locale, 'audit.details.to', { recipients: record.recipients.join('; ') }));
  if (record.graphRequestIds?.length)
    lines.push(t(locale, 'audit.details.graph', { ids: record.graphRequestIds.join(', ') }));
  return {
    at: formatDateTime(locale, record.at),
    label: isMessageKey(key) ? t(locale, key) : record.action,
    tone: FAILED_ACTIONS.has(record.action)
      ? 'attention'
      : record.action === 'mail-unknown'
        ? 'warning'
        : DONE_ACTIONS.has(record.action)
          ? 'good'
          : 'default',
    lines,
  };
}

/** A listing as resolved: UPN prefixes and instants. */
export interface ResolvedListing {
  readonly user?: string;
  readonly by?: string;
  readonly since?: string;
  readonly until?: string;
}

/** The filters of a listing in words, one line each, times in UTC. */
export function filterLines(listing: ResolvedListing, locale: Locale): string[] {
  return [
    ...(listing.user ? [t(locale, 'audit.filter.user', { user: listing.user })] : []),
    ...(listing.by ? [t(locale, 'audit.filter.by', { by: listing.by })] : []),
    ...(listing.since
      ? [t(locale, 'audit.filter.since', { at: formatDateTime(locale, listing.since) })]
      : []),
    ...(listing.until
      ? [t(locale, 'audit.filter.until', { at: formatDateTime(locale, listing.until) })]
      : []),
  ];
}

/** What the reader may see of an entry: decided on their fresh roles and the user's stored reach. */
export function readableBy(reader: SecurityProfile): (entry: AuditEntry) => boolean {
  const mayRead = entryReader(reader);
  return (entry) => mayRead(entry.target?.reach);
}

/** A page of the listing's entries that the reader may see, for the card and the export alike. */
export function entryQueryOf(
  listing: ResolvedListing,
  reader: SecurityProfile,
  page: { readonly limit: number; readonly cursor?: string | undefined },
): EntryQuery {
  return {
    ...(listing.user ? { target: listing.user } : {}),
    ...(listing.by ? { requester: listing.by } : {}),
    ...(listing.since ? { since: listing.since } : {}),
    ...(listing.until ? { until: listing.until } : {}),
    limit: page.limit,
    ...(page.cursor ? { cursor: page.cursor } : {}),
    visible: readableBy(reader),
  };
}
