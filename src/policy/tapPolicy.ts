/**
 * The tenant's Temporary Access Pass policy (Entra's authentication methods policy, TemporaryAccessPass
 * configuration) and the checks of what an admin chose on the form against it. Pure. Graph enforces the
 * same bounds when the pass is created; checking first turns a refusal into a sentence next to the field.
 */
import { ErrorCodes, type ErrorCode } from '../errors';

/** Graph's bounds of any pass's lifetime, whatever the policy: 10 minutes to 30 days. */
const TAP_LIFETIME_LIMITS = { min: 10, max: 43_200 } as const;
/** How far ahead a pass may be set to start (the bot's own limit; Graph documents none). */
const TAP_MAX_START_AHEAD_MS = 30 * 24 * 60 * 60_000;
/** A start this little in the past still means "now" (the time it took to press the button). */
const START_SLACK_MS = 5 * 60_000;

/** The policy as the bot reads it. */
export interface TapPolicy {
  readonly state: 'enabled' | 'disabled';
  readonly minimumLifetimeInMinutes: number;
  readonly maximumLifetimeInMinutes: number;
  readonly defaultLifetimeInMinutes: number;
  /** True: every pass in the tenant is one-time. False: a pass may be one-time or multi-use. */
  readonly isUsableOnce: boolean;
  /** Characters in a pass (8–48). */
  readonly defaultLength: number;
}

/** What the admin chose for a pass. `startDateTime` null means "from now". */
export interface TapChoice {
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
  readonly startDateTime: string | null;
}

/** The outcome of a check: fine, or the first problem with the field it concerns. */
export type TapCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: ErrorCode;
      readonly field: 'lifetime' | 'usage' | 'start' | 'form';
      readonly params?: Readonly<Record<string, string>>;
    };

/** The lifetime the form offers first: the policy's default, kept inside its bounds. */
export function defaultLifetime(policy: TapPolicy): number {
  return clamp(
    policy.defaultLifetimeInMinutes,
    policy.minimumLifetimeInMinutes,
    policy.maximumLifetimeInMinutes,
  );
}

/** Checks a choice against the policy at `now`. */
export function checkTapChoice(policy: TapPolicy, choice: TapChoice, now: Date): TapCheck {
  if (policy.state !== 'enabled') return { ok: false, code: ErrorCodes.TAP_POLICY_DISABLED, field: 'form' };
  const { lifetimeInMinutes } = choice;
  if (
    !Number.isInteger(lifetimeInMinutes) ||
    lifetimeInMinutes < policy.minimumLifetimeInMinutes ||
    lifetimeInMinutes > policy.maximumLifetimeInMinutes
  ) {
    return {
      ok: false,
      code: ErrorCodes.TAP_LIFETIME_OUT_OF_RANGE,
      field: 'lifetime',
      params: { min: String(policy.minimumLifetimeInMinutes), max: String(policy.maximumLifetimeInMinutes) },
    };
  }
  if (policy.isUsableOnce && !choice.isUsableOnce)
    return { ok: false, code: ErrorCodes.TAP_ONE_TIME_ONLY, field: 'usage' };
  if (choice.startDateTime !== null) {
    const start = Date.parse(choice.startDateTime);
    if (
      Number.isNaN(start) ||
      start < now.getTime() - START_SLACK_MS ||
      start > now.getTime() + TAP_MAX_START_AHEAD_MS
    )
      return { ok: false, code: ErrorCodes.TAP_START_INVALID, field: 'start' };
  }
  return { ok: true };
}

/**
 * The start the admin typed, in UTC: a date (YYYY-MM-DD) and a time (HH:mm), as Adaptive Cards' date and
 * time inputs send them. Both empty: from now (null). A time alone means today; a date alone is not enough.
 */
export function parseTapStart(
  date: string,
  time: string,
  now: Date,
): { readonly ok: true; readonly value: string | null } | { readonly ok: false } {
  const d = date.trim();
  const tm = time.trim();
  if (!d && !tm) return { ok: true, value: null };
  if (!tm) return { ok: false };
  const day = d || now.toISOString().slice(0, 10);
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const timeMatch = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(tm);
  if (!dateMatch || !timeMatch) return { ok: false };
  const [year, month, dom] = [Number(dateMatch[1]), Number(dateMatch[2]), Number(dateMatch[3])];
  const [hours, minutes] = [Number(timeMatch[1]), Number(timeMatch[2])];
  if (hours > 23 || minutes > 59) return { ok: false };
  const at = new Date(Date.UTC(year, month - 1, dom, hours, minutes));
  // Date.UTC rolls 2025-02-30 over into March: such a date is refused, not moved.
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== dom)
    return { ok: false };
  return { ok: true, value: at.toISOString() };
}

/**
 * Reads the policy from Graph's temporaryAccessPassAuthenticationMethodConfiguration; null when a field
 * is missing or out of Graph's own bounds (then nothing is created on a guess).
 */
export function tapPolicyFrom(body: unknown): TapPolicy | null {
  const raw = (body ?? {}) as Record<string, unknown>;
  const int = (name: string, min: number, max: number): number | null => {
    const value = raw[name];
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? value
      : null;
  };
  const state = typeof raw.state === 'string' ? raw.state.toLowerCase() : '';
  const minimum = int('minimumLifetimeInMinutes', TAP_LIFETIME_LIMITS.min, TAP_LIFETIME_LIMITS.max);
  const maximum = int('maximumLifetimeInMinutes', TAP_LIFETIME_LIMITS.min, TAP_LIFETIME_LIMITS.max);
  const fallback = int('defaultLifetimeInMinutes', TAP_LIFETIME_LIMITS.min, TAP_LIFETIME_LIMITS.max);
  const length = int('defaultLength', 8, 48);
  if (
    (state !== 'enabled' && state !== 'disabled') ||
    minimum === null ||
    maximum === null ||
    fallback === null ||
    length === null ||
    typeof raw.isUsableOnce !== 'boolean' ||
    minimum > maximum
  )
    return null;
  return {
    state,
    minimumLifetimeInMinutes: minimum,
    maximumLifetimeInMinutes: maximum,
    defaultLifetimeInMinutes: fallback,
    isUsableOnce: raw.isUsableOnce,
    defaultLength: length,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
