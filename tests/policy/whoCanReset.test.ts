import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SecurityProfile, UnitMembership } from '../../src/policy/profile';
import { canReset, parseScope, resettingRolesOf } from '../../src/policy/whoCanReset';
import { customRole, profile, role, unitScope } from './fixtures';
import { ID, model, tableOracle, targetForRow, toProfiles } from './tableOracle';

// Everything below is written from shared/reference/who-can-reset.md, not from the module's tables.

type Column = 'password' | 'helpdesk' | 'auth' | 'user' | 'privAuth' | 'global';
const COLUMNS: readonly Column[] = ['password', 'helpdesk', 'auth', 'user', 'privAuth', 'global'];

/** The table, column by column in the order above: 'x' may reset, '.' may not. */
const TABLE: Record<string, string> = {
  'no admin role': 'xxxxxx',
  'Directory Readers': 'xxxxxx',
  'Guest Inviter': 'xxxxxx',
  'Password Administrator': 'xxxxxx',
  'Helpdesk Administrator': '.x.xxx',
  'Message Center Reader': '.xxxxx',
  'Reports Reader': '.xxxxx',
  'Usage Summary Reports Reader': '.xxxxx',
  'User Experience Success Manager': '.xxxxx',
  'Authentication Administrator': '..x.xx',
  'Groups Administrator': '...xxx',
  'User Administrator': '...xxx',
  'Global Administrator': '....xx',
  'Privileged Authentication Administrator': '....xx',
  'Privileged Role Administrator': '....xx',
  'member or owner of a role-assignable group': '....xx',
  'holds a role scoped to a restricted management administrative unit': '....xx',
  'any other built-in or custom role': '....xx',
};

