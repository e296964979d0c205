import assert from 'node:assert/strict';
import { GraphError } from '../../src/errors';
import {
  readMemberships,
  readOwnedRoleAssignableGroups,
  readRoleAssignments,
  roleAssignmentsUrl,
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
    it('uses the template id, falling back to the definition id for custom roles', () => {
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
            },
          },
          {
            id: 'a2',
            principalId: 'g1',
            roleDefinitionId: 'custom-9',
            directoryScopeId: '/administrativeUnits/au1',
            roleDefinition: { id: 'custom-9', templateId: null, displayName: 'Custom' },
          },
          { id: 'a3', principalId: 'g1', roleDefinitionId: 'def-3', directoryScopeId: '/' },
        ],
        'g1',
        'rid',
      );
      assert.deepEqual(views, [
        {
          roleTemplateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
          roleDisplayName: 'Helpdesk Administrator',
          directoryScopeId: '/',
          viaGroupId: 'g1',
        },
        {
          roleTemplateId: 'custom-9',
          roleDisplayName: 'Custom',
          directoryScopeId: '/administrativeUnits/au1',
          viaGroupId: 'g1',
        },
        { roleTemplateId: 'def-3', roleDisplayName: '', directoryScopeId: '/', viaGroupId: 'g1' },
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
    assert.equal(params.get('$expand'), 'roleDefinition($select=id,templateId,displayName)');
  });
});
