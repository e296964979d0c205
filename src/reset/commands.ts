/**
 * Turns what an admin typed into a command. Pure and linear-time: no regular expression here can
 * backtrack over the whole input, so a 100 KB message costs milliseconds. English and Japanese phrasing
 * are both understood; `locale` says which one matched, so the reply can follow the admin's language.
 */
import type { Locale } from '../i18n';
import { parseEnglishAuditFilters, parseJapaneseAudit, type AuditFilters } from './auditCommand';

/**
 * A parsed chat command. `targets` are raw names/UPNs/mails as typed (quotes and honorifics removed).
 * `password-in-command`: the admin typed what looks like a password into a reset command; nothing of the
 * message may be used (not even its names: the password could be among them).
 */
export type Command =
  | { kind: 'help'; locale: Locale | null }
  | { kind: 'reset'; targets: string[]; locale: Locale | null }
  /** A Temporary Access Pass for each target ("temporary access pass for alice", "alice の TAP"). */
  | { kind: 'tap'; targets: string[]; locale: Locale | null }
  | { kind: 'password-in-command'; locale: Locale }
  /** The audit trail, filtered (src/reset/auditCommand.ts); `export` mails it as a CSV file. */
  | ({ kind: 'audit'; locale: Locale | null } & AuditFilters)
  | { kind: 'form'; locale: Locale | null }
  /** Close to a command but not one: `command` is the exact command to suggest ("Did you mean …?"). */
  | { kind: 'suggestion'; command: string; locale: Locale }
  | { kind: 'unknown'; locale: Locale | null };

/** Optional context for parsing. */
export interface ParseOptions {
  /** The bot's display name(s): a mention of the bot is dropped wherever it is; other mentions keep their text. */
  readonly botNames?: readonly string[];
}

/** The largest number of targets one reset may name; the use case enforces it, the parser returns all. */
export const MAX_TARGETS = 20;

/** Parses a chat message (Teams text, possibly with mention markup and HTML entities) into a command. */
export function parseCommand(text: string, options: ParseOptions = {}): Command {
  const normalized = normalizeCommandText(text, options);
  const trimmed = stripTrailingPunctuation(stripPoliteness(stripTrailingPunctuation(normalized)));
  const lower = asciiLower(trimmed);

  if (lower === '') return { kind: 'unknown', locale: null };
  if (/^\?{1,3}$/.test(lower)) return { kind: 'help', locale: null };
  // Before anything else: neither a command nor a suggestion may repeat a message that holds a password.
  if (containsTypedPassword(trimmed)) {
    return { kind: 'password-in-command', locale: guessLocale(trimmed) ?? 'en' };
  }
  const exact = parseEnglish(trimmed, lower) ?? parseJapanese(trimmed) ?? parseTapCommand(trimmed, lower);
  if (exact && !spansSentences(exact)) return exact;
  // A message with a word that looks like a password gets no suggestion: the card would show it again.
  const suggestion = trimmed.split(/[ 、。]/).some(couldBePassword)
    ? null
    : (suggestTap(trimmed) ?? suggestJapaneseTap(trimmed) ?? suggestionFor(trimmed));
  return suggestion ?? exact ?? { kind: 'unknown', locale: guessLocale(trimmed) };
}

// ---------------------------------------------------------------------------------------------------
// Normalization

/**
 * Removes Teams markup and invisible characters: mentions of the bot at either end go entirely, other
 * mentions keep their text; HTML tags go; entities are decoded once; zero-width and control characters go;
 * every kind of space becomes one ASCII space; full-width ASCII becomes ASCII. Japanese letters are left
 * exactly as typed (no NFKC), so a name still matches the directory.
 */
export function normalizeCommandText(raw: string, options: ParseOptions = {}): string {
  let text = stripMentions(String(raw ?? ''), options.botNames);
  text = text.replace(/<\/?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,2000})?\/?>/g, ' ');
  text = decodeEntities(text);
  text = text.replace(/[\t\n\r\v\f\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g, ' ');
  text = text.replace(INVISIBLE, '');
  text = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  text = text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return text.replace(/ {2,}/g, ' ').trim();
}

// Control, zero-width, bidi and soft-hyphen characters: invisible in Teams, but they would break matching.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g;

const MENTION = /<at\b[^<>]{0,200}>([^<]{0,300})<\/at>/gi;

/**
 * Drops the bot's mention and keeps the text of other mentions (an admin may @mention the target).
 * Without `botNames`, mentions before any other text are taken to be the bot's (Teams puts it first).
 */
function stripMentions(text: string, botNames?: readonly string[]): string {
  const names = new Set((botNames ?? []).map((name) => name.trim().toLowerCase()));
  let result = '';
  let last = 0;
  let leading = true;
  for (const match of text.matchAll(MENTION)) {
    const index = match.index ?? 0;
    const before = text.slice(last, index);
    if (before.trim() !== '') leading = false;
    result += before;
    const inner = (match[1] ?? '').trim();
    const isBot = botNames ? names.has(inner.toLowerCase()) : leading;
    if (!isBot) leading = false;
    result += isBot ? ' ' : ` ${inner} `;
    last = index + match[0].length;
  }
  return last === 0 ? text : result + text.slice(last);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  zwsp: '',
  zwj: '',
  zwnj: '',
  lrm: '',
  rlm: '',
  shy: '',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201C',
  rdquo: '\u201D',
  hellip: '…',
  ndash: '–',
  mdash: '—',
};

/** Decodes HTML entities once (so `&amp;lt;` stays `&lt;`); unknown or invalid ones are kept as typed. */
function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return '';
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[body.toLowerCase()];
    return named ?? whole;
  });
}

