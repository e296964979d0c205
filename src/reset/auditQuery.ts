/**
 * `audit` and `audit alice` from Teams: only a requester who may reset passwords may read the trail.
 */
import { auditCard } from '../cards';
import type { Locale } from '../i18n';
import { loadRequester } from './authorize';
import type { ResetDeps } from './deps';
import type { Actor } from './types';

/** Most records one audit card lists. */
export const AUDIT_CARD_LIMIT = 20;

/** The audit card for the actor, after checking they hold a resetting role. */
export async function auditForActor(
  deps: ResetDeps,
  actor: Actor,
  locale: Locale,
  user: string | undefined,
  correlationId: string,
): Promise<object> {
  await loadRequester(deps, actor.aadObjectId, { correlationId });
  const records = await deps.audit.query({ ...(user ? { user } : {}), limit: AUDIT_CARD_LIMIT });
  return auditCard({
    locale,
    ...(user ? { user } : {}),
    records: records.map((record) => ({
      at: record.at,
      action: record.action,
      requesterUpn: record.requesterUpn,
      ...(record.targetUpn ? { targetUpn: record.targetUpn } : {}),
      ...(record.reasonCode ? { reasonCode: record.reasonCode } : {}),
      requestId: record.requestId,
    })),
  });
}
