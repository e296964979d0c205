/**
 * One-time links: GET only names the account (mail scanners that follow links burn nothing); the POST
 * reveals the password once, deletes it, and audits the view.
 */
import type { ResetDeps } from './deps';
import type { SecretMetadata } from '../storage/ports';

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
  const request = await deps.requests.get(revealed.metadata.requestId).catch(() => null);
  const target = request?.value.targets.find((t) => t.userPrincipalName === revealed.metadata.targetUpn);
  await deps.audit.append({
    action: 'link-viewed',
    requestId: revealed.metadata.requestId,
    correlationId,
    requesterId: request?.value.requesterId ?? '',
    requesterUpn: request?.value.requesterUpn ?? '',
    targetUpn: revealed.metadata.targetUpn,
    ...(target ? { targetId: target.userId } : {}),
  });
  return {
    password: revealed.secret,
    metadata: revealed.metadata,
    forceChange: request?.value.options?.forceChange ?? true,
  };
}

/** Deletes expired secrets and audits each as link-expired. */
export async function purgeExpiredLinks(deps: ResetDeps): Promise<number> {
  const expired = await deps.secrets.purgeExpired(deps.now());
  for (const metadata of expired) {
    await deps.audit.append({
      action: 'link-expired',
      requestId: metadata.requestId,
      correlationId: metadata.requestId,
      requesterId: '',
      requesterUpn: '',
      targetUpn: metadata.targetUpn,
    });
  }
  return expired.length;
}
