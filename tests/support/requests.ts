/**
 * Requests and audit events as the use cases build them, for storage tests.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEvent, ResetRequest } from '../../src/reset/model';

/** A request as a use case builds it. */
export function sampleRequest(overrides: Partial<ResetRequest> = {}): ResetRequest {
  const now = new Date();
  return {
    id: randomUUID().replace(/-/g, ''),
    tenantId: 'tenant-1',
    requesterId: 'admin-id',
    requesterName: 'Ada Admin',
    requesterUpn: 'ada@contoso.com',
    locale: 'en',
    conversationType: 'personal',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
    state: 'open',
    targets: [
      {
        userId: 'alice-id',
        displayName: 'Alice',
        userPrincipalName: 'alice@contoso.com',
        accountEnabled: true,
        suggestedRecipients: ['alice@example.com'],
        state: 'pending',
      },
    ],
    ...overrides,
  };
}

/** An audit event about a request's first target. */
export function sampleEvent(
  request: ResetRequest,
  action: AuditEvent['action'],
  extra: Partial<AuditEvent> = {},
): AuditEvent {
  return {
    action,
    requestId: request.id,
    correlationId: 'corr-1',
    requesterId: request.requesterId,
    requesterUpn: request.requesterUpn,
    targetId: request.targets[0]?.userId,
    targetUpn: request.targets[0]?.userPrincipalName,
    ...extra,
  };
}
