import assert from 'node:assert/strict';
import {
  advancedOperators,
  checkFilter,
  evaluate,
  ODataError,
  parseFilter,
  parseSearch,
  parseSelect,
  searchMatches,
} from '../../../src/local/tenant/odata';

const liam = {
  displayName: "Liam O'Brien",
  surname: "O'Brien",
  mail: 'liam.obrien@contoso.com',
  otherMails: ['liam@example.ie'],
};
const caps = {
  displayName: { eq: true, startswith: true },
  surname: { eq: true, startswith: true },
  mail: { eq: true, startswith: true },
  otherMails: { eq: true, startswith: true, collection: true },
};

describe('local tenant OData', () => {
  it("reads '' inside a string literal as one quote", () => {
    assert.equal(evaluate(parseFilter("surname eq 'O''Brien'"), liam), true);
    assert.equal(evaluate(parseFilter("surname eq 'OBrien'"), liam), false);
  });

  it('refuses an unescaped quote with a syntax error', () => {
    assert.throws(() => parseFilter("surname eq 'O'Brien'"), ODataError);
  });

  it('combines startswith, eq, or, and, not and parentheses, case-insensitively', () => {
    const f = parseFilter(
      "(startsWith(displayName,'liam') or mail eq 'nobody@x.com') and not (surname eq 'Smith')",
    );
    assert.equal(evaluate(f, liam), true);
    assert.deepEqual(advancedOperators(f), ['not']);
    assert.equal(evaluate(parseFilter("displayName eq 'LIAM O''BRIEN'"), liam), true);
  });

  it('evaluates any() over string collections', () => {
    assert.equal(evaluate(parseFilter("otherMails/any(m:m eq 'LIAM@example.ie')"), liam), true);
    assert.equal(evaluate(parseFilter("otherMails/any(x:startswith(x,'nobody'))"), liam), false);
  });

  it('names the property Graph does not filter on', () => {
    assert.throws(
      () => checkFilter(parseFilter("city eq 'Tokyo'"), caps, 'User'),
      (e: unknown) =>
        e instanceof ODataError &&
        e.unsupportedProperty === 'city' &&
        /property 'city' of resource 'User'/.test(e.message),
    );
    assert.throws(() => checkFilter(parseFilter("otherMails eq 'x'"), caps, 'User'), ODataError);
  });

  it('parses $search clauses with AND/OR and matches token prefixes', () => {
    assert.deepEqual(parseSearch('"displayName:alice" OR "mail:bob"'), [
      [{ property: 'displayName', term: 'alice' }],
      [{ property: 'mail', term: 'bob' }],
    ]);
    assert.throws(() => parseSearch('displayName:alice'), ODataError);
    assert.equal(searchMatches('Alice Anderson', 'and'), true);
    assert.equal(searchMatches('Alice Anderson', 'lice'), false);
    assert.equal(searchMatches('田中 花子', '花子'), true);
  });

  it('maps $select to canonical names and refuses unknown ones', () => {
    assert.deepEqual(parseSelect('ID,displayname', ['id', 'displayName'], 'microsoft.graph.user'), [
      'id',
      'displayName',
    ]);
    assert.throws(
      () => parseSelect('id,shoeSize', ['id'], 'microsoft.graph.user'),
      /Could not find a property named 'shoeSize'/,
    );
  });
});
