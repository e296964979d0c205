import assert from 'node:assert/strict';
import { ErrorCodes } from '../../src/errors';
import { errorText, formatDateTime, formatList, localeFromTag, t } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { ja } from '../../src/i18n/ja';

const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('Japanese has exactly the English keys, each non-empty, with the same placeholders', () => {
    assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      assert.ok(ja[key].trim().length > 0, key);
      assert.deepEqual(placeholders(ja[key]), placeholders(en[key]), key);
    }
  });

  it('Japanese texts are written in Japanese (です/ます, not English left in place)', () => {
    const sentences = Object.entries(ja).filter(([key]) => key.startsWith('error.'));
    for (const [key, value] of sentences) {
      assert.match(value, /[\u3040-\u30FF\u4E00-\u9FFF]/, key);
      assert.notEqual(value, (en as Record<string, string>)[key], key);
    }
  });

  describe('errorText', () => {
    for (const code of Object.values(ErrorCodes)) {
      it(`${code} has a clear, user-safe text in both languages`, () => {
        for (const locale of ['en', 'ja'] as const) {
          const text = errorText(locale, code);
          assert.ok(text.length >= 20, `${locale}: ${text}`);
          assert.ok(!text.includes(code), 'does not show the raw code');
          assert.doesNotMatch(text, /\{[A-Za-z]+\}/, 'no unfilled placeholder');
          assert.doesNotMatch(text, /undefined|null|Error:|stack/i);
        }
        assert.match(errorText('ja', code), /(です|ます|ください|ません|でした)[。)]?/);
      });
    }

    it('fills defaults and explicit params', () => {
      assert.match(errorText('en', 'PASSWORD_TOO_SHORT'), /at least 8 characters/);
      assert.match(errorText('en', 'RECIPIENTS_TOO_MANY'), /at most 5 /);
      assert.match(errorText('ja', 'TARGET_TOO_MANY'), /20 人まで/);
      assert.match(errorText('en', 'RECIPIENT_INVALID', { address: 'x@' }), /: x@$/);
    });

    it('the per-user limit speaks of a rolling 24 hours, not of "today" or "tomorrow"', () => {
      // The limiter counts the last 24 hours (src/policy/rateLimits.ts), not a calendar day.
      assert.match(errorText('en', 'RATE_LIMITED_TARGET'), /24 hours/);
      assert.doesNotMatch(errorText('en', 'RATE_LIMITED_TARGET'), /today|tomorrow/i);
      assert.match(errorText('ja', 'RATE_LIMITED_TARGET'), /24 時間/);
      assert.doesNotMatch(errorText('ja', 'RATE_LIMITED_TARGET'), /本日|今日|明日/);
    });

    it('a refused read names the permission it was given, else points to the log; a refused change says what it needs', () => {
      assert.match(
        errorText('en', 'GRAPH_READ_DENIED', { permission: 'RoleManagement.Read.Directory' }),
        /missing permission: RoleManagement\.Read\.Directory/,
      );
      assert.match(errorText('en', 'GRAPH_READ_DENIED'), /named in the bot's log/);
      assert.match(errorText('ja', 'GRAPH_READ_DENIED'), /ボットのログに記載/);
      assert.match(
        errorText('en', 'GRAPH_DENIED'),
        /User-PasswordProfile\.ReadWrite\.All and a directory role/,
      );
      assert.match(errorText('ja', 'GRAPH_DENIED'), /ディレクトリ ロール/);
      assert.doesNotMatch(errorText('en', 'GRAPH_READ_DENIED'), /refused the change/);
    });

    it('maps an unknown code to the INTERNAL text instead of echoing it', () => {
      assert.equal(errorText('en', 'SOMETHING_ELSE'), errorText('en', 'INTERNAL'));
    });
  });

  it('t fills placeholders once and does not re-expand values', () => {
    assert.equal(t('en', 'form.title.one', { name: 'Alice' }), 'Reset password: Alice');
    assert.equal(t('en', 'form.title.one', { name: '{count}' }), 'Reset password: {count}');
    assert.equal(t('ja', 'common.requestId', { id: 'r1' }), '要求 ID: r1');
  });

  it('localeFromTag', () => {
    assert.equal(localeFromTag('ja'), 'ja');
    assert.equal(localeFromTag('ja-JP'), 'ja');
    assert.equal(localeFromTag('JA_jp'), 'ja');
    assert.equal(localeFromTag('en-US'), 'en');
    assert.equal(localeFromTag('jam'), 'en');
    assert.equal(localeFromTag(undefined), 'en');
    assert.equal(localeFromTag(null), 'en');
    assert.equal(localeFromTag(''), 'en');
  });

  it('formatDateTime shows UTC in each locale, and leaves garbage as it is', () => {
    assert.equal(formatDateTime('en', '2025-03-14T09:05:00Z'), '14 Mar 2025, 09:05 UTC');
    assert.equal(formatDateTime('ja', '2025-03-14T23:59:00Z'), '2025年3月14日 23:59 UTC');
    assert.equal(formatDateTime('en', 'not a date'), 'not a date');
  });

  it('formatList', () => {
    assert.equal(formatList('en', ['a', 'b', 'c']), 'a, b and c');
    assert.equal(formatList('en', ['a']), 'a');
    assert.equal(formatList('ja', ['a', 'b']), 'a、b');
  });
});
