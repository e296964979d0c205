/**
 * Starts the real Azurite Table service as a child process on loopback, for `npm start` and the tests.
 * Only the Table service is started: everything the bot stores fits in tables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { packageBin } from './packageBin';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Options of {@link startAzurite}. */
export interface AzuriteOptions {
  /** Data folder (created when missing), e.g. `.local/azurite`; state survives a restart there. */
  readonly location: string;
  /** Table port; 0 or undefined picks a free one. */
  readonly port?: number;
  /** When false, Azurite's access log goes to this process's stderr. */
  readonly silent?: boolean;
  /** How long to wait for the port to accept connections. */
  readonly startTimeoutMs?: number;
}

/** A running Azurite Table service. */
export interface RunningAzurite {
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** The connection string of the development account at a Table endpoint on loopback. */
export function azuriteConnectionString(port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `TableEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`
  );
}

/** Spawns `azurite-table` and resolves once its port accepts connections. */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  mkdirSync(options.location, { recursive: true });
  const fixedPort = options.port !== undefined && options.port !== 0;
  // A free port found by binding port 0 can be taken by someone else before Azurite binds it; retry once.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ? (options.port as number) : await findFreePort();
    try {
      return await launch(options, port);
    } catch (error) {
      if (fixedPort || attempt >= 2 || !(error instanceof PortInUseError)) throw error;
    }
  }
}

class PortInUseError extends Error {}

async function launch(options: AzuriteOptions, port: number): Promise<RunningAzurite> {
  const azuriteTable = packageBin('azurite', 'azurite-table');
  const args = [
    ...azuriteTable.args,
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(port),
    '--location',
    path.resolve(options.location),
    // Azurite 3.35 rejects the API version newer SDKs send unless told not to check.
    '--skipApiVersionCheck',
    '--loose',
    '--disableProductStyleUrl',
    '--disableTelemetry',
  ];
  // --silent only silences the access log; the start banner (used for readiness) is still printed.
  if (options.silent !== false) args.push('--silent');
  const child = spawn(azuriteTable.command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
    if (options.silent === false) process.stderr.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  try {
    await waitForPort(child, port, options.startTimeoutMs ?? 20_000, () => output);
  } catch (error) {
    await stopChild(child, () => output);
    throw error;
  }
  return {
    connectionString: azuriteConnectionString(port),
    port,
    stop: () => stopChild(child, () => output),
  };
}

/** Binds port 0 on loopback, reads the port the OS chose, and releases it. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(
  child: ChildProcess,
  port: number,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code: number | null): void => {
      const text = output();
      if (/EADDRINUSE/.test(text)) finish(new PortInUseError(`Azurite could not bind port ${port}`));
      else finish(new Error(`Azurite exited with code ${code} before listening: ${text.trim().slice(-500)}`));
    };
    child.once('exit', onExit);
    const probe = (): void => {
      if (settled) return;
      // The banner proves the port is Azurite's, not another process's that grabbed it first.
      if (!output().includes('successfully started')) {
        if (Date.now() > deadline) finish(new Error(`Azurite did not start within ${timeoutMs} ms`));
        else setTimeout(probe, 50);
        return;
      }
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        finish();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline)
          finish(new Error(`Azurite did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`));
        else setTimeout(probe, 100);
      });
    };
    probe();
  });
}

/**
 * SIGINT, which is the only signal on which Azurite closes its database and so flushes data to disk
 * (it autosaves only every 5 s); SIGKILL if it has not exited a few seconds later.
 */
function stopChild(child: ChildProcess, output: () => string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 8000);
    // After "successfully closed" the data is on disk; a lingering event loop must not delay callers.
    const poll = setInterval(() => {
      if (output().includes('successfully closed')) child.kill('SIGKILL');
    }, 50);
    child.once('exit', () => {
      clearTimeout(killer);
      clearInterval(poll);
      resolve();
    });
    child.kill('SIGINT');
  });
}
