/**
 * `npm run reliability`: the full-size reliability run (not part of `npm test`). Two bot processes share
 * one local tenant and one Azurite; everything on loopback; it stops by itself.
 *   1. load: 50 simulated admins × 20 resets through the bot's HTTP endpoint, 50–300 ms Graph latency,
 *      5 % injected faults (429 with Retry-After, 503, 504, dropped connections);
 *   2. a 60 s 429 storm while the admins keep going;
 *   3. duplicate delivery: ≥ 500 submits, each delivered 2–10 times to either instance, up to 30 s apart.
 * Prints one table: requests, resets, mails, duplicate resets, duplicate mails, lost audit records,
 * unhandled errors, p50/p95 invoke acknowledgement and time to confirmation, peak RSS of each process;
 * then whether each phase met its goals. Sizes and time budgets: REL_* variables (`-- --help`).
 */
import { randomInt } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { Verbs } from '../src/cards/verbs';
import { t } from '../src/i18n';
import { startStack, type RunningStack } from '../src/local/stack';
import type { AuditRecord, ResetRequest } from '../src/reset/model';
import { fromEntity } from '../src/storage/requestStore';
import { openAuditStorage } from '../src/storage/tables';
import { cardAction, conversationIdFor, message } from '../tests/support/activities';
import { postActivity, type BotAnswer } from '../tests/support/botClient';
import { cardOf, startConnector, type RecordingConnector } from '../tests/support/connector';
import { tenantAdmin, type LoggedRequest, type TenantAdmin } from '../tests/support/tenantAdmin';
import { ensureBuilt } from './build';
import { isFinalUpdate } from './relCards';
import { readRelSettings, relUsage, type RelSettings } from './relSettings';
import { runWithScratch, type Scratch } from './scratch';
import { writeLargeSeed, type SeedPerson } from './seed';
import { quantile } from './stats';

const read = readRelSettings(process.env);
const WANTS_HELP = process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h');
const SETTINGS: RelSettings = 'settings' in read ? read.settings : ({} as RelSettings);
const ADMINS = SETTINGS.admins;
const RESETS_PER_ADMIN = SETTINGS.resetsPerAdmin;
const STORM_MS = SETTINGS.stormMs;
const DUPLICATE_REQUESTS = SETTINGS.duplicates;
const DUPLICATE_SPREAD_MS = SETTINGS.spreadMs;
/** Phase 1 starts no new reset after this long (the count is reported, so a slow system shows as such). */
const LOAD_BUDGET_MS = SETTINGS.loadBudgetMs;
/** The whole run never takes longer than this. */
const HARD_LIMIT_MS = SETTINGS.hardLimitMs;
/** The goal for every phase's p95 invoke acknowledgement. */
const ACK_P95_GOAL_MS = 1_000;
const FINAL_CARD_TIMEOUT_MS = 180_000;
const GRAPH = '^/v1\\.0/';

interface Phase {
  readonly name: string;
  readonly forms: Form[];
  readonly acks: number[];
  readonly confirmations: number[];
  deliveries: number;
  httpErrors: number;
  /** A message that did not come back with a form (e.g. lookups throttled): the admin got a refusal card. */
  formsRefused: number;
  errorCards: number;
  untold: number;
  startSeq: number;
  endSeq: number;
  wallMs: number;
}

interface Form {
  readonly requester: SeedPerson;
  readonly target: SeedPerson;
  readonly conversationId: string;
  readonly cardId: string;
  readonly inputs: Record<string, string>;
  readonly requestId: string;
}

class Run {
  readonly log: LoggedRequest[] = [];
  private lastSeq = 0;
  readonly started = Date.now();
  constructor(
    readonly stack: RunningStack,
    readonly bots: string[],
    readonly connector: RecordingConnector,
    readonly admin: TenantAdmin,
    readonly tenantId: string,
  ) {}

  private readonly seen = new Set<number>();

  /**
   * The tenant keeps only its last 10,000 requests: collect them as they come. An entry is logged when its
   * answer is sent, so a slow request shows up after faster ones with higher numbers: look back a window.
   */
  async pollLog(): Promise<number> {
    const fresh = await this.admin.requests(Math.max(0, this.lastSeq - 3_000));
    for (const entry of fresh) {
      if (this.seen.has(entry.seq)) continue;
      this.seen.add(entry.seq);
      this.log.push(entry);
    }
    this.lastSeq = this.log.reduce((max, r) => Math.max(max, r.seq), this.lastSeq);
    return this.lastSeq;
  }

