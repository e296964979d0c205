/**
 * Runs a package's command-line tool on the Node that runs this process. The files in
 * node_modules/.bin start with `#!/usr/bin/env node`, which takes whichever node comes first on PATH:
 * the project's Node 22 under npm scripts, but the machine's own node (often 20) anywhere else. The
 * local stack and the tests start every child through here, so all of them run on one Node.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A command and its leading arguments, ready for `spawn(command, [...args, ...more])`. */
export interface NodeCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** `process.execPath` and the script that `bin` of package `packageName` names in its package.json. */
export function packageBin(packageName: string, bin: string): NodeCommand {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const script = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!script) throw new Error(`${packageName} has no command named ${bin}`);
  return { command: process.execPath, args: [path.resolve(path.dirname(manifestPath), script)] };
}
