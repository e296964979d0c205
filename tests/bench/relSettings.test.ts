import assert from 'node:assert/strict';
import { readRelSettings, relUsage } from '../../bench/relSettings';

describe('bench/relSettings', () => {
  it('the full-size defaults without REL_* settings', () => {
    const read = readRelSettings({});
    assert.ok('settings' in read);
    assert.deepEqual(read.settings, {
      admins: 50,
      resetsPerAdmin: 20,
      stormMs: 60_000,
      duplicates: 500,
      spreadMs: 30_000,
      loadBudgetMs: 18 * 60_000,
      hardLimitMs: 50 * 60_000,
      keep: false,
    });
  });

  it('a smoke run from REL_* settings', () => {
    const read = readRelSettings({
      REL_ADMINS: '2',
      REL_RESETS: '1',
      REL_STORM_S: '0',
      REL_DUPLICATES: '3',
      REL_SPREAD_S: '1',
      REL_KEEP: '1',
    });
    assert.ok('settings' in read);
    assert.equal(read.settings.admins, 2);
    assert.equal(read.settings.stormMs, 0);
    assert.equal(read.settings.spreadMs, 1_000);
    assert.equal(read.settings.keep, true);
  });

  it('a sentence per setting out of range, naming the variable, its bounds and its value', () => {
    const read = readRelSettings({ REL_ADMINS: 'many', REL_LIMIT_MIN: '5', REL_RESETS: '1.5' });
    assert.ok('problems' in read);
    assert.deepEqual(read.problems, [
      'REL_ADMINS must be a whole number from 1 to 500 (it is "many").',
      'REL_RESETS must be a whole number from 1 to 1000 (it is "1.5").',
      'REL_LIMIT_MIN must be a whole number from 20 to 600 (it is "5").',
    ]);
  });

  it('the usage names every setting with its default', () => {
    const usage = relUsage();
    for (const [name, fallback] of [
      ['REL_ADMINS', 50],
      ['REL_RESETS', 20],
      ['REL_STORM_S', 60],
      ['REL_DUPLICATES', 500],
      ['REL_SPREAD_S', 30],
      ['REL_LOAD_MIN', 18],
      ['REL_LIMIT_MIN', 50],
    ] as const)
      assert.match(usage, new RegExp(`${name} .*\\(default ${fallback}\\)`));
    assert.match(usage, /REL_KEEP/);
  });
});