  bot(): string {
    return this.bots[randomInt(this.bots.length)];
  }

  timeLeft(): number {
    return HARD_LIMIT_MS - (Date.now() - this.started);
  }
}

async function openForm(run: Run, requester: SeedPerson, target: SeedPerson): Promise<Form | null> {
  const conversationId = conversationIdFor('personal');
  const before = run.connector.mark();
  const answer = await postActivity(
    run.bot(),
    message(`reset password for ${target.upn}`, {
      user: { aadObjectId: requester.id, name: requester.displayName },
      tenantId: run.tenantId,
      serviceUrl: run.connector.url,
      conversationId,
    }),
    120_000,
  ).catch(() => null);
  if (!answer || answer.status !== 200) return null;
  for (const call of run.connector.callsSince(before)) {
    if (call.conversationId !== conversationId || (call.kind !== 'reply' && call.kind !== 'send')) continue;
    const card = cardOf(call.body);
    const text = JSON.stringify(card ?? {});
    const requestId = /"requestId":"([A-Za-z0-9_-]+)"/.exec(text)?.[1];
    if (!card || !text.includes(Verbs.submit) || !requestId) continue;
    return { requester, target, conversationId, cardId: call.resultId, inputs: inputsOf(card), requestId };
  }
  return null;
}

function inputsOf(card: unknown): Record<string, string> {
  const inputs: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (
      typeof record.type === 'string' &&
      record.type.startsWith('Input.') &&
      typeof record.id === 'string'
    ) {
      inputs[record.id] = record.value === undefined ? '' : String(record.value);
    }
    Object.values(record).forEach(walk);
  };
  walk(card);
  return inputs;
}

function submitActivity(run: Run, form: Form) {
  return cardAction(Verbs.submit, {
    user: { aadObjectId: form.requester.id, name: form.requester.displayName },
    tenantId: run.tenantId,
    serviceUrl: run.connector.url,
    conversationId: form.conversationId,
    replyToId: form.cardId,
    requestId: form.requestId,
    inputs: form.inputs,
  });
}

const errorTitle = t('en', 'error.title');

/** Delivers a submit once; records acknowledgement time and what came back. */
async function deliverSubmit(run: Run, phase: Phase, activity: object): Promise<BotAnswer | null> {
  const started = Date.now();
  phase.deliveries += 1;
  const answer = await postActivity(run.bot(), activity, 120_000).catch(() => null);
  phase.acks.push(Date.now() - started);
  if (!answer || answer.status !== 200) {
    phase.httpErrors += 1;
    return answer;
  }
  const body = answer.body as { statusCode?: number; type?: string; value?: unknown } | null;
  if (body?.statusCode !== 200 || body.type !== 'application/vnd.microsoft.card.adaptive')
    phase.httpErrors += 1;
  else if (JSON.stringify(body.value).includes(errorTitle)) phase.errorCards += 1;
  return answer;
}

/** One reset, as an admin does it: form, submit, wait for the confirmation. */
async function oneReset(run: Run, phase: Phase, requester: SeedPerson, target: SeedPerson): Promise<void> {
  const form = await openForm(run, requester, target);
  if (!form) {
    phase.formsRefused += 1;
    return;
  }
  phase.forms.push(form);
  const mark = run.connector.mark();
  const sent = Date.now();
  await deliverSubmit(run, phase, submitActivity(run, form));
  try {
    await run.connector.waitFor(
      (c) => isFinalUpdate(c, form.cardId),
      Math.min(FINAL_CARD_TIMEOUT_MS, run.timeLeft()),
      mark,
    );
    phase.confirmations.push(Date.now() - sent);
  } catch {
    phase.untold += 1;
  }
}

function newPhase(name: string, startSeq: number): Phase {
  phaseStarted.set(name, Date.now());
  return {
    name,
    forms: [],
    acks: [],
    confirmations: [],
    deliveries: 0,
    httpErrors: 0,
    formsRefused: 0,
    errorCards: 0,
    untold: 0,
    startSeq,
    endSeq: startSeq,
    wallMs: 0,
  };
}

