/**
 * Test helpers: a real Azurite Table service in a temporary folder (one per test file), and table
 * prefixes unique per test so tests never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAzurite } from '../../src/local/azurite';

/** A running test Azurite; `stop` also removes its data folder. */
export interface TestAzurite {
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts Azurite on a free loopback port with its data in a fresh temporary folder. */
export async function startTestAzurite(): Promise<TestAzurite> {
  const location = await mkdtemp(path.join(os.tmpdir(), 'azurite-test-'));
  try {
    const running = await startAzurite({ location, port: 0, silent: true });
    return {
      connectionString: running.connectionString,
      port: running.port,
      stop: async () => {
        await running.stop();
        await rm(location, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(location, { recursive: true, force: true });
    throw error;
  }
}

/** A valid, unique table-name prefix (starts with a letter, alphanumeric). */
export function uniqueTablePrefix(base = 't'): string {
  return `${base}${randomBytes(5).toString('hex')}`;
}
