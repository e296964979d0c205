import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SecurityProfile } from '../../src/policy/profile';
import { canManageAuthMethods, methodsRolesOf } from '../../src/policy/whoCanManageAuthMethods';
import { customRole, profile, role, unitScope } from './fixtures';
import { ID, model, tableOracle, targetForRow, toProfiles } from './tableOracle';

// Everything below is written from docs/who-can-manage-auth-methods.md (Microsoft's "Who can perform
// sensitive actions" table, to which "Compare authentication roles" points for "Manage user's auth
// methods"), not from the module's tables.

type Column = 'auth' | 'privAuth' | 'global';
const COLUMNS: readonly Column[] = ['auth', 'privAuth', 'global'];

/** The table, column by column in the order above: 'x' may manage methods, '.' may not. */
const TABLE: Record<string, string> = {
  'no admin role': 'xxx',
  'Authentication Administrator': 'xxx',
  'Directory Readers': 'xxx',
  'Global Administrator': '.xx',
  'Groups Administrator': '.xx',
  'Guest Inviter': 'xxx',
  'Helpdesk Administrator': '.xx',
  'Message Center Reader': 'xxx',
  'Password Administrator': 'xxx',
  'Privileged Authentication Administrator': '.xx',
  'Privileged Role Administrator': '.xx',
  'Reports Reader': 'xxx',
  'member or owner of a role-assignable group': '.xx',
  'holds a role scoped to a restricted management administrative unit': '.xx',
  'User Administrator': '.xx',
  'User Experience Success Manager': 'xxx',
  'Usage Summary Reports Reader': 'xxx',
  'any other built-in or custom role': '.xx',
};