async function loadPhase(
  run: Run,
  admins: readonly SeedPerson[],
  users: readonly SeedPerson[],
  name: string,
  until: (done: number) => boolean,
): Promise<Phase> {
  const phase = newPhase(name, await run.pollLog());
  let next = 0;
  await Promise.all(
    admins.map(async (admin) => {
      let done = 0;
      while (!until(done) && next < users.length && run.timeLeft() > 15 * 60_000) {
        await oneReset(run, phase, admin, users[next++]);
        done += 1;
      }
    }),
  );
  phase.endSeq = await run.pollLog();
  phase.wallMs = Date.now() - (phaseStarted.get(phase.name) ?? Date.now());
  console.log(`  ${phase.name}: ${phase.forms.length} requests in ${Math.round(phase.wallMs / 1000)} s`);
  return phase;
}

async function duplicatePhase(
  run: Run,
  admins: readonly SeedPerson[],
  users: readonly SeedPerson[],
): Promise<Phase> {
  const phase = newPhase('duplicates', await run.pollLog());
  let next = 0;
  await Promise.all(
    Array.from({ length: 25 }, async () => {
      while (next < Math.min(DUPLICATE_REQUESTS, users.length) && run.timeLeft() > 8 * 60_000) {
        const index = next++;
        const form = await openForm(run, admins[index % admins.length], users[index]);
        if (form) phase.forms.push(form);
        else phase.formsRefused += 1;
      }
    }),
  );
  const mark = run.connector.mark();
  const firstSent = new Map<string, number>();
  await Promise.all(
    phase.forms.map(async (form) => {
      const activity = submitActivity(run, form);
      const copies = 2 + randomInt(9);
      // Requests start over the first half of the spread; their copies up to 30 s apart.
      const start = randomInt(DUPLICATE_SPREAD_MS / 2);
      await Promise.all(
        Array.from({ length: copies }, async (_, i) => {
          await sleep(i === 0 ? start : start + randomInt(DUPLICATE_SPREAD_MS + 1));
          if (!firstSent.has(form.requestId)) firstSent.set(form.requestId, Date.now());
          await deliverSubmit(run, phase, activity);
        }),
      );
    }),
  );
  await Promise.all(
    phase.forms.map(async (form) => {
      try {
        const update = await run.connector.waitFor(
          (c) => isFinalUpdate(c, form.cardId),
          Math.min(FINAL_CARD_TIMEOUT_MS, run.timeLeft()),
          mark,
        );
        // From the first copy sent to the card update (the connector's own timestamp).
        phase.confirmations.push(update.at - (firstSent.get(form.requestId) ?? update.at));
      } catch {
        phase.untold += 1;
      }
    }),
  );
  phase.endSeq = await run.pollLog();
  phase.wallMs = Date.now() - (phaseStarted.get(phase.name) ?? Date.now());
  console.log(`  ${phase.name}: ${phase.forms.length} requests in ${Math.round(phase.wallMs / 1000)} s`);
  return phase;
}

const phaseStarted = new Map<string, number>();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** 50–300 ms on every Graph call (stacked latencies by fraction) and 5 % faults. */
async function addLoadFaults(admin: TenantAdmin): Promise<void> {
  await admin.addFault({ path: GRAPH, kind: 'latency', latencyMs: 50 });
  await admin.addFault({ path: GRAPH, kind: 'latency', latencyMs: 50, fraction: 0.6 });
  await admin.addFault({ path: GRAPH, kind: 'latency', latencyMs: 100, fraction: 0.4 });
  await admin.addFault({ path: GRAPH, kind: 'latency', latencyMs: 50, fraction: 0.2 });
  await admin.addFault({ path: GRAPH, kind: 'status', status: 429, retryAfterSeconds: 1, fraction: 0.02 });
  await admin.addFault({ path: GRAPH, kind: 'status', status: 503, fraction: 0.01 });
  await admin.addFault({ path: GRAPH, kind: 'status', status: 504, fraction: 0.01 });
  // A fraction applies to what the faults above let through, so 1 % more of the rest.
  await admin.addFault({ path: GRAPH, kind: 'drop', fraction: 0.0105 });
}

/** A quantile of times (nearest rank) for the table. */
function quantileText(values: readonly number[], q: number): string {
  return values.length === 0 ? '-' : `${quantile(values, q)} ms`;
}

interface Figures {
  requests: number;
  resets: number;
  mails: number;
  duplicateResets: number;
  duplicateMails: number;
  lostAudit: number;
  resetFailed: number;
  mailUnknown: number;
  unfinished: number;
}

