/**
 * The bench measures the bot as production runs it: compiled into dist/ by `npm run build` and started
 * with plain node. This builds dist/ when a source file is newer than the build (or there is none).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const BUILT = path.join(ROOT, 'dist', 'src', 'index.js');

/** Newest modification time (ms) of the files under `dir` that production compiles. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== path.join(ROOT, 'src', 'local')) newest = Math.max(newest, newestSource(full));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(BUILT).mtimeMs;
  } catch {
    return 0;
  }
}

/** Runs `npm run build`'s compiler when dist/ is missing or older than src/; returns whether it built. */
export function ensureBuilt(): boolean {
  const sources = Math.max(
    newestSource(path.join(ROOT, 'src')),
    statSync(path.join(ROOT, 'tsconfig.build.json')).mtimeMs,
  );
  if (builtAt() >= sources) return false;
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
    // tsc turns on Node's compile cache, kept in the temporary directory; the bench leaves nothing there.
    env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
  });
  if (result.status !== 0) throw new Error('npm run build failed: the bench measures the compiled bot');
  return true;
}