/** Lower-cases ASCII only, so indexes into the lowered text stay valid for the original. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

const LEADING_POLITENESS =
  /^(?:(?:please|pls|plz|kindly|hey|hi|hello) ?,? |(?:can|could|would|will) you (?:please )?)/i;
const TRAILING_POLITENESS = / ?,? ?(?:please|pls|plz|thanks|thank you|thx)$/i;

function stripPoliteness(text: string): string {
  let result = text;
  for (let i = 0; i < 3; i += 1) {
    const next = result.replace(LEADING_POLITENESS, '').replace(TRAILING_POLITENESS, '').trim();
    if (next === result) break;
    result = next;
  }
  return result;
}

function stripTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && '.!?。．！？ '.includes(text[end - 1])) end -= 1;
  // Keep a lone "?" (a help request) intact.
  return end === 0 ? text : text.slice(0, end);
}

function guessLocale(text: string): Locale | null {
  return /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]/.test(text) ? 'ja' : null;
}

// ---------------------------------------------------------------------------------------------------
// English

const EN_HELP = new Set([
  'help',
  '/help',
  'help me',
  'commands',
  'usage',
  'what can you do',
  'how does this work',
]);
const EN_FORM = new Set([
  'form',
  '/form',
  'search form',
  'show form',
  'show the form',
  'post form',
  'post the form',
]);
const EN_RESET_PREFIX =
  /^\/?(?:reset (?:the |a |my )?(?:passwords?|pwd|pw)(?: (?:for|of))?(?: (?:users?|the users?))?|password reset(?: (?:for|of))?)(?= |$)/;
const EN_POSSESSIVE_SUFFIX = /(?:'s|\u2019s|'|\u2019) (?:passwords?|pwd|pw)$/;

function parseEnglish(text: string, lower: string): Command | null {
  if (EN_HELP.has(lower)) return { kind: 'help', locale: 'en' };
  if (EN_FORM.has(lower)) return { kind: 'form', locale: 'en' };

  if (lower === 'audit' || lower === '/audit' || lower.startsWith('audit ') || lower.startsWith('/audit ')) {
    const rest = text.slice(lower.indexOf('audit') + 5).trim();
    return { kind: 'audit', ...cleanFilters(parseEnglishAuditFilters(rest)), locale: 'en' };
  }

  const prefix = EN_RESET_PREFIX.exec(lower);
  if (prefix) {
    const targets = splitTargets(text.slice(prefix[0].length), false);
    return targets.length > 0 ? { kind: 'reset', targets, locale: 'en' } : { kind: 'help', locale: 'en' };
  }

  if (lower.startsWith('reset ') || lower.startsWith('/reset ')) {
    const suffix = EN_POSSESSIVE_SUFFIX.exec(lower);
    if (suffix) {
      const start = lower.indexOf('reset ') + 6;
      // Put the possessive back on the last name, so every listed name drops its own "'s" the same way.
      const body = `${text.slice(start, suffix.index)}'s`;
      const targets = splitTargets(body, true);
      return targets.length > 0 ? { kind: 'reset', targets, locale: 'en' } : { kind: 'help', locale: 'en' };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Japanese

const JA_HELP_WORDS = ['ヘルプ', '使い方', '使いかた', 'つかいかた', 'へるぷ', 'コマンド'];
const JA_FORM_WORDS = ['フォーム', '検索フォーム'];
const JA_RESET_VERBS = ['リセット', '再設定', '初期化'];
/** Endings that add nothing: "して", "してください", "をお願いします", "を表示" … */
const JA_POLITE_TAIL =
  /^(?:[をの] ?)?(?:表示|確認|見せ|教え|出し|投稿)?(?:して|て|する|します|したい|しろ)?(?:ください|下さい|くれ|ほしい|欲しい|もらえますか|もらえる|いただけますか|頂けますか|をお願いします|お願いします|お願い|ね|よ)?$/;

function isPoliteTail(text: string): boolean {
  return JA_POLITE_TAIL.test(text.replace(/[ 。!?、]/g, ''));
}

function parseJapanese(text: string): Command | null {
  for (const word of JA_HELP_WORDS) {
    if (text.startsWith(word) && isPoliteTail(text.slice(word.length))) return { kind: 'help', locale: 'ja' };
  }
  for (const word of JA_FORM_WORDS) {
    if (text.startsWith(word) && isPoliteTail(text.slice(word.length))) return { kind: 'form', locale: 'ja' };
  }

  const audit = parseJapaneseAuditCommand(text);
  if (audit) return audit;

  const at = text.lastIndexOf('パスワード');
  if (at < 0) return null;
  const before = text.slice(0, at).trim();
  let after = text.slice(at + 'パスワード'.length).trim();
  after = after.replace(/^[をの] ?/, '');
  const verb = JA_RESET_VERBS.find((candidate) => after.startsWith(candidate));
  if (!verb) return null;
  after = after.slice(verb.length).trim();

  let body: string;
  if (before !== '') {
    // "alice のパスワードをリセット…": the targets come before "の".
    body = before.replace(/ ?の$/, '');
  } else {
    // "パスワードリセット alice": the targets follow; drop "して", a colon and trailing courtesy.
    body = after.replace(/^(?:して|する|を)? ?[:：]? ?/, '');
    body = stripJapaneseCourtesy(body);
  }
  // "パスワードをリセットする方法は?" asks how, not whom.
  if (/方法|やり方|どうやって|どうすれば|どうやったら/.test(body)) return { kind: 'help', locale: 'ja' };
  const targets = splitTargets(body, false);
  return targets.length > 0 ? { kind: 'reset', targets, locale: 'ja' } : { kind: 'help', locale: 'ja' };
}

function parseJapaneseAuditCommand(text: string): Command | null {
  const filters = parseJapaneseAudit(text, isPoliteTail, stripJapaneseCourtesy);
  return filters ? { kind: 'audit', ...cleanFilters(filters), locale: 'ja' } : null;
}

