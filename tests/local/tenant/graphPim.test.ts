import assert from 'node:assert/strict';
import { useTenant, type RunningTenant } from '../../support/tenant';
import { failure, graphClient, objectId, raw, tokenFor, userId } from './clients';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const HELPDESK_ADMIN = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

describe('local tenant: custom roles and PIM eligibility, as Graph serves them', function () {
  this.timeout(60_000);
  let t: RunningTenant;
  useTenant((started) => (t = started));

  describe('the admin API takes a role away and gives it back (a requester losing a role mid-way)', () => {
    it('removes the active assignments at once from Graph’s answers, and restores them', async () => {
      const c = graphClient(t);
      const alex = userId(t, 'alex.wilber@contoso.com');
      const active = async () =>
        (await c.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${alex}'`).get())
          .value as { roleDefinitionId: string }[];
      const before = await active();
      assert.ok(before.some((a) => a.roleDefinitionId === HELPDESK_ADMIN));
      const removed = await t.admin.removeRoleAssignments('alex.wilber@contoso.com');
      assert.equal(removed.length, before.length);
      assert.deepEqual(await active(), []);
      const roles = await c
        .api(`/users/${alex}/transitiveMemberOf/microsoft.graph.directoryRole`)
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .get();
      assert.deepEqual(roles.value, [], 'no directory role either');
      await t.admin.restoreRoleAssignments(removed);
      assert.deepEqual(
        (await active()).map((a) => a.roleDefinitionId).sort(),
        before.map((a) => a.roleDefinitionId).sort(),
      );
      await assert.rejects(t.admin.removeRoleAssignments('nobody@contoso.com'), /404/);
      await assert.rejects(t.admin.restoreRoleAssignments([{ id: 1 }]), /400/);
    });
  });

  describe('custom role definitions', () => {
    it('serve isBuiltIn false with the templateId the seed gave them, even a built-in one', async () => {
      const c = graphClient(t);
      const allan = await c
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${userId(t, 'allan.deyoung@contoso.com')}'`)
        .expand('roleDefinition($select=id,templateId,displayName,isBuiltIn)')
        .get();
      assert.equal(allan.value.length, 1);
      assert.notEqual(allan.value[0].roleDefinitionId, HELPDESK_ADMIN);
      assert.deepEqual(allan.value[0].roleDefinition, {
        id: allan.value[0].roleDefinitionId,
        templateId: HELPDESK_ADMIN,
        displayName: 'Contoso Helpdesk (copy)',
        isBuiltIn: false,
      });
      const builtIn = await c.api(`/roleManagement/directory/roleDefinitions/${HELPDESK_ADMIN}`).get();
      assert.equal(builtIn.isBuiltIn, true);
      assert.equal(builtIn.displayName, 'Helpdesk Administrator');
      // A custom role without a templateId of its own gets its id.
      const lidia = await c
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${userId(t, 'lidia.holloway@contoso.com')}'`)
        .expand('roleDefinition')
        .get();
      assert.equal(lidia.value[0].roleDefinition.templateId, lidia.value[0].roleDefinitionId);
      assert.equal(lidia.value[0].roleDefinition.isBuiltIn, false);
    });

    it('never show up as directory roles (memberOf), whatever template id they copy', async () => {
      const roles = await graphClient(t)
        .api(
          `/users/${userId(t, 'irvin.sayers@contoso.com')}/transitiveMemberOf/microsoft.graph.directoryRole`,
        )
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .get();
      assert.deepEqual(roles.value, []);
    });
  });

  describe('GET /roleManagement/directory/roleEligibilitySchedules (PIM for Microsoft Entra roles)', () => {
    it('lists a principal’s eligible roles, never its active ones, with the roleDefinition expanded', async () => {
      const c = graphClient(t);
      const gerhart = await c
        .api('/roleManagement/directory/roleEligibilitySchedules')
        .filter(`principalId eq '${userId(t, 'gerhart.moller@contoso.com')}'`)
        .expand('roleDefinition($select=id,templateId,isBuiltIn)')
        .get();
      assert.equal(
        gerhart['@odata.context'],
        `${t.url}/v1.0/$metadata#roleManagement/directory/roleEligibilitySchedules`,
      );
      assert.equal(gerhart.value.length, 1);
      const schedule = gerhart.value[0];
      assert.equal(schedule.principalId, userId(t, 'gerhart.moller@contoso.com'));
      assert.equal(schedule.roleDefinitionId, GLOBAL_ADMIN);
      assert.equal(schedule.directoryScopeId, '/');
      assert.equal(schedule.status, 'Provisioned');
      assert.equal(schedule.memberType, 'Direct');
      assert.equal(schedule.scheduleInfo.expiration.type, 'noExpiration');
      assert.deepEqual(schedule.roleDefinition, {
        id: GLOBAL_ADMIN,
        templateId: GLOBAL_ADMIN,
        isBuiltIn: true,
      });
      const active = await c
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${userId(t, 'gerhart.moller@contoso.com')}'`)
        .get();
      assert.deepEqual(active.value, [], 'an eligible role is no assignment');
      const alex = await c
        .api('/roleManagement/directory/roleEligibilitySchedules')
        .filter(`principalId eq '${userId(t, 'alex.wilber@contoso.com')}'`)
        .get();
      assert.deepEqual(alex.value, [], 'an active role is no eligibility');
    });

    it('lists every eligibility without a filter, and $select trims the properties', async () => {
      const all = await graphClient(t)
        .api('/roleManagement/directory/roleEligibilitySchedules')
        .select('principalId,roleDefinitionId')
        .get();
      const principals = all.value.map((s: { principalId: string }) => s.principalId).sort();
      assert.deepEqual(
        principals,
        [userId(t, 'grady.archie@contoso.com'), userId(t, 'gerhart.moller@contoso.com')].sort(),
      );
      assert.deepEqual(Object.keys(all.value[0]).sort(), ['id', 'principalId', 'roleDefinitionId']);
    });

    it('answers PIM’s 403 to an app without a role-management permission', async () => {
      const e = await failure(
        graphClient(t, 'Contoso Directory Reader')
          .api('/roleManagement/directory/roleEligibilitySchedules')
          .filter(`principalId eq '${userId(t, 'gerhart.moller@contoso.com')}'`)
          .get(),
      );
      assert.equal(e.statusCode, 403);
      assert.equal(e.code, 'UnknownError');
      const inner = JSON.parse(e.message) as { errorCode: string; message: string };
      assert.equal(inner.errorCode, 'PermissionScopeNotGranted');
      assert.match(inner.message, /RoleEligibilitySchedule\.Read\.Directory/);
    });
  });

  describe('GET /identityGovernance/privilegedAccess/group/eligibilitySchedules (PIM for Groups)', () => {
    const path = '/identityGovernance/privilegedAccess/group/eligibilitySchedules';

    it('lists a principal’s eligible memberships, with the group expanded', async () => {
      const emily = await graphClient(t)
        .api(path)
        .filter(`principalId eq '${userId(t, 'emily.braun@contoso.com')}'`)
        .expand('group($select=id,displayName,isAssignableToRole)')
        .get();
      assert.equal(emily.value.length, 1);
      const schedule = emily.value[0];
      const group = objectId(t, 'Helpdesk Tier 2');
      assert.equal(schedule.accessId, 'member');
      assert.equal(schedule.groupId, group);
      assert.equal(schedule.principalId, userId(t, 'emily.braun@contoso.com'));
      assert.match(schedule.id, new RegExp(`^${group}_member_[0-9a-f-]{36}$`));
      assert.deepEqual(schedule.group, {
        id: group,
        displayName: 'Helpdesk Tier 2',
        isAssignableToRole: true,
      });
      const bob = await graphClient(t)
        .api(path)
        .filter(`principalId eq '${userId(t, 'bob@contoso.com')}'`)
        .get();
      assert.deepEqual(bob.value, []);
      // Emily is not a member: memberOf lists active memberships only.
      const memberOf = await graphClient(t)
        .api(`/users/${userId(t, 'emily.braun@contoso.com')}/memberOf`)
        .select('id,displayName')
        .get();
      assert.ok(!memberOf.value.some((g: { id: string }) => g.id === group));
    });

    it('requires a filter on principalId or groupId', async () => {
      const token = await tokenFor(t, 'Password Reset Bot');
      const res = await raw(t, 'GET', `/v1.0${path}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(res.status, 400);
      assert.equal(res.json().error.code, 'BadRequest');
      const byGroup = await graphClient(t)
        .api(path)
        .filter(`groupId eq '${objectId(t, 'Helpdesk Tier 2')}'`)
        .get();
      assert.equal(byGroup.value.length, 1);
    });

    it('answers PIM’s 403 to an app without PrivilegedEligibilitySchedule.Read.AzureADGroup', async () => {
      const e = await failure(
        graphClient(t, 'Contoso Directory Reader')
          .api(path)
          .filter(`principalId eq '${userId(t, 'emily.braun@contoso.com')}'`)
          .get(),
      );
      assert.equal(e.statusCode, 403);
      assert.equal(e.code, 'UnknownError');
      const inner = JSON.parse(e.message) as { errorCode: string; message: string };
      assert.equal(inner.errorCode, 'PermissionScopeNotGranted');
      assert.match(inner.message, /PrivilegedEligibilitySchedule\.Read\.AzureADGroup/);
    });

    it('works inside $batch like any read', async () => {
      const token = await tokenFor(t, 'Password Reset Bot');
      const res = await raw(t, 'POST', '/v1.0/$batch', {
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          requests: [
            {
              id: '1',
              method: 'GET',
              url: `${path}?$filter=principalId eq '${userId(t, 'emily.braun@contoso.com')}'`,
            },
            {
              id: '2',
              method: 'GET',
              url: `/roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '${userId(t, 'irvin.sayers@contoso.com')}'`,
            },
          ],
        }),
      });
      assert.equal(res.status, 200);
      const answers = res.json().responses as { id: string; status: number; body: { value: unknown[] } }[];
      assert.deepEqual(answers.map((a) => [a.id, a.status, a.body.value.length]).sort(), [
        ['1', 200, 1],
        ['2', 200, 0],
      ]);
    });
  });
});
