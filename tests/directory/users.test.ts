import assert from 'node:assert/strict';
import { GraphError } from '../../src/errors';
import type { DirectoryUser } from '../../src/policy/profile';
import { exactFilter, exactMatches, searchFilter, toDirectoryUser } from '../../src/directory/users';

function raw(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'u1',
    displayName: 'Alice Adams',
    givenName: 'Alice',
    surname: 'Adams',
    userPrincipalName: 'alice@contoso.com',
    mail: 'alice@contoso.com',
    otherMails: ['alice.home@example.com'],
    userType: 'Member',
    accountEnabled: true,
    onPremisesSyncEnabled: null,
    preferredLanguage: 'ja-JP',
    ...overrides,
  };
}

function user(displayName: string, upn: string): DirectoryUser {
  return toDirectoryUser(raw({ id: upn, displayName, userPrincipalName: upn, mail: upn }), 'rid');
}

describe('directory/users', () => {
  describe('toDirectoryUser', () => {
    it('reads every selected property', () => {
      assert.deepEqual(toDirectoryUser(raw(), 'rid'), {
        id: 'u1',
        displayName: 'Alice Adams',
        givenName: 'Alice',
        surname: 'Adams',
        userPrincipalName: 'alice@contoso.com',
        mail: 'alice@contoso.com',
        otherMails: ['alice.home@example.com'],
        userType: 'Member',
        accountEnabled: true,
        onPremisesSyncEnabled: false,
        preferredLanguage: 'ja-JP',
      });
    });

    it('reads doubtful values the strict way', () => {
      const u = toDirectoryUser(
        raw({ userType: null, accountEnabled: null, onPremisesSyncEnabled: true, otherMails: null }),
        'r',
      );
      assert.equal(u.userType, 'Guest');
      assert.equal(u.accountEnabled, false);
      assert.equal(u.onPremisesSyncEnabled, true);
      assert.deepEqual(u.otherMails, []);
    });

    it('refuses a stub without the properties we asked for (GRAPH_READ_DENIED, User.Read.All)', () => {
      for (const key of ['userType', 'accountEnabled', 'onPremisesSyncEnabled', 'userPrincipalName']) {
        const partial = raw();
        delete partial[key];
        assert.throws(
          () => toDirectoryUser(partial, 'rid-7'),
          (e: unknown) =>
            e instanceof GraphError &&
            e.code === 'GRAPH_READ_DENIED' &&
            e.requestId === 'rid-7' &&
            e.permission === 'User.Read.All',
          key,
        );
      }
      assert.throws(
        () => toDirectoryUser({ '@odata.type': '#microsoft.graph.user', id: 'x', displayName: null }, 'r'),
        GraphError,
      );
    });
  });

  describe('filters', () => {
    it('matches a name by prefix over names, UPN and mail, escaped', () => {
      assert.equal(
        searchFilter("O'Brien"),
        "startswith(displayName,'O''Brien') or startswith(givenName,'O''Brien') or startswith(surname,'O''Brien') or " +
          "startswith(userPrincipalName,'O''Brien') or startswith(mail,'O''Brien')",
      );
    });

    it('matches an address exactly on UPN and mail only', () => {
      assert.equal(
        searchFilter("liam.o'brien@contoso.com"),
        "userPrincipalName eq 'liam.o''brien@contoso.com' or mail eq 'liam.o''brien@contoso.com'",
      );
    });

    it('asks for exact names by display name or UPN local part', () => {
      assert.equal(
        exactFilter('田中 花子'),
        "displayName eq '田中 花子' or startswith(userPrincipalName,'田中 花子@')",
      );
    });
  });

  describe('exactMatches', () => {
    const adams = user('Alice Adams', 'alice.adams@contoso.com');
    const anderson = user('Alice Anderson', 'alice.anderson@contoso.com');
    const alice = user('Alice', 'ally@contoso.com');
    const byUpn = user('Someone Else', 'alice@contoso.com');

    it('returns nothing when only prefixes match', () => {
      assert.deepEqual(exactMatches([adams, anderson], 'Alice A'), []);
    });

    it('prefers the one user whose display name equals the query, ignoring case', () => {
      assert.deepEqual(exactMatches([adams, anderson, alice], 'alice adams'), [adams]);
    });

    it('counts a UPN local part as exact', () => {
      assert.deepEqual(exactMatches([adams, byUpn], 'ALICE'), [byUpn]);
      assert.deepEqual(exactMatches([adams, byUpn, alice], 'alice'), [byUpn, alice]);
    });

    it('matches an address on UPN or mail', () => {
      assert.deepEqual(exactMatches([adams, anderson], 'Alice.Anderson@Contoso.com'), [anderson]);
    });
  });
});
