/**
 * `npm run bench`: starts the local stack (local tenant, Azurite, the bot) and a bare botbuilder echo bot
 * on free loopback ports, measures the figures the README lists, and prints them as one table, each
 * beside its goal and, where it has one, the reference measured in the same run (the floor, the echo
 * bot). Writes the figures as JSON. What each figure means and how the floor is defined: README
 * ("Performance").
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import { ensureCertificates } from '../src/local/tenant/certs';
import { ensureBuilt } from './build';
import { burst, openForms, type BurstResult } from './burst';
import { isProgress, openForm, submit, waitOutcome } from './driver';
import { startBenchEnv, type BenchEnv } from './env';
import { perfectClient } from './floor';
import { measureHelp, type HelpResult } from './help';
import { describeMachine, machineLine } from './machine';
import { rssMb } from './memory';
import { measureRoundTrips, roundTripFigures, type RoundTripResult } from './roundTrips';
import { runWithScratch } from './scratch';
import type { SeedPerson } from './seed';
import { FAST_AGAIN_AFTER_MS, measureSlowGraph, type SlowGraphResult } from './slowGraph';
import { median, quantile } from './stats';
import { measureStorageCalls, type StorageRun } from './storageCalls';
import { formatTable, verdict, type Figure } from './table';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_OUT = path.join('bench', 'results', 'latest.json');

const USAGE = `Usage: npm run bench [-- --quick] [-- --out FILE] [-- --keep]

Starts the local tenant, Azurite, the bot and a bare echo bot on free loopback ports, measures, and
prints one table: each figure beside its goal and the reference measured in the same run.

  --quick      about one minute: fewer runs of each measurement (default: at most five minutes)
  --out FILE   where the figures go as JSON (default ${DEFAULT_OUT})
  --keep       keep the scratch folder (logs, Azurite data) for a post-mortem
  --help       this text

Nothing is left in the temporary directory afterwards, also after Ctrl-C (unless --keep).`;

/** How much of each measurement a run does. */
interface Sizes {
  readonly depthRuns: number;
  readonly floorRuns: number;
  readonly bulkRuns: number;
  readonly burstRuns: number;
  readonly burstAdmins: number;
  readonly storageRuns: number;
  readonly help: { requests: number; rounds: number; roundMs: number; concurrency: number };
  /** Whether Graph stays at 12 s until the slow submit's outcome (else fast again after the answer). */
  readonly slowThroughout: boolean;
}

const FULL: Sizes = {
  depthRuns: 5,
  floorRuns: 5,
  bulkRuns: 3,
  burstRuns: 5,
  burstAdmins: 50,
  storageRuns: 3,
  help: { requests: 300, rounds: 3, roundMs: 5_000, concurrency: 16 },
  slowThroughout: true,
};

const QUICK: Sizes = {
  depthRuns: 2,
  floorRuns: 2,
  bulkRuns: 1,
  burstRuns: 1,
  burstAdmins: 50,
  storageRuns: 1,
  help: { requests: 150, rounds: 1, roundMs: 2_000, concurrency: 16 },
  slowThroughout: false,
};

const DEPTH_LATENCY_MS = 200;
const FLOOR_LATENCY_MS = 100;
const SLOW_GRAPH_MS = 12_000;
const BULK_USERS = 20;

/** The bot's process, for its memory in the progress lines. */
let botPid: number | null = null;

