import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCommand, type Command } from '../../src/reset/commands';
import { fastestOf } from '../support/timing';

const tap = (targets: string[], locale: 'en' | 'ja'): Command => ({ kind: 'tap', targets, locale });

describe('parseCommand: Temporary Access Pass', () => {
  describe('English', () => {
    const cases: [string, Command][] = [
      ['temporary access pass for alice', tap(['alice'], 'en')],
      ['Temporary Access Pass for alice@contoso.com', tap(['alice@contoso.com'], 'en')],
      ['tap for alice', tap(['alice'], 'en')],
      ['TAP for alice, bob and carol', tap(['alice', 'bob', 'carol'], 'en')],
      ['temporary access passes for alice and bob', tap(['alice', 'bob'], 'en')],
      ['tap alice', tap(['alice'], 'en')],
      ['create a temporary access pass for "Liam O\'Brien"', tap(["Liam O'Brien"], 'en')],
      ['please issue a new tap for bob, thanks', tap(['bob'], 'en')],
      ['<at>Password Reset</at> tap for bob', tap(['bob'], 'en')],
      ['tap for', { kind: 'help', locale: 'en' }],
      ['temporary access pass', { kind: 'help', locale: 'en' }],
    ];
    for (const [input, expected] of cases) {
      it(JSON.stringify(input), () => assert.deepEqual(parseCommand(input), expected));
    }
  });

  describe('Japanese', () => {
    const cases: [string, Command][] = [
      ['alice の一時アクセス パス', tap(['alice'], 'ja')],
      ['aliceの一時アクセスパス', tap(['alice'], 'ja')],
      ['alice の TAP', tap(['alice'], 'ja')],
      ['aliceのＴＡＰ', tap(['alice'], 'ja')],
      ['田中 花子さんの一時アクセス パスを作成してください', tap(['田中 花子'], 'ja')],
      ['alice、bob と carol の TAP を発行して', tap(['alice', 'bob', 'carol'], 'ja')],
      ['一時アクセス パス: alice', tap(['alice'], 'ja')],
      ['alice の一時アクセス パス', tap(['alice'], 'ja')],
    ];
    for (const [input, expected] of cases) {
      it(JSON.stringify(input), () => assert.deepEqual(parseCommand(input), expected));
    }
  });

  describe('what stays something else', () => {
    const cases: [string, Command['kind']][] = [
      ['reset password for alice', 'reset'],
      ['alice のパスワードをリセット', 'reset'],
      ['Tap Lee のパスワードをリセット', 'reset'],
      ['reset password for Tapio', 'reset'],
      ['TAPE の説明', 'unknown'],
      ['help', 'help'],
    ];
    for (const [input, kind] of cases) {
      it(JSON.stringify(input), () => assert.equal(parseCommand(input).kind, kind));
    }
    it('"reset tap for bob" is no password reset suggestion', () => {
      const command = parseCommand('reset tap for bob');
      assert.ok(
        command.kind !== 'suggestion' || !command.command.startsWith('reset password'),
        JSON.stringify(command),
      );
    });
  });

  describe('a password typed into a pass command is never used', () => {
    for (const input of [
      'tap for bob Summer2024!x',
      'temporary access pass for bob P@ssw0rd123',
      'bob Winter#2025 の TAP',
    ]) {
      it(JSON.stringify(input), () => assert.equal(parseCommand(input).kind, 'password-in-command'));
    }
  });

  describe('near misses get the exact command', () => {
    const cases: [string, string][] = [
      ['temporary acess pass for bob', 'temporary access pass for bob'],
      ['temp access pass bob', 'temporary access pass for bob'],
      ['tempory access pass for alice and bob', 'temporary access pass for alice and bob'],
      ['could you make a temporary access pas for bob please', 'temporary access pass for bob'],
    ];
    for (const [input, command] of cases) {
      it(JSON.stringify(input), () =>
        assert.deepEqual(parseCommand(input), { kind: 'suggestion', command, locale: 'en' }),
      );
    }

    it('a suggestion parses back to a pass for the same names (property)', () => {
      const name = fc.constantFrom('bob', 'alice', 'Carol Clark', 'liam.obrien@contoso.com', '田中');
      const typo = fc.constantFrom(
        'temporary acess pass',
        'temp access pass',
        'temporery access pass',
        'temporary access pas',
      );
      fc.assert(
        fc.property(typo, fc.array(name, { minLength: 1, maxLength: 3 }), (phrase, names) => {
          const unique = [...new Set(names.map((n) => n.toLowerCase()))].map((lower) =>
            names.find((n) => n.toLowerCase() === lower)!,
          );
          const list =
            unique.length === 1
              ? unique[0]
              : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
          const suggested = parseCommand(`${phrase} for ${list}`);
          assert.equal(suggested.kind, 'suggestion', JSON.stringify(suggested));
          const again = parseCommand((suggested as { command: string }).command);
          assert.deepEqual(again, { kind: 'tap', targets: unique, locale: 'en' });
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('Japanese near misses get the exact command', () => {
    const cases: [string, string][] = [
      ['bob の一次アクセス パス', 'bob の一時アクセス パス'],
      ['bob に一時アクセス パスを発行してください', 'bob の一時アクセス パス'],
      ['bob さんに TAP を発行して', 'bob の一時アクセス パス'],
      ['alice、bob の一時パスを作成', 'alice、bob の一時アクセス パス'],
      ['一時パス発行: 田中', '田中 の一時アクセス パス'],
      ['bob のテンポラリー アクセス パス', 'bob の一時アクセス パス'],
    ];
    for (const [input, command] of cases) {
      it(JSON.stringify(input), () => {
        assert.deepEqual(parseCommand(input), { kind: 'suggestion', command, locale: 'ja' });
        assert.equal(parseCommand(command).kind, 'tap', 'the suggestion is itself a command');
      });
    }

    it('a question about passes is answered with help, not read as a name', () =>
      assert.deepEqual(parseCommand('一時アクセス パスとは何ですか'), { kind: 'help', locale: 'ja' }));

    for (const input of ['TAPE の在庫', 'bob の一時的な問題', 'bob の一時パスワードを発行']) {
      it(`no suggestion for ${JSON.stringify(input)}`, () =>
        assert.notEqual(parseCommand(input).kind, 'suggestion'));
    }

    it('a message with a password-looking word gets no suggestion and is not repeated', () => {
      const command = parseCommand('bob に一時パス Summer2024!x を発行');
      assert.notEqual(command.kind, 'suggestion');
      assert.ok(!JSON.stringify(command).includes('Summer2024'));
    });
  });

  describe('cost: linear in the length of the message', () => {
    const fragments = [
      'tap ',
      'for ',
      'bob ',
      'temporary ',
      'acess ',
      'pass ',
      'の',
      'TAP',
      '一時アクセス パス',
      'を',
      '、',
      'x',
    ];
    const timeOf = (input: string): number => fastestOf(() => parseCommand(input));
    it('4× the input never costs much more than 4× the time', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 6 }), (pattern) => {
          const unit = pattern.join('');
          const small = unit.repeat(Math.ceil(12_000 / unit.length));
          const large = unit.repeat(Math.ceil(48_000 / unit.length));
          timeOf(small);
          const [t1, t4] = [timeOf(small), timeOf(large)];
          return t4 <= t1 * 9 + 15;
        }),
        { numRuns: 25, seed: 20251130 },
      );
    });
  });
});
