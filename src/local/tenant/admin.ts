/**
 * The loopback-only admin API (/_admin: request log, faults, password check, outbox, role assignments
 * given, taken away and given back, reset) and the human outbox page (/outbox). No token is needed;
 * callers from other addresses are refused.
 */
import { randomUUID } from 'node:crypto';
import { tapPolicyFromSeed } from './directory';
import { checkFault, type FaultSpec } from './faults';
import { checkTapPolicy, type SeedTapPolicy } from './seed';
import { verifyPassword } from './passwords';
import type { TenantRoleAssignment } from './directory';
import type { OutboxMessage, TenantState } from './state';

/** An admin answer. */
export interface AdminResponse {
  status: number;
  contentType: string;
  body: string;
}

const json = (status: number, body: unknown): AdminResponse => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

/** True for loopback peers. */
export function isLoopbackPeer(address: string | undefined): boolean {
  return (
    address === '127.0.0.1' ||
    address === '::1' ||
    address === '::ffff:127.0.0.1' ||
    /^127\./.test(address ?? '')
  );
}

/** Handles /_admin/* and /outbox; null when the path is not one of them. */
export async function handleAdmin(
  state: TenantState,
  method: string,
  url: URL,
  rawBody: string,
): Promise<AdminResponse | null> {
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/outbox' && method === 'GET')
    return { status: 200, contentType: 'text/html; charset=utf-8', body: outboxPage(state) };
  if (!path.startsWith('/_admin')) return null;
  let body: unknown;
  if (rawBody) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return json(400, { error: 'The body is not valid JSON.' });
    }
  }
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /_admin/requests': {
      const since = Number(url.searchParams.get('since') ?? '0');
      return json(200, { requests: state.log.filter((r) => r.seq > (Number.isFinite(since) ? since : 0)) });
    }
    case 'DELETE /_admin/requests':
      state.log = [];
      return json(200, { cleared: true });
    case 'GET /_admin/faults':
      return json(200, { faults: state.faults.list() });
    case 'POST /_admin/faults': {
      const problems = checkFault(body);
      if (problems.length > 0) return json(400, { error: problems.join('; ') });
      return json(201, { id: state.faults.add(body as FaultSpec) });
    }
    case 'DELETE /_admin/faults':
      state.faults.clear();
      return json(200, { cleared: true });
    case 'POST /_admin/verify-password': {
      const b = body as { user?: unknown; password?: unknown } | undefined;
      if (typeof b?.user !== 'string' || typeof b.password !== 'string') {
        return json(400, { error: 'Body must be {"user": idOrUpn, "password": string}.' });
      }
      const user = state.directory.findUser(b.user);
      if (!user) return json(404, { error: `No user ${b.user}.` });
      const match = user.passwordHash ? await verifyPassword(b.password, user.passwordHash) : false;
      return json(200, {
        match,
        forceChangePasswordNextSignIn: user.forceChangePasswordNextSignIn,
        lastPasswordChangeDateTime: user.lastPasswordChangeDateTime,
      });
    }
    case 'POST /_admin/verify-tap': {
      // Whether `pass` is the user's current Temporary Access Pass (the tenant keeps only its hash).
      const b = body as { user?: unknown; pass?: unknown } | undefined;
      if (typeof b?.user !== 'string' || typeof b.pass !== 'string') {
        return json(400, { error: 'Body must be {"user": idOrUpn, "pass": string}.' });
      }
      const user = state.directory.findUser(b.user);
      if (!user) return json(404, { error: `No user ${b.user}.` });
      const tap = user.temporaryAccessPass;
      return json(200, {
        match: tap ? await verifyPassword(b.pass, tap.passHash) : false,
        exists: tap !== null,
        ...(tap
          ? {
              startDateTime: tap.startDateTime,
              lifetimeInMinutes: tap.lifetimeInMinutes,
              isUsableOnce: tap.isUsableOnce,
            }
          : {}),
      });
    }
    case 'PATCH /_admin/tap-policy': {
      // Changes the Temporary Access Pass policy until the next reset, as an admin would in Entra.
      const patch = (body ?? {}) as SeedTapPolicy;
      const current = state.directory.tapPolicy;
      const merged: SeedTapPolicy = { ...current, ...patch };
      const problems = checkTapPolicy(merged, 'tap-policy');
      if (problems.length > 0) return json(400, { error: problems.join('; ') });
      state.directory.tapPolicy = tapPolicyFromSeed(merged);
      return json(200, { policy: state.directory.tapPolicy });
    }
    case 'GET /_admin/outbox':
      return json(200, { messages: state.outbox });
    case 'DELETE /_admin/outbox':
      state.outbox = [];
      return json(200, { cleared: true });
    case 'POST /_admin/reset':
      await state.reset();
      return json(200, { reset: true });
    case 'POST /_admin/role-assignments':
      // {"assignments": [...]} gives back what a DELETE returned; anything else gives one role.
      return Array.isArray((body as { assignments?: unknown } | undefined)?.assignments)
        ? restoreRoleAssignments(state, body)
        : addRoleAssignment(state, body);
    case 'DELETE /_admin/role-assignments':
      return removeRoleAssignments(state, url.searchParams);
    case 'GET /_admin/users': {
      // A read-only view for people debugging a seed: no hashes, just the flags.
      const users = [...state.directory.users.values()].map((u) => ({
        id: u.id,
        userPrincipalName: u.userPrincipalName,
        displayName: u.displayName,
        forceChangePasswordNextSignIn: u.forceChangePasswordNextSignIn,
        lastPasswordChangeDateTime: u.lastPasswordChangeDateTime,
        signInSessionsValidFromDateTime: u.signInSessionsValidFromDateTime,
        accountEnabled: u.accountEnabled,
      }));
      return json(200, { users });
    }
    default:
      return json(404, { error: `No admin route ${key}.` });
  }
}

