/**
 * Every process of the local stack (the tenant, Azurite, the bot, the Agents Playground) runs on the Node
 * that started the stack, which under npm scripts is the project's Node 22, even when PATH would lead a
 * `#!/usr/bin/env node` script to another node. Checked through the kernel's record of each process's
 * executable (/proc/<pid>/exe), with node_modules/.bin taken off PATH while the stack starts.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, type RunningStack } from '../../src/local/stack';

/** The processes below `root`, with their parent, from /proc (Linux). */
function descendants(root: number): Map<number, string> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces), e.g. "S 1234 ...": state, then ppid.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const found = new Map<number, string>();
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parents) {
      if (ppid !== parent || found.has(pid)) continue;
      found.set(pid, commandLine(pid));
      queue.push(pid);
    }
  }
  return found;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '(exited)';
  }
}

/** PATH without any node_modules/.bin folder that npm scripts put in front. */
function pathWithoutProjectBins(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
}

describe('local stack: one Node for every process', function () {
  this.timeout(180_000);
  let stack: RunningStack | undefined;
  let dataDir: string;
  let started: Map<number, string>;

  before(async function () {
    assert.ok(existsSync('/proc/self/exe'), 'this test reads /proc (Linux), where the project runs');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'stack-runtime-'));
    const before = descendants(process.pid);
    const savedPath = process.env.PATH;
    process.env.PATH = pathWithoutProjectBins();
    try {
      stack = await startStack({ playground: true, output: 'files', dataDir });
    } finally {
      process.env.PATH = savedPath;
    }
    started = new Map([...descendants(process.pid)].filter(([pid]) => !before.has(pid)));
  });

  after(async function () {
    this.timeout(30_000);
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the tenant, Azurite, the bot and the Playground as processes of their own', () => {
    const lines = [...started.values()];
    for (const part of [/tenant[/\\]main\.ts/, /azurite/, /src[/\\]index\.ts/, /agentsplayground/]) {
      assert.ok(
        lines.some((line) => part.test(line)),
        `a process for ${part} among:\n${lines.join('\n')}`,
      );
    }
  });

  it('runs each of them on the executable of this process, whatever PATH says', () => {
    const node = realpathSync(process.execPath);
    let checked = 0;
    for (const [pid, line] of started) {
      let executable: string;
      try {
        executable = realpathSync(readlinkSync(`/proc/${pid}/exe`));
      } catch {
        continue; // a short-lived helper that has already exited
      }
      // tsx transforms through esbuild's own native service, which is no Node process.
      if (/[/\\]esbuild --service=/.test(line)) continue;
      assert.equal(executable, node, `process ${pid}: ${line}`);
      checked += 1;
    }
    assert.ok(checked >= 4, `${checked} processes checked`);
  });
});
