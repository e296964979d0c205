import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SecurityProfile, UnitMembership } from '../../src/policy/profile';
import { canManageAuthMethods, methodsRolesOf } from '../../src/policy/whoCanManageAuthMethods';
import { customRole, profile, role, unitScope } from './fixtures';

// Everything below is written from docs/who-can-manage-auth-methods.md (Microsoft's "Who can perform
// sensitive actions" table, to which "Compare authentication roles" points for "Manage user's auth
// methods"), not from the module's tables.
const ID = {
  global: '62e90394-69f5-4237-9190-012177145e10',
  privAuth: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  privRole: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  user: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  auth: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  password: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  groups: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  dirReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  guestInviter: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  msgCenter: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  reports: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  usage: '75934031-6c7e-415a-99d7-48dbd49e875e',
  ux: '27460883-1df1-4691-b032-3b79643e5e63',
  custom: '0f0f0f0f-1111-2222-3333-444444444444',
} as const;

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

const RESTRICTED_ELSEWHERE: UnitMembership = { id: 'au-exec', displayName: 'Executives', restricted: true };

/** A target that falls into exactly one row of the table. */
function targetForRow(row: string): { target: SecurityProfile; knownUnits: UnitMembership[] } {
  const roles: Record<string, string> = {
    'Directory Readers': ID.dirReaders,
    'Guest Inviter': ID.guestInviter,
    'Password Administrator': ID.password,
    'Helpdesk Administrator': ID.helpdesk,
    'Message Center Reader': ID.msgCenter,
    'Reports Reader': ID.reports,
    'Usage Summary Reports Reader': ID.usage,
    'User Experience Success Manager': ID.ux,
    'Authentication Administrator': ID.auth,
    'Groups Administrator': ID.groups,
    'User Administrator': ID.user,
    'Global Administrator': ID.global,
    'Privileged Authentication Administrator': ID.privAuth,
    'Privileged Role Administrator': ID.privRole,
    'any other built-in or custom role': ID.custom,
  };
  if (row === 'no admin role') return { target: profile('target'), knownUnits: [] };
  if (row === 'member or owner of a role-assignable group') {
    return { target: profile('target', { groups: ['group-ra'] }), knownUnits: [] };
  }
  if (row === 'holds a role scoped to a restricted management administrative unit') {
    const target = profile('target', { roles: [role(ID.helpdesk, unitScope(RESTRICTED_ELSEWHERE.id))] });
    return { target, knownUnits: [RESTRICTED_ELSEWHERE] };
  }
  return { target: profile('target', { roles: [role(roles[row])] }), knownUnits: [] };
}

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
    // The model the oracle reasons about; profiles are built from it.
    type Kind =
      | 'password'
      | 'helpdesk'
      | 'auth'
      | 'user'
      | 'privAuth'
      | 'global'
      | 'privRole'
      | 'groups'
      | 'dirReaders'
      | 'guestInviter'
      | 'msgCenter'
      | 'reports'
      | 'usage'
      | 'ux'
      | 'custom';
    interface ModelRole {
      kind: Kind;
      unit: string | null;
      viaGroup: boolean;
      upperCase: boolean;
      /** A custom role (isBuiltIn false) whose templateId copies `kind`'s. */
      custom: boolean;
    }
    interface Model {
      requesterRoles: ModelRole[];
      /** Roles the requester is only eligible for (PIM): they must grant nothing. */
      requesterEligible: ModelRole[];
      requesterUnits: string[];
      targetRoles: ModelRole[];
      /** Roles the target is only eligible for (PIM): they protect it as if active. */
      targetEligible: ModelRole[];
      targetUnits: string[];
      targetInGroup: boolean;
      /** Eligible (PIM for Groups) member or owner of a role-assignable group. */
      targetEligibleGroup: boolean;
      self: boolean;
      guest: boolean;
      synced: boolean;
      federated: boolean;
      disabled: boolean;
      shareUnitCatalogue: boolean;
    }

    const UNITS: Record<string, boolean> = { 'au-a': false, 'au-b': false, 'au-r1': true, 'au-r2': true };
    const TEMPLATE: Record<Kind, string> = {
      password: ID.password,
      helpdesk: ID.helpdesk,
      auth: ID.auth,
      user: ID.user,
      privAuth: ID.privAuth,
      global: ID.global,
      privRole: ID.privRole,
      groups: ID.groups,
      dirReaders: ID.dirReaders,
      guestInviter: ID.guestInviter,
      msgCenter: ID.msgCenter,
      reports: ID.reports,
      usage: ID.usage,
      ux: ID.ux,
      custom: ID.custom,
    };
    // Row of the table for each kind of target role, and the column of each requester role.
    const ROW: Record<Kind, string> = {
      password: 'Password Administrator',
      helpdesk: 'Helpdesk Administrator',
      auth: 'Authentication Administrator',
      user: 'User Administrator',
      privAuth: 'Privileged Authentication Administrator',
      global: 'Global Administrator',
      privRole: 'Privileged Role Administrator',
      groups: 'Groups Administrator',
      dirReaders: 'Directory Readers',
      guestInviter: 'Guest Inviter',
      msgCenter: 'Message Center Reader',
      reports: 'Reports Reader',
      usage: 'Usage Summary Reports Reader',
      ux: 'User Experience Success Manager',
      custom: 'any other built-in or custom role',
    };
    const COLUMN_OF: Partial<Record<Kind, number>> = { auth: 0, privAuth: 1, global: 2 };

    type Verdict =
      { allowed: true; viaRole: string; warnings: string[] } | { allowed: false; reason: string };

    function oracle(m: Model): Verdict {
      // Only active, built-in roles give a column; eligible and custom ones give nothing.
      const grants = m.requesterRoles.filter(
        (r) => !r.custom && COLUMN_OF[r.kind] !== undefined && !(r.kind === 'global' && r.unit !== null),
      );
      if (grants.length === 0) return { allowed: false, reason: 'TAP_NOT_ALLOWED' };
      if (m.self) return { allowed: false, reason: 'TAP_TARGET_SELF' };
      if (m.guest) return { allowed: false, reason: 'TAP_TARGET_GUEST' };
      // Synced and federated users may have a pass: nothing to refuse for them.

      // What the decision may know about a unit: the shared catalogue, or the two users' own memberships.
      const knows = (unit: string): boolean =>
        m.shareUnitCatalogue || m.targetUnits.includes(unit) || m.requesterUnits.includes(unit);
      const rows: string[] = [];
      if (m.targetInGroup || m.targetEligibleGroup) rows.push('member or owner of a role-assignable group');
      // What a target may activate (PIM) protects it as much as what it holds.
      for (const r of [...m.targetRoles, ...m.targetEligible]) {
        if (r.viaGroup) rows.push('member or owner of a role-assignable group');
        const restrictedScope = r.unit !== null && (!knows(r.unit) || UNITS[r.unit]);
        rows.push(
          restrictedScope
            ? 'holds a role scoped to a restricted management administrative unit'
            : r.custom
              ? 'any other built-in or custom role'
              : ROW[r.kind],
        );
      }
      if (rows.length === 0) rows.push('no admin role');

      // Unit-scoped requester roles reset only users who hold no admin role at all (Entra's AU rule).
      const plainUser = rows.length === 1 && rows[0] === 'no admin role';
      const canAll = (r: ModelRole): boolean =>
        (r.unit === null || plainUser) && rows.every((row) => TABLE[row][COLUMN_OF[r.kind]!] === 'x');
      const restrictedMemberships = m.targetUnits.filter((u) => UNITS[u]);
      const covering =
        restrictedMemberships.length > 0
          ? grants.filter((g) => g.unit !== null && restrictedMemberships.includes(g.unit))
          : grants.filter((g) => g.unit === null || m.targetUnits.includes(g.unit));
      if (restrictedMemberships.length > 0 && covering.length === 0) {
        return { allowed: false, reason: 'TAP_TARGET_RESTRICTED_UNIT' };
      }
      const able = covering.filter(canAll);
      if (able.length > 0) {
        const best = able.reduce((a, b) => (COLUMN_OF[b.kind]! < COLUMN_OF[a.kind]! ? b : a));
        return {
          allowed: true,
          viaRole: TEMPLATE[best.kind],
          warnings: m.disabled ? ['TARGET_DISABLED'] : [],
        };
      }
      if (restrictedMemberships.length === 0 && grants.some(canAll)) {
        return { allowed: false, reason: 'TARGET_OUT_OF_SCOPE' };
      }
      return { allowed: false, reason: 'TAP_TARGET_PRIVILEGED' };
    }

    function toProfiles(m: Model): {
      requester: SecurityProfile;
      target: SecurityProfile;
      known: UnitMembership[];
    } {
      const unitOf = (id: string): UnitMembership => ({ id, displayName: id, restricted: UNITS[id] });
      // A custom role is fed to the policy with the very template id it copies: the hardest case.
      const assignment = (r: ModelRole, i: number) =>
        (r.custom ? customRole : role)(
          r.upperCase ? TEMPLATE[r.kind].toUpperCase() : TEMPLATE[r.kind],
          r.unit === null ? '/' : unitScope(r.upperCase ? r.unit.toUpperCase() : r.unit),
          r.viaGroup ? `group-${i}` : null,
          ROW[r.kind],
        );
      const requester = profile('requester', {
        roles: m.requesterRoles.map(assignment),
        eligibleRoles: m.requesterEligible.map(assignment),
        units: m.requesterUnits.map(unitOf),
      });
      const target = profile(m.self ? 'requester' : 'target', {
        roles: m.targetRoles.map(assignment),
        eligibleRoles: m.targetEligible.map(assignment),
        units: m.targetUnits.map(unitOf),
        groups: m.targetInGroup ? ['group-ra'] : [],
        eligibleGroups: m.targetEligibleGroup ? ['group-pim'] : [],
        federated: m.federated,
        user: {
          userType: m.guest ? 'Guest' : 'Member',
          onPremisesSyncEnabled: m.synced,
          accountEnabled: !m.disabled,
        },
      });
      return { requester, target, known: m.shareUnitCatalogue ? Object.keys(UNITS).map(unitOf) : [] };
    }

    // Requesters hold the six password roles as often as before: half of them manage no methods at all.
    const resetting: Kind[] = ['password', 'helpdesk', 'auth', 'user', 'privAuth', 'global'];
    const others: Kind[] = [
      'privRole',
      'groups',
      'dirReaders',
      'guestInviter',
      'msgCenter',
      'reports',
      'usage',
      'ux',
      'custom',
    ];
    const unit = fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.constantFrom(...Object.keys(UNITS)) },
    );
    const sometimes = (weight: number) =>
      fc.oneof({ weight, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
    const modelRole = (kinds: fc.Arbitrary<Kind>, group = sometimes(5)) =>
      fc.record({ kind: kinds, unit, viaGroup: group, upperCase: fc.boolean(), custom: sometimes(6) });
    // Eligibilities are read for the user itself, never through a group.
    const eligibleRoles = (kinds: fc.Arbitrary<Kind>) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant<ModelRole[]>([]) },
        {
          weight: 1,
          arbitrary: fc.array(modelRole(kinds, fc.constant(false)), { minLength: 1, maxLength: 2 }),
        },
      );
    const rare = fc.oneof(
      { weight: 12, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    );
    const units = fc.subarray(Object.keys(UNITS));
    const model: fc.Arbitrary<Model> = fc.record({
      requesterRoles: fc.array(
        modelRole(
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...resetting) },
            { weight: 1, arbitrary: fc.constantFrom(...others) },
          ),
        ),
        { maxLength: 3 },
      ),
      requesterEligible: eligibleRoles(fc.constantFrom(...resetting)),
      requesterUnits: units,
      targetRoles: fc.array(modelRole(fc.constantFrom(...resetting, ...others)), { maxLength: 3 }),
      targetEligible: eligibleRoles(fc.constantFrom(...resetting, ...others)),
      targetUnits: fc.oneof(
        { weight: 2, arbitrary: fc.constant<string[]>([]) },
        { weight: 3, arbitrary: units },
      ),
      targetInGroup: rare,
      targetEligibleGroup: rare,
      self: rare,
      guest: rare,
      synced: rare,
      federated: rare,
      disabled: rare,
      shareUnitCatalogue: fc.boolean(),
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
