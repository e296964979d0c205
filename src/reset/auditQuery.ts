/**
 * `audit` and `audit alice` from Teams: only a requester who may reset passwords may read the trail.
 * The listing comes from the audit index (never a scan of the trail).
 */
import { auditCard } from '../cards';
import { AppError, ErrorCodes } from '../errors';
import type { Locale } from '../i18n';
import { resettingRolesOf } from '../policy/whoCanReset';
import type { ResetDeps } from './deps';
import type { Actor } from './types';

/** Most records one audit card lists. */
export const AUDIT_CARD_LIMIT = 20;
/** Requests whose records are read for one card. */
const REQUESTS_READ = 10;

/** The audit card for the actor, after checking they hold a resetting role. */
export async function auditForActor(
  deps: ResetDeps,
  actor: Actor,
  locale: Locale,
  user: string | undefined,
  correlationId: string,
): Promise<object> {
  const { requester } = await deps.directory.readProfiles(
    { requester: { id: actor.aadObjectId } },
    { correlationId },
  );
  if (!requester || resettingRolesOf(requester).length === 0) {
    throw new AppError(ErrorCodes.REQUESTER_NOT_ADMIN, 'requester holds no active resetting role');
  }
  const page = await deps.audit.list({ ...(user ? { target: user } : {}), limit: REQUESTS_READ });
  const histories = await Promise.all(page.entries.map((entry) => deps.audit.history(entry.requestId)));
  const records = histories
    .flat()
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, AUDIT_CARD_LIMIT);
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
