/**
 * The audit export as CSV (RFC 4180): one row per entry, UTF-8 with a byte-order mark so Excel opens
 * Japanese names correctly, CRLF line ends, headers and outcomes in the reader's language next to stable
 * codes. A cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
 * return — a display name can) is prefixed with an apostrophe.
 */
import { t, type Locale, type MessageKey } from '../i18n';
import type { AuditEntry } from './auditEntry';
import { entryOutcome } from './auditViews';

const COLUMNS: readonly MessageKey[] = [
  'audit.csv.when',
  'audit.csv.requester',
  'audit.csv.requesterUpn',
  'audit.csv.user',
  'audit.csv.userUpn',
  'audit.csv.outcome',
  'audit.csv.outcomeCode',
  'audit.csv.reasonCode',
  'audit.csv.recipients',
  'audit.csv.signedOut',
  'audit.csv.mustChange',
  'audit.csv.completed',
  'audit.csv.requestId',
];

/** The byte-order mark Excel needs to read UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** The CSV text of `entries` (newest first, as listed). */
export function auditCsv(entries: readonly AuditEntry[], locale: Locale, now: Date): string {
  const lines = [COLUMNS.map((column) => cell(t(locale, column)))];
  for (const entry of entries) {
    const { request, target } = entry;
    const outcome = entryOutcome(entry, locale, now);
    const yesNo = (value: boolean | undefined): string =>
      value === undefined ? '' : t(locale, value ? 'common.yes' : 'common.no');
    const acted = target && (target.steps?.reset === 'done' || target.state === 'mailed');
    lines.push(
      [
        entry.at,
        request.requesterName,
        request.requesterUpn,
        // A name that matched nobody: the name as typed, under the user's name.
        target?.displayName ?? entry.unresolved?.query ?? '',
        target?.userPrincipalName ?? '',
        outcome.text,
        outcome.code,
        outcome.reasonCode ?? '',
        (target?.recipients ?? []).join('; '),
        acted ? yesNo(target.steps?.revoke === 'done') : '',
        acted ? yesNo(request.options?.forceChange ?? true) : '',
        target?.completedAt ?? '',
        request.id,
      ].map(cell),
    );
  }
  return `${UTF8_BOM}${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}

/** One cell: formula-safe, quoted when it holds a comma, a quote or a line break. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
