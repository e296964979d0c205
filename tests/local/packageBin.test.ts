import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageBin } from '../../src/local/packageBin';

describe('packageBin: a package’s command on this process’s Node', () => {
  it('names this Node and the script the package declares for the command', () => {
    const azurite = packageBin('azurite', 'azurite-table');
    assert.equal(azurite.command, process.execPath);
    assert.equal(azurite.args.length, 1);
    assert.ok(path.isAbsolute(azurite.args[0]!) && existsSync(azurite.args[0]!), azurite.args[0]);
    assert.match(azurite.args[0]!, /azurite[/\\]dist[/\\]src[/\\]table[/\\]main\.js$/);
  });

  it('runs the command: tsx on this Node prints this Node’s version', () => {
    const tsx = packageBin('tsx', 'tsx');
    const run = spawnSync(tsx.command, [...tsx.args, '-e', 'console.log(process.version)'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: '/nonexistent' },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), process.version);
  });

  it('says so when the package has no such command', () => {
    assert.throws(() => packageBin('azurite', 'azurite-nope'), /azurite has no command named azurite-nope/);
  });
});
