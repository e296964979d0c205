/**
 * The DirectoryPort on Microsoft Graph: reads through $batch (reads.ts), changes through sequential
 * $batch (writes.ts), every call through the edge (edge.ts: retries, timeouts, logging, error mapping).
 * The only place that builds the Graph client.
 */
import type { TokenCredential } from '@azure/identity';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError, ErrorCodes } from '../errors';
import type { Logger } from '../logger';
import type { SecurityProfile } from '../policy/profile';
import type {
  CallOptions,
  Change,
  ChangeOutcome,
  DirectoryPort,
  Profiles,
  ProfileQuery,
  TapOutcome,
  TapRequest,
  UserSearchResult,
} from '../reset/ports';
import { graphScope, SharedTokenCredential } from './credential';
import { GraphEdge } from './edge';
import { MailboxGate } from './mailboxGate';
import { GraphReads } from './reads';
import { createTap } from './tap';
import { DEFAULT_RETRY_POLICY, type RandomInt } from './retry';
import { GraphTransport, type FetchLike } from './transport';
import { GraphWrites } from './writes';

/** Construction options; only credential, endpoint and logger are needed in production. */
export interface GraphDirectoryOptions {
  readonly credential: TokenCredential;
  /** `https://graph.microsoft.com` or the local tenant's https URL. */
  readonly endpoint: string;
  readonly logger: Logger;
  /** Per-attempt timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Attempts per call, the first included (default 4). */
  readonly maxAttempts?: number;
  /** Budget of one call including retries and waits (default 60 s). */
  readonly deadlineMs?: number;
  /** Concurrent sends per mailbox at most (Outlook allows 4). */
  readonly mailboxConcurrency?: number;
  /** Waits between attempts; injectable so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Wall clock in ms (Retry-After dates, the deadline, the domain cache, token renewal). */
  readonly now?: () => number;
  /** Replaces global fetch, for unit tests. */
  readonly fetch?: FetchLike;
  /** Jitter source for backoff; node:crypto by default. */
  readonly random?: RandomInt;
}

/** DirectoryPort backed by Microsoft Graph v1.0. */
export class GraphDirectory implements DirectoryPort {
  private readonly reads: GraphReads;
  private readonly writes: GraphWrites;
  private readonly edge: GraphEdge;

  constructor(options: GraphDirectoryOptions) {
    const endpoint = options.endpoint.replace(/\/+$/, '');
    if (!/^https:\/\//i.test(endpoint)) {
      // The Graph client attaches tokens only over https; failing here beats a 401 on every call.
      throw new AppError(ErrorCodes.INTERNAL, `Graph endpoint must be an https URL (it is "${endpoint}").`);
    }
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => delay(ms));
    const policy = {
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      deadlineMs: options.deadlineMs ?? DEFAULT_RETRY_POLICY.deadlineMs,
    };
    // The scope the configured credential carries (else the Graph cloud's of the endpoint), asked for
    // through the one shared token of the process.
    const scope = graphScope(options.credential, endpoint);
    const credential = new SharedTokenCredential(options.credential, now);
    const edge = new GraphEdge({
      transport: new GraphTransport(credential, endpoint, options.fetch, scope),
      endpoint,
      version: 'v1.0',
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? 10_000,
      policy,
      sleep,
      now,
      random: options.random,
    });
    this.edge = edge;
    const settings = { edge, policy, now, sleep, random: options.random };
    this.reads = new GraphReads(settings);
    this.writes = new GraphWrites({
      ...settings,
      mailGate: new MailboxGate(options.mailboxConcurrency ?? 4),
    });
  }

  search(
    requesterId: string,
    queries: readonly string[],
    limit: number,
    options?: CallOptions,
  ): Promise<{ requester: SecurityProfile; results: readonly UserSearchResult[] }> {
    return this.reads.search(requesterId, queries, limit, options);
  }

  readProfiles(query: ProfileQuery, options?: CallOptions): Promise<Profiles> {
    return this.reads.profiles(query, options);
  }

  applyChanges(userId: string, changes: readonly Change[], options?: CallOptions): Promise<ChangeOutcome[]> {
    return this.writes.apply(userId, changes, options);
  }

  createTemporaryAccessPass(userId: string, request: TapRequest, options?: CallOptions): Promise<TapOutcome> {
    return createTap(this.edge, userId, request, options);
  }
}
