/**
 * Remembers which activity shows a request's card, so the background work can replace it later.
 */
import { AppError, ErrorCodes } from '../errors';
import type { ResetDeps } from './deps';

/** Records the activity id of a request's card (retrying once if the request moved on meanwhile). */
export async function recordCardLocation(
  deps: ResetDeps,
  requestId: string,
  activityId: string,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await deps.requests.get(requestId);
    if (!current || !current.value.card) return;
    if (current.value.card.activityId === activityId) return;
    try {
      await deps.requests.update(
        { ...current.value, card: { ...current.value.card, activityId } },
        current.etag,
      );
      return;
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCodes.STORAGE_CONFLICT)) throw error;
    }
  }
}
