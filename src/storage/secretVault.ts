/**
 * SecretVault on Azure Table storage: kept secrets for password links and crash recovery.
 *
 * One row per secret: PartitionKey = the secret's id, RowKey = 'secret'. A link token is the id followed
 * by 43 random characters; the row keeps only sha256(token), so a reader of the table cannot turn a row
 * into a working link, and every operation is a point read or write (no scan). The secret is only stored
 * sealed (AES-256-GCM, see crypto.ts) with its id as AAD, so a ciphertext moved to another row does not
 * open. Metadata stays in clear: the link page needs it before the secret is revealed. Reveal, reissue
 * and discard are conditional on the row's ETag, so of two concurrent callers exactly one wins.
 *
 * A secret may be a file (an audit export, up to a few megabytes of CSV) rather than a password, and one
 * Table property holds at most 64 KiB: a secret longer than a few kilobytes is gzip-compressed before it is
 * sealed (`compressed`), and a ciphertext longer than one property holds is kept as binary properties
 * `c0`, `c1`, … (`chunks`), at most 15 of 64,000 bytes, which keeps the row under Table storage's 1 MiB
 * entity limit: about 960 KB of compressed file, several megabytes of CSV. One row, so a reveal still
 * deletes everything with one conditional delete.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { odata, type TableClient, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../errors';
import type { Logger } from '../logger';
import type { SecretMetadata } from '../reset/model';
import type { SecretVault } from '../reset/ports';
import {
  assertKeys,
  hashToken,
  isTokenShaped,
  newToken,
  openBytes,
  sealBytes,
  type SealedSecret,
} from './crypto';
import { guarded, statusOf, type TableClientSettings } from './tableClient';

const ROW_KEY = 'secret';
const ID_LENGTH = 22;
const SECRET_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Secrets longer than this (in UTF-8 bytes) are compressed before they are sealed. */
const COMPRESS_ABOVE = 4_096;
/** Ciphertext up to this many base64 characters stays in the `ciphertext` string (64 KiB as UTF-16). */
const INLINE_CHARS = 32_000;
/** Bytes of ciphertext per binary property (a property holds at most 64 KiB). */
const CHUNK_BYTES = 64_000;
/** Binary properties per row: keeps the row under the 1 MiB entity limit. */
const MAX_CHUNKS = 15;

interface SecretProps {
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
  /** sha256 of the one link token that currently works (hex). */
  tokenHash: string;
  requestId: string;
  targetUpn: string;
  targetDisplayName: string;
  locale: string;
  expiresAt: string;
  /** expiresAt as a typed date, so purge can filter on the server. */
  expiresOn: Date;
  createdAt: string;
  /** 'tap' for a Temporary Access Pass (absent: a password), and the pass's settings for its page. */
  kind?: string;
  tapStartDateTime?: string;
  tapLifetimeInMinutes?: number;
  tapIsUsableOnce?: boolean;
  /** Set when the plaintext was gzip-compressed before sealing. */
  compressed?: boolean;
  /** Binary properties `c0`, `c1`, … the ciphertext is split over, when it is too long for `ciphertext`. */
  chunks?: number;
  /** Set for a file (an audit export): its name and how many entries it holds. */
  fileName?: string;
  fileEntries?: number;
}

/** A secret row as read back, with the ETag that makes delete-once possible. */
type SecretRow = TableEntityResult<SecretProps>;

/** Options of {@link TableSecretVault}. */
export interface SecretVaultOptions extends TableClientSettings {
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

/** Encrypted secrets, burned on first reveal. */
export class TableSecretVault implements SecretVault {
  private readonly clock: () => Date;

  constructor(
    private readonly client: TableClient,
    private readonly keys: readonly Buffer[],
    private readonly options: SecretVaultOptions = {},
  ) {
    assertKeys(keys);
    this.clock = options.clock ?? (() => new Date());
  }