/** Counts from the tenant's log, the outbox, the stored requests and the audit trail. */
function figures(
  phase: Phase,
  run: Run,
  requests: Map<string, ResetRequest>,
  audit: AuditRecord[],
  outboxSubjects: Map<string, number>,
): Figures {
  const slice = run.log.filter((r) => r.seq > phase.startSeq && r.seq <= phase.endSeq);
  const patchesOk = new Map<string, number>();
  for (const r of slice) {
    if (r.method === 'PATCH' && /^\/v1\.0\/users\/[^/]+$/.test(r.path) && r.status >= 200 && r.status < 300) {
      const key = r.path.split('/').pop()!.toLowerCase();
      patchesOk.set(key, (patchesOk.get(key) ?? 0) + 1);
    }
  }
  const f: Figures = {
    requests: phase.forms.length,
    resets: 0,
    mails: 0,
    duplicateResets: 0,
    duplicateMails: 0,
    lostAudit: 0,
    resetFailed: 0,
    mailUnknown: 0,
    unfinished: 0,
  };
  const auditBy = new Map<string, Set<string>>();
  for (const record of audit) {
    const set = auditBy.get(record.requestId) ?? new Set<string>();
    set.add(record.action);
    auditBy.set(record.requestId, set);
  }
  for (const form of phase.forms) {
    const patches = patchesOk.get(form.target.id) ?? 0;
    // Several successful PATCHes of one target with the same password are a duplicate reset all the same.
    if (patches > 0) f.resets += 1;
    if (patches > 1) f.duplicateResets += patches - 1;
    const mails = outboxSubjects.get(t('en', 'mail.link.subject', { name: form.target.displayName })) ?? 0;
    f.mails += Math.min(mails, 1);
    if (mails > 1) f.duplicateMails += mails - 1;
    const stored = requests.get(form.requestId);
    const target = stored?.targets[0];
    if (!stored || stored.state === 'claimed' || !target || ['pending', 'running'].includes(target.state))
      f.unfinished += 1;
    if (target?.state === 'reset-failed') f.resetFailed += 1;
    if (target?.state === 'mail-unknown') f.mailUnknown += 1;
    // Every effect Graph saw must have its record: a reset needs 'reset', a mail 'mail-accepted' or 'mail-unknown'.
    const actions = auditBy.get(form.requestId) ?? new Set<string>();
    if (patches > 0 && !actions.has('reset')) f.lostAudit += 1;
    if (mails > 0 && !actions.has('mail-accepted') && !actions.has('mail-unknown')) f.lostAudit += 1;
    if (stored && stored.state !== 'open' && !actions.has('submitted')) f.lostAudit += 1;
  }
  return f;
}

async function readRequests(connectionString: string): Promise<Map<string, ResetRequest>> {
  const client = TableClient.fromConnectionString(connectionString, 'pwresetRequests', {
    allowInsecureConnection: true,
  });
  const found = new Map<string, ResetRequest>();
  for await (const entity of client.listEntities<Record<string, unknown>>({
    queryOptions: { filter: "RowKey eq 'request'" },
  })) {
    const request = fromEntity(entity);
    found.set(request.id, request);
  }
  return found;
}

/** Every record of the given requests (their own chains), through the audit log. */
async function readAudit(connectionString: string, requestIds: readonly string[]): Promise<AuditRecord[]> {
  const { audit } = openAuditStorage(connectionString, 'pwreset');
  const records: AuditRecord[] = [];
  for (let i = 0; i < requestIds.length; i += 20) {
    const slice = await Promise.all(requestIds.slice(i, i + 20).map((id) => audit.history(id)));
    records.push(...slice.flat());
  }
  return records;
}

