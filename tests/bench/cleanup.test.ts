/**
 * `npm run bench` and `npm run reliability` as a person runs them: `--help` prints usage and starts
 * nothing, and a run leaves nothing behind in the temporary directory, whether it ends by itself or is
 * stopped with Ctrl-C (SIGINT to its whole process group, as a terminal sends it). Each run gets a
 * temporary directory of its own (TMPDIR), so "nothing behind" is checked exactly; tsx's compile cache,
 * which is tsx's and outlives any run on purpose, is switched off for the runs (TSX_DISABLE_CACHE).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** How a script run ended. */
interface Ended {
  readonly code: number | null;
  readonly output: string;
  /** What was left in its temporary directory. */
  readonly left: string[];
  /** Processes still running that were started by the run (they carry its TMPDIR). */
  readonly survivors: number[];
}

/** Runs a bench script with a temporary directory of its own; sends SIGINT to it when `interruptAt` shows. */
async function runScript(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string>; interruptAt?: RegExp; timeoutMs?: number } = {},
): Promise<Ended> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pwreset-cleanup-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env, TMPDIR: tmp, TSX_DISABLE_CACHE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, like a job in a terminal: Ctrl-C reaches every process in it.
      detached: true,
    });
    let output = '';
    let interrupted = false;
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (options.interruptAt && !interrupted && options.interruptAt.test(output)) {
        interrupted = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        process.kill(-child.pid!, 'SIGKILL');
        reject(new Error(`${script} did not end in time:\n${output.slice(-3000)}`));
      }, options.timeoutMs ?? 120_000);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    if (options.interruptAt)
      assert.ok(interrupted, `never saw ${options.interruptAt}:\n${output.slice(-3000)}`);
    return { code, output, left: readdirSync(tmp), survivors: processesWith(`TMPDIR=${tmp}`) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Pids of this user's processes whose environment holds `entry`. */
function processesWith(entry: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(entry)) found.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

/** A reliability run small enough for a test. */
const SMOKE = {
  REL_ADMINS: '2',
  REL_RESETS: '1',
  REL_STORM_S: '1',
  REL_DUPLICATES: '2',
  REL_SPREAD_S: '1',
};

describe('bench: usage and clean-up of npm run bench and npm run reliability', function () {
  this.timeout(180_000);

  it('npm run reliability -- --help prints usage and every REL_ setting, and starts nothing', async () => {
    const ended = await runScript('bench/reliability.ts', ['--help'], { timeoutMs: 30_000 });
    assert.equal(ended.code, 0, ended.output);
    assert.match(ended.output, /^Usage: npm run reliability/);
    for (const name of [
      'REL_ADMINS',
      'REL_RESETS',
      'REL_STORM_S',
      'REL_DUPLICATES',
      'REL_SPREAD_S',
      'REL_LOAD_MIN',
      'REL_LIMIT_MIN',
      'REL_KEEP',
    ])
      assert.ok(ended.output.includes(name), `usage names ${name}`);
    assert.deepEqual(ended.left, []);
    assert.deepEqual(ended.survivors, []);
  });

  it('npm run reliability with a setting out of range says so, with the usage, and starts nothing', async () => {
    const ended = await runScript('bench/reliability.ts', [], {
      env: { REL_ADMINS: 'many' },
      timeoutMs: 30_000,
    });
    assert.equal(ended.code, 2);
    assert.match(ended.output, /REL_ADMINS must be a whole number/);
    assert.deepEqual(ended.left, []);
  });

  it('npm run bench -- --help prints usage and starts nothing', async () => {
    const ended = await runScript('bench/run.ts', ['--help'], { timeoutMs: 30_000 });
    assert.equal(ended.code, 0, ended.output);
    assert.match(ended.output, /^Usage: npm run bench/);
    assert.match(ended.output, /--quick/);
    assert.deepEqual(ended.left, []);
    assert.deepEqual(ended.survivors, []);
  });

  it('npm run bench stopped with Ctrl-C once everything runs leaves nothing behind', async () => {
    const ended = await runScript(
      'bench/run.ts',
      ['--quick', '--out', path.join(os.tmpdir(), 'unused.json')],
      {
        interruptAt: /\bstarted in\b/,
      },
    );
    assert.equal(ended.code, 130, ended.output.slice(-2000));
    assert.deepEqual(ended.left, [], ended.output.slice(-2000));
    assert.deepEqual(ended.survivors, [], 'every process the run started has ended');
  });

  it('npm run reliability stopped with Ctrl-C in its first phase leaves nothing behind', async () => {
    const ended = await runScript('bench/reliability.ts', [], { env: SMOKE, interruptAt: /phase 1:/ });
    assert.equal(ended.code, 130, ended.output.slice(-2000));
    assert.deepEqual(ended.left, [], ended.output.slice(-2000));
    assert.deepEqual(ended.survivors, []);
  });

  it('npm run reliability run to its end (smoke size) prints its verdicts and leaves nothing behind', async () => {
    const ended = await runScript('bench/reliability.ts', [], { env: SMOKE, timeoutMs: 170_000 });
    assert.ok(ended.code === 0 || ended.code === 1, `exit ${ended.code}: ${ended.output.slice(-2000)}`);
    assert.match(ended.output, /\| duplicate resets/);
    for (const phase of ['load', '429 storm', 'duplicates'])
      assert.match(ended.output, new RegExp(`^${phase}: goals (met|missed)`, 'm'));
    assert.deepEqual(ended.left, []);
    assert.deepEqual(ended.survivors, []);
  });
});
