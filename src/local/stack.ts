/**
 * The whole local stack as real processes: the local tenant, Azurite, the bot and (optionally) the
 * Microsoft 365 Agents Playground. Used by `npm start` and by the integration and end-to-end tests, so
 * both exercise exactly what a person runs. Never loaded in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startAzurite } from './azurite';
import { packageBin } from './packageBin';
import { ensureCertificates } from './tenant/certs';

const ROOT = path.resolve(__dirname, '..', '..');
// Children run as ONE node process with tsx's loader (not through the tsx CLI, which forks a second
// process that a SIGKILL of the first would orphan: crash tests must kill the real bot).
const NODE_WITH_TSX = [process.execPath, '--import', 'tsx'] as const;
/** Where `npm run build` puts the bot. */
const COMPILED_ENTRY = path.join(ROOT, 'dist/src/index.js');

/** How to start the stack. Ports 0 pick free ones. */
export interface StackOptions {
  readonly dataDir?: string;
  readonly tenantPort?: number;
  readonly azuritePort?: number;
  readonly botPort?: number;
  readonly playgroundPort?: number;
  readonly seed?: string;
  readonly playground?: boolean;
  /** Playground config (YAML) to use instead of the repository's .m365agentsplayground.yml. */
  readonly playgroundConfig?: string;
  /** Extra environment for the bot (e.g. PASSWORD_DELIVERY=inline). */
  readonly botEnv?: Readonly<Record<string, string>>;
  /**
   * 'source' (default): the bot from src/ through tsx's loader. 'compiled': from dist/ (`npm run build`
   * first) exactly as production starts it, for measurements of what production runs (memory above all).
   */
  readonly botBuild?: 'source' | 'compiled';
  /** Where child output goes: inherit (npm start) or a log file per process (tests). */
  readonly output?: 'inherit' | 'files';
  readonly onLine?: (processName: string, line: string) => void;
}

/** A running stack. */
export interface RunningStack {
  readonly tenantUrl: string;
  readonly tenantId: string;
  readonly caPath: string;
  readonly botUrl: string;
  readonly playgroundUrl: string | null;
  readonly storageConnectionString: string;
  readonly botEnv: Readonly<Record<string, string>>;
  readonly dataDir: string;
  /** Restarts the bot process (same environment), e.g. after a kill in a crash test. */
  restartBot(extraEnv?: Readonly<Record<string, string>>): Promise<void>;
  /** The bot's child process. */
  botProcess(): ChildProcess;
  /**
   * Starts one more bot process sharing this tenant and Azurite (several instances behind Azure Bot
   * Service); its own free port and PUBLIC_URL unless `extraEnv` says otherwise. Stopped by `stop()` too.
   */
  startExtraBot(extraEnv?: Readonly<Record<string, string>>): Promise<ExtraBot>;
  stop(): Promise<void>;
}

/** An additional bot instance started by {@link RunningStack.startExtraBot}. */
export interface ExtraBot {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts every part and resolves once each one answers. */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const dataDir = path.resolve(options.dataDir ?? path.join(ROOT, '.local'));
  mkdirSync(dataDir, { recursive: true });
  const children: ChildProcess[] = [];
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // One CA for the machine (.local/certs), the same one `npm test` trusts.
    const { caPath } = await ensureCertificates();
    const seedPath = path.resolve(options.seed ?? process.env.LOCAL_TENANT_FILE ?? defaultSeed());
    const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as LocalSeed;

    const tenant = await startChild(
      'tenant',
      [
        ...NODE_WITH_TSX.slice(1),
        path.join(ROOT, 'src/local/tenant/main.ts'),
        '--port',
        String(options.tenantPort ?? 0),
        '--seed',
        seedPath,
      ],
      {},
      'LOCAL_TENANT_READY',
      options,
      dataDir,
    );
    children.push(tenant.child);
    stops.push(() => stopChild(tenant.child));
    const tenantInfo = tenant.ready as { url: string; tenantId: string };

    const azurite = await startAzurite({
      location: path.join(dataDir, 'azurite'),
      port: options.azuritePort ?? 0,
      silent: true,
    });
    stops.push(() => azurite.stop());

    const app =
      seed.applications.find((a) => a.permissions?.includes('User-PasswordProfile.ReadWrite.All')) ??
      seed.applications[0];
    const sender =
      seed.users.find((u) => /^helpdesk@/i.test(u.userPrincipalName))?.userPrincipalName ??
      'helpdesk@contoso.com';
    const botPort =
      options.botPort === undefined || options.botPort === 0 ? await freePort() : options.botPort;
    const botEnv: Record<string, string> = {
      LOCAL_MODE: 'true',
      HOST: '127.0.0.1',
      PORT: String(botPort),
      TENANT_ID: tenantInfo.tenantId,
      GRAPH_ENDPOINT: tenantInfo.url,
      // Graph is served on loopback, but its tokens are for Graph's resource, as Entra issues them.
      GRAPH_SCOPE: 'https://graph.microsoft.com/.default',
      GRAPH_AUTH: 'client-secret',
      GRAPH_CLIENT_ID: app.clientId,
      GRAPH_CLIENT_SECRET: app.clientSecret,
      GRAPH_AUTHORITY_HOST: tenantInfo.url,
      MAIL_SENDER: sender,
      HELPDESK_CONTACT: sender,
      PASSWORD_DELIVERY: 'link',
      PUBLIC_URL: `http://127.0.0.1:${botPort}`,
      LINK_ENCRYPTION_KEYS: linkKey(dataDir),
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      NODE_EXTRA_CA_CERTS: caPath,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...options.botEnv,
    };
    const botArgs = botArgsFor(options);
    let bot = await startChild('bot', botArgs, botEnv, 'BOT_READY', options, dataDir);
    children.push(bot.child);
    const botUrl = (bot.ready as { url: string }).url;
    stops.push(() => stopChild(bot.child));