function log(message: string): void {
  const rss = botPid === null ? null : rssMb(botPid);
  const memory = rss === null ? '' : ` (bot RSS ${Math.round(rss)} MB)`;
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}${memory}`);
}

/** Submit → outcome on the card, `runs` times, interleaved with the floor's same work. */
async function versusFloor(
  env: BenchEnv,
  requester: SeedPerson,
  targets: readonly SeedPerson[],
  perRun: number,
  runs: number,
  floor: (targets: readonly SeedPerson[]) => Promise<number>,
): Promise<{ bot: number[]; floor: number[]; progressUpdates: number[] }> {
  const bot: number[] = [];
  const floors: number[] = [];
  const progressUpdates: number[] = [];
  for (let run = 0; run < runs; run++) {
    const batch = targets.slice(0, perRun);
    const form = await openForm(env, env.botUrl, requester, batch);
    const submitted = await submit(env, env.botUrl, form);
    const outcome = await waitOutcome(env, form, submitted.mark, 120_000);
    bot.push(outcome.at - submitted.sentAt);
    progressUpdates.push(
      env.connector.callsSince(submitted.mark).filter((c) => c.seq < outcome.seq && isProgress(c, form))
        .length,
    );
    floors.push(await floor(targets.slice(perRun, perRun * 2)));
  }
  return { bot, floor: floors, progressUpdates };
}

/** Everything measured, as written to the JSON file. */
interface Measurements {
  roundTrips: RoundTripResult;
  single: { bot: number[]; floor: number[] };
  bulk: { bot: number[]; floor: number[]; progressUpdates: number[] };
  slowGraph: SlowGraphResult;
  bursts: BurstResult[];
  storage: StorageRun[];
  help: HelpResult;
}

/** A quantile of the one-at-a-time `help` latencies: per round, then the median over the rounds. */
function helpLatency(help: HelpResult, q: number, name: string): Figure {
  const of = (rounds: number[][]): number => median(rounds.map((round) => quantile(round, q)));
  return {
    key: `help.${name}`,
    label: `\`help\` latency ${name}`,
    note: `${help.bot.latencies[0]?.length ?? 0} requests, median of ${help.bot.latencies.length}`,
    unit: 'ms',
    value: of(help.bot.latencies),
    reference: { label: 'echo bot', value: of(help.echo.latencies) },
    goal: { op: '<=', value: 1.5, of: 'ratio' },
  };
}

