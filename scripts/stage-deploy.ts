/**
 * `npm run deploy:stage [-- --out DIR]` (default `.deploy`): puts what App Service runs into a clean
 * folder — the compiled `dist/` (without source maps), `package.json` and `package-lock.json` — so that
 * `npm ci --omit=dev` there installs the production dependencies alone and the zip holds nothing else.
 * `atk deploy` runs it (m365agents.yml); the working copy keeps its dev dependencies, which an in-place
 * `npm prune --omit=dev` would have removed.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The files, besides dist/, that `npm ci` needs to install exactly the locked production tree. */
const MANIFESTS = ['package.json', 'package-lock.json'] as const;

/** Copies the runnable parts of `root` into an emptied `outDir`; returns the files copied, sorted. */
export function stageDeployment(root: string, outDir: string): string[] {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'src', 'index.js'))) {
    throw new Error('dist/src/index.js is missing: run `npm run build` first.');
  }
  // The folder is emptied first: never the project itself, a folder above it, or the build output.
  const inside = (parent: string, child: string): boolean => {
    const path = relative(parent, child);
    return !path.startsWith('..') && !isAbsolute(path);
  };
  if (inside(outDir, root) || inside(dist, outDir)) {
    throw new Error(`--out must be a folder of its own, not ${outDir}.`);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cpSync(dist, join(outDir, 'dist'), {
    recursive: true,
    filter: (source) => !source.endsWith('.map'),
  });
  for (const file of MANIFESTS) cpSync(join(root, file), join(outDir, file));
  return listFiles(outDir)
    .map((file) => relative(outDir, file).split('\\').join('/'))
    .sort();
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

if (require.main === module) {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { out: { type: 'string', default: '.deploy' } },
      strict: true,
    });
    const root = resolve(__dirname, '..');
    const outDir = resolve(root, values.out);
    const files = stageDeployment(root, outDir);
    console.log(`Staged ${files.length} files in ${relative(root, outDir) || '.'}.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