/** Audit filters with the names cleaned as reset targets are (quotes, "mailto:", honorifics). */
function cleanFilters(filters: AuditFilters): AuditFilters {
  const user = filters.user ? cleanTarget(filters.user, false) : '';
  const by = filters.by ? cleanTarget(filters.by, false) : '';
  const { user: _user, by: _by, ...rest } = filters;
  return { ...(user ? { user } : {}), ...(by ? { by } : {}), ...rest };
}

const JA_COURTESY_SUFFIXES = [
  'をお願いします',
  'お願いします',
  'お願い',
  'してください',
  'して下さい',
  'ください',
  'して',
];

function stripJapaneseCourtesy(text: string): string {
  let result = text.trim();
  for (let i = 0; i < 3; i += 1) {
    const suffix = JA_COURTESY_SUFFIXES.find((s) => result.endsWith(s));
    if (!suffix) break;
    result = result.slice(0, -suffix.length).trim();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// A password typed into a command

const EN_VERB = /^\/?(?:reset|set|change|update)(?= )/;
const PASSWORD_WORDS = new Set(['password', 'passwords', 'pw', 'pwd', 'passwd']);
/** Words that introduce a password after a name: "for alice to …", "for alice with …". */
const TAIL_WORDS = new Set(['to', 'with']);
/** What may follow "password" in a command without being a password: "password for alice". */
const NOT_A_PASSWORD_AFTER = new Set(['for', 'of', 'reset', 'resets']);
const JA_RESET_VERBS_ANY = ['リセット', '再設定', '初期化', '変更', '設定'];
/** "… を X に変更": the endings that set a password to X. */
const JA_SET_TO = ['に変更', 'へ変更', 'に設定', 'にリセット', 'に再設定', 'にして', 'にする'];

/**
 * True when a reset command seems to carry a password: after "to", "with", "password", "pw" … in English,
 * "パスワードは …", "パスワード: …", "パスワードを … に変更" in Japanese, or any word shaped like one
 * (long, mixed, with a symbol names and addresses do not use). Deliberately eager: a false alarm costs the
 * admin one retyped command, a miss puts a password into Graph queries and the chat. Linear time.
 */
export function containsTypedPassword(text: string): boolean {
  const lower = asciiLower(text);
  const ja = text.includes('パスワード') && JA_RESET_VERBS_ANY.some((verb) => text.includes(verb));
  // asciiLower keeps every index, so the body's offset is the same in `text` and `lower`.
  const bodyAt = englishResetBodyAt(lower);
  if (bodyAt < 0 && !ja) return false;
  if (bodyAt >= 0 && englishTail(lower.slice(bodyAt), true)) return true;
  // A Japanese command with "pw …" in it; "to"/"with" stay names there ("Anh To のパスワード…").
  if (ja && (japaneseTail(text) || englishTail(lower, false))) return true;
  return text.slice(Math.max(bodyAt, 0)).split(' ').some(looksLikePassword);
}

/**
 * The same for a bare name typed in a search box (`reset.search`): it has no verb, so every word of it is
 * looked at as the names of a command would be.
 */
export function queryContainsTypedPassword(query: string): boolean {
  const text = normalizeCommandText(query);
  return (
    englishTail(asciiLower(text), true) ||
    (text.includes('パスワード') && japaneseTail(text)) ||
    text.split(' ').some(looksLikePassword)
  );
}

/** Where the part of an English reset-like command after its verb ("reset password for", "change", …) starts, or -1. */
function englishResetBodyAt(lower: string): number {
  const prefix = EN_RESET_PREFIX.exec(lower);
  if (prefix) return prefix[0].length;
  const verb = EN_VERB.exec(lower);
  return verb ? verb[0].length : -1;
}

/**
 * A password word followed by a value, or (with `tails`) "to"/"with" between a name and a value, in any
 * listed piece.
 */
function englishTail(body: string, tails: boolean): boolean {
  for (const piece of body.split(/[,;、，]| and /)) {
    const words = piece.split(' ').filter((w) => w !== '');
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i];
      const bare = trimEnd(word, ':=.!?');
      // "password=Secret", "pw:Secret"
      const joined = /^([a-z]+)[:=](.)/.exec(word);
      if (joined && PASSWORD_WORDS.has(joined[1])) return true;
      const next = words[i + 1];
      if (next === undefined) continue;
      if (PASSWORD_WORDS.has(bare) && !NOT_A_PASSWORD_AFTER.has(trimEnd(next, ':=.!?'))) return true;
      if (tails && TAIL_WORDS.has(bare) && i > 0) return true;
    }
  }
  return false;
}

/** `word` without the characters of `chars` at its end. */
function trimEnd(word: string, chars: string): string {
  let end = word.length;
  while (end > 0 && chars.includes(word[end - 1])) end -= 1;
  return word.slice(0, end);
}

const JA_SPACE = ' \u3000';

/**
 * "パスワードは X", "パスワード: X", "パスワードを X に変更" (X not a verb), anywhere in the text. Index
 * arithmetic only: the next "に変更"-like ending is precomputed for every position, so the text is read a
 * fixed number of times however often "パスワード" repeats.
 */
function japaneseTail(text: string): boolean {
  const word = 'パスワード';
  const nextEnding = new Int32Array(text.length + 1).fill(-1);
  for (let i = text.length - 1; i >= 0; i -= 1) {
    nextEnding[i] = JA_SET_TO.some((ending) => text.startsWith(ending, i)) ? i : nextEnding[i + 1];
  }
  const skip = (from: number, chars: string): number => {
    let i = from;
    while (i < text.length && chars.includes(text[i])) i += 1;
    return i;
  };
  const startsWithVerb = (at: number): boolean =>
    JA_RESET_VERBS_ANY.some((verb) => text.startsWith(verb, at));
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    let i = skip(at + word.length, JA_SPACE);
    if (':：=＝'.includes(text[i] ?? '\n') && skip(i + 1, JA_SPACE) < text.length) return true;
    if (text[i] === 'は') {
      const value = skip(i + 1, `${JA_SPACE}:：、,`);
      if (value < text.length && !startsWithVerb(value)) return true;
    }
    if (text[i] === 'を') i = skip(i + 1, JA_SPACE);
    // A value of at most 256 characters (Entra's longest password) before the ending.
    const end = nextEnding[i];
    if (end > i && end - i <= 256 && !startsWithVerb(i)) return true;
  }
  return false;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUOTES_AND_PUNCTUATION = '"\'「」『』“”,;:.!?。、';