describe('policy/whoCanManageAuthMethods', () => {
  describe('the table, row by row and column by column (tenant-wide requester roles)', () => {
    for (const [row, marks] of Object.entries(TABLE)) {
      COLUMNS.forEach((column, index) => {
        const expected = marks[index] === 'x';
        it(`${column} ${expected ? 'may' : 'may not'} manage the methods of: ${row}`, () => {
          const { target, knownUnits } = targetForRow(row);
          const requester = profile('requester', { roles: [role(ID[column])] });
          const decision = canManageAuthMethods(requester, target, knownUnits);
          if (expected) {
            assert.deepEqual(decision, { allowed: true, viaRole: ID[column], warnings: [] });
          } else {
            assert.deepEqual(decision, { allowed: false, reason: 'TAP_TARGET_PRIVILEGED' });
          }
        });
      });
    }
  });

  describe('requester', () => {
    for (const [name, id] of [
      ['Helpdesk Administrator', ID.helpdesk],
      ['Password Administrator', ID.password],
      ['User Administrator', ID.user],
    ] as const) {
      it(`a ${name} manages nobody's methods, not even a user without roles`, () => {
        const requester = profile('requester', { roles: [role(id)] });
        assert.deepEqual(methodsRolesOf(requester), []);
        assert.deepEqual(canManageAuthMethods(requester, profile('target')), {
          allowed: false,
          reason: 'TAP_NOT_ALLOWED',
        });
      });
    }

    it('lists the three roles at any scope, direct or through a group, and nothing else', () => {
      const held = [
        role(ID.auth, unitScope('au-1')),
        role(ID.privAuth, '/', 'group-1'),
        role(ID.helpdesk),
        role(ID.user),
        role(ID.global),
      ];
      assert.deepEqual(methodsRolesOf(profile('requester', { roles: held })), [held[0], held[1], held[4]]);
    });

    it('names the least privileged role that suffices', () => {
      const requester = profile('requester', { roles: [role(ID.global), role(ID.auth), role(ID.privAuth)] });
      assert.deepEqual(canManageAuthMethods(requester, profile('target')), {
        allowed: true,
        viaRole: ID.auth,
        warnings: [],
      });
      assert.deepEqual(canManageAuthMethods(requester, profile('target', { roles: [role(ID.helpdesk)] })), {
        allowed: true,
        viaRole: ID.privAuth,
        warnings: [],
      });
    });

    it("a custom role copying Authentication Administrator's template id manages nobody", () => {
      const requester = profile('requester', { roles: [customRole(ID.auth)] });
      assert.deepEqual(canManageAuthMethods(requester, profile('target')), {
        allowed: false,
        reason: 'TAP_NOT_ALLOWED',
      });
    });

    it('an eligible-only (PIM) Authentication Administrator manages nobody', () => {
      const requester = profile('requester', { eligibleRoles: [role(ID.auth)] });
      assert.deepEqual(canManageAuthMethods(requester, profile('target')).allowed, false);
    });

    it('a requester profile whose group roles were not read grants nothing', () => {
      const requester = { ...profile('requester', { roles: [role(ID.global)] }), groupRolesRead: false };
      assert.deepEqual(canManageAuthMethods(requester, profile('target')), {
        allowed: false,
        reason: 'TAP_NOT_ALLOWED',
      });
    });
  });

  describe('target', () => {
    const auth = profile('requester', { roles: [role(ID.auth)] });

    it('self is refused', () => {
      assert.deepEqual(canManageAuthMethods(auth, profile('requester')), {
        allowed: false,
        reason: 'TAP_TARGET_SELF',
      });
    });

    it('guests are refused', () => {
      assert.deepEqual(canManageAuthMethods(auth, profile('target', { user: { userType: 'Guest' } })), {
        allowed: false,
        reason: 'TAP_TARGET_GUEST',
      });
    });

    it('directory-synced and federated users may have a pass (a cloud method)', () => {
      for (const target of [
        profile('target', { user: { onPremisesSyncEnabled: true } }),
        profile('target', { federated: true }),
      ]) {
        assert.deepEqual(canManageAuthMethods(auth, target), {
          allowed: true,
          viaRole: ID.auth,
          warnings: [],
        });
      }
    });

    it('a disabled account is allowed with a warning', () => {
      assert.deepEqual(canManageAuthMethods(auth, profile('target', { user: { accountEnabled: false } })), {
        allowed: true,
        viaRole: ID.auth,
        warnings: ['TARGET_DISABLED'],
      });
    });

    it('a role the target is only eligible for (PIM) protects it as if active', () => {
      const target = profile('target', { eligibleRoles: [role(ID.global)] });
      assert.deepEqual(canManageAuthMethods(auth, target), {
        allowed: false,
        reason: 'TAP_TARGET_PRIVILEGED',
      });
    });

    it('a unit-scoped Authentication Administrator covers plain members of its unit only', () => {
      const unit = { id: 'au-1', displayName: 'One', restricted: false };
      const scoped = profile('requester', { roles: [role(ID.auth, unitScope('au-1'))] });
      assert.equal(canManageAuthMethods(scoped, profile('target', { units: [unit] })).allowed, true);
      assert.deepEqual(canManageAuthMethods(scoped, profile('target')), {
        allowed: false,
        reason: 'TARGET_OUT_OF_SCOPE',
      });
      assert.deepEqual(
        canManageAuthMethods(scoped, profile('target', { units: [unit], roles: [role(ID.dirReaders)] })),
        { allowed: false, reason: 'TAP_TARGET_PRIVILEGED' },
      );
    });

    it('members of a restricted unit refuse tenant-wide roles, Global Administrator included', () => {
      const unit = { id: 'au-r', displayName: 'Executives', restricted: true };
      const global = profile('requester', { roles: [role(ID.global)] });
      assert.deepEqual(canManageAuthMethods(global, profile('target', { units: [unit] })), {
        allowed: false,
        reason: 'TAP_TARGET_RESTRICTED_UNIT',
      });
      const scoped = profile('requester', { roles: [role(ID.auth, unitScope('au-r'))] });
      assert.equal(canManageAuthMethods(scoped, profile('target', { units: [unit] })).allowed, true);
    });

    it('malformed target data means no', () => {
      const broken = { ...profile('target'), roleAssignments: null } as unknown as SecurityProfile;
      assert.deepEqual(canManageAuthMethods(auth, broken), {
        allowed: false,
        reason: 'TAP_TARGET_PRIVILEGED',
      });
      const noUnits = {
        ...profile('target'),
        administrativeUnits: [{ id: 'x' }],
      } as unknown as SecurityProfile;
      assert.equal(canManageAuthMethods(auth, noUnits).allowed, false);
    });
  });

  describe('property: every decision agrees with an oracle written from the table', () => {
    // The docs' rules around the table (tableOracle.ts) with this table and what a pass refuses. Synced and
    // federated users may have a pass: nothing to refuse for them.
    const oracle = tableOracle({
      columnOf: { auth: 0, privAuth: 1, global: 2 },
      table: TABLE,
      refusals: {
        notAllowed: 'TAP_NOT_ALLOWED',
        self: 'TAP_TARGET_SELF',
        guest: 'TAP_TARGET_GUEST',
        restrictedUnit: 'TAP_TARGET_RESTRICTED_UNIT',
        privileged: 'TAP_TARGET_PRIVILEGED',
      },
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
          const actual = canManageAuthMethods(requester, target, known);
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
        'TAP_NOT_ALLOWED',
        'TAP_TARGET_SELF',
        'TAP_TARGET_GUEST',
        'TAP_TARGET_RESTRICTED_UNIT',
        'TARGET_OUT_OF_SCOPE',
        'TAP_TARGET_PRIVILEGED',
      ]) {
        assert.ok(
          (outcomes.get(outcome) ?? 0) >= 20,
          `${outcome} reached only ${outcomes.get(outcome) ?? 0} times`,
        );
      }
    });
  });
});
