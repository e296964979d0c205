import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bannedScore,
  checkPassword,
  hashPassword,
  normalizeForBannedCheck,
  verifyPassword,
} from '../../../src/local/tenant/passwords';

const context = {
  tenantName: 'Contoso',
  userNames: ['Bob', 'Brown', 'Bob Brown', 'bob'],
  customBanned: ['contoso', 'tokyo'],
};
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const SYMBOLS = '@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ';

/** A password from the given classes, long and varied enough that no banned term dominates it. */
function passwordOf(classes: string[], minLength: number, maxLength: number): fc.Arbitrary<string> {
  const all = classes.join('');
  return fc
    .tuple(
      fc.tuple(...classes.map((c) => fc.constantFrom(...c))),
      fc.array(fc.constantFrom(...all), {
        minLength: minLength - classes.length,
        maxLength: maxLength - classes.length,
      }),
    )
    .map(([required, rest]) => [...required, ...rest].join(''));
}

describe('local tenant password rules', () => {
  it('accepts every 12–64 character password using three or four classes of allowed characters', () => {
    const valid = fc.oneof(
      passwordOf([LOWER, UPPER, DIGITS], 12, 64),
      passwordOf([LOWER, UPPER, SYMBOLS], 12, 64),
      passwordOf([LOWER, DIGITS, SYMBOLS], 12, 64),
      passwordOf([UPPER, DIGITS, SYMBOLS], 12, 64),
      passwordOf([LOWER, UPPER, DIGITS, SYMBOLS], 12, 64),
    );
    fc.assert(
      fc.property(valid, (pw) => {
        // A random string can still spell a banned term; only then may the check refuse it.
        const problem = checkPassword(pw, context);
        assert.ok(problem === null || problem === 'banned', `${JSON.stringify(pw)} refused for ${problem}`);
        if (problem === 'banned') assert.ok(bannedScore(pw, context) < 5);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses passwords shorter than 8 or longer than 256 characters', () => {
    fc.assert(
      fc.property(
        passwordOf([LOWER, UPPER, DIGITS, SYMBOLS], 4, 7),
        (pw) => checkPassword(pw, context) === 'length',
      ),
    );
    assert.equal(checkPassword(`Aa1!${'x'.repeat(253)}`, context), 'length');
    assert.equal(checkPassword(`Aa1!${'xQ7'.repeat(84)}`, context), null);
  });

  it('refuses passwords with fewer than three character classes', () => {
    const twoClasses = fc.oneof(
      passwordOf([LOWER, UPPER], 12, 40),
      passwordOf([LOWER, DIGITS], 12, 40),
      passwordOf([UPPER, SYMBOLS], 12, 40),
      passwordOf([DIGITS, SYMBOLS], 12, 40),
      passwordOf([LOWER], 12, 40),
    );
    fc.assert(
      fc.property(twoClasses, (pw) => checkPassword(pw, context) === 'classes'),
      { numRuns: 300 },
    );
  });

  it('refuses characters outside Entra’s allowed set (other Unicode, tabs, non-listed symbols)', () => {
    const foreign = fc.constantFrom('é', 'ß', '花', '€', '\t', '😀', '§', '£', 'Ω');
    fc.assert(
      fc.property(passwordOf([LOWER, UPPER, DIGITS], 10, 30), foreign, fc.nat(30), (pw, ch, at) => {
        const i = at % (pw.length + 1);
        return checkPassword(pw.slice(0, i) + ch + pw.slice(i), context) === 'characters';
      }),
    );
  });

  it('normalizes 0→o, 1→l, $→s, @→a and lower-cases before the banned-word check', () => {
    assert.equal(normalizeForBannedCheck('P@$$w0rd1'), 'passwordl');
  });

  it('refuses passwords built on banned words, the tenant name or the user’s names', () => {
    for (const pw of [
      'Password1!',
      'P@ssw0rd!',
      'Contoso1!',
      'C0nt0so!!',
      'Tokyo!24',
      'Brown!12',
      'Welcome1!',
      'Passw0rd',
    ]) {
      assert.equal(checkPassword(pw, context), 'banned', pw);
    }
  });

  it('accepts a banned term when enough other characters surround it (Entra’s five-point rule)', () => {
    assert.equal(bannedScore('Contoso!x9', context), 4);
    // Within one edit of a banned word: refused outright (fuzzy matching).
    assert.equal(bannedScore('Contoso!', context), 0);
    assert.equal(checkPassword('Tokyo2024', context), null);
    assert.equal(checkPassword('Contoso-Blue-Kite-42', context), null);
  });

  it('hashes with a fresh salt each time and verifies only the right password', async () => {
    const a = await hashPassword('Correct-Horse-9');
    const b = await hashPassword('Correct-Horse-9');
    assert.notEqual(a.salt, b.salt);
    assert.notEqual(a.hash, b.hash);
    assert.ok(!JSON.stringify(a).includes('Correct-Horse-9'));
    assert.equal(await verifyPassword('Correct-Horse-9', a), true);
    assert.equal(await verifyPassword('Correct-Horse-8', a), false);
  });
});
