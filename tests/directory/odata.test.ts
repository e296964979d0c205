import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeSegment, odataString, queryString, userPath } from '../../src/directory/odata';

/** Reads an OData string literal back, the way a server does. */
function parseLiteral(literal: string): string {
  assert.ok(literal.startsWith("'") && literal.endsWith("'"));
  const inner = literal.slice(1, -1);
  assert.ok(!/(^|[^'])'('')*($|[^'])/.test(inner.replace(/''/g, '')), 'no lone quote inside');
  return inner.replace(/''/g, "'");
}

describe('directory/odata', () => {
  it("doubles single quotes: Liam O'Brien", () => {
    assert.equal(odataString("Liam O'Brien"), "'Liam O''Brien'");
  });

  it('keeps non-Latin names as they are: 田中 花子', () => {
    assert.equal(odataString('田中 花子'), "'田中 花子'");
  });

  it('round-trips any string and never leaves a lone quote', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const literal = odataString(value);
        assert.equal(literal.slice(1, -1).replace(/''/g, '').includes("'"), false);
        return parseLiteral(literal) === value;
      }),
    );
  });

  it('encodes a UPN with #, /, ? and a quote as one path segment', () => {
    assert.equal(userPath("o'neil#ext#/x?y@contoso.com"), '/users/o%27neil%23ext%23%2Fx%3Fy%40contoso.com');
    assert.equal(decodeURIComponent(encodeSegment('a/b#c')), 'a/b#c');
  });

  it("addresses a UPN starting with $ as /users('…')", () => {
    assert.equal(userPath("$adele'x@contoso.com"), "/users('%24adele''x%40contoso.com')");
  });

  it('encodes every query value so & and + cannot split or change a filter', () => {
    const q = queryString({
      $filter: "startswith(displayName,'Tom & Jerry+1')",
      $top: 5,
      $count: true,
      skip: undefined,
    });
    assert.equal(q.includes('&skip'), false);
    const parsed = new URLSearchParams(q.slice(1));
    assert.equal(parsed.get('$filter'), "startswith(displayName,'Tom & Jerry+1')");
    assert.equal(parsed.get('$top'), '5');
    assert.equal(parsed.get('$count'), 'true');
  });
});
