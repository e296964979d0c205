/**
 * Every audit record, once durable, also goes to the audit event sink (the structured log and Application
 * Insights, src/auditSink.ts): a RequestStore that hands each record it wrote to the sink, with the outcome
 * its entry has after the write. It wraps the store, so no use case can write a record the SIEM misses,
 * and emits only after the write succeeded, so the SIEM never sees a record the trail does not hold.
 */
import { entryOf, outcomeOf } from './auditEntry';
import type { AuditEvent, ResetRequest } from './model';
import type { AuditEventSink, RequestStore, Versioned } from './ports';

/** A RequestStore that emits what it writes. */
export class AuditedRequestStore implements RequestStore {
  constructor(
    private readonly inner: RequestStore,
    private readonly sink: AuditEventSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(request: ResetRequest, audit: readonly AuditEvent[]): Promise<Versioned<ResetRequest>> {
    const created = await this.inner.create(request, audit);
    this.emit(created.value, audit);
    return created;
  }

  get(id: string): Promise<Versioned<ResetRequest> | null> {
    return this.inner.get(id);
  }

  async save(
    request: ResetRequest,
    etag: string,
    audit: readonly AuditEvent[] = [],
  ): Promise<Versioned<ResetRequest>> {
    const saved = await this.inner.save(request, etag, audit);
    this.emit(saved.value, audit);
    return saved;
  }

  async note(requestId: string, audit: readonly AuditEvent[]): Promise<void> {
    await this.inner.note(requestId, audit);
    this.emit(null, audit);
  }

  listUnfinished(): Promise<Versioned<ResetRequest>[]> {
    return this.inner.listUnfinished();
  }

  private emit(request: ResetRequest | null, events: readonly AuditEvent[]): void {
    const at = this.now().toISOString();
    for (const event of events) {
      try {
        const target = request?.targets.find((t) => t.userId === event.targetId);
        const outcome = request ? outcomeOf(entryOf(request, { target }), this.now()).code : undefined;
        this.sink.emit({
          action: event.action,
          at,
          requestId: event.requestId,
          correlationId: event.correlationId,
          requesterId: event.requesterId,
          requesterUpn: event.requesterUpn,
          ...(event.targetId ? { targetId: event.targetId } : {}),
          ...(event.targetUpn ? { targetUpn: event.targetUpn } : {}),
          ...(outcome ? { outcome } : {}),
          ...(event.reasonCode ? { reasonCode: event.reasonCode } : {}),
          ...(event.recipients?.length ? { recipients: event.recipients } : {}),
          ...(event.graphRequestIds?.length ? { graphRequestIds: event.graphRequestIds } : {}),
          ...(event.detail ? { detail: event.detail } : {}),
        });
      } catch {
        // The record is in the trail; a sink that fails must not turn a durable write into an error.
      }
    }
  }
}
