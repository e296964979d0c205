/**
 * GraphDirectory as the bot builds it, signed in to the real local tenant as one of the seed's
 * applications — for the directory tests that run against the tenant (tests/directory/*.tenant.test.ts).
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { createGraphCredential } from '../../src/directory/credential';
import { GraphDirectory } from '../../src/directory/graphDirectory';
import { silentLogger } from '../../src/logger';
import type { DirectoryPort } from '../../src/reset/ports';
import type { RunningTenant } from '../support/tenant';

/** A directory signed in as the seed application `appName`; every wait is reported, then shortened. */
export function tenantDirectory(
  tenant: RunningTenant,
  options: { appName: string; timeoutMs: number; onWait: (ms: number) => void },
): DirectoryPort {
  const found = tenant.seed.applications.find((a) => a.displayName === options.appName);
  assert.ok(found, `seed has the application ${options.appName}`);
  const credential = createGraphCredential({
    auth: 'client-secret',
    clientId: found.clientId,
    clientSecret: found.clientSecret,
    certificatePath: '',
    authorityHost: tenant.url,
    endpoint: tenant.url,
    // The local tenant serves Graph on loopback but issues tokens for Graph's resource, as Entra does.
    scope: 'https://graph.microsoft.com/.default',
    tenantId: tenant.tenantId,
  });
  return new GraphDirectory({
    credential,
    endpoint: tenant.url,
    logger: silentLogger(),
    timeoutMs: options.timeoutMs,
    // Waits are recorded at their full length and shortened for the test's sake.
    sleep: async (ms) => {
      options.onWait(ms);
      await delay(Math.min(ms, 20));
    },
  });
}

/** The id of the seed's user `upn`. */
export function seedUserId(tenant: RunningTenant, upn: string): string {
  const user = tenant.seed.users.find((u) => u.userPrincipalName === upn);
  assert.ok(user, `seed has ${upn}`);
  return user.id;
}
