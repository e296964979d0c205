/**
 * `npm run audit:verify`: checks every request's hash chain, the audit index and the hours' seals, and
 * names what does not verify.
 * Flags: --connection-string, --prefix; fall back to STORAGE_CONNECTION_STRING / STORAGE_TABLE_PREFIX,
 * and then to the Azurite that `npm start` runs (127.0.0.1, LOCAL_AZURITE_PORT or 10002), saying so.
 * Exit codes: 0 chain intact, 1 chain broken, 2 could not check (usage or storage unavailable).
 */
import { parseArgs } from 'node:util';
import { azuriteConnectionString } from '../src/local/azurite';
import { openAuditStorage } from '../src/storage/tables';

/** Checks the chain and returns the exit code; output goes through `print`. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'connection-string': { type: 'string' },
      prefix: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    print('usage: npm run audit:verify -- [--connection-string CS] [--prefix PREFIX]');
    print('Without a connection string it checks the local Azurite of npm start.');
    return 0;
  }
  let connectionString = values['connection-string'] ?? env.STORAGE_CONNECTION_STRING?.trim() ?? '';
  const prefix = values.prefix ?? env.STORAGE_TABLE_PREFIX?.trim() ?? 'pwreset';
  if (!connectionString) {
    const port = Number(env.LOCAL_AZURITE_PORT?.trim() || LOCAL_AZURITE_PORT);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      print('audit chain NOT CHECKED: LOCAL_AZURITE_PORT is not a port number');
      return 2;
    }
    connectionString = azuriteConnectionString(port);
    print(
      `No --connection-string or STORAGE_CONNECTION_STRING: checking the local Azurite of npm start (127.0.0.1:${port}).`,
    );
  }
  const { audit } = openAuditStorage(connectionString, prefix);
  try {
    const result = await audit.verify();
    if (result.ok) {
      print(`audit chain OK: ${result.checked} records in ${result.requests} requests`);
      return 0;
    }
    print(`audit chain BROKEN: ${result.problems.length} problem(s)`);
    for (const problem of result.problems) print(`- ${problem}`);
    return 1;
  } catch (error) {
    const { code = 'ERROR', details } = error as { code?: string; details?: { status?: number } };
    print(
      details?.status === 404
        ? `audit chain NOT CHECKED: table ${prefix}Requests or ${prefix}AuditIndex does not exist (check --prefix)`
        : `audit chain NOT CHECKED: storage error ${code}`,
    );
    return 2;
  }
}

/** Where `npm start` puts Azurite unless LOCAL_AZURITE_PORT says otherwise (src/local/launcher.ts). */
const LOCAL_AZURITE_PORT = 10002;

if (require.main === module) {
  main(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`audit chain NOT CHECKED: ${(error as Error).message}`);
      process.exit(2);
    },
  );
}