/**
 * Gives a user a role, as an admin would in the Entra admin center: `{"principal": idOrUpn, "role":
 * templateOrDefinitionId, "directoryScopeId"?: "/", "status"?: "active" | "eligible"}`. Tests change roles
 * between two steps of a request this way (a role removed in between must count).
 */
function addRoleAssignment(state: TenantState, body: unknown): AdminResponse {
  const b = (body ?? {}) as {
    principal?: unknown;
    role?: unknown;
    directoryScopeId?: unknown;
    status?: unknown;
  };
  if (typeof b.principal !== 'string' || typeof b.role !== 'string') {
    return json(400, { error: 'Body must be {"principal": idOrUpn, "role": templateOrDefinitionId}.' });
  }
  const dir = state.directory;
  const principalId =
    dir.findUser(b.principal)?.id ?? (dir.groups.get(b.principal.toLowerCase())?.id || null);
  if (!principalId) return json(404, { error: `No user or group ${b.principal}.` });
  const role = dir.roleDefinitionByAnyId(b.role);
  if (!role) return json(404, { error: `No role definition ${b.role}.` });
  const scope = typeof b.directoryScopeId === 'string' ? b.directoryScopeId : '/';
  if (scope !== '/' && !dir.unitFromScope(scope)) return json(400, { error: `No scope ${scope}.` });
  const status = b.status === 'eligible' ? 'eligible' : 'active';
  const id = randomUUID();
  dir.roleAssignments.push({ id, principalId, roleDefinitionId: role.id, directoryScopeId: scope, status });
  return json(201, { id });
}

/**
 * Removes a principal's role assignments (`?principal=idOrUpn`, optionally `&role=` and `&status=`), as an
 * admin removing them in Entra does: they go at once. Returns them, so a test can give them back.
 */