    let extraBots = 0;
    let playgroundUrl: string | null = null;
    if (options.playground) {
      const port =
        options.playgroundPort === undefined || options.playgroundPort === 0
          ? await freePort()
          : options.playgroundPort;
      const pg = await startPlayground(port, `${botUrl}/api/messages`, options, dataDir);
      stops.push(() => stopChild(pg));
      playgroundUrl = `http://127.0.0.1:${port}`;
    }

    return {
      tenantUrl: tenantInfo.url,
      tenantId: tenantInfo.tenantId,
      caPath,
      botUrl,
      playgroundUrl,
      storageConnectionString: azurite.connectionString,
      botEnv,
      dataDir,
      botProcess: () => bot.child,
      async restartBot(extraEnv = {}) {
        await stopChild(bot.child);
        bot = await startChild('bot', botArgs, { ...botEnv, ...extraEnv }, 'BOT_READY', options, dataDir);
      },
      async startExtraBot(extraEnv = {}) {
        extraBots += 1;
        const port = await freePort();
        const env = { ...botEnv, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...extraEnv };
        const extra = await startChild(`bot-${extraBots + 1}`, botArgs, env, 'BOT_READY', options, dataDir);
        stops.push(() => stopChild(extra.child));
        return {
          url: (extra.ready as { url: string }).url,
          process: extra.child,
          stop: () => stopChild(extra.child),
        };
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The part of a seed the stack reads. */
interface LocalSeed {
  applications: { clientId: string; clientSecret: string; permissions?: string[] }[];
  users: { userPrincipalName: string }[];
}

/**
 * The bot's command line after `node`: the source through tsx, or the compiled build started exactly as
 * `npm run start:prod` (App Service's startup command) starts it, its Node options included.
 */
function botArgsFor(options: StackOptions): readonly string[] {
  if (options.botBuild !== 'compiled') return [...NODE_WITH_TSX.slice(1), path.join(ROOT, 'src/index.ts')];
  if (!existsSync(COMPILED_ENTRY)) throw new Error('dist/ has no compiled bot: run npm run build first.');
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [node, ...args] = manifest.scripts['start:prod'].trim().split(/\s+/);
  if (node !== 'node') throw new Error('package.json start:prod must start with node');
  return args; // relative to the repository, where the bot runs
}

function defaultSeed(): string {
  return path.join(ROOT, 'src/local/tenant/seed/contoso.json');
}

/** A link-encryption key generated once per data folder (never committed). */
function linkKey(dataDir: string): string {
  const file = path.join(dataDir, 'link-key.txt');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** A free loopback port (bind to 0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Spawns `node args…` and resolves once it prints its ready line. */
async function startChild(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  readyMarker: string,
  options: StackOptions,
  dataDir: string,
): Promise<{ child: ChildProcess; ready: unknown }> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = options.output === 'files' ? path.join(dataDir, `${name}.log`) : null;
  return new Promise((resolve, reject) => {
    let settled = false;
    let buffer = '';
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 60 s`)), 60_000);
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      if (logFile) writeFileSync(logFile, text, { flag: 'a' });
      else if (options.output !== 'files') process.stdout.write(prefix(name, text));
      buffer += text;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        options.onLine?.(name, line);
        if (!settled && line.startsWith(`${readyMarker} `)) {
          settled = true;
          clearTimeout(timer);
          resolve({ child, ready: JSON.parse(line.slice(readyMarker.length + 1)) });
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (logFile) writeFileSync(logFile, chunk, { flag: 'a' });
      else process.stderr.write(prefix(name, chunk.toString('utf8')));
      options.onLine?.(name, chunk.toString('utf8'));
    });
    child.once('exit', (code) => fail(new Error(`${name} exited with code ${code} before it was ready`)));
  });
}

async function startPlayground(
  port: number,
  endpoint: string,
  options: StackOptions,
  dataDir: string,
): Promise<ChildProcess> {
  const playground = packageBin('@microsoft/m365agentsplayground', 'agentsplayground');
  const configPath = options.playgroundConfig ?? path.join(ROOT, '.m365agentsplayground.yml');
  // The Playground has no listen-address option and binds every interface; the preload keeps it on
  // loopback, and the connector URL it gives the bot says 127.0.0.1 to match.
  const preload = path.join(ROOT, 'src', 'local', 'loopbackOnly.cjs');
  const serviceUrl = `http://127.0.0.1:${port}/_connector`;
  const args = [
    '-p',
    String(port),
    '-e',
    endpoint,
    '-c',
    'msteams',
    '--service-url',
    serviceUrl,
    '--disable-telemetry',
  ];
  const child = spawn(playground.command, [...playground.args, ...args], {
    cwd: dataDir,
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(preload)}`.trim(),
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dataDir, 'playground.log'),
    },
    stdio: [
      'ignore',
      options.output === 'files' ? 'ignore' : 'inherit',
      options.output === 'files' ? 'ignore' : 'inherit',
    ],
  });
  await waitForPort(port, 60_000, child);
  return child;
}

async function waitForPort(port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`playground exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function prefix(name: string, text: string): string {
  return text
    .split('\n')
    .map((line, index, lines) => (index === lines.length - 1 && line === '' ? '' : `[${name}] ${line}`))
    .join('\n');
}
