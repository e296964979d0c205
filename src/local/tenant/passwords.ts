/**
 * Entra ID's password rules for cloud users, as the local tenant enforces them on PATCH passwordProfile,
 * and the salted scrypt hash it keeps instead of the password.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Why a password was refused (for tests and logs; Graph itself answers one generic message). */
export type PasswordProblem = 'length' | 'classes' | 'characters' | 'banned';

// Entra's allowed symbols: @ # $ % ^ & * - _ ! + = [ ] { } | \ : ' , . ? / ` ~ " ( ) ; < > and space.
const SYMBOLS = new Set(Array.from('@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> '));

/** A short global banned list in the spirit of Entra's; the tenant adds its own. */
export const GLOBAL_BANNED = [
  'password',
  'passw0rd',
  'welcome',
  'letmein',
  'qwerty',
  'abc123',
  'iloveyou',
  'admin',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'summer',
  'winter',
  'spring',
  'autumn',
  'secret',
  'changeme',
  'microsoft',
  'office365',
  'azure',
];

/** What the banned-word check is given about the user and tenant. */
export interface PasswordContext {
  readonly tenantName: string;
  readonly userNames: readonly string[];
  readonly customBanned: readonly string[];
}

/** Checks a password against Entra's rules; returns the first problem or null when acceptable. */
export function checkPassword(password: string, context: PasswordContext): PasswordProblem | null {
  const chars = Array.from(password);
  if (chars.length < 8 || chars.length > 256) return 'length';
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (const c of chars) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else if (SYMBOLS.has(c)) symbol = true;
    else return 'characters';
  }
  if ([lower, upper, digit, symbol].filter(Boolean).length < 3) return 'classes';
  if (bannedScore(password, context) < 5) return 'banned';
  return null;
}

/** Entra's normalization before the banned-word check: lower case and common substitutions. */
export function normalizeForBannedCheck(password: string): string {
  return password.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l').replace(/\$/g, 's').replace(/@/g, 'a');
}

/**
 * Entra's scoring: after normalization each banned term found counts one point and every other
 * character one point; fewer than five points is refused. A password within one edit of a banned
 * term is refused outright (fuzzy matching). Names and the tenant name match as substrings when they
 * are at least four characters long.
 */
export function bannedScore(password: string, context: PasswordContext): number {
  const normalized = normalizeForBannedCheck(password);
  const listed = [...GLOBAL_BANNED, ...context.customBanned]
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 4);
  for (const word of listed) if (editDistanceAtMostOne(normalized, word)) return 0;
  const names = [context.tenantName, ...context.userNames]
    .flatMap((n) => n.toLowerCase().split(/[\s.'_-]+/))
    .filter((n) => n.length >= 4);
  const terms = [...new Set([...listed, ...names])].sort((a, b) => b.length - a.length);
  // Split on each term (longest first); every removed occurrence is one point, leftovers one per char.
  let pieces = [normalized];
  let points = 0;
  for (const term of terms) {
    pieces = pieces.flatMap((piece) => {
      const parts = piece.split(term);
      points += parts.length - 1;
      return parts;
    });
  }
  return points + pieces.reduce((sum, piece) => sum + Array.from(piece).length, 0);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** A salted scrypt hash; the only form in which the tenant keeps a password. */
export interface PasswordHash {
  readonly salt: string;
  readonly hash: string;
}

// A lower cost than production would pick: this is a loopback stand-in that hashes on every reset.
const SCRYPT_OPTIONS = { N: 4096, r: 8, p: 1 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, SCRYPT_OPTIONS, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt);
  return { salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** Compares a password with a stored hash in constant time. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const key = await derive(password, Buffer.from(stored.salt, 'base64'));
  const expected = Buffer.from(stored.hash, 'base64');
  return key.length === expected.length && timingSafeEqual(key, expected);
}