/** name@domain.tld, checked without a regular expression that could backtrack. */
function isAddress(word: string): boolean {
  const at = word.indexOf('@');
  if (at <= 0 || word.indexOf('@', at + 1) >= 0) return false;
  const dot = word.lastIndexOf('.');
  return dot > at + 1 && dot < word.length - 1;
}

/**
 * A word shaped like a password rather than a name, UPN, mail or object id: 8 characters or more, a
 * symbol names do not use (anything but . - _ ' and quotes), and two of lower case, upper case, digits.
 * An address is judged by its local part (a password typed without a space before an address is still
 * one), without the `#EXT#` of a guest's UPN.
 */
function looksLikePassword(raw: string): boolean {
  let start = 0;
  while (start < raw.length && QUOTES_AND_PUNCTUATION.includes(raw[start])) start += 1;
  const trimmed = trimEnd(raw.slice(start), QUOTES_AND_PUNCTUATION);
  const word = isAddress(trimmed) ? withoutGuestMark(trimmed.slice(0, trimmed.indexOf('@'))) : trimmed;
  if (word.length < 8 || GUID.test(word)) return false;
  let symbol = false;
  let lowerCase = false;
  let upperCase = false;
  let digit = false;
  for (const c of word) {
    if (c >= 'a' && c <= 'z') lowerCase = true;
    else if (c >= 'A' && c <= 'Z') upperCase = true;
    else if (c >= '0' && c <= '9') digit = true;
    else if (c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f && !'.-_\'"'.includes(c)) symbol = true;
  }
  return symbol && Number(lowerCase) + Number(upperCase) + Number(digit) >= 2;
}

/** A local part without the `#EXT#` Entra puts into a guest's UPN (any case). */
function withoutGuestMark(local: string): string {
  const at = asciiLower(local).lastIndexOf('#ext#');
  return at < 0 ? local : local.slice(0, at) + local.slice(at + 5);
}

// ---------------------------------------------------------------------------------------------------
// Target lists

const QUOTE_PAIRS: Readonly<Record<string, string>> = {
  '"': '"',
  '\u201C': '\u201D',
  '\u201D': '\u201D',
  '\u300C': '\u300D',
  '\u300E': '\u300F',
  '\u00AB': '\u00BB',
};
const SEPARATORS = new Set([',', ';', '、', '，', '､']);
const HONORIFICS = ['さん', '様', 'さま', '氏', '殿', 'くん', 'ちゃん'];

const isKatakana = (c: string | undefined): boolean => c !== undefined && c >= '\u30A0' && c <= '\u30FF';
const CLOSING_QUOTES = new Set(Object.values(QUOTE_PAIRS));
const isAsciiWordish = (c: string | undefined): boolean =>
  c !== undefined && c.length === 1 && c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f;

/**
 * Splits "alice, bob and carol" / "alice、bob と carol" into names. Quotes keep a name with spaces,
 * commas or "and" together. "・" splits only outside katakana (ジョン・スミス is one name); "と" splits
 * only where it cannot be part of a name (after a space, a Latin letter, an honorific or a quote).
 */
export function splitTargets(text: string, possessive: boolean): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  let start = 0;
  let closing: string | null = null;
  const current = (end: number): string => chars.slice(start, end).join('');
  const isBlank = (end: number): boolean => {
    for (let k = start; k < end; k += 1) if (chars[k] !== ' ') return false;
    return true;
  };

  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i];
    if (closing !== null) {
      if (c === closing) closing = null;
      continue;
    }
    let skip = -1;
    if (QUOTE_PAIRS[c] !== undefined && isBlank(i)) {
      closing = QUOTE_PAIRS[c];
    } else if (SEPARATORS.has(c)) {
      skip = 0;
    } else if (c === '・' && !(isKatakana(chars[i - 1]) && isKatakana(chars[i + 1]))) {
      skip = 0;
    } else if (c === '&' && chars[i - 1] === ' ' && chars[i + 1] === ' ') {
      skip = 0;
    } else if (c === ' ' && isAndWord(chars, i + 1)) {
      skip = 3;
    } else if (c === 'と' && i + 1 < chars.length && splitsAtTo(chars, start, i)) {
      skip = 0;
    }
    if (skip >= 0) {
      pieces.push(current(i));
      i += skip;
      start = i + 1;
    }
  }
  pieces.push(current(chars.length));

  const seen = new Set<string>();
  const targets: string[] = [];
  for (const piece of pieces) {
    const target = cleanTarget(piece, possessive);
    const key = target.toLowerCase();
    if (target && !seen.has(key)) {
      seen.add(key);
      targets.push(target);
    }
  }
  return targets;
}

/** True when "and" (any case) starts at `at` and is followed by a space or the end. */
function isAndWord(chars: readonly string[], at: number): boolean {
  return (
    (chars[at] === 'a' || chars[at] === 'A') &&
    (chars[at + 1] === 'n' || chars[at + 1] === 'N') &&
    (chars[at + 2] === 'd' || chars[at + 2] === 'D') &&
    (chars[at + 3] === ' ' || chars[at + 3] === undefined)
  );
}

