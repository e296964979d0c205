/**
 * One-time links: GET only names the account (mail scanners that follow links burn nothing); the POST
 * reveals the password once, deletes it, and records the view in the request's audit trail.
 */
import type { ResetDeps } from './deps';
import type { AuditEvent, SecretMetadata } from './model';
import { requestEvent } from './requestEvents';

/** A link token as it appears in a URL: base64url, bounded length. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,128}$/.test(token);
}

/** What the link page shows before the click, or null when used, expired or unknown. */
export async function peekLink(deps: ResetDeps, token: string): Promise<SecretMetadata | null> {
  if (!isWellFormedToken(token)) return null;
  return deps.secrets.peek(token);
}

/** Reveals and burns the secret; audited as link-viewed. Null when used, expired or unknown. */
export async function revealLink(
  deps: ResetDeps,
  token: string,
  correlationId: string,
): Promise<{ password: string; metadata: SecretMetadata; forceChange: boolean } | null> {
  if (!isWellFormedToken(token)) return null;
  const revealed = await deps.secrets.reveal(token);
  if (!revealed) return null;
  if (revealed.metadata.file) {
    // An audit export belongs to no request: its download is an event of its own.
    deps.auditEvents?.emit({
      action: 'audit-export-downloaded',
      at: deps.now().toISOString(),
      correlationId,
      requesterUpn: revealed.metadata.targetUpn,
      entries: revealed.metadata.file.entries,
    });
    return { password: revealed.secret, metadata: revealed.metadata, forceChange: false };
  }
  const request = await appendToRequest(deps, revealed.metadata, 'link-viewed', correlationId).catch(
    (error: unknown) => {
      deps.logger.error({ err: error, requestId: revealed.metadata.requestId }, 'link view not audited');
      return null;
    },
  );
  return {
    password: revealed.secret,
    metadata: revealed.metadata,
    forceChange: request?.options?.forceChange ?? true,
  };
}

/** Deletes expired secrets and audits each as link-expired. */
export async function purgeExpiredLinks(deps: ResetDeps): Promise<number> {
  const expired = await deps.secrets.purgeExpired(deps.now());
  for (const metadata of expired) {
    await appendToRequest(deps, metadata, 'link-expired', metadata.requestId).catch((error: unknown) =>
      deps.logger.warn({ err: error, requestId: metadata.requestId }, 'link expiry not audited'),
    );
  }
  return expired.length;
}

/** Notes a link's fate in its request's record; returns the request (for the page), or null. */
async function appendToRequest(
  deps: ResetDeps,
  metadata: SecretMetadata,
  action: 'link-viewed' | 'link-expired',
  correlationId: string,
) {
  const current = await deps.requests.get(metadata.requestId);
  if (!current) return null;
  const request = current.value;
  const target = request.targets.find((t) => t.userPrincipalName === metadata.targetUpn);
  const event: AuditEvent = {
    ...requestEvent(request, action, correlationId, target, {
      detail: action === 'link-viewed' ? 'opened by whoever holds the link' : 'expired unopened',
    }),
    // The link names its user even when the request no longer lists it.
    targetUpn: metadata.targetUpn,
  };
  await deps.requests.note(request.id, [event]);
  return request;
}
