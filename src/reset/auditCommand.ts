/**
 * The audit commands, in English and Japanese: who the entries are about, who asked, when, and whether to
 * mail them as a CSV file. Filters combine in any order. Pure and linear-time like the rest of the parser
 * (src/reset/commands.ts): words are read once, and no regular expression here can backtrack.
 *
 *   audit                          監査
 *   audit alice                    alice の監査 / 監査 alice
 *   audit by adele                 adele による監査 / 監査 申請者:adele
 *   audit today / yesterday        今日の監査 / 昨日の監査
 *   audit last 7 days / 24 hours   過去7日間の監査 / 過去24時間の監査
 *   audit 2026-11-20 / since …     2026-11-20 の監査 / 2026-11-01 以降の監査
 *   audit export [filters]         監査をエクスポート / alice の今日の監査をエクスポート
 */

/** A period of time, resolved to instants in the admin's time zone when the command runs. */
export type AuditPeriod =
  | { readonly kind: 'today' }
  | { readonly kind: 'yesterday' }
  /** The last `count` × 24 hours. */
  | { readonly kind: 'days'; readonly count: number }
  | { readonly kind: 'hours'; readonly count: number }
  /** That calendar day (YYYY-MM-DD). */
  | { readonly kind: 'date'; readonly date: string }
  /** From the start of that day on. */
  | { readonly kind: 'since'; readonly date: string };

/** The filters of an audit command. */
export interface AuditFilters {
  /** Whom the entries are about: a name, UPN or its beginning. */
  readonly user?: string;
  /** Who asked: a name, UPN or its beginning. */
  readonly by?: string;
  readonly period?: AuditPeriod;
  /** Mail the entries as a CSV file instead of showing them. */
  readonly export?: true;
}

/** The most days and hours a period may span (a longer one is cut to it). */
const MAX_PERIOD_DAYS = 366;
const MAX_PERIOD_HOURS = 24 * 31;

/** A date as typed ("2026-11-20", "2026/11/20", "2026年11月20日"), or null. */
function isoDate(year: string, month: string, day: string): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null; // 2026-02-30
  return date.toISOString().slice(0, 10);
}

function clamp(count: number, max: number): number {
  return Math.max(1, Math.min(count, max));
}

// ---------------------------------------------------------------------------------------------------
// English

const LEADING_NOISE = new Set(['log', 'logs', 'trail', 'entries']);
const EXPORT_WORDS = new Set(['export', 'csv']);
const DAY_UNITS = new Set(['day', 'days', 'd']);
const HOUR_UNITS = new Set(['hour', 'hours', 'h', 'hrs']);
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const COMPACT = /^(\d{1,4})(d|h)$/;

/**
 * The filters after "audit" (`rest`, as typed), or null when they make no sense as filters. Words are
 * matched case-insensitively; names keep their case.
 */
export function parseEnglishAuditFilters(rest: string): AuditFilters {
  const words = rest.split(' ').filter((word) => word !== '');
  const key = (i: number): string => (words[i] ?? '').toLowerCase().replace(/[.,;:!?]+$/, '');
  let i = 0;
  if (LEADING_NOISE.has(key(i))) i += 1;
  let exported = false;
  if (EXPORT_WORDS.has(key(i))) {
    exported = true;
    i += 1;
    if (key(i) === 'as' && key(i + 1) === 'csv') i += 2;
    else if (key(i) === 'csv') i += 1;
  }
  const userWords: string[] = [];
  let byWords: string[] | null = null;
  let period: AuditPeriod | undefined;
  let into: 'user' | 'by' = 'user';
  while (i < words.length) {
    const found = period ? null : periodAt(i, key);
    if (found) {
      period = found.period;
      i = found.next;
      into = 'user';
      continue;
    }
    const word = key(i);
    if (word === 'by' && byWords === null) {
      byWords = [];
      into = 'by';
      i += 1;
      continue;
    }
    if ((word === 'for' || word === 'of' || word === 'about') && into === 'user' && userWords.length === 0) {
      i += 1;
      continue;
    }
    (into === 'by' ? byWords! : userWords).push(words[i]!);
    i += 1;
  }
  const user = cleanName(userWords.join(' '));
  const by = cleanName((byWords ?? []).join(' '));
  return {
    ...(user ? { user } : {}),
    ...(by ? { by } : {}),
    ...(period ? { period } : {}),
    ...(exported ? { export: true as const } : {}),
  };
}