/** "と" separates when it follows a space, ASCII, a closing quote or an honorific (田中さんと佐藤さん). */
function splitsAtTo(chars: readonly string[], start: number, at: number): boolean {
  const previous = chars[at - 1];
  if (previous === undefined || at === start) return false;
  if (previous === ' ' || isAsciiWordish(previous) || CLOSING_QUOTES.has(previous)) return true;
  let end = at;
  while (end > start && chars[end - 1] === ' ') end -= 1;
  return HONORIFICS.some((h) => {
    const from = end - h.length;
    return from > start && chars.slice(from, end).join('') === h;
  });
}

/** Trims a piece, removes wrapping quotes, a "mailto:", a possessive "'s" and a Japanese honorific. */
function cleanTarget(piece: string, possessive: boolean): string {
  let target = piece.trim();
  const open = target[0];
  const close = open !== undefined ? QUOTE_PAIRS[open] : undefined;
  if (close !== undefined && target.length >= 2 && target.endsWith(close)) {
    return target.slice(1, -1).replace(/ {2,}/g, ' ').trim();
  }
  target = target.replace(/["\u201C\u201D\u300C\u300D\u300E\u300F\u00AB\u00BB]/g, '').trim();
  target = target.replace(/^mailto:/i, '');
  target = trimPunctuation(target);
  if (possessive) target = target.replace(/(?:'s|\u2019s|'|\u2019)$/, '').trim();
  for (const honorific of HONORIFICS) {
    if (target.endsWith(honorific) && target.length > honorific.length) {
      target = target.slice(0, -honorific.length).trim();
      break;
    }
  }
  return target.replace(/ {2,}/g, ' ');
}

function trimPunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && ':：.,。!?'.includes(text[start])) start += 1;
  while (end > start && ':：,。!?'.includes(text[end - 1])) end -= 1;
  return text.slice(start, end).trim();
}

// ---------------------------------------------------------------------------------------------------
// Near misses: "Did you mean …?"
//
// A message that is no command but is close to one ("pw reset bob", "rest password for bob", a pasted
// ticket that says "please reset password for bob", "bob のパスワドをリセト") gets the exact command as a
// suggestion, in the language it was written in. The same rule as above holds: linear time. Words are
// compared only with a few short words (an edit distance over at most a dozen characters), each phrase
// looks at a bounded window of what follows or precedes it, and only the first few phrases are tried.

/** At most this many phrases are tried, each within a bounded window. */
const SUGGEST_MAX_TRIES = 8;
/** Names after (or before) a phrase: at most this many words and characters. */
const SUGGEST_MAX_NAME_WORDS = 12;
const SUGGEST_MAX_NAME_CHARS = 300;

/** True when a parsed reset swallowed a sentence break into a name ("bob. He is locked out"). */
function spansSentences(command: Command): boolean {
  return (
    (command.kind === 'reset' || command.kind === 'tap') &&
    command.targets.some((target) => hasSentenceBreak(target))
  );
}

function hasSentenceBreak(text: string): boolean {
  if (/[。！？]/.test(text)) return true;
  // "bob. He", "bob! Please": a word of two letters or more (not Mr., Dr., …) ends a sentence.
  const words = text.split(' ');
  for (let i = 0; i < words.length - 1; i += 1) if (endsSentence(words[i])) return true;
  return false;
}

/** The exact reset command a near miss probably meant, or null (the caller has ruled out passwords). */
function suggestionFor(text: string): Command | null {
  const english = suggestEnglish(text);
  if (english) return { kind: 'suggestion', command: english, locale: 'en' };
  const japanese = suggestJapanese(text);
  if (japanese) return { kind: 'suggestion', command: japanese, locale: 'ja' };
  return null;
}

/**
 * A word no name looks like: a digit and a letter together with a symbol or with both cases, at least 6
 * characters, not an address ("Winter2024!", "Xy7#kLm2pq"; never "O'Brien" or "Anne-Marie"). Looser than
 * looksLikePassword, which refuses a whole command: this only decides that a suggestion may not repeat it.
 */
function couldBePassword(word: string): boolean {
  if (word.length < 6 || word.includes('@')) return false;
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (const c of word) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else if (!".,'’-".includes(c) && c.charCodeAt(0) < 0x80) symbol = true;
  }
  return digit && (lower || upper) && (symbol || (lower && upper));
}

// --- English

interface Word {
  readonly text: string;
  /** Lower-case ASCII, without surrounding punctuation. */
  readonly key: string;
}

const RESET_SYNONYMS = new Set(['change', 'chnage', 'chagne', 'renew']);
const PASSWORD_ABBREVIATIONS = new Set([
  'pw',
  'pwd',
  'pws',
  'pwds',
  'pass',
  'passwd',
  'pword',
  'pswd',
  'passw',
]);
const FILLERS = new Set([
  'the',
  'a',
  'my',
  'his',
  'her',
  'their',
  'this',
  'user',
  'users',
  "user's",
  'account',
]);
const CONNECTORS = new Set(['for', 'of', 'to', 'on']);
/** Words that end a list of names, whatever their case (they are never names). */
const NAME_STOPS = new Set([
  ...['please', 'pls', 'plz', 'thanks', 'thank', 'thx', 'ty', 'asap', 'urgently', 'urgent', 'cheers'],
  ...['regards', 'hi', 'hello', 'hey', 'he', 'she', 'they', 'we', 'i', "i'm", "he's", "she's", 'it', "it's"],
  ...['is', 'was', 'are', 'were', 'has', 'have', 'had', 'who', 'which', 'that', 'this', 'because', 'since'],
  ...['as', 'so', 'but', 'if', 'when', 'after', 'before', 'until', 'via', 'with', 'from', 'by', 'in', 'at'],
  ...['to', 'on', 'the', 'a', 'an', 'or', 'again', 'too', 'also', 'now', 'today', 'tomorrow', 'soon'],
  ...['cannot', "can't", "couldn't", "won't", "doesn't", "isn't", "didn't", '-', '–', '—'],
]);
/** Words that end a list of names only when written in lower case ("Will" may be a name). */
const LOWERCASE_NAME_STOPS = new Set([
  'will',
  'may',
  'can',
  'could',
  'would',
  'should',
  'must',
  'need',
  'needs',
]);
/** What "reset X" may be about other than a password: no suggestion then. */
const NOT_A_PASSWORD = new Set([
  ...['mfa', '2fa', 'authenticator', 'phone', 'sms', 'sessions', 'session', 'pin', 'token', 'tokens'],
  ...['license', 'licenses', 'device', 'devices', 'router', 'account', 'accounts', 'everything', 'all'],
  ...['tap', 'taps'],
]);
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'prof']);
const COMMAND_WORDS = ['help', 'audit', 'form'] as const;

