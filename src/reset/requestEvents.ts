/**
 * The audit records of a request, built one way: who asked, in which request and attempt, about which user,
 * and what happened. Runs (run.ts), the card actions and the approval all build theirs here.
 */
import type { AuditAction, AuditEvent, ResetRequest } from './model';

/** Extra fields of an audit event. */
export interface EventDetails {
  readonly reasonCode?: string;
  readonly graphRequestIds?: readonly string[];
  readonly recipients?: readonly string[];
  readonly detail?: string;
  /** The second admin of a four-eyes decision. */
  readonly approverId?: string;
  readonly approverUpn?: string;
}

/** The fields every record of a request carries. */
function eventBase(request: ResetRequest, correlationId: string) {
  return {
    requestId: request.id,
    correlationId,
    requesterId: request.requesterId,
    requesterUpn: request.requesterUpn,
  };
}

/** A record about the request and, when given, one of its users. */
export function requestEvent(
  request: ResetRequest,
  action: AuditAction,
  correlationId: string,
  target?: { readonly userId: string; readonly userPrincipalName: string },
  details: EventDetails = {},
): AuditEvent {
  return {
    action,
    ...eventBase(request, correlationId),
    ...(target ? { targetId: target.userId, targetUpn: target.userPrincipalName } : {}),
    ...details,
  };
}
