/**
 * The local tenant's loopback admin API (`/_admin/…`) for a tenant that is already running — e.g. the one
 * `startStack()` started — with the same typed interface `startTenant()` offers. HTTPS with the tenant's
 * own CA, passed explicitly (never through NODE_EXTRA_CA_CERTS).
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { LoggedRequest, OutboxMessage, TapCheck, TenantAdmin } from './tenant';

export type { LoggedRequest, OutboxMessage, TenantAdmin };

/** An admin client for the tenant at `url`, trusting the CA at `caPath`. */
export function tenantAdmin(url: string, caPath: string): TenantAdmin {
  const ca = readFileSync(caPath);
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const payload = body === undefined ? '' : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        new URL(route, url),
        {
          method,
          ca,
          headers: payload
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
            : {},
          timeout: 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 300) {
              reject(
                new Error(`tenant admin ${method} ${route}: HTTP ${res.statusCode} ${text.slice(0, 300)}`),
              );
              return;
            }
            resolve((text ? JSON.parse(text) : undefined) as T);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`tenant admin ${method} ${route} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  };
  return {
    requests: async (since) =>
      (
        await call<{ requests: LoggedRequest[] }>(
          'GET',
          `/_admin/requests${since !== undefined ? `?since=${since}` : ''}`,
        )
      ).requests,
    clearRequests: async () => void (await call('DELETE', '/_admin/requests')),
    addFault: async (fault) => (await call<{ id: string }>('POST', '/_admin/faults', fault)).id,
    clearFaults: async () => void (await call('DELETE', '/_admin/faults')),
    verifyPassword: async (user, password) => {
      const r = await call<{ match: boolean; forceChangePasswordNextSignIn: boolean }>(
        'POST',
        '/_admin/verify-password',
        { user, password },
      );
      return { match: r.match, forceChangePasswordNextSignIn: r.forceChangePasswordNextSignIn };
    },
    verifyTemporaryAccessPass: (user, pass) => call<TapCheck>('POST', '/_admin/verify-tap', { user, pass }),
    setTapPolicy: async (patch) => void (await call('PATCH', '/_admin/tap-policy', patch)),
    outbox: async () => (await call<{ messages: OutboxMessage[] }>('GET', '/_admin/outbox')).messages,
    clearOutbox: async () => void (await call('DELETE', '/_admin/outbox')),
    reset: async () => void (await call('POST', '/_admin/reset')),
    addRoleAssignment: async (assignment) =>
      (await call<{ id: string }>('POST', '/_admin/role-assignments', assignment)).id,
    removeRoleAssignments: async (principal, role) =>
      (
        await call<{ removed: unknown[] }>(
          'DELETE',
          `/_admin/role-assignments?${new URLSearchParams({ principal, ...(role ? { role } : {}) }).toString()}`,
        )
      ).removed,
    restoreRoleAssignments: async (assignments) =>
      void (await call('POST', '/_admin/role-assignments', { assignments })),
  };
}
