/**
 * The retry policy at the Graph edge, kept pure so it can be tested without a network: how many
 * attempts, how long to wait (Retry-After first, else jittered exponential backoff), and an overall
 * deadline after which we stop even if attempts remain.
 */
import { randomInt } from 'node:crypto';

/** Limits of one call's retries. */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  readonly maxAttempts: number;
  /** First backoff step when the server gave no Retry-After. */
  readonly baseDelayMs: number;
  /** Ceiling of one backoff step (Retry-After is never shortened by it). */
  readonly maxDelayMs: number;
  /** Wall-clock budget of the whole call, retries and waits included. */
  readonly deadlineMs: number;
}

/** The defaults used at the Graph edge. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  deadlineMs: 60_000,
});

/** What the policy is asked after a failed attempt. */
export interface RetryQuestion {
  /** 1-based number of the attempt that just failed. */
  readonly attempt: number;
  /** The server's Retry-After, in ms from now, when it sent one. */
  readonly retryAfterMs?: number;
  /** Time spent on the call so far. */
  readonly elapsedMs: number;
}

/** The policy's answer: wait `delayMs` and try again, or stop and say why. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: 'attempts' | 'deadline' };

/** Draws an integer in [0, maxExclusive); node:crypto by default, injectable for tests. */
export type RandomInt = (maxExclusive: number) => number;

const cryptoRandomInt: RandomInt = (maxExclusive) => (maxExclusive <= 1 ? 0 : randomInt(maxExclusive));

/**
 * Decides whether to retry. Retry-After is honoured exactly and never shortened (Graph penalises early
 * retries); without it we use "equal jitter" backoff so that instances do not retry in lockstep.
 */
export function planRetry(
  question: RetryQuestion,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: RandomInt = cryptoRandomInt,
): RetryDecision {
  if (question.attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts' };
  const delayMs =
    question.retryAfterMs !== undefined
      ? Math.max(0, Math.ceil(question.retryAfterMs))
      : backoffDelay(question.attempt, policy, random);
  // Waiting past the deadline would only postpone the same answer.
  if (question.elapsedMs + delayMs >= policy.deadlineMs) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs };
}

/** Exponential backoff step for the n-th failed attempt, half fixed and half random, capped. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: RandomInt = cryptoRandomInt,
): number {
  const exponent = Math.max(0, attempt - 1);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const half = Math.floor(step / 2);
  return half + random(step - half + 1);
}

/**
 * Parses an HTTP Retry-After value (delta-seconds or an HTTP-date) into milliseconds from `nowMs`.
 * Returns undefined when absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP-date always names a weekday or month; a bare number like "-1" is not one.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
