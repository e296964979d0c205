import assert from 'node:assert/strict';
import { customRoleKey, RoleTemplates as T, roleMayReset } from '../../../src/local/tenant/roles';

const target = (roleIds: string[], extra: Partial<{ group: boolean; restricted: boolean }> = {}) => ({
  roleIds,
  inRoleAssignableGroup: extra.group ?? false,
  holdsRoleScopedToRestrictedUnit: extra.restricted ?? false,
});

describe("local tenant: Entra's who-can-reset table", () => {
  const requesters = [
    T.PasswordAdministrator,
    T.HelpdeskAdministrator,
    T.AuthenticationAdministrator,
    T.UserAdministrator,
    T.PrivilegedAuthenticationAdministrator,
    T.GlobalAdministrator,
  ];
  // Columns: Password, Helpdesk, Auth, User, Priv Auth, Global.
  const rows: [string, string[], boolean[]][] = [
    ['no role', [], [true, true, true, true, true, true]],
    ['Directory Readers', [T.DirectoryReaders], [true, true, true, true, true, true]],
    ['Password Administrator', [T.PasswordAdministrator], [true, true, true, true, true, true]],
    ['Helpdesk Administrator', [T.HelpdeskAdministrator], [false, true, false, true, true, true]],
    ['Reports Reader', [T.ReportsReader], [false, true, true, true, true, true]],
    [
      'Authentication Administrator',
      [T.AuthenticationAdministrator],
      [false, false, true, false, true, true],
    ],
    ['User Administrator', [T.UserAdministrator], [false, false, false, true, true, true]],
    ['Groups Administrator', [T.GroupsAdministrator], [false, false, false, true, true, true]],
    ['Global Administrator', [T.GlobalAdministrator], [false, false, false, false, true, true]],
    [
      'Privileged Role Administrator',
      [T.PrivilegedRoleAdministrator],
      [false, false, false, false, true, true],
    ],
    ['a custom role', ['0e7a4b9f-1111-4c2d-9a8b-123456789abc'], [false, false, false, false, true, true]],
    [
      'Helpdesk + Auth Administrator',
      [T.HelpdeskAdministrator, T.AuthenticationAdministrator],
      [false, false, false, false, true, true],
    ],
  ];
  for (const [name, roles, expected] of rows) {
    it(`target with ${name}`, () => {
      assert.deepEqual(
        requesters.map((r) => roleMayReset(r, target(roles))),
        expected,
      );
    });
  }

  it('only Privileged Authentication and Global Administrators reset role-assignable group members and restricted-unit role holders', () => {
    assert.deepEqual(
      requesters.map((r) => roleMayReset(r, target([], { group: true }))),
      [false, false, false, false, true, true],
    );
    assert.deepEqual(
      requesters.map((r) => roleMayReset(r, target([], { restricted: true }))),
      [false, false, false, false, true, true],
    );
  });

  it('knows User Experience Success Manager by its template id, never by a name', () => {
    assert.equal(T.UserExperienceSuccessManager, '27460883-1df1-4691-b032-3b79643e5e63');
    assert.deepEqual(
      requesters.map((r) => roleMayReset(r, target([T.UserExperienceSuccessManager]))),
      [false, true, true, true, true, true],
    );
  });

  it('a custom role is "any other role", even when its template id copies a built-in one', () => {
    for (const copied of [T.DirectoryReaders, T.HelpdeskAdministrator]) {
      assert.deepEqual(
        requesters.map((r) => roleMayReset(r, target([customRoleKey(copied)]))),
        [false, false, false, false, true, true],
        copied,
      );
    }
  });

  it('a role that may not reset passwords resets nobody', () => {
    assert.equal(roleMayReset(T.DirectoryReaders, target([])), false);
  });
});
