/**
 * What `npm run bench` runs against, all on free loopback ports and started by the project's own code:
 * the local stack (local tenant with a generated seed, Azurite, the bot), the recording Bot Connector, and
 * the bare echo bot. Everything is registered with the run's scratch folder, so it stops with it.
 */
import path from 'node:path';
import { freePort, startStack, type RunningStack } from '../src/local/stack';
import { startConnector } from '../tests/support/connector';
import { tenantAdmin, type TenantAdmin } from '../tests/support/tenantAdmin';
import type { Conversation } from './driver';
import { productionNodeOptions, startProgram } from './processes';
import type { Scratch } from './scratch';
import { writeLargeSeed, type SeedPerson } from './seed';

/** Limits high enough that the bench measures speed, not the rate limiter. */
const GENEROUS_LIMITS = {
  RATE_LIMIT_REQUESTER_PER_HOUR: '1000',
  RATE_LIMIT_TARGET_PER_DAY: '1000',
} as const;

/** Every Graph route (not the token endpoint). */
export const GRAPH_ROUTES = '^/v1\\.0/';

/** The running environment. */
export interface BenchEnv extends Conversation {
  readonly stack: RunningStack;
  readonly admin: TenantAdmin;
  readonly botUrl: string;
  readonly botPid: number;
  readonly echoUrl: string;
  readonly azuritePort: number;
  readonly scratch: Scratch;
  /** Fresh admins (tenant-wide Helpdesk Administrators) and plain users, handed out once each. */
  takeAdmins(count: number): SeedPerson[];
  takeUsers(count: number): SeedPerson[];
  /** Sets the latency of every Graph round trip (a $batch counts once: its items get none). */
  graphLatency(ms: number): Promise<void>;
}

/** Starts everything; `users` and `admins` size the generated seed. */
export async function startBenchEnv(
  scratch: Scratch,
  sizes: { users: number; admins: number },
): Promise<BenchEnv> {
  const seed = writeLargeSeed(path.join(scratch.dir, 'seed.json'), sizes);
  const connector = await startConnector();
  scratch.onClose('connector', () => connector.stop());
  const azuritePort = await freePort();
  const stack = await startStack({
    dataDir: scratch.dir,
    output: 'files',
    seed: seed.file,
    azuritePort,
    // What production runs: the compiled bot, no TypeScript loader.
    botBuild: 'compiled',
    botEnv: { ...GENEROUS_LIMITS },
  });
  scratch.onClose('local stack', () => stack.stop());
  // The reference runs with the Node options production gives the bot (the heap cap), so the two differ
  // only in their code.
  const echo = await startProgram(
    'bench/echoBot.ts',
    { PORT: '0' },
    'ECHO_READY',
    path.join(scratch.dir, 'echo.log'),
    productionNodeOptions(),
  );
  scratch.onClose('echo bot', () => echo.stop());
  const admin = tenantAdmin(stack.tenantUrl, stack.caPath);
  const admins = [...seed.admins];
  const users = [...seed.users];
  const take = (pool: SeedPerson[], count: number, what: string): SeedPerson[] => {
    if (pool.length < count) throw new Error(`the bench seed has too few ${what}`);
    return pool.splice(0, count);
  };
  return {
    stack,
    connector,
    tenantId: stack.tenantId,
    admin,
    botUrl: stack.botUrl,
    botPid: stack.botProcess().pid!,
    echoUrl: (echo.ready as { url: string }).url,
    azuritePort,
    scratch,
    takeAdmins: (count) => take(admins, count, 'admins'),
    takeUsers: (count) => take(users, count, 'users'),
    async graphLatency(ms) {
      await admin.clearFaults();
      if (ms > 0)
        await admin.addFault({ path: GRAPH_ROUTES, kind: 'latency', latencyMs: ms, batchItems: false });
    },
  };
}
