/**
 * Turns what an admin typed into a command. Pure and linear-time: no regular expression here can
 * backtrack over the whole input, so a 100 KB message costs milliseconds. English and Japanese phrasing
 * are both understood; `locale` says which one matched, so the reply can follow the admin's language.
 */
import type { Locale } from '../i18n';

/**
 * A parsed chat command. `targets` are raw names/UPNs/mails as typed (quotes and honorifics removed).
 * `password-in-command`: the admin typed what looks like a password into a reset command; nothing of the
 * message may be used (not even its names: the password could be among them).
 */
export type Command =
  | { kind: 'help'; locale: Locale | null }
  | { kind: 'reset'; targets: string[]; locale: Locale | null }
  | { kind: 'password-in-command'; locale: Locale }
  | { kind: 'audit'; user?: string; locale: Locale | null }
  | { kind: 'form'; locale: Locale | null }
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
  if (containsTypedPassword(trimmed)) {
    return { kind: 'password-in-command', locale: guessLocale(trimmed) ?? 'en' };
  }
  return (
    parseEnglish(trimmed, lower) ??
    parseJapanese(trimmed) ?? { kind: 'unknown', locale: guessLocale(trimmed) }
  );
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
    const user = cleanTarget(
      rest.replace(/^(?:log|trail|logs)\b ?/i, '').replace(/^(?:for|of) /i, ''),
      false,
    );
    return user ? { kind: 'audit', user, locale: 'en' } : { kind: 'audit', locale: 'en' };
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

  const audit = parseJapaneseAudit(text);
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

function parseJapaneseAudit(text: string): Command | null {
  if (text.startsWith('監査')) {
    let rest = text
      .slice(2)
      .replace(/^(?:ログ|記録|履歴)/, '')
      .trim();
    if (isPoliteTail(rest)) return { kind: 'audit', locale: 'ja' };
    rest = stripJapaneseCourtesy(rest.replace(/^[:：] ?/, ''));
    const user = cleanTarget(rest, false);
    return user ? { kind: 'audit', user, locale: 'ja' } : { kind: 'audit', locale: 'ja' };
  }
  const at = text.lastIndexOf('の監査');
  if (at > 0) {
    const tail = text.slice(at + 3).replace(/^(?:ログ|記録|履歴)/, '');
    if (isPoliteTail(tail)) {
      const user = cleanTarget(text.slice(0, at), false);
      return user ? { kind: 'audit', user, locale: 'ja' } : { kind: 'audit', locale: 'ja' };
    }
  }
  return null;
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
 */
function looksLikePassword(raw: string): boolean {
  let start = 0;
  while (start < raw.length && QUOTES_AND_PUNCTUATION.includes(raw[start])) start += 1;
  const word = trimEnd(raw.slice(start), QUOTES_AND_PUNCTUATION);
  if (word.length < 8 || isAddress(word) || GUID.test(word)) return false;
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
