/**
 * `npm test`: checks the Node it runs on, makes sure the local tenant's CA exists, then runs every mocha
 * test with the CA trusted through NODE_EXTRA_CA_CERTS (Node reads it only at startup, so mocha runs in
 * a child process, on this same Node). Extra arguments go to mocha (e.g.
 * `npm test -- 'tests/policy/**\/*.test.ts'`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { requireProjectNode } from '../src/local/runtime';
import { ensureCertificates } from '../src/local/tenant/certs';

async function main(): Promise<void> {
  requireProjectNode();
  console.log(`Tests run on Node ${process.version} (${process.execPath})`);
  const { caPath } = await ensureCertificates();
  const mocha = path.resolve(__dirname, '..', 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = process.argv.slice(2);
  const specs = args.some((arg) => !arg.startsWith('-')) ? [] : ['tests/**/*.test.ts'];
  const child = spawn(process.execPath, [mocha, ...specs, ...args], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
  });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
