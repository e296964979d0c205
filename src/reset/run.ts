/**
 * One claimed request being worked on: its latest stored version, the claim kept alive by a heartbeat,
 * and the one way to change it — `save(events)`, which writes the request as it is now together with
 * the audit records of what just changed, in one transaction.
 *
 * Saves of one run are group-committed: while a transaction is in flight, the saves that arrive meanwhile
 * are merged into the next one (the users of a bulk request move in parallel). Every change to the
 * request is made in the same tick as the `save` that records it, so a transaction carries exactly the
 * changes whose audit records it carries.
 */
import { AppError, ErrorCodes, toAppError } from '../errors';
import type { ResetDeps } from './deps';
import type { AuditAction, AuditEvent, RequestTarget, ResetRequest } from './model';
import type { Versioned } from './ports';
import { requestEvent, type EventDetails } from './requestEvents';

/** How often a running request proves it is alive, so no other instance mistakes it for an orphan. */
export const HEARTBEAT_MS = 10_000;

interface Waiter {
  readonly events: readonly AuditEvent[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** A claimed request and how to save and audit it. */
export class RequestRun {
  readonly request: ResetRequest;
  private etag: string;
  /** When the claim was last confirmed in storage (a successful save). */
  private confirmedAt: number;
  private queue: Waiter[] = [];
  private writing = false;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    readonly deps: ResetDeps,
    claimed: Versioned<ResetRequest>,
    readonly correlationId: string,
  ) {
    this.request = structuredClone(claimed.value);
    this.etag = claimed.etag;
    this.confirmedAt = deps.now().getTime();
  }

  /** An audit event about the request (and one of its users), by its requester. */
  event(action: AuditAction, target?: RequestTarget, details: EventDetails = {}): AuditEvent {
    return requestEvent(this.request, action, this.correlationId, target, details);
  }

  /**
   * Writes the request as it is now with `events`, in one transaction (merged with saves that arrive
   * while one is in flight). Resolves once durable. A conflict means another instance took the request
   * over: this save and every one after it fail, and the run must stop.
   */
  save(events: readonly AuditEvent[] = []): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        // The snapshot is taken now, in the tick that drained the queue: it holds exactly the changes
        // of the saves drained (each change was made in the tick of its save).
        this.request.updatedAt = this.deps.now().toISOString();
        const snapshot = structuredClone(this.request);
        try {
          const saved = await this.deps.requests.save(
            snapshot,
            this.etag,
            batch.flatMap((waiter) => waiter.events),
          );
          this.etag = saved.etag;
          this.request.auditHead = saved.value.auditHead;
          this.confirmedAt = this.deps.now().getTime();
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
          if (error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT) {
            // Lost the claim: nothing this run still holds may be written.
            for (const waiter of this.queue) waiter.reject(error);
            this.queue = [];
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Throws unless this run still holds its claim: before every change to a user the last confirmed save
   * must be younger than two thirds of the recovery delay, so another instance cannot have taken the
   * request over in the meantime.
   */
  ensureClaimed(): void {
    const leaseMs = (this.deps.settings.recoverAfterMs * 2) / 3;
    if (this.deps.now().getTime() - this.confirmedAt > leaseMs) {
      throw new AppError(
        ErrorCodes.STORAGE_UNAVAILABLE,
        'the claim could not be renewed; recovery takes over',
      );
    }
  }

  /**
   * Keeps the claim alive from the answer to the end, including while the run waits its turn: every
   * HEARTBEAT_MS, or more often when the recovery delay is short.
   */
  startHeartbeat(
    intervalMs: number = Math.max(250, Math.min(HEARTBEAT_MS, this.deps.settings.recoverAfterMs / 3)),
  ): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      this.save().catch((error: unknown) =>
        this.deps.logger.warn(
          { requestId: this.request.id, code: toAppError(error).code },
          'heartbeat failed',
        ),
      );
    }, intervalMs);
    this.heartbeat.unref();
  }

  /** Stops the heartbeat. */
  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
