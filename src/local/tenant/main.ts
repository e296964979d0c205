/**
 * `npm run start:tenant`: starts the local tenant on 127.0.0.1 over HTTPS and prints its URL, CA path
 * and one machine-readable LOCAL_TENANT_READY line. Options: --port N (0 = free), --seed FILE,
 * --host 127.0.0.1, --faults FILE (a JSON array of faults active from the start).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopback } from '../../config';
import { ensureCertificates } from './certs';
import { checkFault, type FaultSpec } from './faults';
import { DEFAULT_SEED_PATH } from './seed';
import { startServer } from './server';
import { TenantState } from './state';

interface Options {
  port: number;
  host: string;
  seed: string;
  faults: string | null;
}

const USAGE =
  'Usage: tsx src/local/tenant/main.ts [--port N] [--seed FILE] [--host 127.0.0.1] [--faults FILE]';

/** Reads the command line with node:util's parseArgs; an unknown option or a bad value throws a sentence. */
function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '5443' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: env.LOCAL_TENANT_FILE?.trim() || DEFAULT_SEED_PATH },
      faults: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) {
    throw new Error('--port must be a whole number from 0 to 65535.');
  }
  if (!isLoopback(values.host)) {
    throw new Error(
      `--host must be a loopback address: the local tenant has no real security (it is "${values.host}").`,
    );
  }
  return { port, host: values.host, seed: path.resolve(values.seed), faults: values.faults ?? null };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const certs = await ensureCertificates();
  const state = await TenantState.load(options.seed);
  if (options.faults) {
    const faults = JSON.parse(await readFile(options.faults, 'utf8')) as unknown;
    if (!Array.isArray(faults)) throw new Error(`${options.faults} must hold a JSON array of faults.`);
    for (const f of faults) {
      const problems = checkFault(f);
      if (problems.length > 0)
        throw new Error(`A fault in ${options.faults} is not valid: ${problems.join('; ')}`);
      state.faults.add(f as FaultSpec);
    }
  }
  const running = await startServer(state, certs, { host: options.host, port: options.port });
  const tenantId = state.directory.tenantId;
  process.stdout.write(
    `Local tenant "${state.directory.tenantName}" (${tenantId}) listening on ${running.url}\n` +
      `  Graph:     ${running.url}/v1.0\n` +
      `  Authority: ${running.url} (tenant ${tenantId})\n` +
      `  Outbox:    ${running.url}/outbox\n` +
      `  CA:        ${certs.caPath} (set NODE_EXTRA_CA_CERTS to it)\n` +
      `  Seed:      ${options.seed}\n`,
  );
  process.stdout.write(
    `LOCAL_TENANT_READY ${JSON.stringify({ url: running.url, caPath: certs.caPath, tenantId })}\n`,
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local tenant: ${(error as Error).message}\n`);
  process.exit(1);
});
