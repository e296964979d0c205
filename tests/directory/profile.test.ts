import assert from 'node:assert/strict';
import { GraphError } from '../../src/errors';
import {
  groupEligibilitySchedulesUrl,
  readGroupEligibilities,
  readMemberships,
  readOwnedRoleAssignableGroups,
  readRoleAssignments,
  roleAssignmentsUrl,
  roleEligibilitySchedulesUrl,
} from '../../src/directory/profile';

const group = (id: string, isAssignableToRole: boolean | null) => ({
  '@odata.type': '#microsoft.graph.group',
  id,
  displayName: `Group ${id}`,
  isAssignableToRole,
});
const unit = (id: string, restricted?: boolean | null) => ({
  '@odata.type': '#microsoft.graph.administrativeUnit',
  id,
  displayName: `Unit ${id}`,
  ...(restricted === undefined ? {} : { isMemberManagementRestricted: restricted }),
});

function isDenied(e: unknown): boolean {
  return e instanceof GraphError && e.code === 'GRAPH_READ_DENIED' && Boolean(e.permission);
}

describe('directory/profile', () => {
  describe('readMemberships', () => {
    it('keeps role-assignable groups and every unit, skips directory roles', () => {
      const m = readMemberships(
        [
          group('g1', true),
          group('g2', false),
          group('g3', null),
          unit('au1', false),
          unit('au2', true),
          {
            '@odata.type': '#microsoft.graph.directoryRole',
            id: 'r1',
            displayName: 'Helpdesk Administrator',
          },
        ],
        'rid',
      );
      assert.deepEqual(m.roleAssignableGroupIds, ['g1']);
      assert.deepEqual(m.units, [
        { id: 'au1', displayName: 'Unit au1', restricted: false },
        { id: 'au2', displayName: 'Unit au2', restricted: true },
      ]);
    });

    it('reads an unset restriction (null) as Graph documents it: not restricted', () => {
      assert.equal(readMemberships([unit('au', null)], 'r').units[0]?.restricted, false);
    });

    it('treats a restriction it could not read (property absent) as restricted', () => {
      assert.equal(readMemberships([unit('au')], 'r').units[0]?.restricted, true);
    });

    it('refuses stubs Graph returns without read permission', () => {
      assert.throws(
        () =>
          readMemberships(
            [
              {
                '@odata.type': '#microsoft.graph.group',
                id: 'g',
                displayName: null,
                isAssignableToRole: null,
              },
            ],
            'r',
          ),
        isDenied,
      );
      assert.throws(
        () => readMemberships([{ '@odata.type': '#microsoft.graph.administrativeUnit', id: 'a' }], 'r'),
        isDenied,
      );
      assert.throws(() => readMemberships([{ id: 'no-type' }], 'r'), isDenied);
    });
  });

  it('keeps only role-assignable owned groups and refuses stubs', () => {
    assert.deepEqual(readOwnedRoleAssignableGroups([group('g1', true), group('g2', false)], 'r'), ['g1']);
    assert.throws(
      () => readOwnedRoleAssignableGroups([{ id: 'g', '@odata.type': '#microsoft.graph.group' }], 'r'),
      isDenied,
    );
  });

  describe('readRoleAssignments', () => {
    it('trusts the template id of built-in definitions only: custom roles keep their definition id', () => {
      const views = readRoleAssignments(
        [
          {
            id: 'a1',
            principalId: 'g1',
            roleDefinitionId: 'def-1',
            directoryScopeId: '/',
            roleDefinition: {
              id: 'def-1',
              templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
              displayName: 'Helpdesk Administrator',
              isBuiltIn: true,
            },
          },
          {
            id: 'a2',
            principalId: 'g1',
            roleDefinitionId: 'custom-9',
            directoryScopeId: '/administrativeUnits/au1',
            // A custom role may set its templateId to a built-in's: still custom.
            roleDefinition: {
              id: 'custom-9',
              templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
              displayName: 'Helpdesk Administrator',
              isBuiltIn: false,
            },
          },
          // No definition, or no isBuiltIn: nothing proves it built in.
          { id: 'a3', principalId: 'g1', roleDefinitionId: 'def-3', directoryScopeId: '/' },
          {
            id: 'a4',
            principalId: 'g1',
            roleDefinitionId: 'def-4',
            directoryScopeId: '/',
            roleDefinition: { id: 'def-4', templateId: '62e90394-69f5-4237-9190-012177145e10' },
          },
        ],
        'g1',
        'rid',
      );
      assert.deepEqual(views, [
        {
          roleTemplateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
          isBuiltIn: true,
          roleDisplayName: 'Helpdesk Administrator',
          directoryScopeId: '/',
          viaGroupId: 'g1',
        },
        {
          roleTemplateId: 'custom-9',
          isBuiltIn: false,
          roleDisplayName: 'Helpdesk Administrator',
          directoryScopeId: '/administrativeUnits/au1',
          viaGroupId: 'g1',
        },
        {
          roleTemplateId: 'def-3',
          isBuiltIn: false,
          roleDisplayName: '',
          directoryScopeId: '/',
          viaGroupId: 'g1',
        },
        {
          roleTemplateId: 'def-4',
          isBuiltIn: false,
          roleDisplayName: '',
          directoryScopeId: '/',
          viaGroupId: 'g1',
        },
      ]);
    });

    it('refuses an assignment without a scope', () => {
      assert.throws(() => readRoleAssignments([{ roleDefinitionId: 'x' }], null, 'r'), isDenied);
    });
  });

  it('builds the role-assignment query with an escaped principal id and the expanded definition', () => {
    const url = roleAssignmentsUrl("a'b");
    const params = new URLSearchParams(url.split('?')[1]);
    assert.ok(url.startsWith('/roleManagement/directory/roleAssignments?'));
    assert.equal(params.get('$filter'), "principalId eq 'a''b'");
    assert.equal(params.get('$expand'), 'roleDefinition($select=id,templateId,displayName,isBuiltIn)');
  });

  describe('PIM eligibility', () => {
    it('reads eligible roles from roleEligibilitySchedules, by principal, with their definitions', () => {
      const url = roleEligibilitySchedulesUrl("a'b");
      const params = new URLSearchParams(url.split('?')[1]);
      assert.ok(url.startsWith('/roleManagement/directory/roleEligibilitySchedules?'));
      assert.equal(params.get('$filter'), "principalId eq 'a''b'");
      assert.equal(params.get('$expand'), 'roleDefinition($select=id,templateId,displayName,isBuiltIn)');
    });

    it('reads eligible group memberships and ownerships from PIM for Groups, with the group', () => {
      const url = groupEligibilitySchedulesUrl("a'b");
      const params = new URLSearchParams(url.split('?')[1]);
      assert.ok(url.startsWith('/identityGovernance/privilegedAccess/group/eligibilitySchedules?'));
      assert.equal(params.get('$filter'), "principalId eq 'a''b'");
      assert.equal(params.get('$expand'), 'group($select=id,displayName,isAssignableToRole)');
    });

    it('keeps the role-assignable groups a user is eligible to join or own, once each', () => {
      const eligibility = (groupId: string, accessId: string, isAssignableToRole: boolean | null) => ({
        groupId,
        accessId,
        principalId: 'u',
        group: { id: groupId, displayName: `Group ${groupId}`, isAssignableToRole },
      });
      assert.deepEqual(
        readGroupEligibilities(
          [
            eligibility('g1', 'member', true),
            eligibility('g1', 'owner', true),
            eligibility('g2', 'owner', true),
            eligibility('g3', 'member', false),
            eligibility('g4', 'member', null),
          ],
          'r',
        ),
        ['g1', 'g2'],
      );
    });

    it('refuses eligibilities it cannot read: a stub group, no group, an unknown access', () => {
      const cases: unknown[] = [
        { groupId: 'g', accessId: 'member', group: { id: 'g' } },
        { groupId: 'g', accessId: 'member', group: null },
        { groupId: 'g', accessId: 'member' },
        { groupId: 'g', accessId: 'admin', group: { id: 'g', displayName: 'G', isAssignableToRole: true } },
        { accessId: 'member', group: { id: 'g', displayName: 'G', isAssignableToRole: true } },
        null,
      ];
      for (const value of cases)
        assert.throws(() => readGroupEligibilities([value], 'r'), isDenied, JSON.stringify(value));
    });
  });
});