function figuresOf(m: Measurements): Figure[] {
  const rt = roundTripFigures(m.roundTrips);
  const burstsAt = (latency: number) => m.bursts.filter((b) => b.latencyMs === latency);
  const burstFigures = (latency: number): Figure[] => {
    const runs = burstsAt(latency);
    const note = `${runs[0]?.admins ?? 0} admins, Graph ${latency} ms, median of ${runs.length}`;
    const peaks = runs.map((b) => b.peakMb ?? b.sampledPeakMb);
    return [
      {
        key: `burst${latency}.p50`,
        label: 'invoke answer p50',
        note,
        unit: 'ms',
        value: median(runs.map((b) => quantile(b.answers, 0.5))),
      },
      {
        key: `burst${latency}.p95`,
        label: 'invoke answer p95',
        note,
        unit: 'ms',
        value: median(runs.map((b) => quantile(b.answers, 0.95))),
        goal: { op: '<=', value: 300, of: 'value' },
      },
      {
        key: `burst${latency}.told`,
        label: 'cards told the outcome',
        note,
        unit: 'count',
        value: median(runs.map((b) => b.outcomes.length)),
        goal: { op: '>=', value: runs[0]?.admins ?? 0, of: 'value' },
      },
      {
        key: `burst${latency}.peakRss`,
        label: 'bot peak RSS',
        note: `${note.replace(/, median of \d+/, '')}, highest of ${runs.length}`,
        unit: 'MB',
        value: Math.max(...peaks),
        goal: { op: '<=', value: 200, of: 'value' },
      },
    ];
  };
  const storageBefore = median(m.storage.map((s) => s.beforeAnswer));
  return [
    {
      key: 'roundTrips.form.log',
      label: 'sequential Graph round trips, message → form (tenant log)',
      unit: 'count',
      value: rt.formSequential,
      goal: { op: '<=', value: 2, of: 'value' },
    },
    {
      key: 'roundTrips.form.latency',
      label: `same, from latency: (T(${DEPTH_LATENCY_MS} ms) − T(0)) / ${DEPTH_LATENCY_MS} ms`,
      unit: 'depth',
      value: rt.formDepth,
      goal: { op: '<=', value: 2, of: 'value', whole: true },
    },
    {
      key: 'roundTrips.submit.log',
      label: 'sequential Graph round trips, submit → mail accepted (tenant log)',
      unit: 'count',
      value: rt.submitSequential,
      goal: { op: '<=', value: 2, of: 'value' },
    },
    {
      key: 'roundTrips.submit.latency',
      label: `same, from latency: (T(${DEPTH_LATENCY_MS} ms) − T(0)) / ${DEPTH_LATENCY_MS} ms`,
      unit: 'depth',
      value: rt.submitDepth,
      goal: { op: '<=', value: 2, of: 'value', whole: true },
    },
    {
      key: 'single.confirmation',
      label: `submit → confirmation, Graph at ${FLOOR_LATENCY_MS} ms`,
      note: `median of ${m.single.bot.length}`,
      unit: 'ms',
      value: median(m.single.bot),
      reference: { label: 'floor', value: median(m.single.floor) },
      goal: { op: '<=', value: 1.25, of: 'ratio' },
    },
    {
      key: 'bulk.confirmation',
      label: `bulk of ${BULK_USERS} users, submit → confirmation, Graph at ${FLOOR_LATENCY_MS} ms`,
      note: `median of ${m.bulk.bot.length}`,
      unit: 'ms',
      value: median(m.bulk.bot),
      reference: { label: 'floor', value: median(m.bulk.floor) },
      goal: { op: '<=', value: 1.5, of: 'ratio' },
    },
    {
      key: 'bulk.progress',
      label: 'bulk: progress updates on the card before the outcome',
      unit: 'count',
      value: median(m.bulk.progressUpdates),
      goal: { op: '>=', value: 1, of: 'value' },
    },
    {
      key: 'slowGraph.answer',
      label: `invoke answer with Graph at ${SLOW_GRAPH_MS / 1000} s per call`,
      unit: 'ms',
      value: m.slowGraph.answerMs,
      goal: { op: '<=', value: 1000, of: 'value' },
    },
    {
      key: 'slowGraph.told',
      label: `outcome told on the card later (${m.slowGraph.outcomeMs === null ? 'not within the wait' : `after ${(m.slowGraph.outcomeMs / 1000).toFixed(1)} s: "${m.slowGraph.headline}"`}${m.slowGraph.slowThroughout ? '' : `; Graph fast again ${FAST_AGAIN_AFTER_MS / 1000} s after the answer (--quick)`})`,
      unit: 'yes/no',
      value: m.slowGraph.outcomeMs === null ? 0 : 1,
      goal: { op: '>=', value: 1, of: 'value' },
    },
    ...burstFigures(0),
    ...burstFigures(FLOOR_LATENCY_MS),
    {
      key: 'storage.beforeAnswer',
      label: 'storage calls per submit, before the invoke answer',
      unit: 'count',
      value: storageBefore,
      goal: { op: '<=', value: 2, of: 'value' },
    },
    {
      key: 'storage.total',
      label: 'storage calls per submit, in all (to the request done)',
      unit: 'count',
      value: median(m.storage.map((s) => s.total)),
    },
    helpLatency(m.help, 0.5, 'p50'),
    helpLatency(m.help, 0.99, 'p99'),
    {
      key: 'help.throughput',
      label: `\`help\` throughput, ${m.help.concurrency} senders`,
      note: `median of ${m.help.bot.throughput.length}`,
      unit: 'req/s',
      value: median(m.help.bot.throughput),
      reference: { label: 'echo bot', value: median(m.help.echo.throughput) },
      goal: { op: '>=', value: 0.7, of: 'ratio' },
    },
  ];
}

