/**
 * The reliability tier's environment: one real stack (local tenant with a larger generated seed, Azurite,
 * one or two bot processes), the recording connector behind a holding proxy, and the drivers and checks
 * every reliability test shares: open a form, deliver a submit (as often as Teams might), wait for the
 * final card, read a mailed password back through its link, kill a bot for real, read the stored requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { writeLargeSeed, type GeneratedSeed, type SeedPerson } from '../../bench/seed';
import { Verbs } from '../../src/cards/verbs';
import { t } from '../../src/i18n';
import { packageBin } from '../../src/local/packageBin';
import { startStack, type ExtraBot, type RunningStack } from '../../src/local/stack';
import type { ResetRequest } from '../../src/reset/model';
import { fromEntity } from '../../src/storage/requestStore';
import { passwordPage } from '../../src/web/linkPages';
import { cardAction, conversationIdFor, message, type ActivityJson } from '../support/activities';
import { fetchPage, postActivity, type BotAnswer } from '../support/botClient';
import { canaryScan, type CanaryReport } from '../support/canary';
import { cardOf, startConnector, type AdaptiveCardJson, type RecordingConnector } from '../support/connector';
import { tenantAdmin, type OutboxMessage, type TenantAdmin } from '../support/tenantAdmin';
import { cardActions, cardInputs, cardText, extractByTemplate, requestIdOf } from '../integration/harness';
import { startHoldingProxy, type HoldingProxy } from './holdingProxy';

const ROOT = path.resolve(__dirname, '..', '..');

/** Limits high enough that the runs measure reliability, not the rate limiter. */
export const GENEROUS_LIMITS = {
  RATE_LIMIT_REQUESTER_PER_HOUR: '1000',
  RATE_LIMIT_TARGET_PER_DAY: '1000',
  // The fault tests stall Graph past one call's timeout: 10 s keeps them short.
  GRAPH_TIMEOUT_SECONDS: '10',
} as const;

/** A running reliability environment. */
export interface RelEnv {
  readonly stack: RunningStack;
  readonly connector: RecordingConnector;
  readonly proxy: HoldingProxy;
  readonly admin: TenantAdmin;
  readonly seed: GeneratedSeed;
  readonly tenantId: string;
  /** Bot base URLs: the stack's bot first, then extra instances. */
  readonly bots: string[];
  readonly extras: ExtraBot[];
  /** Raw text of every answer a bot gave (for the secret scan). */
  readonly answers: string[];
  stop(): Promise<void>;
}

