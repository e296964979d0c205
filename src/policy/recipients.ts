/**
 * Who may receive the new password: a practical address check that refuses anything that could smuggle
 * a header (CR/LF, control characters, quotes, angle brackets), an optional domain allow-list, a limit,
 * and a flag on the target's own mailbox, which they cannot read once their password has changed.
 */
import type { DirectoryUser } from './profile';
import { ErrorCodes, type ErrorCode } from '../errors';

/** The rules one parse applies. */
export interface RecipientRules {
  /** At most this many distinct recipients (the admin center allows 5). */
  readonly max: number;
  /** Lower-case domains; an address matches its exact domain or any subdomain. Empty → any domain. */
  readonly allowedDomains: readonly string[];
  /** The target's UPN and mail: accepted, but flagged. */
  readonly targetMailboxes: readonly string[];
}

/** The outcome of parsing the recipients field. */
export type RecipientsResult =
  { ok: true; recipients: string[]; flagged: string[] } | { ok: false; code: ErrorCode; value?: string };

/** Longest address SMTP carries in a path (RFC 5321 §4.5.3.1.3 less the angle brackets). */
const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
/** Far beyond five real addresses; longer input is refused before any work is done on it. */
const MAX_RAW = 4096;
/** How much of an offending value is echoed back (sanitized) for the error message. */
const MAX_ECHO = 80;

/** Dot-atom characters of RFC 5322 minus the backtick; no quotes, no angle brackets, no spaces. */
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_{|}~-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const SEPARATORS = /[;,\s]+/;

/** Splits, checks and dedupes the recipients field. */
export function parseRecipients(raw: string, rules: RecipientRules): RecipientsResult {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, code: ErrorCodes.RECIPIENTS_NONE };
  if (raw.length > MAX_RAW) return { ok: false, code: ErrorCodes.RECIPIENTS_TOO_MANY };

  const seen = new Set<string>();
  const recipients: string[] = [];
  for (const token of raw.split(SEPARATORS)) {
    if (token === '') continue;
    const key = token.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    recipients.push(token);
  }
  if (recipients.length === 0) return { ok: false, code: ErrorCodes.RECIPIENTS_NONE };
  if (recipients.length > rules.max) return { ok: false, code: ErrorCodes.RECIPIENTS_TOO_MANY };

  const normalized: string[] = [];
  for (const token of recipients) {
    const address = normalizeAddress(token);
    if (!address) return { ok: false, code: ErrorCodes.RECIPIENT_INVALID, value: echo(token) };
    if (!domainAllowed(domainOf(address), rules.allowedDomains)) {
      return { ok: false, code: ErrorCodes.RECIPIENT_DOMAIN, value: echo(token) };
    }
    normalized.push(address);
  }
  const own = new Set(rules.targetMailboxes.filter((m) => typeof m === 'string').map((m) => m.toLowerCase()));
  return { ok: true, recipients: normalized, flagged: normalized.filter((a) => own.has(a.toLowerCase())) };
}

/** True for an address this product will send to. */
export function isValidAddress(address: string): boolean {
  return normalizeAddress(address) !== null;
}

/** The address with its domain in lower case, or null when it fails the practical check. */
export function normalizeAddress(address: string): string | null {
  if (typeof address !== 'string' || address.length === 0 || address.length > MAX_ADDRESS) return null;
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.indexOf('@') !== at) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (!validLocal(local) || !validDomain(domain)) return null;
  return `${local}@${domain}`;
}

function validLocal(local: string): boolean {
  if (local.length > MAX_LOCAL) return false;
  return local.split('.').every((atom) => LOCAL_ATOM.test(atom));
}

/** ASCII only: internationalized domains must arrive as punycode (xn--). */
function validDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > MAX_DOMAIN) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  return TLD.test(labels[labels.length - 1]);
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function domainAllowed(domain: string, allowed: readonly string[]): boolean {
  const list = allowed
    .map((d) =>
      d
        .trim()
        .toLowerCase()
        .replace(/^[@.]+/, ''),
    )
    .filter(Boolean);
  if (list.length === 0) return true;
  return list.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** A short, printable copy of a rejected value: control characters become '?', long values are cut. */
function echo(value: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return printable.length > MAX_ECHO ? `${printable.slice(0, MAX_ECHO)}…` : printable;
}

/** `alice@example.com` → `a•••@example.com`, for confirmations that should not spell an address out. */
export function maskAddress(address: string): string {
  const at = typeof address === 'string' ? address.lastIndexOf('@') : -1;
  if (at < 0) return '•••';
  const first = Array.from(address.slice(0, at))[0] ?? '';
  return `${first}•••@${address.slice(at + 1)}`;
}

/** Suggested recipients: the target's alternate addresses first, then the requester's own address. */
export function suggestRecipients(target: DirectoryUser, requester: DirectoryUser, max = 5): string[] {
  const candidates = [...(target.otherMails ?? []), requester.mail ?? requester.userPrincipalName];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const address = normalizeAddress(candidate.trim());
    if (!address || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push(address);
    if (out.length >= max) break;
  }
  return out;
}
