/**
 * Shared plumbing for the Table stores: one way to build a TableClient (short retries, so a dead
 * storage account fails fast instead of hanging a Teams invoke), and one mapping from SDK failures to
 * the product's typed errors.
 */
import { randomInt } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { AppError, ErrorCodes } from '../errors';

/** Tuning shared by every store. */
export interface TableClientSettings {
  /** Attempts after the first on network errors and 5xx. */
  readonly maxRetries?: number;
  /** Upper bound of one operation, retries included. */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** True when the connection string points at a plain-http endpoint (Azurite on loopback). */
export function isInsecureEndpoint(connectionString: string): boolean {
  return (
    /(^|;)\s*TableEndpoint\s*=\s*http:\/\//i.test(connectionString) ||
    /(^|;)\s*DefaultEndpointsProtocol\s*=\s*http\s*(;|$)/i.test(connectionString) ||
    /(^|;)\s*UseDevelopmentStorage\s*=\s*true/i.test(connectionString)
  );
}

/** A TableClient for one table; insecure http is allowed only when the endpoint itself is http. */
export function createTableClient(
  connectionString: string,
  tableName: string,
  settings: TableClientSettings = {},
): TableClient {
  return TableClient.fromConnectionString(connectionString, tableName, {
    allowInsecureConnection: isInsecureEndpoint(connectionString),
    retryOptions: { maxRetries: settings.maxRetries ?? 1, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
  });
}

/** An abort signal that bounds one storage operation. */
export function deadline(settings: TableClientSettings): AbortSignal {
  return AbortSignal.timeout(settings.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

/** The HTTP status of an SDK error, or undefined for network failures and everything else. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Turns any storage failure into an AppError: conflicts, bugs (400) or "storage unavailable". */
export function toStorageError(error: unknown, operation: string): AppError {
  if (error instanceof AppError) return error;
  const status = statusOf(error);
  const code = String((error as { code?: unknown } | null)?.code ?? (error as Error | null)?.name ?? '');
  const details = { operation, status, storageCode: code };
  if (status === 409 || status === 412) {
    return new AppError(ErrorCodes.STORAGE_CONFLICT, `storage conflict in ${operation}`, details, {
      cause: error,
    });
  }
  if (status === 400) {
    // A malformed request is our bug, not an outage; say so instead of "try again later".
    return new AppError(ErrorCodes.INTERNAL, `storage rejected ${operation}`, details, { cause: error });
  }
  return new AppError(ErrorCodes.STORAGE_UNAVAILABLE, `storage unavailable in ${operation}`, details, {
    cause: error,
  });
}

/** Runs one storage call under a deadline, mapping failures to AppError. */
export async function guarded<T>(
  operation: string,
  settings: TableClientSettings,
  call: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await call(deadline(settings));
  } catch (error) {
    throw toStorageError(error, operation);
  }
}

/** Waits a random, growing delay (node:crypto) so instances contending for one ETag spread out. */
export async function jitter(attempt: number, spreadMs = 20, maxMs = 120): Promise<void> {
  const ceiling = Math.min(spreadMs * Math.max(1, attempt), maxMs);
  await new Promise((resolve) => setTimeout(resolve, 2 + randomInt(ceiling)));
}
