/**
 * Fault injection: added latency, 429/503/504 answers (with Retry-After) and dropped connections, by
 * method and path, for every request, a fraction of them, or the next N.
 */
import { randomInt, randomUUID } from 'node:crypto';

/** A fault as the admin API accepts it. */
/**
 * Statuses a fault can answer with: throttling and outages (429, 503, 504), and the refusals Graph gives
 * a request it will not run (400 for a query it does not support, 414 and 431 for a URL or headers too
 * long), so tests can show what the bot says about each.
 */
export const FAULT_STATUSES = [400, 414, 429, 431, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

export interface FaultSpec {
  method?: string;
  /** Regular expression source matched against the path without query. */
  path: string;
  kind: 'latency' | 'status' | 'drop';
  latencyMs?: number;
  status?: FaultStatus;
  retryAfterSeconds?: number;
  /** 0..1: the share of matching requests affected. */
  fraction?: number;
  /** Only the next N affected requests; the fault then disappears. */
  count?: number;
  /** Lets the first N matching requests through untouched (e.g. hold the second mail of a batch). */
  skip?: number;
  /**
   * Whether the fault also hits requests inside a $batch (default true). False: only HTTP requests that
   * reach the tenant (a $batch as a whole included), so added latency counts network round trips.
   */
  batchItems?: boolean;
}

/** What to do with one request. */
export interface FaultDecision {
  latencyMs: number;
  outcome: { kind: 'status'; status: FaultStatus; retryAfterSeconds?: number } | { kind: 'drop' } | null;
}

interface ActiveFault extends FaultSpec {
  id: string;
  regex: RegExp;
  remaining: number;
  skipping: number;
}

/** Checks a fault spec; returns a sentence per problem. */
export function checkFault(value: unknown): string[] {
  const f = value as Partial<FaultSpec> | null;
  if (!f || typeof f !== 'object') return ['a fault must be a JSON object'];
  const problems: string[] = [];
  if (typeof f.path !== 'string' || f.path === '')
    problems.push('path (a regular expression source) is required');
  else {
    try {
      new RegExp(f.path);
    } catch {
      problems.push(`path ${f.path} is not a valid regular expression`);
    }
  }
  if (!['latency', 'status', 'drop'].includes(f.kind as string))
    problems.push('kind must be latency, status or drop');
  if (f.kind === 'latency' && !(typeof f.latencyMs === 'number' && f.latencyMs >= 0)) {
    problems.push('latencyMs (a non-negative number) is required for kind latency');
  }
  if (f.kind === 'status' && !(FAULT_STATUSES as readonly number[]).includes(f.status as number))
    problems.push(`status must be one of ${FAULT_STATUSES.join(', ')}`);
  if (f.fraction !== undefined && !(typeof f.fraction === 'number' && f.fraction >= 0 && f.fraction <= 1)) {
    problems.push('fraction must be a number from 0 to 1');
  }
  if (f.count !== undefined && !(Number.isInteger(f.count) && f.count > 0))
    problems.push('count must be a positive integer');
  if (f.skip !== undefined && !(Number.isInteger(f.skip) && f.skip >= 0))
    problems.push('skip must be a non-negative integer');
  if (f.batchItems !== undefined && typeof f.batchItems !== 'boolean')
    problems.push('batchItems must be true or false');
  if (
    f.retryAfterSeconds !== undefined &&
    !(Number.isInteger(f.retryAfterSeconds) && f.retryAfterSeconds >= 0)
  ) {
    problems.push('retryAfterSeconds must be a non-negative integer');
  }
  return problems;
}

/** The set of active faults. */
export class FaultRegistry {
  private faults: ActiveFault[] = [];

  /** Adds a checked fault; returns its id. */
  add(spec: FaultSpec): string {
    const id = randomUUID();
    this.faults.push({
      ...spec,
      id,
      regex: new RegExp(spec.path),
      remaining: spec.count ?? Infinity,
      skipping: spec.skip ?? 0,
    });
    return id;
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = [];
  }

  /** The active faults (for the admin API). */
  list(): (FaultSpec & { id: string; remaining: number | null })[] {
    return this.faults.map(({ regex: _regex, remaining, skipping: _skipping, ...rest }) => ({
      ...rest,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  /** Decides what happens to a request: latencies add up, the first status or drop wins. */
  decide(method: string, path: string, where: { inBatch?: boolean } = {}): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, outcome: null };
    for (const fault of [...this.faults]) {
      if (where.inBatch && fault.batchItems === false) continue;
      if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!fault.regex.test(path)) continue;
      if (fault.kind !== 'latency' && decision.outcome) continue;
      if (fault.skipping > 0) {
        fault.skipping -= 1;
        continue;
      }
      if (fault.fraction !== undefined && randomInt(1_000_000) >= fault.fraction * 1_000_000) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      if (fault.kind === 'latency') decision.latencyMs += fault.latencyMs ?? 0;
      else if (fault.kind === 'drop') decision.outcome = { kind: 'drop' };
      else
        decision.outcome = {
          kind: 'status',
          status: fault.status!,
          retryAfterSeconds: fault.retryAfterSeconds,
        };
    }
    return decision;
  }
}
