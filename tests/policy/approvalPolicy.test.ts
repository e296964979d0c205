import assert from 'node:assert/strict';
import { approvalReasons, PLAIN_USER_ROLE_TEMPLATE_IDS } from '../../src/policy/approvalPolicy';
import type { RoleAssignmentView } from '../../src/policy/profile';
import { profile, user } from '../support/memoryPorts';

const GLOBAL = '62e90394-69f5-4237-9190-012177145e10';
const DIRECTORY_READERS = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
const USER_ROLE = 'a0b1b346-4d3e-4e8b-98f8-753987be4970';
const GROUP = '8bbdedcc-55b2-4a78-bd06-3ab7675ab7d2';
const ADMINS = { forAdmins: true, groupIds: [] };

const bob = user('b0000000-0000-0000-0000-000000000002', 'Bob Brown');

function role(roleTemplateId: string, overrides: Partial<RoleAssignmentView> = {}): RoleAssignmentView {
  return {
    roleTemplateId,
    isBuiltIn: true,
    roleDisplayName: roleTemplateId === GLOBAL ? 'Global Administrator' : roleTemplateId,
    directoryScopeId: '/',
    viaGroupId: null,
    ...overrides,
  };
}

describe('approval policy: who needs a second admin', () => {
  it('nobody without a role, a role-assignable group or a listed group', () => {
    assert.deepEqual(approvalReasons(profile(bob), ADMINS), []);
    assert.deepEqual(approvalReasons(profile(bob, [], { groupIds: [GROUP] }), ADMINS), []);
  });

  it('a holder of any built-in role, read-only ones included, at any scope', () => {
    assert.deepEqual(approvalReasons(profile(bob, [], { roleAssignments: [role(GLOBAL)] }), ADMINS), [
      { kind: 'role', name: 'Global Administrator' },
    ]);
    assert.equal(approvalReasons(profile(bob, [DIRECTORY_READERS]), ADMINS).length, 1);
    const scoped = profile(bob, [], {
      roleAssignments: [role(GLOBAL, { directoryScopeId: '/administrativeUnits/x' })],
    });
    assert.equal(approvalReasons(scoped, ADMINS).length, 1);
  });

  it('a holder of a custom role, whatever template id it copies (even a plain user role)', () => {
    const custom = profile(bob, [], {
      roleAssignments: [role(USER_ROLE, { isBuiltIn: false, roleDisplayName: 'Contoso Auditor' })],
    });
    assert.deepEqual(approvalReasons(custom, ADMINS), [{ kind: 'role', name: 'Contoso Auditor' }]);
  });

  it('never the implicit roles every account has (User, Guest User, Restricted Guest User)', () => {
    assert.equal(PLAIN_USER_ROLE_TEMPLATE_IDS.size, 3);
    for (const id of PLAIN_USER_ROLE_TEMPLATE_IDS) {
      assert.deepEqual(approvalReasons(profile(bob, [id]), ADMINS), [], id);
    }
  });

  it('a user eligible (PIM) for a role, or for membership of a role-assignable group, or in one', () => {
    const eligible = profile(bob, [], { eligibleRoleAssignments: [role(GLOBAL)] });
    assert.deepEqual(approvalReasons(eligible, ADMINS), [
      { kind: 'eligible-role', name: 'Global Administrator' },
    ]);
    const groupEligible = profile(bob, [], { eligibleRoleAssignableGroupIds: ['G-1'] });
    assert.deepEqual(approvalReasons(groupEligible, ADMINS), [
      { kind: 'role-assignable-group', name: 'g-1' },
    ]);
    const member = profile(bob, [], { roleAssignableGroupIds: ['g-2'] });
    assert.equal(approvalReasons(member, ADMINS)[0]?.kind, 'role-assignable-group');
  });

  it('with the setting off, admins need nobody; listed groups still do', () => {
    const off = { forAdmins: false, groupIds: [GROUP.toUpperCase()] };
    assert.deepEqual(approvalReasons(profile(bob, [GLOBAL], { groupIds: [] }), off), []);
    assert.deepEqual(approvalReasons(profile(bob, [], { groupIds: [GROUP] }), off), [
      { kind: 'listed-group', name: GROUP },
    ]);
    assert.deepEqual(approvalReasons(profile(bob, [], { groupIds: ['other'] }), off), []);
  });

  it('a profile whose groups were not read counts as a member of every listed group', () => {
    const unread = profile(bob);
    assert.equal(unread.groupIds, undefined);
    assert.deepEqual(approvalReasons(unread, { forAdmins: false, groupIds: [GROUP] }), [
      { kind: 'listed-group', name: GROUP },
    ]);
  });

  it('names each reason once', () => {
    const twice = profile(bob, [GLOBAL, GLOBAL], { roleAssignableGroupIds: ['g-1', 'g-2'] });
    assert.deepEqual(
      approvalReasons(twice, ADMINS).map((r) => r.kind),
      ['role', 'role-assignable-group'],
    );
  });
});
