/**
 * Where every audit event goes besides the trail itself, for a SOC: one structured log line (pino JSON,
 * `"event":"PasswordResetAudit"`, written at info whatever LOG_LEVEL says) and, when Application Insights
 * is configured, one custom event of the same name. Both land in the Log Analytics workspace next to
 * Entra's own "Reset password (by admin)" events (docs/DEPLOY.md). An event never holds a password: it
 * carries what the audit record carries.
 */
import type { Logger } from './logger';
import type { AuditEventSink, OutgoingAuditEvent } from './reset/ports';
import { trackEvent } from './telemetry';

/** The name of the log event and of the Application Insights custom event. */
export const AUDIT_EVENT_NAME = 'PasswordResetAudit';

/** The sink the composition root gives the use cases. */
export function createAuditSink(logger: Logger): AuditEventSink {
  // Audit events are not diagnostics: a quieter LOG_LEVEL must not drop them.
  const log = logger.child({ name: 'audit' }, { level: 'info' });
  return {
    emit(event: OutgoingAuditEvent): void {
      log.info({ event: AUDIT_EVENT_NAME, audit: event }, 'audit');
      trackEvent(AUDIT_EVENT_NAME, flatten(event));
    },
  };
}

/** Custom dimensions are strings and numbers: lists are joined with ';'. */
function flatten(event: OutgoingAuditEvent): Record<string, string | number> {
  const flat: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined || value === null) continue;
    flat[key] = Array.isArray(value) ? value.join(';') : typeof value === 'number' ? value : String(value);
  }
  return flat;
}
