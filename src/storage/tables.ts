/**
 * The storage composition: builds the Table-backed stores over one connection string and prefix.
 * Table names are prefix + Requests (requests and their audit records) | AuditIndex | Secrets | Limits.
 */
import type { TableClient } from '@azure/data-tables';
import { ConfigError } from '../config';
import type { Logger } from '../logger';
import type { AuditLog, RateLimiter, RequestStore, SecretVault } from '../reset/ports';
import { TableAuditLog } from './auditLog';
import { TableRateLimiter } from './rateLimiter';
import { TableRequestStore } from './requestStore';
import { TableSecretVault } from './secretVault';
import { createTableClient, guarded, type TableClientSettings } from './tableClient';

/** Options of {@link createTableStorage}. */
export interface TableStorageOptions extends TableClientSettings {
  readonly logger?: Logger;
  /** AES-256 keys for one-time secrets, newest first (Config.links.encryptionKeys). */
  readonly encryptionKeys?: readonly Buffer[];
  /** Injected time, for tests of expiry and windows. */
  readonly clock?: () => Date;
}

/** Every store the bot needs, plus table creation and a health probe. */
export interface TableStorage {
  readonly requests: RequestStore;
  readonly audit: AuditLog;
  readonly secrets: SecretVault;
  readonly rateLimiter: RateLimiter;
  /** The table names in use, by role. */
  readonly tableNames: Readonly<Record<'requests' | 'auditIndex' | 'secrets' | 'limits', string>>;
  /** Creates the tables when missing (idempotent; safe from several instances at once). */
  ensureTables(): Promise<void>;
  /** True when storage answers within the deadline. Never throws. */
  health(): Promise<boolean>;
  /**
   * Deletes what is no longer needed — placeholders (requests without records) that expired more than
   * `requestRetentionMs` ago (default 7 days) and rate-limit windows that ended — and seals the hours of
   * the audit trail that ended. Secrets are purged through `secrets.purgeExpired()` because their
   * metadata must be audited.
   */
  housekeeping(
    now?: Date,
    requestRetentionMs?: number,
  ): Promise<{ requests: number; limits: number; sealed: number }>;
}

/**
 * The requests and the audit trail alone, without the secrets (no keys needed): what `npm run
 * audit:verify` and tests that inspect the trail use.
 */
export function openAuditStorage(
  connectionString: string,
  tablePrefix: string,
  settings: TableClientSettings = {},
): { readonly requests: TableRequestStore; readonly audit: TableAuditLog } {
  const requestsTable = createTableClient(connectionString, `${tablePrefix}Requests`, settings);
  const indexTable = createTableClient(connectionString, `${tablePrefix}AuditIndex`, settings);
  return {
    requests: new TableRequestStore(requestsTable, indexTable, settings),
    audit: new TableAuditLog(requestsTable, indexTable, settings),
  };
}

/** Azure table names: letters and digits, 3–63 characters, starting with a letter. */
const TABLE_PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,54}$/;

/** Builds the Table-backed stores; a bad prefix or missing key is a configuration error. */
export function createTableStorage(
  connectionString: string,
  tablePrefix: string,
  options: TableStorageOptions = {},
): TableStorage {
  if (!TABLE_PREFIX_PATTERN.test(tablePrefix)) {
    throw new ConfigError([
      `STORAGE_TABLE_PREFIX must be 1–55 letters or digits starting with a letter (it is "${tablePrefix}").`,
    ]);
  }
  const keys = options.encryptionKeys ?? [];
  if (keys.length === 0 || keys.some((key) => key.length !== 32)) {
    throw new ConfigError(['LINK_ENCRYPTION_KEYS must hold one or more base64 32-byte keys, newest first.']);
  }
  const settings: TableClientSettings = { maxRetries: options.maxRetries, timeoutMs: options.timeoutMs };
  const logger = options.logger?.child({ component: 'storage' });
  const tableNames = {
    requests: `${tablePrefix}Requests`,
    auditIndex: `${tablePrefix}AuditIndex`,
    secrets: `${tablePrefix}Secrets`,
    limits: `${tablePrefix}Limits`,
  };
  const clients: Record<keyof typeof tableNames, TableClient> = {
    requests: createTableClient(connectionString, tableNames.requests, settings),
    auditIndex: createTableClient(connectionString, tableNames.auditIndex, settings),
    secrets: createTableClient(connectionString, tableNames.secrets, settings),
    limits: createTableClient(connectionString, tableNames.limits, settings),
  };
  const requests = new TableRequestStore(clients.requests, clients.auditIndex, {
    ...settings,
    logger,
    clock: options.clock,
  });
  const audit = new TableAuditLog(clients.requests, clients.auditIndex, {
    ...settings,
    logger,
    clock: options.clock,
  });
  const rateLimiter = new TableRateLimiter(clients.limits, { ...settings, logger, clock: options.clock });
  return {
    requests,
    audit,
    secrets: new TableSecretVault(clients.secrets, keys, { ...settings, logger, clock: options.clock }),
    rateLimiter,
    tableNames,
    async ensureTables() {
      for (const [role, client] of Object.entries(clients)) {
        await guarded(`tables.create.${role}`, settings, (abortSignal) =>
          client.createTable({ abortSignal }),
        );
      }
    },
    async housekeeping(now = options.clock?.() ?? new Date(), requestRetentionMs = 7 * 24 * 3_600_000) {
      return {
        requests: await requests.purgePlaceholders(new Date(now.getTime() - requestRetentionMs)),
        limits: await rateLimiter.purgeExpired(now),
        sealed: await audit.seal(now),
      };
    },
    async health() {
      try {
        await guarded(
          'tables.health',
          { ...settings, timeoutMs: Math.min(settings.timeoutMs ?? 3000, 3000) },
          (abortSignal) =>
            clients.requests
              .listEntities({ queryOptions: { filter: "PartitionKey eq '~health'" }, abortSignal })
              .next(),
        );
        return true;
      } catch (error) {
        logger?.warn({ err: error }, 'storage health probe failed');
        return false;
      }
    },
  };
}