/** A period that starts at word `i`, and the word after it. */
function periodAt(i: number, key: (i: number) => string): { period: AuditPeriod; next: number } | null {
  const word = key(i);
  if (word === 'today') return { period: { kind: 'today' }, next: i + 1 };
  if (word === 'yesterday') return { period: { kind: 'yesterday' }, next: i + 1 };
  const date = DATE.exec(word);
  if (date) {
    const iso = isoDate(date[1]!, date[2]!, date[3]!);
    if (iso) return { period: { kind: 'date', date: iso }, next: i + 1 };
  }
  if ((word === 'on' || word === 'since' || word === 'from') && DATE.test(key(i + 1))) {
    const [, y, m, d] = DATE.exec(key(i + 1))!;
    const iso = isoDate(y!, m!, d!);
    if (iso) return { period: { kind: word === 'on' ? 'date' : 'since', date: iso }, next: i + 2 };
  }
  if (word === 'last' || word === 'past') {
    if (key(i + 1) === 'week') return { period: { kind: 'days', count: 7 }, next: i + 2 };
    if (key(i + 1) === 'day' || key(i + 1) === '24h')
      return { period: { kind: 'hours', count: 24 }, next: i + 2 };
    if (key(i + 1) === 'hour') return { period: { kind: 'hours', count: 1 }, next: i + 2 };
    const compact = COMPACT.exec(key(i + 1));
    if (compact) return { period: counted(Number(compact[1]), compact[2] === 'd'), next: i + 2 };
    if (/^\d{1,4}$/.test(key(i + 1))) {
      const unit = key(i + 2);
      if (DAY_UNITS.has(unit) || HOUR_UNITS.has(unit))
        return { period: counted(Number(key(i + 1)), DAY_UNITS.has(unit)), next: i + 3 };
    }
  }
  return null;
}

function counted(count: number, days: boolean): AuditPeriod {
  return days
    ? { kind: 'days', count: clamp(count, MAX_PERIOD_DAYS) }
    : { kind: 'hours', count: clamp(count, MAX_PERIOD_HOURS) };
}

// ---------------------------------------------------------------------------------------------------
// Japanese

const JA_EXPORT = /^ ?[をの]? ?(?:CSV ?[でにを]? ?)?(?:エクスポート|書き出し|ダウンロード|出力)/i;
const JA_TODAY = /今日|本日/;
const JA_YESTERDAY = /昨日/;
/** "過去7日間", "直近 7 日", "7日間" (a bare "7日" is a day of the month, not a span). */
const JA_DAYS = /(?:過去|直近|最近|ここ) ?(\d{1,4}) ?日(?:間)?|(\d{1,4}) ?日間/;
const JA_HOURS = /(?:過去|直近|最近|ここ)? ?(\d{1,4}) ?時間/;
/** What may follow a period phrase: it is a word of its own ("今日子" is a name, not "today"). */
const JA_AFTER_PHRASE = ' のを、';
const JA_DATE = /(\d{4}) ?[-/年] ?(\d{1,2}) ?[-/月] ?(\d{1,2}) ?日?( ?(?:以降|から))?/;
const JA_REQUESTER_MARK = /(?:申請者|依頼者|実行者) ?[:：は]? ?/;

/**
 * "…の監査…" with its filters, or null when the text is not an audit command: "監査" must start the text
 * or follow what reads as its filters ("alice の", "今日の", "adele による").
 */
