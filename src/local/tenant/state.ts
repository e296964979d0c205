/**
 * The running tenant's state: the directory built from the seed, the signing key, the outbox, the
 * request log and the faults. `reset` reloads the seed and clears everything else.
 */
import { Directory } from './directory';
import { FaultRegistry } from './faults';
import { loadSeedFile, type TenantSeed } from './seed';
import { TokenService } from './tokens';

/** One sent message, as the outbox keeps it. */
export interface OutboxMessage {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  bodyType: 'text' | 'html';
  body: string;
  receivedAt: string;
  savedToSentItems: boolean;
}

/** One request in the log. */
export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  at: string;
  requestId: string;
  clientRequestId: string;
  /** Set on requests made inside a $batch: the seq of the batch request that carried them. */
  batch?: number;
  /** The calling application's client id when a valid token came with the request. */
  appId?: string;
}

/** Everything the server mutates. */
export class TenantState {
  readonly tokens = new TokenService();
  readonly faults = new FaultRegistry();
  outbox: OutboxMessage[] = [];
  log: LoggedRequest[] = [];
  private nextSeq = 1;
  readonly mailInFlight = new Map<string, number>();

  private constructor(
    readonly seedFile: string,
    public seed: TenantSeed,
    public directory: Directory,
  ) {}

  /** Loads a seed file into a fresh state. */
  static async load(seedFile: string): Promise<TenantState> {
    const seed = await loadSeedFile(seedFile);
    return new TenantState(seedFile, seed, await Directory.build(seed, seedFile));
  }

  /** Reloads the seed and clears the outbox, log and faults (the signing key stays). */
  async reset(): Promise<void> {
    const seed = await loadSeedFile(this.seedFile);
    this.directory = await Directory.build(seed, this.seedFile);
    this.seed = seed;
    this.outbox = [];
    this.log = [];
    this.faults.clear();
    this.mailInFlight.clear();
  }

  /** Reserves the next log sequence number. */
  seq(): number {
    return this.nextSeq++;
  }

  /** Appends to the log, keeping the most recent 10,000 entries. */
  record(entry: LoggedRequest): void {
    this.log.push(entry);
    if (this.log.length > 10_000) this.log.splice(0, this.log.length - 10_000);
  }

  get sendMailLatencyMs(): number {
    return this.seed.settings?.sendMailLatencyMs ?? 150;
  }

  get tokenLifetimeSeconds(): number {
    return this.seed.settings?.tokenLifetimeSeconds ?? 3599;
  }
}
