/**
 * Entra's password rules for cloud users, checked before Graph is asked, and the generator of passwords
 * that always pass them. Dependency-free (node:crypto only) so the local tenant can share the checker.
 */
import { randomInt } from 'node:crypto';
import { AppError, ErrorCodes, type ErrorCode } from '../errors';

/** The codes `checkPassword` can answer with. */
export type PasswordProblem =
  | typeof ErrorCodes.PASSWORD_TOO_SHORT
  | typeof ErrorCodes.PASSWORD_TOO_LONG
  | typeof ErrorCodes.PASSWORD_CLASSES
  | typeof ErrorCodes.PASSWORD_CHARACTERS
  | typeof ErrorCodes.PASSWORD_BANNED
  | typeof ErrorCodes.PASSWORD_CONTAINS_NAME;

/** What a password is checked against besides its own shape. */
export interface PasswordContext {
  /** The user's display name, given name, surname and UPN local part. */
  readonly names: readonly string[];
  readonly tenantName?: string;
}

/** The verdict: fine, or the first rule that failed. */
export type PasswordCheck = { ok: true } | { ok: false; code: ErrorCode & PasswordProblem };

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Entra's allowed symbols; a space counts as a symbol too. */
export const PASSWORD_SYMBOLS = '@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ';

/**
 * A small built-in banned list, in the spirit of Entra's global list (which is not published). Shared with
 * the local tenant so it refuses exactly what the bot refuses. Compared after normalization.
 */
export const BANNED_PASSWORD_WORDS: readonly string[] = Object.freeze([
  'password',
  'passwort',
  'welcome',
  'contoso',
  'fabrikam',
  'qwerty',
  'qwertz',
  'azerty',
  'asdfgh',
  'letmein',
  'microsoft',
  'office365',
  'admin',
  'changeme',
  'iloveyou',
  'trustno1',
  'sunshine',
  'football',
  'baseball',
  'dragon',
  'monkey',
  'princess',
  'master',
  'secret',
  'summer',
  'winter',
  'spring',
  'autumn',
  'helpdesk',
  'abc123',
  '123456',
  '654321',
]);

/**
 * Entra's documented substitutions before the banned-word comparison: 0→o, 1→l, $→s, @→a. Others
 * (3→e, 5→s, 7→t) are not in Microsoft's documentation, so they are not applied here.
 */
const SUBSTITUTIONS: Readonly<Record<string, string>> = { '0': 'o', '1': 'l', $: 's', '@': 'a' };

/** Shortest name part that counts; Entra ignores shorter ones. */
const MIN_NAME_PART = 3;
/** Words in a tenant name that say nothing about the tenant. */
const TENANT_NAME_NOISE = new Set(['ltd', 'inc', 'llc', 'corp', 'gmbh', 'the', 'and', 'company', 'group']);

/** Lower case and undo the look-alike substitutions, as Entra does before comparing. */
export function normalizeForBannedCheck(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += SUBSTITUTIONS[ch] ?? ch;
  return out;
}

const NORMALIZED_BANNED = BANNED_PASSWORD_WORDS.map(normalizeForBannedCheck);

/** Checks a password against Entra's rules; the first failing rule is named. */
export function checkPassword(password: string, context: PasswordContext): PasswordCheck {
  if (typeof password !== 'string') return fail(ErrorCodes.PASSWORD_CHARACTERS);
  const chars = Array.from(password);
  if (chars.length < PASSWORD_MIN_LENGTH) return fail(ErrorCodes.PASSWORD_TOO_SHORT);
  if (chars.length > PASSWORD_MAX_LENGTH) return fail(ErrorCodes.PASSWORD_TOO_LONG);

  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (const ch of chars) {
    if (ch >= 'a' && ch <= 'z') lower = true;
    else if (ch >= 'A' && ch <= 'Z') upper = true;
    else if (ch >= '0' && ch <= '9') digit = true;
    else if (PASSWORD_SYMBOLS.includes(ch)) symbol = true;
    else return fail(ErrorCodes.PASSWORD_CHARACTERS);
  }
  if (Number(lower) + Number(upper) + Number(digit) + Number(symbol) < 3)
    return fail(ErrorCodes.PASSWORD_CLASSES);

  const normalized = normalizeForBannedCheck(password);
  const names = (context?.names ?? []).flatMap((name) => nameParts(name, false));
  if (names.some((part) => normalized.includes(part))) return fail(ErrorCodes.PASSWORD_CONTAINS_NAME);
  const tenant = context?.tenantName ? nameParts(context.tenantName, true) : [];
  if ([...NORMALIZED_BANNED, ...tenant].some((word) => normalized.includes(word))) {
    return fail(ErrorCodes.PASSWORD_BANNED);
  }
  return { ok: true };
}

/** The parts of a name that a password must not contain: each word of ≥ 3 characters, and the whole. */
function nameParts(name: string, isTenant: boolean): string[] {
  if (typeof name !== 'string') return [];
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const parts = new Set<string>();
  const whole = words.join('');
  if (words.length > 1) parts.add(whole);
  for (const word of words) {
    if (isTenant && TENANT_NAME_NOISE.has(word.toLowerCase())) continue;
    parts.add(word);
  }
  return [...parts].filter((part) => Array.from(part).length >= MIN_NAME_PART).map(normalizeForBannedCheck);
}

function fail(code: PasswordProblem): PasswordCheck {
  return { ok: false, code };
}

/** Look-alikes (0 O 1 l I) are left out so a password read aloud or retyped survives. */
export const GENERATOR_LOWER = 'abcdefghijkmnopqrstuvwxyz';
export const GENERATOR_UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const GENERATOR_DIGITS = '23456789';
/** Symbols that survive mail bodies, HTML and URLs without escaping surprises (no quotes, <, >, &, \). */
export const GENERATOR_SYMBOLS = '!#$%*+-=?@_';
const GENERATOR_ALL = GENERATOR_LOWER + GENERATOR_UPPER + GENERATOR_DIGITS + GENERATOR_SYMBOLS;

/** A random password of `length` characters with every class present; always passes `checkPassword`. */
export function generatePassword(length = 16): string {
  if (!Number.isInteger(length) || length < PASSWORD_MIN_LENGTH) {
    throw new AppError(
      ErrorCodes.PASSWORD_TOO_SHORT,
      `generated password length must be ≥ ${PASSWORD_MIN_LENGTH}`,
    );
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new AppError(
      ErrorCodes.PASSWORD_TOO_LONG,
      `generated password length must be ≤ ${PASSWORD_MAX_LENGTH}`,
    );
  }
  // Rejection sampling: a draw that happens to spell a banned word is simply drawn again.
  for (;;) {
    const chars = [
      pick(GENERATOR_LOWER),
      pick(GENERATOR_UPPER),
      pick(GENERATOR_DIGITS),
      pick(GENERATOR_SYMBOLS),
    ];
    while (chars.length < length) chars.push(pick(GENERATOR_ALL));
    shuffle(chars);
    const password = chars.join('');
    if (checkPassword(password, { names: [] }).ok) return password;
  }
}

/** randomInt is uniform (it rejects biased draws internally), unlike `byte % n`. */
function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)];
}

/** Fisher–Yates: every permutation equally likely, so the guaranteed classes sit anywhere. */
function shuffle(chars: string[]): void {
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
}
