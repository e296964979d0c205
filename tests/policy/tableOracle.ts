/**
 * An oracle for Entra's who-may-act-on-whom tables, written from the documentation (docs/ and Microsoft's
 * pages it cites), not from the modules, and the generated cases the policies are compared with it on.
 * Both tables share the rules around them (scopes, units, eligibilities, custom roles); each policy's test
 * gives its own table, columns and refusals.
 */
import fc from 'fast-check';
import type { SecurityProfile, UnitMembership } from '../../src/policy/profile';
import { customRole, profile, role, unitScope } from './fixtures';

/** Built-in role template ids (and one custom role's). */
export const ID = {
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
  // Microsoft's "Microsoft Entra built-in roles" page lists it.
  ux: '27460883-1df1-4691-b032-3b79643e5e63',
  custom: '0f0f0f0f-1111-2222-3333-444444444444',
} as const;

const RESTRICTED_ELSEWHERE: UnitMembership = { id: 'au-exec', displayName: 'Executives', restricted: true };

/** A target that falls into exactly one row of a table. */
export function targetForRow(row: string): { target: SecurityProfile; knownUnits: UnitMembership[] } {
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
    // The target administers the unit without being a member of it, so the membership rule stays out.
    const target = profile('target', { roles: [role(ID.helpdesk, unitScope(RESTRICTED_ELSEWHERE.id))] });
    return { target, knownUnits: [RESTRICTED_ELSEWHERE] };
  }
  return { target: profile('target', { roles: [role(roles[row]!)] }), knownUnits: [] };
}

/** One table and what its policy answers. */
export interface OracleRules {
  /** The column of each requester role in the table's marks; a role without one may do nothing. */
  readonly columnOf: Partial<Record<Kind, number>>;
  /** Per row, a mark per column: 'x' may, '.' may not. */
  readonly table: Readonly<Record<string, string>>;
  readonly refusals: {
    readonly notAllowed: string;
    readonly self: string;
    readonly guest: string;
    readonly restrictedUnit: string;
    readonly privileged: string;
  };
  /** What the policy refuses for the kind of account itself (after self and guest), if anything. */
  readonly account?: (m: Model) => string | null;
}

// The model the oracle reasons about; profiles are built from it.
export type Kind =
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
export interface ModelRole {
  kind: Kind;
  unit: string | null;
  viaGroup: boolean;
  upperCase: boolean;
  /** A custom role (isBuiltIn false) whose templateId copies `kind`'s. */
  custom: boolean;
}
export interface Model {
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

/** The units of the model: two plain ones, two restricted management units. */
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
// The row of the tables for each kind of target role.
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

/** What the oracle says: allowed through a role, or refused with a reason code. */
export type Verdict =
  { allowed: true; viaRole: string; warnings: string[] } | { allowed: false; reason: string };

/** The oracle of one table: the docs' rules around it are the same for every table. */
export function tableOracle(rules: OracleRules): (m: Model) => Verdict {
  const { columnOf: COLUMN_OF, table: TABLE, refusals } = rules;
  return (m) => {
    // Only active, built-in roles give a column; eligible and custom ones give nothing.
    const grants = m.requesterRoles.filter(
      (r) => !r.custom && COLUMN_OF[r.kind] !== undefined && !(r.kind === 'global' && r.unit !== null),
    );
    if (grants.length === 0) return { allowed: false, reason: refusals.notAllowed };
    if (m.self) return { allowed: false, reason: refusals.self };
    if (m.guest) return { allowed: false, reason: refusals.guest };
    const account = rules.account?.(m) ?? null;
    if (account) return { allowed: false, reason: account };

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

    // Unit-scoped requester roles act only on users who hold no admin role at all (Entra's AU rule).
    const plainUser = rows.length === 1 && rows[0] === 'no admin role';
    const canAll = (r: ModelRole): boolean =>
      (r.unit === null || plainUser) && rows.every((row) => TABLE[row][COLUMN_OF[r.kind]!] === 'x');
    const restrictedMemberships = m.targetUnits.filter((u) => UNITS[u]);
    const covering =
      restrictedMemberships.length > 0
        ? grants.filter((g) => g.unit !== null && restrictedMemberships.includes(g.unit))
        : grants.filter((g) => g.unit === null || m.targetUnits.includes(g.unit));
    if (restrictedMemberships.length > 0 && covering.length === 0) {
      return { allowed: false, reason: refusals.restrictedUnit };
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
    return { allowed: false, reason: refusals.privileged };
  };
}

/** The two profiles (and the units known besides) a model stands for. */
export function toProfiles(m: Model): {
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
/** The generated cases: requesters mostly hold one of the six roles that reset passwords, some another. */
export const model: fc.Arbitrary<Model> = fc.record({
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
  targetUnits: fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, { weight: 3, arbitrary: units }),
  targetInGroup: rare,
  targetEligibleGroup: rare,
  self: rare,
  guest: rare,
  synced: rare,
  federated: rare,
  disabled: rare,
  shareUnitCatalogue: fc.boolean(),
});
