/**
 * A conditional write that may lose: the request is saved (with its records) only if nobody changed it
 * since it was read. Losing is expected — a Teams retry, a double click, another instance — and is not an
 * error: the loser writes nothing, not even to the audit trail.
 */
import { AppError, ErrorCodes } from '../errors';
import type { AuditEvent, ResetRequest } from './model';
import type { RequestStore, Versioned } from './ports';

/** The saved request, or null when `etag` was no longer current (STORAGE_CONFLICT). */
export async function saveIfCurrent(
  requests: RequestStore,
  request: ResetRequest,
  etag: string,
  events: readonly AuditEvent[] = [],
): Promise<Versioned<ResetRequest> | null> {
  try {
    return await requests.save(request, etag, events);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) return null;
    throw error;
  }
}
