/**
 * Starts the local tenant as a real child process (tsx src/local/tenant/main.ts --port 0), waits for its
 * LOCAL_TENANT_READY line, and offers typed calls to its loopback admin API over HTTPS with its CA
 * (tenantAdmin.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageBin } from '../../src/local/packageBin';
import type { TenantTapPolicy } from '../../src/local/tenant/directory';
import type { FaultSpec } from '../../src/local/tenant/faults';
import { DEFAULT_SEED_PATH, type TenantSeed } from '../../src/local/tenant/seed';
import type { LoggedRequest, OutboxMessage } from '../../src/local/tenant/state';
import { tenantAdmin } from './tenantAdmin';

export type { FaultSpec, LoggedRequest, OutboxMessage, TenantSeed };

/** Typed calls to /_admin. */
export interface TenantAdmin {
  /** The request log, optionally only entries after `since` (a seq). */
  requests(since?: number): Promise<LoggedRequest[]>;
  clearRequests(): Promise<void>;
  /** Adds a fault; returns its id. */
  addFault(fault: FaultSpec): Promise<string>;
  clearFaults(): Promise<void>;
  /** Whether `password` is the user's current password, and the must-change flag. */
  verifyPassword(
    user: string,
    password: string,
  ): Promise<{ match: boolean; forceChangePasswordNextSignIn: boolean }>;
  /** Whether `pass` is the user's current Temporary Access Pass, and that pass's settings. */
  verifyTemporaryAccessPass(user: string, pass: string): Promise<TapCheck>;
  /** Changes the tenant's Temporary Access Pass policy (until the next reset). */
  setTapPolicy(patch: TapPolicyPatch): Promise<void>;
  /** Sent mail, newest first. */
  outbox(): Promise<OutboxMessage[]>;
  clearOutbox(): Promise<void>;
  /** Reloads the seed; clears log, faults and outbox. */
  reset(): Promise<void>;
  /** Gives a user (or group) a role, active unless said otherwise; returns the assignment's id. */
  addRoleAssignment(assignment: RoleAssignmentSpec): Promise<string>;
  /** Takes away a principal's role assignments (only those of `role` when named); returns them. */
  removeRoleAssignments(principal: string, role?: string): Promise<unknown[]>;
  /** Gives back assignments that removeRoleAssignments returned. */
  restoreRoleAssignments(assignments: readonly unknown[]): Promise<void>;
}

/** A role assignment for the admin API: principal by id or UPN, role by template or definition id. */
export interface RoleAssignmentSpec {
  readonly principal: string;
  readonly role: string;
  readonly directoryScopeId?: string;
  readonly status?: 'active' | 'eligible';
}

/** What the tenant says about a user's Temporary Access Pass. */
export interface TapCheck {
  readonly match: boolean;
  readonly exists: boolean;
  readonly startDateTime?: string;
  readonly lifetimeInMinutes?: number;
  readonly isUsableOnce?: boolean;
}

/** Fields of the Temporary Access Pass policy to change. */
export type TapPolicyPatch = Partial<TenantTapPolicy>;

/** A running local tenant. */
export interface RunningTenant {
  readonly url: string;
  readonly caPath: string;
  readonly tenantId: string;
  readonly seed: TenantSeed;
  readonly admin: TenantAdmin;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');
let warnedAboutCa = false;
// tsx's CLI on this process's Node (not through node_modules/.bin, whose `env node` follows PATH).
const TSX = packageBin('tsx', 'tsx');
const MAIN = path.join(ROOT, 'src/local/tenant/main.ts');

/**
 * Starts the tenant before the tests of the `describe` it is called in and stops it after them; the running
 * tenant goes to `started`.
 */
export function useTenant(started: (tenant: RunningTenant) => unknown): void {
  let tenant: RunningTenant | undefined;
  before(async () => {
    tenant = await startTenant();
    started(tenant);
  });
  after(async () => {
    await tenant?.stop();
  });
}

/** Spawns the tenant on a free port; resolves once it is ready. */
export async function startTenant(
  options: { seed?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningTenant> {
  const seedPath = path.resolve(options.seed ?? DEFAULT_SEED_PATH);
  const child = spawn(TSX.command, [...TSX.args, MAIN, '--port', '0', '--seed', seedPath], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await waitForReady(child);
  if (process.env.NODE_EXTRA_CA_CERTS !== ready.caPath && !warnedAboutCa) {
    warnedAboutCa = true;
    process.stderr.write(
      `startTenant: NODE_EXTRA_CA_CERTS is not ${ready.caPath}; the Graph client and @azure/identity in this ` +
        'process will not trust the local tenant (run the tests through npm test).\n',
    );
  }
  const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as TenantSeed;
  const admin = tenantAdmin(ready.url, ready.caPath);
  let stopped: Promise<void> | null = null;
  return {
    ...ready,
    seed,
    admin,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}

function waitForReady(child: ChildProcess): Promise<{ url: string; caPath: string; tenantId: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The local tenant did not become ready within 60 s.\nstdout: ${out}\nstderr: ${err}`));
    }, 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('LOCAL_TENANT_READY '));
      if (line) {
        clearTimeout(timer);
        resolve(
          JSON.parse(line.slice('LOCAL_TENANT_READY '.length)) as {
            url: string;
            caPath: string;
            tenantId: string;
          },
        );
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The local tenant exited with code ${code} before it was ready.\nstdout: ${out}\nstderr: ${err}`,
        ),
      );
    });
  });
}