function removeRoleAssignments(state: TenantState, query: URLSearchParams): AdminResponse {
  const dir = state.directory;
  const principal = query.get('principal') ?? '';
  const principalId = dir.findUser(principal)?.id ?? dir.groups.get(principal.toLowerCase())?.id;
  if (!principalId) return json(404, { error: `No user or group ${principal}.` });
  const roleRef = query.get('role');
  const role = roleRef ? dir.roleDefinitionByAnyId(roleRef) : undefined;
  if (roleRef && !role) return json(404, { error: `No role definition ${roleRef}.` });
  const status = query.get('status');
  const removed = dir.roleAssignments.filter(
    (a) =>
      a.principalId === principalId &&
      (role === undefined || a.roleDefinitionId === role.id) &&
      (status === null || a.status === status),
  );
  const kept = dir.roleAssignments.filter((a) => !removed.includes(a));
  dir.roleAssignments.splice(0, dir.roleAssignments.length, ...kept);
  return json(200, { removed });
}

/** Gives back assignments a DELETE returned (`{"assignments": [...]}`); those still there are kept once. */
function restoreRoleAssignments(state: TenantState, body: unknown): AdminResponse {
  const list = (body as { assignments?: unknown } | undefined)?.assignments;
  if (!Array.isArray(list) || !list.every(isAssignment))
    return json(400, { error: 'Body must be {"assignments": [role assignments as DELETE returned them]}.' });
  const all = state.directory.roleAssignments;
  const same = (a: TenantRoleAssignment, b: TenantRoleAssignment): boolean =>
    a.id === b.id &&
    a.principalId === b.principalId &&
    a.roleDefinitionId === b.roleDefinitionId &&
    a.directoryScopeId === b.directoryScopeId &&
    a.status === b.status;
  const added = list.filter((a) => !all.some((existing) => same(existing, a)));
  all.push(...added);
  return json(200, { added: added.length });
}

function isAssignment(value: unknown): value is TenantRoleAssignment {
  const a = value as Partial<TenantRoleAssignment> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId'].every(
      (key) => typeof (a as Record<string, unknown>)[key] === 'string',
    ) &&
    (a.status === 'active' || a.status === 'eligible')
  );
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function renderMessage(m: OutboxMessage): string {
  // HTML bodies go into a sandboxed iframe: no scripts, no same-origin access; links open in a new tab.
  const content =
    m.bodyType === 'html'
      ? `<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" srcdoc="${escapeHtml(
          `<base target="_blank">${m.body}`,
        )}"></iframe>`
      : `<pre>${escapeHtml(m.body).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1" target="_blank" rel="noopener noreferrer">$1</a>')}</pre>`;
  return `<article>
  <h2>${escapeHtml(m.subject || '(no subject)')}</h2>
  <dl>
    <dt>From</dt><dd>${escapeHtml(m.from)}</dd>
    <dt>To</dt><dd>${escapeHtml(m.to.join('; '))}</dd>
    ${m.cc.length ? `<dt>Cc</dt><dd>${escapeHtml(m.cc.join('; '))}</dd>` : ''}
    <dt>Received</dt><dd><time datetime="${escapeHtml(m.receivedAt)}">${escapeHtml(m.receivedAt)}</time></dd>
  </dl>
  ${content}
</article>`;
}

function outboxPage(state: TenantState): string {
  const items = state.outbox.map(renderMessage).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="10">
<title>Outbox · ${escapeHtml(state.directory.tenantName)} local tenant</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
article { border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin-bottom: 1.5rem; }
dl { display: grid; grid-template-columns: 6rem 1fr; gap: .2rem .8rem; }
dt { font-weight: 600; }
dd { margin: 0; }
iframe { width: 100%; min-height: 22rem; border: 1px solid #ddd; }
pre { white-space: pre-wrap; background: #f7f7f7; padding: .8rem; }
</style>
</head>
<body>
<h1>Outbox of the local tenant (${state.outbox.length} message${state.outbox.length === 1 ? '' : 's'}, newest first)</h1>
${items || '<p>No mail has been sent yet.</p>'}
</body>
</html>`;
}
