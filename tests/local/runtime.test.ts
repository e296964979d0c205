import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import {
  minimumMajor,
  pinnedNode,
  projectManifest,
  runtimeProblem,
  type RuntimeManifest,
} from '../../src/local/runtime';

const ROOT = path.resolve(__dirname, '../..');
const manifest = projectManifest();

describe('the Node the project runs on', () => {
  it('needs Node 22 or newer, the line App Service runs in production', () => {
    assert.equal(minimumMajor(manifest), 22);
    assert.match(pinnedNode(manifest), /^22\.\d+\.\d+$/, 'the pinned Node is of the 22 LTS line');
  });

  it('runs these tests on the pinned Node from node_modules/.bin, not on the machine’s own node', () => {
    assert.equal(process.version, `v${pinnedNode(manifest)}`);
    assert.equal(
      realpathSync(process.execPath),
      realpathSync(path.join(ROOT, 'node_modules', '.bin', 'node')),
      'the binary the node devDependency installed',
    );
  });

  it('lets the node package’s install script run, by name (the lockfile records no registry URL to pin a version against)', () => {
    const scripts = (manifest as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    assert.equal(scripts['node'], true);
  });

  it('refuses an older Node with a sentence that says what to run', () => {
    const problem = runtimeProblem('v20.20.2', manifest);
    assert.ok(problem);
    assert.match(problem, /This is Node v20\.20\.2; the project runs on Node 22 or newer/);
    assert.match(problem, new RegExp(`installs Node ${pinnedNode(manifest).replace(/\./g, '\\.')}`));
    assert.match(problem, /npm ci/);
  });

  it('accepts the pinned Node and newer majors', () => {
    assert.equal(runtimeProblem(`v${pinnedNode(manifest)}`, manifest), null);
    assert.equal(runtimeProblem('v22.0.0', manifest), null);
    assert.equal(runtimeProblem('v24.1.0', manifest), null);
    assert.ok(runtimeProblem('v21.7.3', manifest));
  });

  it('rejects a package.json that does not pin the runtime', () => {
    const loose: RuntimeManifest = { engines: { node: '>=22' }, devDependencies: { node: '^22.0.0' } };
    assert.throws(() => pinnedNode(loose), /exact version/);
    assert.throws(() => minimumMajor({ engines: { node: '22.x' } }), />=N/);
  });
});