  /** Seals `secret` under the newest key; returns its id and the token of its first link. */
  async put(secret: string, metadata: SecretMetadata): Promise<{ id: string; token: string }> {
    const id = randomBytes(16).toString('base64url');
    const token = `${id}${newToken()}`;
    const expiresOn = new Date(metadata.expiresAt);
    if (Number.isNaN(expiresOn.getTime())) throw new RangeError('metadata.expiresAt is not a date');
    const plain = Buffer.from(secret, 'utf8');
    const compressed = plain.length > COMPRESS_ABOVE;
    const sealed = sealBytes(compressed ? gzipSync(plain) : plain, this.keys, aad(id));
    const inline = sealed.ciphertext.length <= INLINE_CHARS;
    const bytes = inline ? Buffer.alloc(0) : Buffer.from(sealed.ciphertext, 'base64');
    const chunks = Math.ceil(bytes.length / CHUNK_BYTES);
    if (chunks > MAX_CHUNKS) {
      throw new AppError(ErrorCodes.INTERNAL, 'secret too large to keep', { bytes: plain.length });
    }
    const row: TableEntity<SecretProps> & Record<string, unknown> = {
      partitionKey: id,
      rowKey: ROW_KEY,
      ...sealed,
      ciphertext: inline ? sealed.ciphertext : '',
      ...(compressed ? { compressed: true } : {}),
      ...(inline ? {} : { chunks }),
      ...(metadata.file ? { fileName: metadata.file.name, fileEntries: metadata.file.entries } : {}),
      tokenHash: hashToken(token),
      requestId: metadata.requestId,
      targetUpn: metadata.targetUpn,
      targetDisplayName: metadata.targetDisplayName,
      locale: metadata.locale,
      expiresAt: metadata.expiresAt,
      expiresOn,
      createdAt: this.clock().toISOString(),
      ...(metadata.kind === 'tap' ? { kind: 'tap' } : {}),
      ...(metadata.tap
        ? {
            tapStartDateTime: metadata.tap.startDateTime,
            tapLifetimeInMinutes: metadata.tap.lifetimeInMinutes,
            tapIsUsableOnce: metadata.tap.isUsableOnce,
          }
        : {}),
    };
    for (let index = 0; index < chunks; index++) {
      row[`c${index}`] = new Uint8Array(bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES));
    }
    await guarded('secrets.put', this.options, (abortSignal) =>
      this.client.createEntity(row, { abortSignal }),
    );
    return { id, token };
  }

  /** The metadata behind a token, without burning it; null when unknown, replaced or expired. */
  async peek(token: string): Promise<SecretMetadata | null> {
    const row = await this.byToken(token);
    return row && !this.isExpired(row) ? metadataOf(row) : null;
  }

  /**
   * Deletes the row first (ETag: of concurrent reveals exactly one wins), then decrypts. An expired
   * secret is deleted all the same and shows nothing.
   */
  async reveal(token: string): Promise<{ secret: string; metadata: SecretMetadata } | null> {
    const row = await this.byToken(token);
    if (!row || !(await this.deleteRow(row, 'secrets.reveal')) || this.isExpired(row)) return null;
    const secret = this.decrypt(row);
    return secret === null ? null : { secret, metadata: metadataOf(row) };
  }

  /** A new token for the same sealed secret; the old one stops working. Null when gone or expired. */
  async reissue(id: string): Promise<{ token: string } | null> {
    const row = await this.byId(id);
    if (!row) return null;
    const token = `${id}${newToken()}`;
    const updated = await guarded('secrets.reissue', this.options, async (abortSignal) => {
      try {
        await this.client.updateEntity(
          { partitionKey: id, rowKey: ROW_KEY, tokenHash: hashToken(token) },
          'Merge',
          { etag: row.etag, abortSignal },
        );
        return true;
      } catch (error) {
        // Revealed, discarded or reissued meanwhile: this token must not live.
        if (statusOf(error) === 404 || statusOf(error) === 412) return false;
        throw error;
      }
    });
    return updated ? { token } : null;
  }

  /** The plaintext of a live secret, neither burned nor reissued (crash recovery re-applies it). */
  async open(id: string): Promise<string | null> {
    const row = await this.byId(id);
    return row ? this.decrypt(row) : null;
  }

  /** Deletes a secret that is no longer needed; a secret already gone is fine. */
  async discard(id: string): Promise<void> {
    if (!SECRET_ID_PATTERN.test(id)) return;
    await this.deleteRow({ partitionKey: id, etag: '*' }, 'secrets.discard');
  }

  /** Deletes every expired secret and returns the metadata of those this call deleted. */
  async purgeExpired(now: Date = this.clock()): Promise<SecretMetadata[]> {
    const expired = await guarded('secrets.purge', this.options, async (abortSignal) => {
      const found: SecretRow[] = [];
      const rows = this.client.listEntities<SecretRow>({
        queryOptions: { filter: odata`RowKey eq ${ROW_KEY} and expiresOn le ${now}` },
        abortSignal,
      });
      for await (const row of rows) found.push(row);
      return found;
    });
    const purged: SecretMetadata[] = [];
    for (const row of expired) {
      if (await this.deleteRow(row, 'secrets.purge')) purged.push(metadataOf(row));
    }
    return purged;
  }

