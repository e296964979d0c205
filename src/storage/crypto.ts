/**
 * Encryption of one-time secrets: AES-256-GCM, a fresh random 96-bit IV per message, keys newest first
 * (the newest encrypts; every key decrypts), and link tokens that storage only ever sees hashed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError, ErrorCodes } from '../errors';

/** A ciphertext and everything needed to open it, except the key. */
export interface SealedSecret {
  /** First 8 hex digits of sha256(key): names the key without revealing it. */
  readonly keyId: string;
  /** base64 of the 12-byte IV. */
  readonly iv: string;
  /** base64 ciphertext. */
  readonly ciphertext: string;
  /** base64 of the 16-byte GCM tag. */
  readonly tag: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The id stored next to a ciphertext to find its key. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Throws unless there is at least one key and every key is 32 bytes. */
export function assertKeys(keys: readonly Buffer[]): void {
  if (keys.length === 0 || keys.some((key) => key.length !== 32)) {
    throw new AppError(ErrorCodes.INTERNAL, 'secret encryption needs one or more 32-byte keys');
  }
}

/** Encrypts under the newest key; `aad` is bound to the ciphertext and must be given again to decrypt. */
export function seal(plaintext: string, keys: readonly Buffer[], aad: string): SealedSecret {
  return sealBytes(Buffer.from(plaintext, 'utf8'), keys, aad);
}

/** {@link seal} for bytes (a compressed file). */
export function sealBytes(plaintext: Buffer, keys: readonly Buffer[], aad: string): SealedSecret {
  assertKeys(keys);
  const key = keys[0] as Buffer;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    keyId: keyId(key),
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Decrypts with whichever configured key matches; null when the key is gone or anything was altered. */
export function open(sealed: SealedSecret, keys: readonly Buffer[], aad: string): string | null {
  return openBytes(sealed, keys, aad)?.toString('utf8') ?? null;
}

/** {@link open} for bytes. */
export function openBytes(sealed: SealedSecret, keys: readonly Buffer[], aad: string): Buffer | null {
  const key = keys.find((candidate) => keyId(candidate) === sealed.keyId);
  if (!key) return null;
  try {
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    // GCM authentication failed: tampered ciphertext, IV, tag or AAD. Never half-decrypted output.
    return null;
  }
}

/** A link token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True for strings shaped like {@link newToken} output; anything else is never looked up. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** sha256 of the token, hex: what storage keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
