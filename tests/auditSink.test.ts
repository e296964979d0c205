/**
 * The audit event sink: one JSON line per event at info, whatever LOG_LEVEL says, under the name "audit";
 * and the RequestStore wrapper that hands it each record only once the write succeeded.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { AUDIT_EVENT_NAME, createAuditSink } from '../src/auditSink';
import { AppError, ErrorCodes } from '../src/errors';
import { createLogger } from '../src/logger';
import { AuditedRequestStore } from '../src/reset/auditEvents';
import type { OutgoingAuditEvent } from '../src/reset/ports';
import { MemoryRequestStore } from './support/memoryPorts';
import { sampleEvent, sampleRequest } from './support/requests';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('audit events', () => {
  it('writes each event as one JSON line at info even when the log level is "error"', () => {
    const out = capture();
    const sink = createAuditSink(createLogger('error', out.stream));
    sink.emit({ action: 'reset', at: '2026-11-20T10:00:00.000Z', requestId: 'r1', recipients: ['a@x.net'] });
    createLogger('error', out.stream).info('a diagnostic line is still dropped');
    const lines = out.lines();
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.event, AUDIT_EVENT_NAME);
    assert.equal(lines[0]!.name, 'audit');
    assert.equal(lines[0]!.level, 'info');
    assert.deepEqual(lines[0]!.audit, {
      action: 'reset',
      at: '2026-11-20T10:00:00.000Z',
      requestId: 'r1',
      recipients: ['a@x.net'],
    });
  });

  it('hands the sink each record of a write once it succeeded, none of a write that failed', async () => {
    const inner = new MemoryRequestStore();
    const events: OutgoingAuditEvent[] = [];
    const store = new AuditedRequestStore(inner, { emit: (e) => void events.push(e) });
    const request = sampleRequest();
    const created = await store.create(request, [sampleEvent(request, 'requested')]);
    await assert.rejects(
      store.save(request, 'stale-etag', [sampleEvent(request, 'submitted')]),
      (e: unknown) => e instanceof AppError && e.code === ErrorCodes.STORAGE_CONFLICT,
    );
    await store.save({ ...created.value, state: 'cancelled' }, created.etag, [
      sampleEvent(request, 'cancelled'),
    ]);
    await store.note(request.id, [sampleEvent(request, 'link-viewed')]);
    assert.deepEqual(
      events.map((e) => [e.action, e.outcome ?? '-']),
      [
        ['requested', 'open'],
        ['cancelled', 'cancelled'],
        ['link-viewed', '-'],
      ],
    );
    assert.equal(events[0]!.targetUpn, 'alice@contoso.com');
  });

  it('a sink that throws never fails a write that succeeded', async () => {
    const store = new AuditedRequestStore(new MemoryRequestStore(), {
      emit: () => {
        throw new Error('the log is gone');
      },
    });
    const request = sampleRequest();
    await store.create(request, [sampleEvent(request, 'requested')]);
    assert.ok(await store.get(request.id));
  });
});
