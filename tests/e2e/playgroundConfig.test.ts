/**
 * The repository's .m365agentsplayground.yml must describe real Contoso seed users: the bot pins
 * TENANT_ID and looks the requester up by `from.aadObjectId`, both of which the Playground takes from
 * this file. A seed edit that breaks the pairing fails here, not in a browser.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const HELPDESK_ADMINISTRATOR = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  email: string;
}

/**
 * Reads the few fields we check from the config. The file is flat YAML of `key: value` lines and user
 * blocks; a full YAML parser is not a dependency of this project.
 */
function readConfig(text: string): {
  tenantId: string;
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
} {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const value = (line: string): string =>
    line
      .slice(line.indexOf(':') + 1)
      .trim()
      .replace(/^'(.*)'$/, '$1');
  let tenantId = '';
  let section = '';
  const blocks: Record<string, string>[] = [];
  for (const line of lines) {
    if (/^\S/.test(line)) {
      section = line.split(':')[0]!;
      if (section === 'tenantId') tenantId = value(line);
      if (section === 'currentUser') blocks.push({ section });
      continue;
    }
    if (section === 'users' && /^\s*- /.test(line)) blocks.push({ section });
    if (section !== 'users' && section !== 'currentUser') continue;
    const match = /^\s*(?:- )?(\w+):/.exec(line);
    if (match) blocks[blocks.length - 1]![match[1]!] = value(line);
  }
  const asUser = (b: Record<string, string>): PlaygroundUser => b as unknown as PlaygroundUser;
  const current = blocks.find((b) => b.section === 'currentUser');
  assert.ok(current, 'the config has a currentUser');
  return {
    tenantId,
    currentUser: asUser(current),
    users: blocks.filter((b) => b.section === 'users').map(asUser),
  };
}

interface Seed {
  tenant: { id: string };
  users: { id: string; userPrincipalName: string; displayName: string; mail: string | null }[];
  roleAssignments: {
    principalId: string;
    roleTemplateId?: string;
    directoryScopeId: string;
    status: string;
  }[];
}

describe('Agents Playground config (.m365agentsplayground.yml)', () => {
  const config = readConfig(readFileSync(path.join(ROOT, '.m365agentsplayground.yml'), 'utf8'));
  const seed = JSON.parse(
    readFileSync(path.join(ROOT, 'src/local/tenant/seed/contoso.json'), 'utf8'),
  ) as Seed;

  it("uses the Contoso seed's tenant id", () => {
    assert.equal(config.tenantId, seed.tenant.id);
  });

  it('has five distinct members besides the current user, as the Playground schema requires', () => {
    assert.equal(config.users.length, 5);
    const ids = new Set([config.currentUser.id, ...config.users.map((u) => u.id)]);
    assert.equal(ids.size, 6, 'user ids are unique');
  });

  it('names only seed users, with their real object ids, UPNs, names and mail', () => {
    for (const user of [config.currentUser, ...config.users]) {
      const inSeed = seed.users.find((u) => u.id === user.aadObjectId);
      assert.ok(inSeed, `${user.name}: aadObjectId ${user.aadObjectId} is a seed user`);
      assert.equal(user.userPrincipleName, inSeed.userPrincipalName, `${user.name}: UPN`);
      assert.equal(user.name, inSeed.displayName, `${user.name}: display name`);
      assert.equal(user.email, inSeed.mail, `${user.name}: mail`);
    }
  });

  it('makes the person in the browser Alex Wilber, an active tenant-wide Helpdesk Administrator', () => {
    assert.equal(config.currentUser.name, 'Alex Wilber');
    const role = seed.roleAssignments.find(
      (a) => a.principalId === config.currentUser.aadObjectId && a.roleTemplateId === HELPDESK_ADMINISTRATOR,
    );
    assert.ok(role, 'Alex holds Helpdesk Administrator in the seed');
    assert.equal(role.status, 'active');
    assert.equal(role.directoryScopeId, '/');
  });
});

describe('Agents Playground config as an Authentication Administrator (.m365agentsplayground.auth-admin.yml)', () => {
  const AUTHENTICATION_ADMINISTRATOR = 'c4e39bd9-1100-46d3-8c65-fb160da0071f';
  const config = readConfig(readFileSync(path.join(ROOT, '.m365agentsplayground.auth-admin.yml'), 'utf8'));
  const seed = JSON.parse(
    readFileSync(path.join(ROOT, 'src/local/tenant/seed/contoso.json'), 'utf8'),
  ) as Seed;

  it('names only seed users of the seed’s tenant, five besides the current user', () => {
    assert.equal(config.tenantId, seed.tenant.id);
    assert.equal(config.users.length, 5);
    for (const user of [config.currentUser, ...config.users]) {
      const inSeed = seed.users.find((u) => u.id === user.aadObjectId);
      assert.ok(inSeed, `${user.name}: aadObjectId ${user.aadObjectId} is a seed user`);
      assert.equal(user.userPrincipleName, inSeed.userPrincipalName);
      assert.equal(user.name, inSeed.displayName);
      assert.equal(user.email, inSeed.mail);
    }
  });

  it('makes the person in the browser an active, tenant-wide Authentication Administrator', () => {
    const role = seed.roleAssignments.find(
      (a) =>
        a.principalId === config.currentUser.aadObjectId && a.roleTemplateId === AUTHENTICATION_ADMINISTRATOR,
    );
    assert.ok(role, `${config.currentUser.name} holds Authentication Administrator in the seed`);
    assert.equal(role.status, 'active');
    assert.equal(role.directoryScopeId, '/');
  });
});