describe('policy/whoCanReset', () => {
  describe('the table, row by row and column by column (tenant-wide requester roles)', () => {
    for (const [row, marks] of Object.entries(TABLE)) {
      COLUMNS.forEach((column, index) => {
        const expected = marks[index] === 'x';
        it(`${column} ${expected ? 'may' : 'may not'} reset: ${row}`, () => {
          const { target, knownUnits } = targetForRow(row);
          const requester = profile('requester', { roles: [role(ID[column])] });
          const decision = canReset(requester, target, knownUnits);
          if (expected) {
            assert.deepEqual(decision, { allowed: true, viaRole: ID[column], warnings: [] });
          } else {
            assert.deepEqual(decision, { allowed: false, reason: 'TARGET_PRIVILEGED' });
          }
        });
      });
    }
  });

  describe('requester', () => {
    it('with no resetting role may do nothing', () => {
      const requester = profile('requester', {
        roles: [role(ID.groups), role(ID.privRole), role(ID.dirReaders)],
      });
      assert.deepEqual(resettingRolesOf(requester), []);
      assert.deepEqual(canReset(requester, profile('target')), {
        allowed: false,
        reason: 'REQUESTER_NOT_ADMIN',
      });
    });

    it('lists the six resetting roles at any scope, direct or through a group', () => {
      const held = [
        role(ID.password, unitScope('au-1')),
        role(ID.helpdesk, '/', 'group-1'),
        role(ID.groups),
        role(ID.global),
      ];
      assert.deepEqual(resettingRolesOf(profile('requester', { roles: held })), [held[0], held[1], held[3]]);
    });

    it('a role held through a role-assignable group counts', () => {
      const requester = profile('requester', { roles: [role(ID.helpdesk, '/', 'group-helpdesk')] });
      assert.deepEqual(canReset(requester, profile('target')), {
        allowed: true,
        viaRole: ID.helpdesk,
        warnings: [],
      });
    });

    it('a Global Administrator assignment at unit scope (impossible in Entra) grants nothing', () => {
      const requester = profile('requester', { roles: [role(ID.global, unitScope('au-1'))] });
      const target = profile('target', { units: [{ id: 'au-1', displayName: 'One', restricted: false }] });
      assert.deepEqual(resettingRolesOf(requester), []);
      assert.equal(canReset(requester, target).allowed, false);
    });

    it('an assignment with an unreadable scope grants nothing', () => {
      for (const scope of ['', '/administrativeUnits/', '/administrativeUnits/a/b', 'tenant', '/groups/x']) {
        const requester = profile('requester', { roles: [role(ID.global, scope)] });
        assert.deepEqual(canReset(requester, profile('target')), {
          allowed: false,
          reason: 'REQUESTER_NOT_ADMIN',
        });
      }
    });

    it('names the least privileged role that suffices', () => {
      const requester = profile('requester', { roles: [role(ID.global), role(ID.user), role(ID.helpdesk)] });
      assert.deepEqual(canReset(requester, profile('target')), {
        allowed: true,
        viaRole: ID.helpdesk,
        warnings: [],
      });
      const helpdeskTarget = profile('target', { roles: [role(ID.helpdesk)] });
      assert.deepEqual(canReset(requester, helpdeskTarget), {
        allowed: true,
        viaRole: ID.helpdesk,
        warnings: [],
      });
      const authTarget = profile('target', { roles: [role(ID.auth)] });
      assert.deepEqual(canReset(requester, authTarget), { allowed: true, viaRole: ID.global, warnings: [] });
    });

    it('template ids match whatever their case', () => {
      const requester = profile('requester', { roles: [role(ID.helpdesk.toUpperCase())] });
      assert.deepEqual(canReset(requester, profile('target')), {
        allowed: true,
        viaRole: ID.helpdesk,
        warnings: [],
      });
    });
  });

  describe('target', () => {
    const admin = profile('requester', { roles: [role(ID.global)] });

    it('self is refused', () => {
      assert.deepEqual(canReset(admin, profile('requester')), { allowed: false, reason: 'TARGET_SELF' });
      assert.deepEqual(canReset(admin, profile('REQUESTER')), { allowed: false, reason: 'TARGET_SELF' });
    });

    it('guests are refused', () => {
      const guest = profile('target', { user: { userType: 'Guest' } });
      assert.deepEqual(canReset(admin, guest), { allowed: false, reason: 'TARGET_GUEST' });
    });

    it('directory-synced users are refused', () => {
      const synced = profile('target', { user: { onPremisesSyncEnabled: true } });
      assert.deepEqual(canReset(admin, synced), { allowed: false, reason: 'TARGET_SYNCED' });
    });

    it('federated users are refused', () => {
      assert.deepEqual(canReset(admin, profile('target', { federated: true })), {
        allowed: false,
        reason: 'TARGET_FEDERATED',
      });
    });

    it('disabled accounts are allowed with a warning', () => {
      const disabled = profile('target', { user: { accountEnabled: false } });
      assert.deepEqual(canReset(admin, disabled), {
        allowed: true,
        viaRole: ID.global,
        warnings: ['TARGET_DISABLED'],
      });
    });

    it('a target with several roles needs ONE requester role that may reset all of them', () => {
      // Authentication Administrator may reset an Authentication Administrator but not a Groups Administrator;
      // User Administrator the other way round. Holding both does not add up to either.
      const target = profile('target', { roles: [role(ID.auth), role(ID.groups)] });
      const both = profile('requester', { roles: [role(ID.auth), role(ID.user)] });
      assert.deepEqual(canReset(both, target), { allowed: false, reason: 'TARGET_PRIVILEGED' });
      const privAuth = profile('requester', { roles: [role(ID.auth), role(ID.privAuth)] });
      assert.deepEqual(canReset(privAuth, target), { allowed: true, viaRole: ID.privAuth, warnings: [] });
    });

    it('a target role at unit scope still counts as that role', () => {
      const unit: UnitMembership = { id: 'au-sales', displayName: 'Sales', restricted: false };
      const target = profile('target', { roles: [role(ID.helpdesk, unitScope('au-sales'))] });
      const password = profile('requester', { roles: [role(ID.password)], units: [unit] });
      assert.deepEqual(canReset(password, target), { allowed: false, reason: 'TARGET_PRIVILEGED' });
      const helpdesk = profile('requester', { roles: [role(ID.helpdesk)] });
      assert.deepEqual(canReset(helpdesk, target, [unit]), {
        allowed: true,
        viaRole: ID.helpdesk,
        warnings: [],
      });
    });

    it('a target role at a unit of unknown kind is treated as restricted-unit scoped', () => {
      const target = profile('target', { roles: [role(ID.dirReaders, unitScope('au-unknown'))] });
      const helpdesk = profile('requester', { roles: [role(ID.helpdesk)] });
      assert.deepEqual(canReset(helpdesk, target), { allowed: false, reason: 'TARGET_PRIVILEGED' });
      const global = profile('requester', { roles: [role(ID.global)] });
      assert.equal(canReset(global, target).allowed, true);
    });

    it('any role received through a group marks a role-assignable group member', () => {
      const target = profile('target', { roles: [role(ID.dirReaders, '/', 'group-ra')] });
      const user = profile('requester', { roles: [role(ID.user)] });
      assert.deepEqual(canReset(user, target), { allowed: false, reason: 'TARGET_PRIVILEGED' });
    });

    it('User Experience Success Manager is known by its template id, never by its display name', () => {
      const helpdesk = profile('requester', { roles: [role(ID.helpdesk)] });
      const password = profile('requester', { roles: [role(ID.password)] });
      const byId = profile('target', { roles: [role(ID.ux, '/', null, 'a renamed display')] });
      assert.equal(canReset(helpdesk, byId).allowed, true);
      assert.equal(canReset(password, byId).allowed, false);
      // A role that merely calls itself so (another id, or a custom role) is "any other role".
      for (const impostor of [
        role('bbbbbbbb-0000-0000-0000-000000000002', '/', null, 'User Experience Success Manager'),
        customRole('bbbbbbbb-0000-0000-0000-000000000003', '/', null, 'User Experience Success Manager'),
      ]) {
        const target = profile('target', { roles: [impostor] });
        assert.deepEqual(canReset(helpdesk, target), { allowed: false, reason: 'TARGET_PRIVILEGED' });
      }
    });
  });

  describe('custom roles are never taken for built-in ones', () => {
    it("a requester whose custom role copies a resetting role's template id may reset nobody", () => {
      for (const copied of [ID.helpdesk, ID.global, ID.password]) {
        const requester = profile('requester', { roles: [customRole(copied)] });
        assert.deepEqual(resettingRolesOf(requester), []);
        assert.deepEqual(canReset(requester, profile('target')), {
          allowed: false,
          reason: 'REQUESTER_NOT_ADMIN',
        });
      }
    });

    it('a target whose custom role copies Directory Readers\' template id is "any other role"', () => {
      const target = profile('target', { roles: [customRole(ID.dirReaders)] });
      for (const id of [ID.password, ID.helpdesk, ID.auth, ID.user]) {
        assert.deepEqual(canReset(profile('requester', { roles: [role(id)] }), target), {
          allowed: false,
          reason: 'TARGET_PRIVILEGED',
        });
      }
      for (const id of [ID.privAuth, ID.global]) {
        assert.equal(canReset(profile('requester', { roles: [role(id)] }), target).allowed, true);
      }
    });

    it("a target whose custom role copies Helpdesk Administrator's template id is out of a Helpdesk Administrator's reach", () => {
      const target = profile('target', { roles: [customRole(ID.helpdesk)] });
      assert.deepEqual(canReset(profile('requester', { roles: [role(ID.helpdesk)] }), target), {
        allowed: false,
        reason: 'TARGET_PRIVILEGED',
      });
    });

    it('a role whose built-in flag is not exactly true counts as custom', () => {
      for (const isBuiltIn of [undefined, null, 'true', 1]) {
        const odd = { ...role(ID.helpdesk), isBuiltIn } as unknown as ReturnType<typeof role>;
        assert.deepEqual(canReset(profile('requester', { roles: [odd] }), profile('target')), {
          allowed: false,
          reason: 'REQUESTER_NOT_ADMIN',
        });
        const readers = { ...role(ID.dirReaders), isBuiltIn } as unknown as ReturnType<typeof role>;
        assert.equal(
          canReset(
            profile('requester', { roles: [role(ID.password)] }),
            profile('target', { roles: [readers] }),
          ).allowed,
          false,
        );
      }
    });
  });

  describe('PIM eligibility protects targets and grants requesters nothing', () => {
    const helpdesk = profile('requester', { roles: [role(ID.helpdesk)] });
    const global = profile('requester', { roles: [role(ID.global)] });

    it('a target eligible for Global Administrator is a Global Administrator to the table', () => {
      const target = profile('target', { eligibleRoles: [role(ID.global)] });
      assert.deepEqual(canReset(helpdesk, target), { allowed: false, reason: 'TARGET_PRIVILEGED' });
      assert.deepEqual(canReset(profile('requester', { roles: [role(ID.user)] }), target), {
        allowed: false,
        reason: 'TARGET_PRIVILEGED',
      });
      assert.deepEqual(canReset(global, target), { allowed: true, viaRole: ID.global, warnings: [] });
    });

    it('eligible and active roles add up: every one must be within reach', () => {
      const target = profile('target', { roles: [role(ID.helpdesk)], eligibleRoles: [role(ID.auth)] });
      assert.equal(canReset(helpdesk, target).allowed, false);
      assert.equal(canReset(profile('requester', { roles: [role(ID.privAuth)] }), target).allowed, true);
    });

    it('eligible membership or ownership of a role-assignable group protects like membership', () => {
      const target = profile('target', { eligibleGroups: ['group-ra'] });
      for (const id of [ID.password, ID.helpdesk, ID.auth, ID.user]) {
        assert.deepEqual(canReset(profile('requester', { roles: [role(id)] }), target), {
          allowed: false,
          reason: 'TARGET_PRIVILEGED',
        });
      }
      assert.equal(canReset(global, target).allowed, true);
    });

    it('a unit-scoped admin may not reset a unit member who is eligible for any role', () => {
      const sales: UnitMembership = { id: 'au-sales', displayName: 'Sales', restricted: false };
      const requester = profile('requester', { roles: [role(ID.helpdesk, unitScope('au-sales'))] });
      assert.equal(canReset(requester, profile('target', { units: [sales] })).allowed, true);
      const eligible = profile('target', { units: [sales], eligibleRoles: [role(ID.dirReaders)] });
      assert.equal(canReset(requester, eligible).allowed, false);
    });

    it('a requester who is only eligible may do nothing', () => {
      const requester = profile('requester', {
        eligibleRoles: [role(ID.global)],
        eligibleGroups: ['group-ra'],
      });
      assert.deepEqual(resettingRolesOf(requester), []);
      assert.deepEqual(canReset(requester, profile('target')), {
        allowed: false,
        reason: 'REQUESTER_NOT_ADMIN',
      });
    });
  });

  describe('administrative units', () => {
    const sales: UnitMembership = { id: 'au-sales', displayName: 'Sales', restricted: false };
    const hr: UnitMembership = { id: 'au-hr', displayName: 'HR', restricted: false };
    const exec: UnitMembership = { id: 'au-exec', displayName: 'Executives', restricted: true };
    const board: UnitMembership = { id: 'au-board', displayName: 'Board', restricted: true };

    it('a unit-scoped role covers members of that unit only', () => {
      const requester = profile('requester', { roles: [role(ID.helpdesk, unitScope('au-sales'))] });
      assert.equal(canReset(requester, profile('target', { units: [sales] })).allowed, true);
      assert.deepEqual(canReset(requester, profile('target', { units: [hr] })), {
        allowed: false,
        reason: 'TARGET_OUT_OF_SCOPE',
      });
      assert.deepEqual(canReset(requester, profile('target')), {
        allowed: false,
        reason: 'TARGET_OUT_OF_SCOPE',
      });
    });

    it('unit ids compare case-insensitively', () => {
      const requester = profile('requester', { roles: [role(ID.helpdesk, unitScope('AU-SALES'))] });
      assert.equal(canReset(requester, profile('target', { units: [sales] })).allowed, true);
    });

    it('out of scope when the only suitable role is scoped to a unit the target is not in', () => {
      const requester = profile('requester', { roles: [role(ID.helpdesk, unitScope('au-sales'))] });
      const outside = profile('target');
      assert.deepEqual(canReset(requester, outside), { allowed: false, reason: 'TARGET_OUT_OF_SCOPE' });
      const inSales = profile('target', { units: [sales] });
      assert.deepEqual(canReset(requester, inSales), { allowed: true, viaRole: ID.helpdesk, warnings: [] });
    });

    it('a unit-scoped role never resets a user holding an admin role, even one the table allows', () => {
      // Entra: unit-scoped admins reset users of their unit only if those users hold no administrator role.
      const requester = profile('requester', { roles: [role(ID.privAuth, unitScope('au-sales'))] });
      for (const id of [ID.global, ID.dirReaders, ID.password]) {
        const target = profile('target', { roles: [role(id)], units: [sales] });
        assert.equal(canReset(requester, target).allowed, false, id);
      }
      const tenantWide = profile('requester', { roles: [role(ID.privAuth)] });
      assert.equal(
        canReset(tenantWide, profile('target', { roles: [role(ID.global)], units: [sales] })).allowed,
        true,
      );
    });

    it('no suitable role at any scope is privileged, not out of scope', () => {
      const requester = profile('requester', { roles: [role(ID.helpdesk, unitScope('au-sales'))] });
      const globalAdmin = profile('target', { roles: [role(ID.global)] });
      assert.deepEqual(canReset(requester, globalAdmin), { allowed: false, reason: 'TARGET_PRIVILEGED' });
    });

    it('members of a restricted unit refuse tenant-wide roles, Global Administrator included', () => {
      const target = profile('target', { units: [exec] });
      for (const id of [ID.global, ID.privAuth, ID.helpdesk]) {
        assert.deepEqual(canReset(profile('requester', { roles: [role(id)] }), target), {
          allowed: false,
          reason: 'TARGET_RESTRICTED_UNIT',
        });
      }
    });

    it('members of a restricted unit refuse roles scoped to an ordinary unit they are also in', () => {
      const target = profile('target', { units: [exec, sales] });
      const requester = profile('requester', { roles: [role(ID.helpdesk, unitScope('au-sales'))] });
      assert.deepEqual(canReset(requester, target), { allowed: false, reason: 'TARGET_RESTRICTED_UNIT' });
    });

    it('members of a restricted unit may be reset by a role scoped to that very unit', () => {
      const target = profile('target', { units: [exec] });
      const requester = profile('requester', {
        roles: [role(ID.global), role(ID.password, unitScope('au-exec'))],
      });
      assert.deepEqual(canReset(requester, target), { allowed: true, viaRole: ID.password, warnings: [] });
    });

    it('or by a role scoped to another restricted unit the target is also in', () => {
      const target = profile('target', { units: [exec, board] });
      const requester = profile('requester', { roles: [role(ID.helpdesk, unitScope('au-board'))] });
      assert.equal(canReset(requester, target).allowed, true);
    });

    it('inside a restricted unit, a role scoped to it resets plain members only', () => {
      const plain = profile('target', { units: [exec] });
      const helpdesk = profile('requester', { roles: [role(ID.helpdesk, unitScope('au-exec'))] });
      assert.equal(canReset(helpdesk, plain).allowed, true);
      const admin = profile('target', { units: [exec], roles: [role(ID.global)] });
      assert.deepEqual(canReset(helpdesk, admin), { allowed: false, reason: 'TARGET_PRIVILEGED' });
      const privAuth = profile('requester', { roles: [role(ID.privAuth, unitScope('au-exec'))] });
      assert.equal(canReset(privAuth, admin).allowed, false);
    });

    it('a restricted flag reported differently by two sources counts as restricted', () => {
      const target = profile('target', { roles: [role(ID.dirReaders, unitScope('au-x'))] });
      const requester = profile('requester', {
        roles: [role(ID.helpdesk)],
        units: [{ id: 'au-x', displayName: 'X', restricted: false }],
      });
      assert.equal(canReset(requester, target).allowed, true);
      assert.equal(
        canReset(requester, target, [{ id: 'AU-X', displayName: 'X', restricted: true }]).allowed,
        false,
      );
    });
  });

  describe('missing or odd data means no', () => {
    const admin = profile('requester', { roles: [role(ID.global)] });
    const odd = (
      patch: Record<string, unknown>,
      userPatch: Record<string, unknown> = {},
    ): SecurityProfile => {
      const base = profile('target');
      return { ...base, ...patch, user: { ...base.user, ...userPatch } } as unknown as SecurityProfile;
    };

    it('refuses a requester without an id', () => {
      const requester = odd({ roleAssignments: [role(ID.global)] }, { id: '' });
      assert.deepEqual(canReset(requester, profile('target')), {
        allowed: false,
        reason: 'REQUESTER_NOT_ADMIN',
      });
    });

    it('refuses a requester whose roles are missing', () => {
      assert.deepEqual(canReset(odd({ roleAssignments: undefined }), profile('target')), {
        allowed: false,
        reason: 'REQUESTER_NOT_ADMIN',
      });
    });

    it('refuses targets with missing or malformed fields', () => {
      const cases: Array<[SecurityProfile, string]> = [
        [null as unknown as SecurityProfile, 'TARGET_PRIVILEGED'],
        [odd({}, { id: undefined }), 'TARGET_PRIVILEGED'],
        [odd({}, { userType: undefined }), 'TARGET_GUEST'],
        [odd({}, { userType: 'member' }), 'TARGET_GUEST'],
        [odd({}, { onPremisesSyncEnabled: null }), 'TARGET_SYNCED'],
        [odd({ federated: undefined }), 'TARGET_FEDERATED'],
        [odd({ administrativeUnits: undefined }), 'TARGET_RESTRICTED_UNIT'],
        [odd({ administrativeUnits: [{ id: 'au-1', displayName: 'x' }] }), 'TARGET_RESTRICTED_UNIT'],
        [
          odd({ administrativeUnits: [{ id: '', displayName: 'x', restricted: false }] }),
          'TARGET_RESTRICTED_UNIT',
        ],
        [odd({ roleAssignments: undefined }), 'TARGET_PRIVILEGED'],
        [odd({ roleAssignableGroupIds: undefined }), 'TARGET_PRIVILEGED'],
        [odd({ eligibleRoleAssignments: undefined }), 'TARGET_PRIVILEGED'],
        [odd({ eligibleRoleAssignableGroupIds: undefined }), 'TARGET_PRIVILEGED'],
        [odd({ eligibleRoleAssignments: [null] }), 'TARGET_PRIVILEGED'],
        [odd({ eligibleRoleAssignments: [role(ID.dirReaders, '/weird')] }), 'TARGET_PRIVILEGED'],
        [odd({ roleAssignments: [null] }), 'TARGET_PRIVILEGED'],
        [
          odd({ roleAssignments: [{ ...role(ID.dirReaders), roleTemplateId: undefined }] }),
          'TARGET_PRIVILEGED',
        ],
        [odd({ roleAssignments: [role(ID.dirReaders, '/weird')] }), 'TARGET_PRIVILEGED'],
      ];
      for (const [target, reason] of cases) {
        assert.deepEqual(canReset(admin, target), { allowed: false, reason }, JSON.stringify(target));
      }
    });

    it('an empty template id is "any other role"', () => {
      const target = profile('target', { roles: [role('')] });
      assert.equal(canReset(profile('requester', { roles: [role(ID.user)] }), target).allowed, false);
      assert.equal(canReset(admin, target).allowed, true);
    });

    it('parses only the two scope shapes Graph uses', () => {
      assert.deepEqual(parseScope('/'), { kind: 'tenant' });
      assert.deepEqual(parseScope('/administrativeUnits/AbC'), { kind: 'unit', unitId: 'abc' });
      for (const bad of [undefined, null, 5, '', '//', '/administrativeUnits', '/administrativeUnits/ x']) {
        assert.equal(parseScope(bad), null, String(bad));
      }
    });
  });

  describe('property: every decision agrees with an oracle written from the table', () => {
    // The docs' rules around the table (tableOracle.ts) with this table and what a password refuses.
    const oracle = tableOracle({
      columnOf: { password: 0, helpdesk: 1, auth: 2, user: 3, privAuth: 4, global: 5 },
      table: TABLE,
      refusals: {
        notAllowed: 'REQUESTER_NOT_ADMIN',
        self: 'TARGET_SELF',
        guest: 'TARGET_GUEST',
        restrictedUnit: 'TARGET_RESTRICTED_UNIT',
        privileged: 'TARGET_PRIVILEGED',
      },
      account: (m) => (m.synced ? 'TARGET_SYNCED' : m.federated ? 'TARGET_FEDERATED' : null),
    });

    it('agrees on 10,000 generated cases, and the cases reach every outcome', function () {
      this.timeout(20_000);
      const outcomes = new Map<string, number>();
      let customCases = 0;
      let eligibleCases = 0;
      fc.assert(
        fc.property(model, (m) => {
          if ([...m.requesterRoles, ...m.targetRoles, ...m.targetEligible].some((r) => r.custom))
            customCases += 1;
          if (m.targetEligible.length > 0 || m.targetEligibleGroup || m.requesterEligible.length > 0)
            eligibleCases += 1;
          const { requester, target, known } = toProfiles(m);
          const actual = canReset(requester, target, known);
          const expected = oracle(m);
          assert.deepEqual(actual, expected);
          const key = actual.allowed ? `allowed${actual.warnings.length ? '+warning' : ''}` : actual.reason;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }),
        { numRuns: 10_000 },
      );
      // Custom roles and PIM eligibilities are a real share of the cases, not a rarity.
      assert.ok(customCases >= 1_000, `only ${customCases} cases with a custom role`);
      assert.ok(eligibleCases >= 1_000, `only ${eligibleCases} cases with an eligibility`);
      for (const outcome of [
        'allowed',
        'allowed+warning',
        'REQUESTER_NOT_ADMIN',
        'TARGET_SELF',
        'TARGET_GUEST',
        'TARGET_SYNCED',
        'TARGET_FEDERATED',
        'TARGET_RESTRICTED_UNIT',
        'TARGET_OUT_OF_SCOPE',
        'TARGET_PRIVILEGED',
      ]) {
        assert.ok(
          (outcomes.get(outcome) ?? 0) >= 20,
          `${outcome} reached only ${outcomes.get(outcome) ?? 0} times`,
        );
      }
    });
  });
});
