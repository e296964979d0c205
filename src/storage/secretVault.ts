/**
 * SecretVault on Azure Table storage: one-time secrets for password links.
 *
 * PartitionKey = sha256(link token) in hex and RowKey = 'secret', so a reader of the table cannot turn a
 * row back into a working link. The secret is only stored sealed (AES-256-GCM, see crypto.ts) with its
 * secret id as AAD, so a ciphertext moved to another row does not open. Metadata stays in clear: the
 * link page needs it before the secret is revealed.
 */
import { randomBytes } from 'node:crypto';
import { odata, type TableClient, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import type { Logger } from '../logger';
import { assertKeys, hashToken, isTokenShaped, newToken, open, seal, type SealedSecret } from './crypto';
import type { SecretMetadata, SecretVault } from './ports';
import { guarded, statusOf, type TableClientSettings } from './tableClient';

const ROW_KEY = 'secret';
const SECRET_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

interface SecretProps {
  secretId: string;
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
  requestId: string;
  targetUpn: string;
  targetDisplayName: string;
  locale: string;
  expiresAt: string;
  /** expiresAt as a typed date, so purge can filter on the server. */
  expiresOn: Date;
  createdAt: string;
}

/** A secret row as read back, with the ETag that makes delete-once possible. */
type SecretRow = TableEntityResult<SecretProps>;

/** Options of {@link TableSecretVault}. */
export interface SecretVaultOptions extends TableClientSettings {
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

/** Encrypted one-time secrets, burned on first reveal. */
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

  /** Seals `secret` under the newest key and stores it under the hash of a fresh token. */
  async put(secret: string, metadata: SecretMetadata): Promise<{ id: string; token: string }> {
    const id = randomBytes(16).toString('base64url');
    const token = newToken();
    const sealed = seal(secret, this.keys, aad(id));
    const expiresOn = new Date(metadata.expiresAt);
    if (Number.isNaN(expiresOn.getTime())) throw new RangeError('metadata.expiresAt is not a date');
    const row: TableEntity<SecretProps> = {
      partitionKey: hashToken(token),
      rowKey: ROW_KEY,
      secretId: id,
      ...sealed,
      requestId: metadata.requestId,
      targetUpn: metadata.targetUpn,
      targetDisplayName: metadata.targetDisplayName,
      locale: metadata.locale,
      expiresAt: metadata.expiresAt,
      expiresOn,
      createdAt: this.clock().toISOString(),
    };
    await guarded('secrets.put', this.options, (abortSignal) =>
      this.client.createEntity(row, { abortSignal }),
    );
    return { id, token };
  }

  /** The metadata behind a token, without burning it; null when unknown or expired. */
  async peek(token: string): Promise<SecretMetadata | null> {
    const row = await this.find(token);
    if (!row || this.isExpired(row)) return null;
    return metadataOf(row);
  }

  /** Deletes the row first (ETag: of concurrent reveals exactly one wins), then decrypts. */
  async reveal(token: string): Promise<{ secret: string; metadata: SecretMetadata } | null> {
    const row = await this.find(token);
    if (!row) return null;
    const won = await this.deleteRow(row, 'secrets.reveal');
    if (!won || this.isExpired(row)) return null;
    const secret = open(sealedOf(row), this.keys, aad(row.secretId));
    if (secret === null) {
      this.options.logger?.warn(
        { secretId: row.secretId, keyId: row.keyId },
        'one-time secret did not decrypt',
      );
      return null;
    }
    return { secret, metadata: metadataOf(row) };
  }

  /** Crash recovery: reissues the token, then decrypts the row without deleting it. */
  async recover(id: string): Promise<{ secret: string; token: string } | null> {
    const reissued = await this.reissue(id);
    if (!reissued) return null;
    const row = await this.find(reissued.token);
    if (!row || this.isExpired(row)) return null;
    const secret = open(sealedOf(row), this.keys, aad(row.secretId));
    return secret === null ? null : { secret, token: reissued.token };
  }

  /** A new token for the same sealed secret; old tokens stop working. Null when gone or expired. */
  async reissue(id: string): Promise<{ token: string } | null> {
    if (!SECRET_ID_PATTERN.test(id)) return null;
    const rows = await this.rowsOf(id);
    const live = rows.find((row) => !this.isExpired(row));
    if (!live) return null;
    const token = newToken();
    const fresh: TableEntity<SecretProps> = {
      ...propsOf(live),
      partitionKey: hashToken(token),
      rowKey: ROW_KEY,
    };
    // New row first, then the old ones: a crash in between leaves an extra row whose token was never
    // returned to anyone (only its hash exists), so it cannot be used and simply expires.
    await guarded('secrets.reissue', this.options, (abortSignal) =>
      this.client.createEntity(fresh, { abortSignal }),
    );
    for (const row of rows) {
      if (!(await this.deleteRow(row, 'secrets.reissue'))) {
        // Someone revealed (or purged) it meanwhile: the secret is spent, so the new token must not live.
        await this.deleteRow({ partitionKey: fresh.partitionKey, etag: '*' }, 'secrets.reissue');
        return null;
      }
    }
    return { token };
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

  private async find(token: string): Promise<SecretRow | null> {
    if (!isTokenShaped(token)) return null;
    return guarded('secrets.get', this.options, async (abortSignal) => {
      try {
        return await this.client.getEntity<SecretRow>(hashToken(token), ROW_KEY, { abortSignal });
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  private async rowsOf(id: string): Promise<SecretRow[]> {
    return guarded('secrets.find', this.options, async (abortSignal) => {
      const found: SecretRow[] = [];
      const rows = this.client.listEntities<SecretRow>({
        queryOptions: { filter: odata`RowKey eq ${ROW_KEY} and secretId eq ${id}` },
        abortSignal,
      });
      for await (const row of rows) found.push(row);
      return found;
    });
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
  return { keyId: row.keyId, iv: row.iv, ciphertext: row.ciphertext, tag: row.tag };
}

function metadataOf(row: SecretRow): SecretMetadata {
  return {
    requestId: row.requestId,
    targetUpn: row.targetUpn,
    targetDisplayName: row.targetDisplayName,
    locale: row.locale === 'ja' ? 'ja' : 'en',
    expiresAt: row.expiresAt,
  };
}

/** The row's own properties without the service's bookkeeping (etag, timestamp), to write again. */
function propsOf(row: SecretRow): SecretProps {
  return {
    secretId: row.secretId,
    keyId: row.keyId,
    iv: row.iv,
    ciphertext: row.ciphertext,
    tag: row.tag,
    requestId: row.requestId,
    targetUpn: row.targetUpn,
    targetDisplayName: row.targetDisplayName,
    locale: row.locale,
    expiresAt: row.expiresAt,
    expiresOn: new Date(row.expiresAt),
    createdAt: row.createdAt,
  };
}
