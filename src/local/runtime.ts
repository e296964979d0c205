/**
 * The Node the project runs on. package.json says it twice: `engines.node` (the oldest line it
 * supports, the one App Service runs in production) and the `node` devDependency, whose binary npm
 * links into node_modules/.bin so that every npm script runs on it, whatever the machine's own node
 * is. `npm start` and `npm test` check it first, so a missing binary (its install script not run)
 * stops them with a sentence instead of failing later in odd ways on an older Node.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of package.json that pin the runtime. */
export interface RuntimeManifest {
  readonly engines?: { readonly node?: string };
  readonly devDependencies?: Readonly<Record<string, string>>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** The project's package.json. */
export function projectManifest(): RuntimeManifest {
  return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as RuntimeManifest;
}

/** The lowest Node major that `engines.node` (a `>=N` range) accepts. */
export function minimumMajor(manifest: RuntimeManifest): number {
  const match = /^>=\s*v?(\d+)/.exec(manifest.engines?.node?.trim() ?? '');
  if (!match) throw new Error('package.json engines.node must be a ">=N" range');
  return Number(match[1]);
}

/** The Node version the `node` devDependency installs, e.g. `22.23.3`. */
export function pinnedNode(manifest: RuntimeManifest): string {
  const pinned = manifest.devDependencies?.['node'];
  if (!pinned || !/^\d+\.\d+\.\d+$/.test(pinned)) {
    throw new Error('package.json must pin the node devDependency to an exact version');
  }
  return pinned;
}

/** Why `version` (e.g. `v20.20.2`) cannot run the project, or null when it can. */
export function runtimeProblem(version: string, manifest: RuntimeManifest): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  const minimum = minimumMajor(manifest);
  if (major >= minimum) return null;
  return (
    `This is Node ${version}; the project runs on Node ${minimum} or newer. ` +
    `npm ci installs Node ${pinnedNode(manifest)} into node_modules/.bin (the "node" devDependency, ` +
    'whose install script package.json "allowScripts" allows) and npm scripts run on it: ' +
    'run npm ci with install scripts enabled, then npm start or npm test.'
  );
}

/** Stops this process with the reason when its Node cannot run the project. */
export function requireProjectNode(): void {
  const problem = runtimeProblem(process.version, projectManifest());
  if (!problem) return;
  console.error(problem);
  process.exit(1);
}
