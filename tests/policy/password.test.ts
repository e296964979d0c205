import assert from 'node:assert/strict';
import {
  BANNED_PASSWORD_WORDS,
  checkPassword,
  generatePassword,
  GENERATOR_DIGITS,
  GENERATOR_LOWER,
  GENERATOR_SYMBOLS,
  GENERATOR_UPPER,
  normalizeForBannedCheck,
} from '../../src/policy/password';

const none = { names: [] };
const code = (password: string, context: Parameters<typeof checkPassword>[1] = none): string | null => {
  const result = checkPassword(password, context);
  return result.ok ? null : result.code;
};

describe('policy/password', () => {
  describe('checkPassword', () => {
    it('accepts 8 and 256 characters, refuses 7 and 257', () => {
      assert.equal(code('Kq7xvbnm'), null);
      assert.equal(code('Kq7xvbn'), 'PASSWORD_TOO_SHORT');
      assert.equal(code('', none), 'PASSWORD_TOO_SHORT');
      const long = 'Kq7x'.repeat(64);
      assert.equal(code(long), null);
      assert.equal(code(`${long}z`), 'PASSWORD_TOO_LONG');
    });

    it('counts characters, not UTF-16 units', () => {
      assert.equal(code('Kq7xvb😀'), 'PASSWORD_TOO_SHORT');
      assert.equal(code('Kq7xvbn😀'), 'PASSWORD_CHARACTERS');
    });

    it('needs three of the four classes', () => {
      assert.equal(code('kqxvbnmw'), 'PASSWORD_CLASSES');
      assert.equal(code('kqxvbnm7'), 'PASSWORD_CLASSES');
      assert.equal(code('KQXV!!##'), 'PASSWORD_CLASSES');
      assert.equal(code('98765432'), 'PASSWORD_CLASSES');
      assert.equal(code('kqxvBNM7'), null, 'lower + upper + digit');
      assert.equal(code('kqxvBNM!'), null, 'lower + upper + symbol');
      assert.equal(code('kqxv#NM7'.toLowerCase()), null, 'lower + digit + symbol');
      assert.equal(code('KQXV#NM7'), null, 'upper + digit + symbol');
    });

    it('counts a space as a symbol', () => {
      assert.equal(code('kqxv BNMW'), null);
    });

    it('accepts every symbol Entra allows', () => {
      for (const symbol of '@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ') {
        assert.equal(code(`Kq7x${symbol}vbnm`), null, JSON.stringify(symbol));
      }
    });

    it('refuses any other character', () => {
      for (const odd of ['€', 'é', 'ß', '\t', '\n', '\r', '\u0000', '\u200b', 'Ａ', '¡', '§', '£', '´']) {
        assert.equal(code(`Kq7xvbnm${odd}`), 'PASSWORD_CHARACTERS', JSON.stringify(odd));
      }
    });

    it('normalizes 0→o 1→l $→s @→a (and nothing else) before the banned check', () => {
      assert.equal(normalizeForBannedCheck('P@$$w0rD1'), 'passwordl');
      assert.equal(normalizeForBannedCheck('3 5 7'), '3 5 7');
    });

    it('refuses banned words however they are disguised', () => {
      assert.equal(code('P@ssw0rd!23'), 'PASSWORD_BANNED');
      assert.equal(code('Welcome2024!'), 'PASSWORD_BANNED');
      assert.equal(code('x@dmin#Zz9Q'), 'PASSWORD_BANNED');
      assert.equal(code('MyQWERTY#99'), 'PASSWORD_BANNED');
      assert.equal(code('L3tme1n!Now'), null, "3→e is not one of Entra's substitutions");
      assert.equal(code('Dr@g0n!77Xq'), 'PASSWORD_BANNED');
      assert.equal(code('$ecret#99X'), 'PASSWORD_BANNED');
    });

    it('refuses the tenant name, ignoring filler words like Ltd', () => {
      const context = { names: [], tenantName: 'Northwind Traders Ltd' };
      assert.equal(code('N0rthwind!Q7', context), 'PASSWORD_BANNED');
      assert.equal(code('Kq7xTRADERS', context), 'PASSWORD_BANNED');
      assert.equal(code('N0rthwind!Q7'), null);
      assert.equal(code('Kq7xLtd!vbn', context), null);
    });

    it("refuses the user's names (parts of 3 characters or more, and the whole)", () => {
      const context = { names: ['Mary Ann Smith', 'Mary', 'Smith', 'mary.smith'] };
      assert.equal(code('$MITH#q9zx', context), 'PASSWORD_CONTAINS_NAME');
      assert.equal(code('Q9!maryannX', context), 'PASSWORD_CONTAINS_NAME');
      assert.equal(code('Q9!AnnXyzw', context), 'PASSWORD_CONTAINS_NAME');
      assert.equal(code('Al!Li9xyzQ', { names: ['Al', 'Li'] }), null, 'two-letter names are ignored');
      assert.equal(code('Kq7x!vbnm', { names: ['山田 太郎'] }), null);
    });

    it("names the user's name before a banned word", () => {
      assert.equal(code('Password!Smith9', { names: ['Smith'] }), 'PASSWORD_CONTAINS_NAME');
    });

    it('exports its banned list for the local tenant', () => {
      assert.ok(BANNED_PASSWORD_WORDS.includes('password'));
      assert.ok(Object.isFrozen(BANNED_PASSWORD_WORDS));
      for (const word of BANNED_PASSWORD_WORDS) {
        assert.equal(code(`Q9!${word.toUpperCase()}x`), 'PASSWORD_BANNED', word);
      }
    });
  });

  describe('generatePassword', () => {
    const SAMPLES = 10_000;
    const LENGTH = 16;
    const ALL = GENERATOR_LOWER + GENERATOR_UPPER + GENERATOR_DIGITS + GENERATOR_SYMBOLS;
    const samples = Array.from({ length: SAMPLES }, () => generatePassword());

    it('leaves out look-alikes', () => {
      for (const lookAlike of '0O1lI') assert.ok(!ALL.includes(lookAlike), lookAlike);
      assert.equal(new Set(ALL).size, ALL.length, 'no character twice');
    });

    it(`${SAMPLES} samples: right length, every class, allowed characters, all pass the rules, all distinct`, () => {
      for (const password of samples) {
        assert.equal(password.length, LENGTH);
        assert.match(password, /[a-z]/);
        assert.match(password, /[A-Z]/);
        assert.match(password, /[0-9]/);
        assert.ok(
          [...password].some((ch) => GENERATOR_SYMBOLS.includes(ch)),
          password,
        );
        assert.ok(
          [...password].every((ch) => ALL.includes(ch)),
          password,
        );
        assert.deepEqual(checkPassword(password, none), { ok: true });
      }
      assert.equal(new Set(samples).size, SAMPLES);
    });

    it('honours the length and refuses lengths Entra would refuse', () => {
      for (const length of [8, 9, 12, 64, 256]) assert.equal(generatePassword(length).length, length);
      assert.throws(() => generatePassword(7), { code: 'PASSWORD_TOO_SHORT' });
      assert.throws(() => generatePassword(257), { code: 'PASSWORD_TOO_LONG' });
      assert.throws(() => generatePassword(12.5), { code: 'PASSWORD_TOO_SHORT' });
    });

    // Each password holds one guaranteed character per class and LENGTH - 4 from the whole alphabet.
    const classes = [GENERATOR_LOWER, GENERATOR_UPPER, GENERATOR_DIGITS, GENERATOR_SYMBOLS];
    const free = LENGTH - classes.length;

    it('draws every character as often as it should (chi-square)', () => {
      const counts = new Map<string, number>();
      for (const password of samples) for (const ch of password) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      let chi = 0;
      for (const set of classes) {
        for (const ch of set) {
          const expected = SAMPLES * (1 / set.length + free / ALL.length);
          chi += ((counts.get(ch) ?? 0) - expected) ** 2 / expected;
        }
      }
      // 67 degrees of freedom: mean 67, sd ≈ 11.6; 140 is beyond p ≈ 1e-7 for an honest generator.
      assert.ok(chi < 140, `chi-square ${chi.toFixed(1)}`);
    });

    it('puts the guaranteed characters anywhere (first and last position by class)', () => {
      for (const position of [0, LENGTH - 1]) {
        let chi = 0;
        for (const set of classes) {
          const observed = samples.filter((p) => set.includes(p[position])).length;
          const expected = SAMPLES * (1 / LENGTH + (free / LENGTH) * (set.length / ALL.length));
          chi += (observed - expected) ** 2 / expected;
        }
        // 3 degrees of freedom: 35 is beyond p ≈ 1e-7.
        assert.ok(chi < 35, `position ${position}: chi-square ${chi.toFixed(1)}`);
      }
    });
  });
});
