import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mayReadEntry, reachOf, readsWholeTrail } from '../../src/policy/auditScope';
import type { UnitMembership } from '../../src/policy/profile';
import { canReset } from '../../src/policy/whoCanReset';
import { customRole, profile, role, unitScope } from './fixtures';

const ID = {
  global: '62e90394-69f5-4237-9190-012177145e10',
  privAuth: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  user: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  auth: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  password: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  dirReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
} as const;

const tokyo: UnitMembership = { id: 'au-tokyo', displayName: 'Tokyo', restricted: false };
const vault: UnitMembership = { id: 'au-vault', displayName: 'Vault', restricted: true };

describe('policy/auditScope: who reads which audit entries', () => {
  const plain = reachOf(profile('target'));
  const inTokyo = reachOf(profile('target', { units: [tokyo] }));
  const globalAdmin = reachOf(profile('target', { roles: [role(ID.global)] }));
  const userAdmin = reachOf(profile('target', { roles: [role(ID.user)] }));
  const eligibleGlobal = reachOf(profile('target', { eligibleRoles: [role(ID.global)] }));
  const viaGroup = reachOf(profile('target', { groups: ['ra-group'] }));
  const restricted = reachOf(profile('target', { units: [vault] }));

  it('a tenant-wide Global or Privileged Authentication Administrator reads the whole trail, users or not', () => {
    for (const id of [ID.global, ID.privAuth]) {
      const reader = profile('reader', { roles: [role(id)] });
      assert.equal(readsWholeTrail(reader), true);
      for (const reach of [plain, globalAdmin, restricted, undefined])
        assert.equal(mayReadEntry(reader, reach), true);
    }
  });

  it('a Privileged Authentication Administrator scoped to a unit does not', () => {
    const reader = profile('reader', { roles: [role(ID.privAuth, unitScope(tokyo.id))] });
    assert.equal(readsWholeTrail(reader), false);
    assert.equal(mayReadEntry(reader, inTokyo), true);
    assert.equal(mayReadEntry(reader, plain), false);
    assert.equal(mayReadEntry(reader, undefined), false);
  });

  it('a tenant-wide Helpdesk Administrator reads entries about users it may reset, and no others', () => {
    const reader = profile('reader', { roles: [role(ID.helpdesk)] });
    assert.equal(readsWholeTrail(reader), false);
    assert.equal(mayReadEntry(reader, plain), true);
    assert.equal(mayReadEntry(reader, inTokyo), true);
    assert.equal(mayReadEntry(reader, reachOf(profile('t', { roles: [role(ID.dirReaders)] }))), true);
    for (const reach of [globalAdmin, userAdmin, eligibleGlobal, viaGroup, restricted])
      assert.equal(mayReadEntry(reader, reach), false, JSON.stringify(reach));
    assert.equal(
      mayReadEntry(reader, undefined),
      false,
      'no user (or a user never read): whole-trail readers only',
    );
  });

  it('a Helpdesk Administrator scoped to a unit reads only entries about plain users of that unit', () => {
    const reader = profile('reader', { roles: [role(ID.helpdesk, unitScope(tokyo.id))] });
    assert.equal(mayReadEntry(reader, inTokyo), true);
    assert.equal(mayReadEntry(reader, plain), false, 'outside the unit');
    assert.equal(
      mayReadEntry(reader, reachOf(profile('t', { units: [tokyo], roles: [role(ID.dirReaders)] }))),
      false,
      'a unit-scoped role resets no admin of the unit',
    );
  });

  it('nobody without an active built-in resetting role reads anything', () => {
    for (const reader of [
      profile('reader'),
      profile('reader', { roles: [customRole(ID.global)] }),
      profile('reader', { eligibleRoles: [role(ID.global)] }),
    ]) {
      assert.equal(readsWholeTrail(reader), false);
      for (const reach of [plain, undefined]) assert.equal(mayReadEntry(reader, reach), false);
    }
  });

  it('treats a malformed reach as unreadable', () => {
    const reader = profile('reader', { roles: [role(ID.helpdesk)] });
    assert.equal(mayReadEntry(reader, { roles: 'x', units: [] } as never), false);
  });

  it('agrees with canReset for member accounts: the stored reach loses nothing the decision needs (2,000 cases)', () => {
    const kinds = [ID.global, ID.privAuth, ID.user, ID.auth, ID.helpdesk, ID.password, ID.dirReaders];
    const units = [tokyo, vault, { id: 'au-osaka', displayName: 'Osaka', restricted: false }];
    const assignment = fc.record({
      id: fc.constantFrom(...kinds),
      unit: fc.option(fc.constantFrom(...units.map((u) => u.id)), { nil: null }),
      custom: fc.boolean(),
    });
    const toRole = (a: { id: string; unit: string | null; custom: boolean }) =>
      (a.custom ? customRole : role)(a.id, a.unit === null ? '/' : unitScope(a.unit));
    fc.assert(
      fc.property(
        fc.array(assignment, { maxLength: 2 }),
        fc.array(assignment, { maxLength: 2 }),
        fc.array(assignment, { maxLength: 1 }),
        fc.subarray(units),
        fc.boolean(),
        (readerRoles, targetRoles, targetEligible, targetUnits, inGroup) => {
          const reader = profile('reader', { roles: readerRoles.map(toRole) });
          const target = profile('target', {
            roles: targetRoles.map(toRole),
            eligibleRoles: targetEligible.map(toRole),
            units: targetUnits,
            groups: inGroup ? ['ra'] : [],
          });
          const expected = readsWholeTrail(reader) || canReset(reader, target).allowed;
          assert.equal(mayReadEntry(reader, structuredClone(reachOf(target))), expected);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