  /** The row a token opens (expired or not): shaped right, hash equal. */
  private async byToken(token: string): Promise<SecretRow | null> {
    if (typeof token !== 'string' || token.length !== ID_LENGTH + 43) return null;
    const id = token.slice(0, ID_LENGTH);
    if (!SECRET_ID_PATTERN.test(id) || !isTokenShaped(token.slice(ID_LENGTH))) return null;
    const row = await this.read(id);
    if (!row) return null;
    const expected = Buffer.from(row.tokenHash ?? '', 'hex');
    const actual = Buffer.from(hashToken(token), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? row : null;
  }

  /** The live row of an id, or null when unknown or expired. */
  private async byId(id: string): Promise<SecretRow | null> {
    if (!SECRET_ID_PATTERN.test(id)) return null;
    const row = await this.read(id);
    return row && !this.isExpired(row) ? row : null;
  }

  private async read(id: string): Promise<SecretRow | null> {
    return guarded('secrets.get', this.options, async (abortSignal) => {
      try {
        return await this.client.getEntity<SecretRow>(id, ROW_KEY, { abortSignal });
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  private decrypt(row: SecretRow): string | null {
    let secret: string | null = null;
    const bytes = openBytes(sealedOf(row), this.keys, aad(row.partitionKey ?? ''));
    if (bytes) {
      try {
        secret = (row.compressed === true ? gunzipSync(bytes) : bytes).toString('utf8');
      } catch {
        secret = null;
      }
    }
    if (secret === null) {
      this.options.logger?.warn(
        { secretId: row.partitionKey, keyId: row.keyId },
        'kept secret did not decrypt',
      );
    }
    return secret;
  }

  /** Deletes a row if it is unchanged since read; false when another caller got there first. */
  private async deleteRow(
    row: { partitionKey?: string; etag?: string },
    operation: string,
  ): Promise<boolean> {
    return guarded(operation, this.options, async (abortSignal) => {
      try {
        await this.client.deleteEntity(row.partitionKey ?? '', ROW_KEY, {
          etag: row.etag ?? '*',
          abortSignal,
        });
        return true;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 || status === 412) return false;
        throw error;
      }
    });
  }

  private isExpired(row: SecretRow): boolean {
    return !(new Date(row.expiresAt).getTime() > this.clock().getTime());
  }
}

/** The AAD that binds a ciphertext to its secret id. */
function aad(id: string): string {
  return `pwreset-secret:${id}`;
}

function sealedOf(row: SecretRow): SealedSecret {
  const chunks = Math.min(Number(row.chunks ?? 0) || 0, MAX_CHUNKS);
  if (chunks === 0) return { keyId: row.keyId, iv: row.iv, ciphertext: row.ciphertext, tag: row.tag };
  const parts: Buffer[] = [];
  for (let index = 0; index < chunks; index++) {
    const part = (row as unknown as Record<string, unknown>)[`c${index}`];
    parts.push(part instanceof Uint8Array ? Buffer.from(part) : Buffer.alloc(0));
  }
  return { keyId: row.keyId, iv: row.iv, ciphertext: Buffer.concat(parts).toString('base64'), tag: row.tag };
}

function metadataOf(row: SecretRow): SecretMetadata {
  return {
    requestId: row.requestId,
    targetUpn: row.targetUpn,
    targetDisplayName: row.targetDisplayName,
    locale: row.locale === 'ja' ? 'ja' : 'en',
    expiresAt: row.expiresAt,
    ...(row.kind === 'tap' ? { kind: 'tap' as const } : {}),
    ...(typeof row.tapStartDateTime === 'string' &&
    typeof row.tapLifetimeInMinutes === 'number' &&
    typeof row.tapIsUsableOnce === 'boolean'
      ? {
          tap: {
            startDateTime: row.tapStartDateTime,
            lifetimeInMinutes: row.tapLifetimeInMinutes,
            isUsableOnce: row.tapIsUsableOnce,
          },
        }
      : {}),
    ...(typeof row.fileName === 'string' && row.fileName
      ? { file: { name: row.fileName, entries: Number(row.fileEntries ?? 0) } }
      : {}),
  };
}