/** Starts everything; `extraBots` more bot processes share the tenant and Azurite. */
export async function startReliability(options: {
  users: number;
  admins: number;
  botEnv?: Record<string, string>;
  extraBots?: number;
}): Promise<RelEnv> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pwreset-rel-'));
  const seed = writeLargeSeed(path.join(dataDir, 'seed.json'), {
    users: options.users,
    admins: options.admins,
  });
  const connector = await startConnector();
  const proxy = await startHoldingProxy(connector.url);
  let stack: RunningStack;
  try {
    stack = await startStack({
      dataDir,
      output: 'files',
      seed: seed.file,
      botEnv: { ...GENEROUS_LIMITS, ...options.botEnv },
    });
  } catch (error) {
    await proxy.stop();
    await connector.stop();
    throw new Error(
      `${(error as Error).message}\n${tail(dataDir, 'bot.log')}\n${tail(dataDir, 'tenant.log')}`,
    );
  }
  const extras: ExtraBot[] = [];
  for (let i = 0; i < (options.extraBots ?? 0); i++) extras.push(await stack.startExtraBot());
  return {
    stack,
    connector,
    proxy,
    admin: tenantAdmin(stack.tenantUrl, stack.caPath),
    seed,
    tenantId: stack.tenantId,
    bots: [stack.botUrl, ...extras.map((e) => e.url)],
    extras,
    answers: [],
    async stop() {
      proxy.releaseAll();
      await stack.stop();
      await proxy.stop();
      await connector.stop();
      // REL_KEEP=1 keeps the logs and Azurite data of a run for a post-mortem.
      if (process.env.REL_KEEP === '1') console.log(`reliability data kept in ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The last lines of a log in the data folder (for failure messages). */
export function tail(dataDir: string, name: string, chars = 3000): string {
  try {
    return `--- ${name}\n${readFileSync(path.join(dataDir, name), 'utf8').slice(-chars)}`;
  } catch {
    return '';
  }
}

/** A person as Teams names them in activities. */
export function teamsUser(person: SeedPerson): { aadObjectId: string; name: string } {
  return { aadObjectId: person.id, name: person.displayName };
}

/** A form the bot posted. */
export interface Form {
  readonly requester: SeedPerson;
  readonly target: SeedPerson;
  readonly conversationId: string;
  readonly cardId: string;
  readonly card: AdaptiveCardJson;
  readonly requestId: string;
}

/** Asks `botUrl` for a reset of `target` in a fresh personal chat; returns the form. */
export async function openForm(
  env: RelEnv,
  botUrl: string,
  requester: SeedPerson,
  target: SeedPerson,
): Promise<Form> {
  const conversationId = conversationIdFor('personal');
  const before = env.connector.mark();
  const answer = await postActivity(
    botUrl,
    message(`reset password for ${target.upn}`, {
      user: teamsUser(requester),
      tenantId: env.tenantId,
      serviceUrl: env.proxy.url,
      conversationId,
    }),
    60_000,
  );
  env.answers.push(answer.raw);
  if (answer.status !== 200)
    throw new Error(`the message was answered with HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
  const reply = env.connector
    .callsSince(before)
    .filter((c) => c.conversationId === conversationId && (c.kind === 'reply' || c.kind === 'send'))
    .map((c) => ({ id: c.resultId, card: cardOf(c.body) }))
    .find((r) => r.card && cardActions(r.card).some((a) => a.verb === Verbs.submit));
  if (!reply?.card) throw new Error(`no form for ${target.upn}`);
  const requestId = requestIdOf(reply.card);
  if (!requestId) throw new Error('the form carries no request id');
  return { requester, target, conversationId, cardId: reply.id, card: reply.card, requestId };
}

/** The submit activity for a form (one activity: Teams re-delivers the very same one). */
export function submitActivity(env: RelEnv, form: Form, inputs: Record<string, string> = {}): ActivityJson {
  return cardAction(Verbs.submit, {
    user: teamsUser(form.requester),
    tenantId: env.tenantId,
    serviceUrl: env.proxy.url,
    conversationId: form.conversationId,
    replyToId: form.cardId,
    requestId: form.requestId,
    inputs: { ...cardInputs(form.card), ...inputs },
  });
}

/** A card action on a request (resend, refresh) as the requester. */
export function actionActivity(env: RelEnv, form: Form, verb: string): ActivityJson {
  return cardAction(verb, {
    user: teamsUser(form.requester),
    tenantId: env.tenantId,
    serviceUrl: env.proxy.url,
    conversationId: form.conversationId,
    replyToId: form.cardId,
    requestId: form.requestId,
  });
}

/** Delivers an activity to a bot and records the raw answer. */
export async function deliver(
  env: RelEnv,
  botUrl: string,
  activity: object,
  timeoutMs = 60_000,
): Promise<BotAnswer> {
  const answer = await postActivity(botUrl, activity, timeoutMs);
  env.answers.push(answer.raw);
  return answer;
}

/** The card of an invoke answer, or null when it is not a well-formed card answer. */
export function answerCard(answer: BotAnswer): AdaptiveCardJson | null {
  const body = answer.body as { statusCode?: number; type?: string; value?: unknown } | null;
  if (
    answer.status !== 200 ||
    !body ||
    body.statusCode !== 200 ||
    body.type !== 'application/vnd.microsoft.card.adaptive'
  )
    return null;
  return body.value as AdaptiveCardJson;
}

/** True for the final confirmation card (with or without problems). */
export function isConfirmation(card: AdaptiveCardJson | null): boolean {
  if (!card) return false;
  const text = cardText(card);
  return FINAL_HEADLINES.some((headline) => text.includes(t('en', headline)));
}

/** Every headline of a final card: reset, reset with problems, not reset (one or many), unknown. */
const FINAL_HEADLINES = [
  'confirm.title',
  'confirm.title.notReset',
  'confirm.title.notReset.many',
  'confirm.title.unknown',
] as const;

/** True for the "resetting…" card. */
export function isResetting(card: AdaptiveCardJson | null, target: SeedPerson): boolean {
  return Boolean(card) && cardText(card).includes(t('en', 'resetting.title', { names: target.displayName }));
}

/** Waits for the card update of a form that shows a final card (after connector seq `since`). */
export async function waitFinalCard(
  env: RelEnv,
  form: Form,
  since: number,
  timeoutMs = 30_000,
): Promise<AdaptiveCardJson> {
  const call = await env.connector.waitFor(
    (c) => c.kind === 'update' && c.activityId === form.cardId && isConfirmation(cardOf(c.body)),
    timeoutMs,
    since,
  );
  return cardOf(call.body)!;
}

/** Password mails (link mode) sent for a target, oldest first. */
export function linkMailsFor(outbox: readonly OutboxMessage[], target: SeedPerson): OutboxMessage[] {
  const subject = t('en', 'mail.link.subject', { name: target.displayName });
  return outbox.filter((m) => m.subject === subject).reverse();
}

/** Reveals the password behind a link mail (burns the link); null when the link no longer works. */
export async function revealLink(mail: OutboxMessage, target: SeedPerson): Promise<string | null> {
  const link = /https?:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9_~.%-]+/.exec(mail.body)?.[0];
  if (!link) throw new Error(`no link in the mail "${mail.subject}"`);
  const token = decodeURIComponent(link.split('/l/')[1]);
  const shown = await fetchPage(link, { method: 'POST', form: { token } });
  if (shown.status !== 200) return null;
  const marker = 'MARKER-7f3e9a1c';
  const template = passwordPage({
    locale: 'en',
    targetDisplayName: target.displayName,
    targetUpn: target.upn,
    password: marker,
    forceChange: true,
  });
  return extractByTemplate(shown.text, template, marker);
}

/** Every stored request (read straight from Azurite, through the store's own reading of a row). */
export async function storedRequests(env: RelEnv): Promise<ResetRequest[]> {
  const client = TableClient.fromConnectionString(env.stack.storageConnectionString, 'pwresetRequests', {
    allowInsecureConnection: true,
  });
  const found: ResetRequest[] = [];
  for await (const entity of client.listEntities<Record<string, unknown>>({
    queryOptions: { filter: "RowKey eq 'request'" },
  })) {
    found.push(fromEntity(entity));
  }
  return found;
}

/** Target states that say a step was started or skipped but the outcome was never settled. */
export const IN_BETWEEN_TARGET_STATES: ReadonlySet<string> = new Set(['pending', 'running']);

/** Requests that are not final: not done/cancelled/open, or a target left between two steps. */
export function inBetween(requests: readonly ResetRequest[]): ResetRequest[] {
  return requests.filter(
    (r) =>
      r.state === 'claimed' ||
      (r.state === 'done' && r.targets.some((tg) => IN_BETWEEN_TARGET_STATES.has(tg.state))),
  );
}

/**
 * `kill -9` for real: the stack starts bots through the tsx CLI, which runs the bot as its child, so the
 * child is killed first (SIGKILL on the wrapper alone would leave the bot running as an orphan).
 */
export async function killHard(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  for (const grandchild of childrenOf(pid)) {
    for (const deeper of childrenOf(grandchild)) trySigkill(deeper);
    trySigkill(grandchild);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  trySigkill(pid);
  await exited;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function trySigkill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs `npm run audit:verify` (the CLI itself) against the stack's Azurite. */
export async function auditVerifyCli(env: RelEnv): Promise<{ code: number; output: string }> {
  const tsx = packageBin('tsx', 'tsx');
  const child = spawn(tsx.command, [...tsx.args, path.join(ROOT, 'scripts', 'audit-verify.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      STORAGE_CONNECTION_STRING: env.stack.storageConnectionString,
      STORAGE_TABLE_PREFIX: 'pwreset',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)));
  return { code, output };
}

/** Scans connector traffic, bot answers, bot logs and every table for the passwords. */
export async function scanForSecrets(env: RelEnv, passwords: readonly string[]): Promise<CanaryReport> {
  return canaryScan(passwords, {
    connectorBodies: env.connector.calls().map((c) => c.raw),
    botAnswers: env.answers,
    logDir: env.stack.dataDir,
    storageConnectionString: env.stack.storageConnectionString,
  });
}

/** Sleeps. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export { cardText, cardActions };