/** Peak resident memory (VmHWM) of every process this script started, by command. */
function peakRss(): { name: string; pid: number; peakMb: number }[] {
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const out: { name: string; pid: number; peakMb: number }[] = [];
  const visit = (pid: number): void => {
    for (const child of children(pid)) {
      try {
        const cmd = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' ');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child}/status`, 'utf8'))?.[1];
        // The tsx CLI wrappers are tiny; report the processes doing the work.
        if (hwm && !/node_modules\/\.bin\/tsx /.test(cmd))
          out.push({ name: nameOf(cmd), pid: child, peakMb: Math.round(Number(hwm) / 1024) });
      } catch {
        // gone
      }
      visit(child);
    }
  };
  visit(process.pid);
  const self = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  out.push({
    name: 'driver (this script, connector)',
    pid: process.pid,
    peakMb: Math.round(Number(self) / 1024),
  });
  return out;
}

function nameOf(cmd: string): string {
  if (cmd.includes('src/local/tenant/main.ts')) return 'local tenant';
  if (cmd.includes('src/index.ts') || cmd.includes('dist/src/index.js')) return 'bot';
  if (cmd.includes('azurite')) return 'azurite';
  return cmd.slice(0, 40);
}

async function reliabilityRun(scratch: Scratch): Promise<number> {
  const dataDir = scratch.dir;
  if (ensureBuilt()) console.log('built dist/ (npm run build): the bots run as production runs them');
  const users = ADMINS * RESETS_PER_ADMIN * 2 + DUPLICATE_REQUESTS;
  const seed = writeLargeSeed(path.join(dataDir, 'seed.json'), { users, admins: ADMINS });
  console.log(
    `reliability: ${ADMINS} admins × ${RESETS_PER_ADMIN} resets, ${STORM_MS / 1000} s 429 storm, ${DUPLICATE_REQUESTS} duplicated submits; data in ${dataDir}`,
  );
  const connector = await startConnector();
  scratch.onClose('connector', () => connector.stop());
  const stack = await startStack({
    dataDir,
    output: 'files',
    seed: seed.file,
    botBuild: 'compiled',
    botEnv: { RATE_LIMIT_REQUESTER_PER_HOUR: '1000', RATE_LIMIT_TARGET_PER_DAY: '1000', LOG_LEVEL: 'warn' },
  });
  scratch.onClose('local stack', () => stack.stop());
  const hardStop = setTimeout(() => {
    console.error('reliability: hard time limit reached; stopping');
    void scratch.close().finally(() => process.exit(3));
  }, HARD_LIMIT_MS + 120_000);
  hardStop.unref();
  const extra = await stack.startExtraBot();
  const admin = tenantAdmin(stack.tenantUrl, stack.caPath);
  const run = new Run(stack, [stack.botUrl, extra.url], connector, admin, stack.tenantId);
  const poller = setInterval(() => void run.pollLog().catch(() => undefined), 2_000);
  const phases: Phase[] = [];
  const userPool = [...seed.users];
  const take = (n: number): SeedPerson[] => userPool.splice(0, n);

  await addLoadFaults(admin);
  console.log('phase 1: load with latency and 5 % faults');
  const loadEnds = Date.now() + LOAD_BUDGET_MS;
  phases.push(
    await loadPhase(
      run,
      seed.admins,
      take(ADMINS * RESETS_PER_ADMIN),
      'load',
      (done) => done >= RESETS_PER_ADMIN || Date.now() >= loadEnds,
    ),
  );
  await admin.clearFaults();

  console.log('phase 2: 429 storm');
  await admin.addFault({ path: GRAPH, kind: 'status', status: 429, retryAfterSeconds: 2, fraction: 0.5 });
  const stormEnds = Date.now() + STORM_MS;
  const stormClear = setTimeout(() => void admin.clearFaults(), STORM_MS);
  phases.push(
    await loadPhase(
      run,
      seed.admins,
      take(ADMINS * RESETS_PER_ADMIN),
      '429 storm',
      () => Date.now() >= stormEnds,
    ),
  );
  clearTimeout(stormClear);
  await admin.clearFaults();

  console.log('phase 3: duplicate delivery across two instances');
  phases.push(await duplicatePhase(run, seed.admins, take(DUPLICATE_REQUESTS)));
  clearInterval(poller);
  await sleep(2_000);
  await run.pollLog();

  const requests = await readRequests(stack.storageConnectionString);
  const audit = await readAudit(
    stack.storageConnectionString,
    phases.flatMap((phase) => phase.forms.map((form) => form.requestId)),
  );
  const outboxSubjects = new Map<string, number>();
  for (const mail of await admin.outbox())
    outboxSubjects.set(mail.subject, (outboxSubjects.get(mail.subject) ?? 0) + 1);
  const chain = await openAuditStorage(stack.storageConnectionString, 'pwreset').audit.verify();
  const botErrors = readdirSync(dataDir)
    .filter((name) => /^bot.*\.log$/.test(name))
    .reduce(
      (sum, name) =>
        sum +
        readFileSync(path.join(dataDir, name), 'utf8')
          .split('\n')
          .filter((l) => /"level":"(error|fatal)"/.test(l)).length,
      0,
    );
  const rss = peakRss();

  const rows: [string, ...string[]][] = [['', ...phases.map((p) => p.name)]];
  const all = phases.map((p) => ({ p, f: figures(p, run, requests, audit, outboxSubjects) }));
  const row = (label: string, cell: (x: (typeof all)[number]) => string | number): void =>
    void rows.push([label, ...all.map((x) => String(cell(x)))]);
  row('wall time', (x) => `${Math.round(x.p.wallMs / 1000)} s`);
  row('requests', (x) => x.f.requests);
  row('submit deliveries', (x) => x.p.deliveries);
  row('resets (targets PATCHed)', (x) => x.f.resets);
  row('password mails', (x) => x.f.mails);
  row('duplicate resets', (x) => x.f.duplicateResets);
  row('duplicate mails', (x) => x.f.duplicateMails);
  row('lost audit records', (x) => x.f.lostAudit);
  row('reset failed (told)', (x) => x.f.resetFailed);
  row('mail may not have gone (told)', (x) => x.f.mailUnknown);
  row('left unfinished', (x) => x.f.unfinished);
  row('no final card (untold)', (x) => x.p.untold);
  row('forms refused (lookups failed)', (x) => x.p.formsRefused);
  row('HTTP errors / malformed answers', (x) => x.p.httpErrors);
  row('error cards answered', (x) => x.p.errorCards);
  row('p50 invoke acknowledgement', (x) => quantileText(x.p.acks, 0.5));
  row('p95 invoke acknowledgement', (x) => quantileText(x.p.acks, 0.95));
  row('p50 time to confirmation', (x) => quantileText(x.p.confirmations, 0.5));
  row('p95 time to confirmation', (x) => quantileText(x.p.confirmations, 0.95));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('');
  for (const r of rows) console.log(`| ${r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`);
  console.log('');
  console.log(`unhandled errors (bot log lines at level error/fatal, both instances): ${botErrors}`);
  console.log(
    `audit chain: ${chain.ok ? `OK, ${chain.checked} records in ${chain.requests} requests` : `BROKEN: ${chain.problems.slice(0, 5).join('; ')}`}`,
  );
  console.log(
    `Graph requests logged by the tenant: ${run.log.length}; wall time ${Math.round((Date.now() - run.started) / 1000)} s`,
  );
  console.log('peak RSS (VmHWM):');
  for (const p of rss) console.log(`  ${p.name.padEnd(32)} pid ${String(p.pid).padEnd(8)} ${p.peakMb} MB`);
  const verdicts = all.map((x) => ({ phase: x.p.name, misses: missedGoals(x.p, x.f) }));
  console.log('');
  for (const v of verdicts)
    console.log(
      `${v.phase}: ${v.misses.length === 0 ? 'goals met' : `goals missed: ${v.misses.join('; ')}`}`,
    );
  clearTimeout(hardStop);
  return verdicts.every((v) => v.misses.length === 0) ? 0 : 1;
}

/**
 * What a phase missed of its goals: no duplicate reset or mail, no lost audit record, every request in a
 * told final state, p95 invoke acknowledgement within {@link ACK_P95_GOAL_MS}.
 */
function missedGoals(phase: Phase, f: Figures): string[] {
  const misses: string[] = [];
  if (f.duplicateResets > 0) misses.push(`${f.duplicateResets} duplicate resets`);
  if (f.duplicateMails > 0) misses.push(`${f.duplicateMails} duplicate mails`);
  if (f.lostAudit > 0) misses.push(`${f.lostAudit} lost audit records`);
  if (phase.untold > 0) misses.push(`${phase.untold} requests untold`);
  if (f.unfinished > 0) misses.push(`${f.unfinished} requests left unfinished`);
  const p95 = quantile(phase.acks, 0.95);
  if (p95 > ACK_P95_GOAL_MS) misses.push(`p95 invoke acknowledgement ${p95} ms > ${ACK_P95_GOAL_MS} ms`);
  return misses;
}

function main(): void {
  if (WANTS_HELP) {
    console.log(relUsage());
    return;
  }
  if ('problems' in read) {
    console.error(`${read.problems.join('\n')}\n\n${relUsage()}`);
    process.exit(2);
  }
  runWithScratch('pwreset-reliability-', reliabilityRun, { label: 'reliability', keep: SETTINGS.keep });
}

main();
