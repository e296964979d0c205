import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { packageBin } from '../../../src/local/packageBin';
import type { TenantSeed } from '../../../src/local/tenant/seed';
import { startTenant, type RunningTenant } from '../../support/tenant';
import { graphClient, raw, tokenFor } from './clients';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = packageBin('tsx', 'tsx');
const MAIN = path.join(ROOT, 'src/local/tenant/main.ts');

/** A generated tenant: many users (paging), short-lived tokens (expiry). */
function bigSeed(users: number): TenantSeed {
  return {
    tenant: {
      id: randomUUID(),
      name: 'Northwind',
      domains: [{ name: 'northwind.example', authenticationType: 'Managed', isDefault: true }],
    },
    settings: { tokenLifetimeSeconds: 2, sendMailLatencyMs: 0 },
    applications: [
      {
        clientId: randomUUID(),
        clientSecret: 'test-secret',
        displayName: 'Password Reset Bot',
        permissions: ['User.Read.All'],
      },
    ],
    users: Array.from({ length: users }, (_, i) => ({
      id: randomUUID(),
      displayName: `User ${String(i).padStart(3, '0')}`,
      userPrincipalName: `user${i}@northwind.example`,
    })),
  };
}

describe('local tenant: command line, seeds and token expiry', function () {
  this.timeout(90_000);
  let dir: string;
  let t: RunningTenant;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tenant-seed-'));
    await writeFile(path.join(dir, 'big.json'), JSON.stringify(bigSeed(250)));
    t = await startTenant({ seed: path.join(dir, 'big.json') });
  });
  after(async () => {
    await t?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the seed given with --seed, 100 users per page by default', async () => {
    const c = graphClient(t);
    const first = await c.api('/users').select('id').get();
    assert.equal(first.value.length, 100);
    const second = await c.api(first['@odata.nextLink']).get();
    assert.equal(second.value.length, 100);
    const third = await c.api(second['@odata.nextLink']).get();
    assert.equal(third.value.length, 50);
    assert.equal(third['@odata.nextLink'], undefined);
    const top = await c.api('/users').top(999).select('id').get();
    assert.equal(top.value.length, 250);
  });

  it('answers an expired token with Graph’s 401', async () => {
    const token = await tokenFor(t, 'Password Reset Bot');
    assert.equal(
      (await raw(t, 'GET', '/v1.0/users?$top=1', { headers: { Authorization: `Bearer ${token}` } })).status,
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const expired = await raw(t, 'GET', '/v1.0/users?$top=1', {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(expired.status, 401);
    assert.equal(expired.json().error.code, 'InvalidAuthenticationToken');
    assert.equal(expired.json().error.message, 'Lifetime validation failed, the token is expired.');
  });

  it('refuses a non-loopback --host and a broken seed with a sentence', async () => {
    const host = spawnSync(TSX.command, [...TSX.args, MAIN, '--port', '0', '--host', '0.0.0.0'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(host.status, 1);
    assert.match(host.stderr, /--host must be a loopback address/);
    const bad = path.join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ tenant: { id: 'nope', name: 'X', domains: [] }, applications: [], users: [] }),
    );
    const seed = spawnSync(TSX.command, [...TSX.args, MAIN, '--port', '0', '--seed', bad], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(seed.status, 1);
    assert.match(seed.stderr, /tenant\.id must be a GUID/);
  });

  it('refuses an unknown option and a bad --port by name, and prints its usage for --help', () => {
    const unknown = spawnSync(TSX.command, [...TSX.args, MAIN, '--prot', '0'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /Unknown option '--prot'/);
    const port = spawnSync(TSX.command, [...TSX.args, MAIN, '--port', '70000'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(port.status, 1);
    assert.match(port.stderr, /--port must be a whole number from 0 to 65535/);
    const help = spawnSync(TSX.command, [...TSX.args, MAIN, '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: .*--port N.*--seed FILE/);
  });

  it('reads LOCAL_TENANT_FILE, prints the ready line, and exits cleanly on SIGTERM', async () => {
    const child = spawn(TSX.command, [...TSX.args, MAIN, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, LOCAL_TENANT_FILE: path.join(dir, 'big.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const ready = await new Promise<{ url: string; caPath: string; tenantId: string }>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const line = out.split('\n').find((l) => l.startsWith('LOCAL_TENANT_READY '));
        if (line) resolve(JSON.parse(line.slice('LOCAL_TENANT_READY '.length)));
      });
      child.once('exit', () => reject(new Error(out)));
    });
    assert.match(ready.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(path.isAbsolute(ready.caPath));
    assert.equal(ready.tenantId, t.tenantId, 'the tenant of the file named by LOCAL_TENANT_FILE');
    assert.match(out, /CA: +\S+ca\.pem/);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  });
});