async function measure(env: BenchEnv, sizes: Sizes): Promise<Measurements> {
  const requester = env.takeAdmins(1)[0];
  const warmTargets = env.takeUsers(2);
  // Warm-up: the bot's first token, TLS connections, domain answer and JIT, as after its first reset.
  log('warm-up');
  for (const target of warmTargets) {
    const form = await openForm(env, env.botUrl, requester, [target]);
    const submitted = await submit(env, env.botUrl, form);
    await waitOutcome(env, form, submitted.mark, 60_000);
  }

  log(`round trips: message → form and submit → mail, Graph at 0 and ${DEPTH_LATENCY_MS} ms`);
  const roundTrips = await measureRoundTrips(
    env,
    requester,
    env.takeUsers(4),
    sizes.depthRuns,
    DEPTH_LATENCY_MS,
  );

  log(
    `submit → confirmation and a bulk of ${BULK_USERS}, Graph at ${FLOOR_LATENCY_MS} ms, against the floor`,
  );
  const client = await perfectClient(env, warmTargets[0]);
  await env.graphLatency(FLOOR_LATENCY_MS);
  const single = await versusFloor(env, requester, env.takeUsers(2), 1, sizes.floorRuns, (t) =>
    client.reset(requester, t),
  );
  const bulk = await versusFloor(
    env,
    requester,
    env.takeUsers(BULK_USERS * 2),
    BULK_USERS,
    sizes.bulkRuns,
    (t) => client.reset(requester, t),
  );
  await env.graphLatency(0);

  log(`invoke answer with Graph at ${SLOW_GRAPH_MS / 1000} s per call`);
  const slowGraph = await measureSlowGraph(env, requester, env.takeUsers(1)[0], {
    latencyMs: SLOW_GRAPH_MS,
    slowThroughout: sizes.slowThroughout,
    outcomeTimeoutMs: 120_000,
  });

  const bursts: BurstResult[] = [];
  const burstAdmins = env.takeAdmins(sizes.burstAdmins);
  for (const latency of [0, FLOOR_LATENCY_MS]) {
    for (let run = 0; run < sizes.burstRuns; run++) {
      log(
        `burst ${run + 1}/${sizes.burstRuns}: ${sizes.burstAdmins} admins submit at once, Graph at ${latency} ms`,
      );
      await env.graphLatency(0);
      const forms = await openForms(env, burstAdmins, env.takeUsers(sizes.burstAdmins));
      await env.graphLatency(latency);
      bursts.push(await burst(env, forms, latency, 120_000));
    }
  }
  await env.graphLatency(0);

  log('storage calls per submit (through a counting proxy in front of Azurite)');
  const storage = await measureStorageCalls(env, requester, env.takeUsers(2), sizes.storageRuns);

  log('`help`: the bot against the echo bot');
  const help = await measureHelp(env, { bot: env.botUrl, echo: env.echoUrl }, requester, sizes.help);
  return { roundTrips, single, bulk, slowGraph, bursts, storage, help };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: DEFAULT_OUT },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sizes = values.quick ? QUICK : FULL;
  const out = path.resolve(ROOT, values.out);
  const machine = describeMachine();
  const started = Date.now();
  runWithScratch(
    'pwreset-bench-',
    async (scratch) => {
      // This process talks HTTPS to the local tenant (the floor's Graph client): trust its CA.
      const { caPath } = await ensureCertificates();
      tls.setDefaultCACertificates([...tls.getCACertificates('default'), readFileSync(caPath, 'utf8')]);
      log(`${values.quick ? 'quick run' : 'full run'} on ${machineLine(machine)}`);
      if (ensureBuilt()) log('built dist/ (npm run build): the bench runs the bot as production does');
      const users = 10 + BULK_USERS * 2 + 2 * sizes.burstRuns * sizes.burstAdmins + 20;
      const env = await startBenchEnv(scratch, { users, admins: sizes.burstAdmins + 5 });
      botPid = env.botPid;
      log(`started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const measurements = await measure(env, sizes);
      machine.loadAtEnd = describeMachine().loadAtStart;
      const figures = figuresOf(measurements);
      const table = formatTable(figures);
      const wallS = Math.round((Date.now() - started) / 1000);
      console.log(
        `\n${table}\n\n${machineLine(machine)}; ${values.quick ? 'quick run' : 'full run'} took ${wallS} s`,
      );
      const missed = figures.filter((f) => verdict(f) === false).map((f) => f.key);
      if (missed.length > 0) console.log(`goals missed: ${missed.join(', ')}`);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(
        out,
        `${JSON.stringify({ at: new Date(started).toISOString(), quick: values.quick, wallSeconds: wallS, machine, figures: figures.map((f) => ({ ...f, met: verdict(f) })), table, measurements }, null, 2)}\n`,
      );
      log(`figures written to ${path.relative(ROOT, out)}`);
    },
    { label: 'bench', keep: values.keep },
  );
}

main();
