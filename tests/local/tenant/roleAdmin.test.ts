import assert from 'node:assert/strict';
import { useTenant, type RunningTenant } from '../../support/tenant';
import { graphClient, userId } from './clients';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

describe('local tenant: role assignments changed through the admin API show in Graph at once', function () {
  this.timeout(60_000);
  let t: RunningTenant;
  useTenant((started) => (t = started));

  async function activeRoles(upn: string): Promise<string[]> {
    const found = await graphClient(t)
      .api('/roleManagement/directory/roleAssignments')
      .filter(`principalId eq '${userId(t, upn)}'`)
      .expand('roleDefinition($select=id,templateId,displayName,isBuiltIn)')
      .get();
    return (found.value as { roleDefinition: { templateId: string } }[]).map(
      (a) => a.roleDefinition.templateId,
    );
  }

  async function directoryRoles(upn: string): Promise<string[]> {
    const found = await graphClient(t)
      .api(`/users/${userId(t, upn)}/transitiveMemberOf/microsoft.graph.directoryRole`)
      .header('ConsistencyLevel', 'eventual')
      .query({ $count: 'true' })
      .get();
    return (found.value as { roleTemplateId: string }[]).map((r) => r.roleTemplateId);
  }

  it('adds an active role to a user by UPN, then removes it', async () => {
    const upn = 'carol@contoso.com';
    assert.deepEqual(await activeRoles(upn), []);
    const id = await t.admin.addRoleAssignment({ principal: upn, role: GLOBAL_ADMIN });
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(await activeRoles(upn), [GLOBAL_ADMIN]);
    assert.deepEqual(await directoryRoles(upn), [GLOBAL_ADMIN]);
    assert.equal((await t.admin.removeRoleAssignments(upn)).length, 1);
    assert.deepEqual(await activeRoles(upn), []);
    assert.deepEqual(await directoryRoles(upn), []);
  });

  it('removes one named role of a seeded admin and leaves the others', async () => {
    const upn = 'diego.siciliani@contoso.com';
    assert.deepEqual(await activeRoles(upn), [USER_ADMIN]);
    await t.admin.addRoleAssignment({ principal: upn, role: GLOBAL_ADMIN });
    assert.equal((await t.admin.removeRoleAssignments(upn, USER_ADMIN)).length, 1);
    assert.deepEqual(await activeRoles(upn), [GLOBAL_ADMIN]);
    await t.admin.reset();
    assert.deepEqual(await activeRoles(upn), [USER_ADMIN], 'a reset brings the seed back');
  });

  it('refuses an unknown principal or role with 404', async () => {
    await assert.rejects(
      t.admin.addRoleAssignment({ principal: 'nobody@contoso.com', role: GLOBAL_ADMIN }),
      /404/,
    );
    await assert.rejects(
      t.admin.addRoleAssignment({ principal: 'carol@contoso.com', role: 'no-such-role' }),
      /404/,
    );
    await assert.rejects(t.admin.removeRoleAssignments('nobody@contoso.com'), /404/);
  });
});
