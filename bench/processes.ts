/**
 * Starts a TypeScript program of this repository as one node process with tsx's loader, waits for its
 * ready line, and stops it again. Also: the Node options production starts the bot with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** A started program. */
export interface Program {
  readonly child: ChildProcess;
  /** The JSON after the ready marker. */
  readonly ready: unknown;
  stop(): Promise<void>;
}

/**
 * Spawns `script` (relative to the repository) with `nodeOptions` before it, and resolves once it prints
 * `${marker} {json}`.
 */
export function startProgram(
  script: string,
  env: Readonly<Record<string, string>>,
  marker: string,
  logFile: string,
  nodeOptions: readonly string[] = [],
  timeoutMs = 60_000,
): Promise<Program> {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let settled = false;
    const timer = setTimeout(
      () => fail(new Error(`${script} did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      appendFileSync(logFile, chunk);
      if (settled) return;
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.startsWith(`${marker} `));
      if (!line) return;
      settled = true;
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(line.slice(marker.length + 1)), stop });
    });
    child.stderr?.on('data', (chunk: Buffer) => appendFileSync(logFile, chunk));
    child.once('exit', (code) => fail(new Error(`${script} exited with code ${code} before it was ready`)));
  });
}

/** The Node options of `npm run start:prod` (such as the heap cap), without the files it loads. */
export function productionNodeOptions(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const args = manifest.scripts['start:prod'].trim().split(/\s+/).slice(1);
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--require' || args[i] === '--import') i += 1;
    else if (args[i].startsWith('--')) options.push(args[i]);
  }
  return options;
}
