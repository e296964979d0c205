/**
 * The storage keys and windows of the two reset limits: per requester per hour and per target per day.
 * Counting happens in the RateLimiter port; this only names what is counted.
 */

/** One limit to apply with `RateLimiter.consume([...])`. */
export interface RateLimitKey {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * The largest limit the limiter keeps: sliding windows store one timestamp per counted use, and a thousand
 * of them stay far below Table storage's 64 KiB property limit.
 */
export const MAX_RATE_LIMIT = 1_000;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The limits to check before a reset, requester first; ids are lower-cased so casing cannot dodge them. */
export function rateLimitKeys(
  requesterId: string,
  targetId: string,
  limits: { readonly perRequesterPerHour: number; readonly perTargetPerDay: number },
): { requester: RateLimitKey; target: RateLimitKey } {
  return {
    requester: {
      key: `requester:${requesterId.trim().toLowerCase()}`,
      limit: limits.perRequesterPerHour,
      windowMs: HOUR_MS,
    },
    target: {
      key: `target:${targetId.trim().toLowerCase()}`,
      limit: limits.perTargetPerDay,
      windowMs: DAY_MS,
    },
  };
}

/**
 * Refusals that open nothing (a sender without a role, a request whose every name was refused) are
 * recorded at most this many times per sender in any hour, so nobody can flood the audit trail.
 */
export const REFUSALS_RECORDED_PER_HOUR = 10;

/**
 * The limits on recorded refusals of one sender (their Entra object id): the refusals recorded, and the one
 * record that says the rest of the hour's refusals are not recorded.
 */
export function refusalLimitKeys(senderId: string): { recorded: RateLimitKey; notice: RateLimitKey } {
  const sender = senderId.trim().toLowerCase();
  return {
    recorded: { key: `refusals:${sender}`, limit: REFUSALS_RECORDED_PER_HOUR, windowMs: HOUR_MS },
    notice: { key: `refusals-notice:${sender}`, limit: 1, windowMs: HOUR_MS },
  };
}