function suggestEnglish(text: string): string | null {
  const words: Word[] = [];
  for (const part of text.split(' ')) if (part) words.push({ text: part, key: wordKey(part) });
  if (words.length === 0) return null;

  // "hlep", "fomr", "audti bob": a command word mistyped at the start.
  const first = words[0].key;
  for (const command of COMMAND_WORDS) {
    if (first === command || first.length < 4 || !withinEdits(first, command, 1)) continue;
    if (command !== 'audit' && words.length > 1) continue;
    const rest = words.slice(1, 1 + SUGGEST_MAX_NAME_WORDS).map((w) => w.text);
    return [command, ...rest].join(' ');
  }

  let tries = 0;
  for (let i = 0; i < words.length && tries < SUGGEST_MAX_TRIES; i += 1) {
    const phraseEnd = resetPhraseAt(words, i);
    if (phraseEnd < 0) continue;
    tries += 1;
    const targets = namesAfter(words, phraseEnd, true);
    if (targets.length > 0) return englishCommand(targets);
  }

  // "reset bob": the verb alone, then a name, and nothing that says it is about something else.
  if (isResetWord(first) && words.length >= 2 && words.length <= 6 && !NOT_A_PASSWORD.has(words[1].key)) {
    const targets = namesAfter(words, 1, false);
    if (targets.length > 0) return englishCommand(targets);
  }
  return null;
}

/**
 * Where the names start when a reset phrase begins at `i` ("reset password", "rest the pw", "pw reset",
 * "password-reset", each with an optional "for"/"of"), else -1.
 */
function resetPhraseAt(words: readonly Word[], i: number): number {
  const key = words[i].key;
  let end = -1;
  const hyphenated = key.split(/[-_]/);
  if (hyphenated.length === 2 && isPhrasePair(hyphenated[0], hyphenated[1])) end = i + 1;
  else if (isResetWord(key) && isPasswordWord(words[i + 1]?.key)) end = i + 2;
  else if (isResetWord(key) && FILLERS.has(words[i + 1]?.key ?? '') && isPasswordWord(words[i + 2]?.key))
    end = i + 3;
  else if (isPasswordWord(key) && isResetWord(words[i + 1]?.key)) end = i + 2;
  if (end < 0) return -1;
  if (CONNECTORS.has(words[end]?.key ?? '')) end += 1;
  return end;
}

function isPhrasePair(a: string, b: string): boolean {
  return (isResetWord(a) && isPasswordWord(b)) || (isPasswordWord(a) && isResetWord(b));
}

function isResetWord(key: string | undefined): boolean {
  if (!key || key.length > 12) return false;
  if (key === 'reset' || key === 'resets' || RESET_SYNONYMS.has(key)) return true;
  return key.length >= 4 && withinEdits(key, 'reset', 1);
}

function isPasswordWord(key: string | undefined): boolean {
  if (!key || key.length > 12) return false;
  if (PASSWORD_ABBREVIATIONS.has(key)) return true;
  return key.length >= 6 && (withinEdits(key, 'password', 2) || withinEdits(key, 'passwords', 1));
}

/**
 * The names that start at word `from`: up to a word that is never a name ("please", "he", "asap"), the
 * end of a sentence or the window's end. Fillers before the first name ("the user bob") are skipped.
 */
function namesAfter(words: readonly Word[], from: number, skipFillers: boolean): string[] {
  let start = from;
  while (skipFillers && start < words.length && FILLERS.has(words[start].key)) start += 1;
  const taken: string[] = [];
  let chars = 0;
  for (let i = start; i < words.length && taken.length < SUGGEST_MAX_NAME_WORDS; i += 1) {
    const word = words[i];
    if (NAME_STOPS.has(word.key)) break;
    if (LOWERCASE_NAME_STOPS.has(word.text)) break;
    chars += word.text.length + 1;
    if (chars > SUGGEST_MAX_NAME_CHARS) return [];
    taken.push(word.text);
    if (endsSentence(word.text) || /[;:!?。！？]$/.test(word.text)) break;
  }
  let body = taken.join(' ');
  while (body.endsWith('.')) body = body.slice(0, -1);
  return splitTargets(body, false).filter((name) => !name.includes('"'));
}

/** A word that ends a sentence with a full stop: two letters or more, not an abbreviation ("J.", "Dr."). */
function endsSentence(word: string): boolean {
  if (!word.endsWith('.') && !word.endsWith('!') && !word.endsWith('?')) return false;
  if (!word.endsWith('.')) return true;
  const core = wordKey(word);
  return core.length >= 2 && !ABBREVIATIONS.has(core);
}

/** Lower-case ASCII without surrounding punctuation; an apostrophe inside stays ("o'brien"). */
function wordKey(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && `"'(«“「`.includes(word[start])) start += 1;
  while (end > start && `.,;:!?)"»”」`.includes(word[end - 1])) end -= 1;
  return asciiLower(word.slice(start, end));
}

