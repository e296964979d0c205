/**
 * How many refusals that open nothing a sender may add to the audit trail: a sender without a role, or an
 * admin whose every name was refused, who keeps asking must not push real records out of sight. Within the
 * budget each refusal is recorded; the first one beyond it is recorded once more, saying so; the rest of
 * the hour's refusals of that sender are answered the same way but only logged.
 */
import { refusalLimitKeys } from '../policy/rateLimits';
import type { ResetDeps } from './deps';

/** Whether to record a refusal, and whether it is the last one recorded this hour. */
export type RefusalRecording = 'record' | 'record-last' | 'skip';

/** What the detail of the last recorded refusal adds. */
export const LAST_REFUSAL_NOTE = 'further refusals of this sender are not recorded for up to an hour';

/** Counts one refusal of `senderId` against the budget. */
export async function refusalRecording(deps: ResetDeps, senderId: string): Promise<RefusalRecording> {
  const keys = refusalLimitKeys(senderId);
  if ((await deps.rateLimiter.consume([keys.recorded])).ok) return 'record';
  if ((await deps.rateLimiter.consume([keys.notice])).ok) return 'record-last';
  deps.logger.warn(
    { senderId, event: 'refusal-not-recorded' },
    'refusal not recorded: this sender was refused too often in the last hour',
  );
  return 'skip';
}