export function parseJapaneseAudit(
  text: string,
  isPoliteTail: (text: string) => boolean,
  stripCourtesy: (text: string) => string,
): AuditFilters | null {
  const at = text.indexOf('監査');
  if (at < 0) return null;
  const before = text.slice(0, at).trimEnd();
  if (before !== '' && !before.endsWith('の') && !before.endsWith('による')) return null;
  let after = text.slice(at + 2).replace(/^(?:ログ|記録|履歴)/, '');
  let exported = false;
  const exportWord = JA_EXPORT.exec(after);
  if (exportWord) {
    exported = true;
    after = after.slice(exportWord[0].length);
  }
  if (isPoliteTail(after)) after = '';
  else after = stripCourtesy(after.replace(/^ ?[:：] ?/, ''));
  const filters = japaneseFilters(`${before} ${after}`);
  return { ...filters, ...(exported ? { export: true as const } : {}) };
}

/** The user, requester and period in the text around "監査". */
function japaneseFilters(raw: string): AuditFilters {
  let text = ` ${raw} `;
  let period: AuditPeriod | undefined;
  const take = (match: RegExpExecArray): void => {
    // The phrase goes, with a "の" right after it ("今日の alice の").
    const end = match.index + match[0].length;
    const next = text.slice(end).replace(/^ ?の/, '');
    text = `${text.slice(0, match.index)} ${next}`;
  };
  const phrase = (pattern: RegExp): RegExpExecArray | null => {
    const match = pattern.exec(text);
    const next = match ? text[match.index + match[0].length] : undefined;
    return match && (next === undefined || JA_AFTER_PHRASE.includes(next)) ? match : null;
  };
  const date = phrase(JA_DATE);
  const hours = phrase(JA_HOURS);
  const days = phrase(JA_DAYS);
  const today = phrase(JA_TODAY);
  const yesterday = phrase(JA_YESTERDAY);
  if (date && isoDate(date[1]!, date[2]!, date[3]!)) {
    period = { kind: date[4] ? 'since' : 'date', date: isoDate(date[1]!, date[2]!, date[3]!)! };
    take(date);
  } else if (hours) {
    period = counted(Number(hours[1]), false);
    take(hours);
  } else if (days) {
    period = counted(Number(days[1] ?? days[2]), true);
    take(days);
  } else if (today) {
    period = { kind: 'today' };
    take(today);
  } else if (yesterday) {
    period = { kind: 'yesterday' };
    take(yesterday);
  }

  let by: string | undefined;
  const byAt = text.indexOf('による');
  if (byAt >= 0) {
    const start = Math.max(text.lastIndexOf('の', byAt), text.lastIndexOf('、', byAt)) + 1;
    by = cleanName(text.slice(start, byAt));
    text = `${text.slice(0, start)} ${text.slice(byAt + 3).replace(/^ ?の/, '')}`;
  } else {
    const mark = JA_REQUESTER_MARK.exec(text);
    if (mark) {
      const from = mark.index + mark[0].length;
      const ends = [text.indexOf('の', from), text.indexOf('、', from)].filter((i) => i >= 0);
      const end = ends.length > 0 ? Math.min(...ends) : text.length;
      by = cleanName(text.slice(from, end));
      text = `${text.slice(0, mark.index)} ${text.slice(end).replace(/^の/, '')}`;
    }
  }
  const user = cleanName(text.trim().replace(/ ?[のを]$/, ''));
  return {
    ...(user ? { user } : {}),
    ...(by ? { by } : {}),
    ...(period ? { period } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------

/**
 * A name as typed, spaces folded; '' when nothing is left. Quotes, punctuation and honorifics are taken
 * off once, by the command parser's cleanTarget (src/reset/commands.ts, cleanFilters).
 */
function cleanName(raw: string): string {
  return raw.replace(/ {2,}/g, ' ').trim();
}