/** "reset password for a" (or `phrase` a), "… for a and b", "… for a, b and c"; names with separators are quoted. */
function englishCommand(targets: readonly string[], phrase = 'reset password for'): string {
  const names = targets.map((name) => (/[,;、，､&]| and /i.test(name) ? `"${name}"` : name));
  const list =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${phrase} ${list}`;
}

/**
 * True when `a` becomes `b` with at most `max` insertions, deletions, substitutions or swaps of
 * neighbours (optimal string alignment). Both words are short (callers cap them), so this is O(1).
 */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i].push(best);
    }
  }
  return rows[a.length][b.length] <= max;
}

// --- Japanese

/** "パスワード" as it is mistyped or shortened; longest first, so the longest spelling wins. */
const JA_PASSWORD_WORDS = [
  'パスワード',
  'パスワ-ド',
  'パスワ－ド',
  'ぱすわーど',
  'パスワート',
  'パスワド',
  'パスワー',
  'パスード',
  'password',
  'PASSWORD',
  'Password',
  'パス',
  'PW',
  'pw',
  'Pw',
];
/** Verbs that ask for a new password, with their common typos. */
const JA_RESET_WORDS = [
  'リセット',
  'りせっと',
  'リセト',
  'リッセト',
  'リセッ',
  '再設定',
  '初期化',
  '再発行',
  '変更',
];
const JA_SENTENCE_ENDS = '。！？!?';

function suggestJapanese(text: string): string | null {
  let tries = 0;
  for (let i = 0; i < text.length && tries < SUGGEST_MAX_TRIES; i += 1) {
    const word = JA_PASSWORD_WORDS.find((candidate) => text.startsWith(candidate, i));
    if (!word) continue;
    // An ASCII "pw" counts only outside an ASCII word ("upward" is no password).
    if (/^[A-Za-z]/.test(word) && (isAsciiLetter(text[i - 1]) || isAsciiLetter(text[i + word.length])))
      continue;
    let at = i + word.length;
    while (at < text.length && at - (i + word.length) < 2 && ' をの'.includes(text[at])) at += 1;
    const verb = JA_RESET_WORDS.find((candidate) => text.startsWith(candidate, at));
    if (!verb) continue;
    tries += 1;
    const before = sentenceBefore(text, i);
    const names = before.trim() !== '' ? namesBefore(before) : namesAfterVerb(text, at + verb.length);
    if (names.length > 0) return japaneseCommand(names);
  }
  return null;
}

function isAsciiLetter(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z]$/.test(c);
}

/** The text of the same sentence before `index`, at most the name window. */
function sentenceBefore(text: string, index: number): string {
  let start = index;
  while (start > 0 && index - start < SUGGEST_MAX_NAME_CHARS && !JA_SENTENCE_ENDS.includes(text[start - 1]))
    start -= 1;
  return text.slice(start, index);
}

/** "alice、bob さんの" → the names; "の" and honorifics go. */
function namesBefore(before: string): string[] {
  const body = before.trim().replace(/ ?[をの]$/, '');
  return splitTargets(body, false);
}

/** "パスワード再発行 bob" → the names after the verb, to the end of the sentence, courtesy dropped. */
function namesAfterVerb(text: string, from: number): string[] {
  let end = from;
  while (end < text.length && end - from < SUGGEST_MAX_NAME_CHARS && !JA_SENTENCE_ENDS.includes(text[end]))
    end += 1;
  let body = text.slice(from, end).replace(/^(?:して|する|を)? ?[:：]? ?/, '');
  body = stripJapaneseCourtesy(body);
  if (isPoliteTail(body)) return [];
  return splitTargets(body, false);
}

/**
 * "alice、bob のパスワードをリセット" (or, with `phrase`, "alice、bob の一時アクセス パス"); a name that could
 * split is quoted 「…」.
 */
function japaneseCommand(targets: readonly string[], phrase = 'パスワードをリセット'): string {
  const names = targets.map((name) => (/[、,，;・と&]/.test(name) ? `「${name}」` : name));
  return `${names.join('、')} の${phrase}`;
}

// ---------------------------------------------------------------------------------------------------
// Temporary Access Pass: "temporary access pass for alice", "tap for alice, bob", "alice の一時アクセス パス",
// "alice の TAP". The same rules as resets: linear time, the same name lists, nothing of a message that
// seems to hold a password is used or repeated.

/** "temporary access pass(es)" or "tap(s)", after an optional verb, before an optional "for". */
const EN_TAP_PREFIX =
  /^\/?(?:(?:create|issue|new|get|give|make|generate|send)(?: (?:an?|the))?(?: new)? )?(?:temporary access pass(?:es)?|taps?)(?: (?:for|to|of))?(?= |$)/;
/** "一時アクセス パス" (with or without the space, or a middle dot) and "TAP", as a Japanese message names them. */
const JA_TAP_WORDS = ['一時アクセス パス', '一時アクセスパス', '一時アクセス・パス', 'TAP', 'tap', 'Tap'];
/** "を作成", "発行して", …: what may follow the phrase. */
const JA_TAP_VERBS = ['作成', '発行', '生成', '作って', '出して'];

function parseTapCommand(text: string, lower: string): Command | null {
  const prefix = EN_TAP_PREFIX.exec(lower);
  if (prefix) {
    const targets = splitTargets(text.slice(prefix[0].length), false);
    if (targets.length === 0) return { kind: 'help', locale: 'en' };
    return typedPasswordAmong(targets) ? passwordInCommand(text) : { kind: 'tap', targets, locale: 'en' };
  }
  return parseJapaneseTap(text);
}

function parseJapaneseTap(text: string): Command | null {
  for (const word of JA_TAP_WORDS) {
    const at = text.lastIndexOf(word);
    if (at < 0) continue;
    const ascii = /^[A-Za-z]/.test(word);
    // An ASCII "TAP" counts only as a word of its own ("TAPE", "Stap" are no pass).
    if (ascii && (isAsciiLetter(text[at + word.length]) || isAsciiLetter(text[at - 1]))) continue;
    const before = text.slice(0, at).trim();
    let after = text.slice(at + word.length).trim();
    after = after.replace(/^を ?/, '');
    const verb = JA_TAP_VERBS.find((candidate) => after.startsWith(candidate));
    if (verb) after = after.slice(verb.length).trim();
    let body: string;
    if (before.endsWith('の')) {
      // "alice の一時アクセス パスを作成…": the names come before "の", and nothing but courtesy after.
      if (!isPoliteTail(after)) return null;
      body = before.replace(/ ?の$/, '');
    } else if (before === '' && !ascii && /^(?:とは|って)/.test(after)) {
      // "一時アクセス パスとは何ですか": a question about passes, not a name.
      return { kind: 'help', locale: 'ja' };
    } else if (before === '' && !ascii) {
      // "一時アクセス パス: alice": the names follow.
      body = stripJapaneseCourtesy(after.replace(/^(?:して|する|を)? ?[:：]? ?/, ''));
    } else {
      return null;
    }
    const targets = splitTargets(body, false);
    if (targets.length === 0) return { kind: 'help', locale: 'ja' };
    return typedPasswordAmong(targets) ? passwordInCommand(text) : { kind: 'tap', targets, locale: 'ja' };
  }
  return null;
}

/** A pass command never carries a password; a word shaped like one makes the whole message unusable. */
function typedPasswordAmong(targets: readonly string[]): boolean {
  return targets.some((target) => target.split(' ').some(looksLikePassword));
}

function passwordInCommand(text: string): Command {
  return { kind: 'password-in-command', locale: guessLocale(text) ?? 'en' };
}

/**
 * A near miss of an English pass command ("temporary acess pass for bob", "temp access pass bob", "please
 * make bob a tap" is not one): the phrase with a typo or shortened, then names. Bounded like the other
 * suggestions: a few phrases, a window of words.
 */
function suggestTap(text: string): Command | null {
  const words: Word[] = [];
  for (const part of text.split(' ')) if (part) words.push({ text: part, key: wordKey(part) });
  let tries = 0;
  for (let i = 0; i < words.length && tries < SUGGEST_MAX_TRIES; i += 1) {
    let end = tapPhraseAt(words, i);
    if (end < 0) continue;
    tries += 1;
    if (CONNECTORS.has(words[end]?.key ?? '')) end += 1;
    const targets = namesAfter(words, end, true);
    if (targets.length === 0) continue;
    return {
      kind: 'suggestion',
      command: englishCommand(targets, 'temporary access pass for'),
      locale: 'en',
    };
  }
  return null;
}

/**
 * The Japanese pass phrase as people mistype or shorten it ("一次アクセス パス" is a common conversion slip,
 * "一時パス", katakana), and the exact phrase in a sentence the parser does not take ("bob に TAP を発行して").
 */
const JA_TAP_NEAR_WORDS = [
  ...JA_TAP_WORDS,
  '一次アクセス パス',
  '一次アクセスパス',
  '一時的なアクセス パス',
  '一時的なアクセスパス',
  'テンポラリー アクセス パス',
  'テンポラリーアクセスパス',
  'テンポラリ アクセス パス',
  'テンポラリアクセスパス',
  '一時パス',
];

/**
 * A near miss of a Japanese pass command: names before "の" or "に" and nothing but a verb and courtesy
 * after the phrase, or the phrase first with a verb or a colon and the names after it. Bounded like the
 * other suggestions: a few phrases, a window of characters.
 */
function suggestJapaneseTap(text: string): Command | null {
  if (!/[\u3040-\u30ff\u4e00-\u9fff]/.test(text)) return null;
  let tries = 0;
  for (let i = 0; i < text.length && tries < SUGGEST_MAX_TRIES; i += 1) {
    const word = JA_TAP_NEAR_WORDS.find((candidate) => text.startsWith(candidate, i));
    if (!word) continue;
    if (/^[A-Za-z]/.test(word) && (isAsciiLetter(text[i - 1]) || isAsciiLetter(text[i + word.length])))
      continue;
    tries += 1;
    let at = i + word.length;
    while (at < text.length && at - (i + word.length) < 2 && ' を'.includes(text[at])) at += 1;
    const verb = JA_TAP_VERBS.find((candidate) => text.startsWith(candidate, at));
    const rest = text.slice(verb ? at + verb.length : at);
    const before = sentenceBefore(text, i).trim();
    let names: string[] = [];
    if (/[のに]$/.test(before) && isPoliteTail(rest)) {
      names = splitTargets(before.replace(/ ?[のに]$/, ''), false);
    } else if (before === '' && (verb || /^ ?[:：]/.test(rest))) {
      names = namesAfterVerb(text, verb ? at + verb.length : at);
    }
    if (names.length > 0)
      return { kind: 'suggestion', command: japaneseCommand(names, '一時アクセス パス'), locale: 'ja' };
  }
  return null;
}

/** Where the names start when "temporary access pass", mistyped, begins at `i`; else -1. */
function tapPhraseAt(words: readonly Word[], i: number): number {
  const [first, second, third] = [words[i]?.key, words[i + 1]?.key, words[i + 2]?.key];
  const temporary = (key: string | undefined): boolean =>
    key !== undefined &&
    key.length <= 12 &&
    (key === 'temp' || key === 'tmp' || (key.length >= 6 && withinEdits(key, 'temporary', 2)));
  const access = (key: string | undefined): boolean =>
    key !== undefined && key.length <= 8 && key.length >= 4 && withinEdits(key, 'access', 1);
  const pass = (key: string | undefined): boolean =>
    key !== undefined &&
    key.length <= 8 &&
    (key === 'pass' || key === 'passes' || withinEdits(key, 'pass', 1));
  if (temporary(first) && access(second) && pass(third)) return i + 3;
  return -1;
}
