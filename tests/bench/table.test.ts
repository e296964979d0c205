import assert from 'node:assert/strict';
import { formatTable, formatValue, ratioOf, verdict, type Figure } from '../../bench/table';

const floorFigure: Figure = {
  key: 'single',
  label: 'submit → confirmation',
  value: 600,
  unit: 'ms',
  reference: { label: 'floor', value: 500 },
  goal: { op: '<=', value: 1.25, of: 'ratio' },
};

describe('bench/table', () => {
  it('judges a goal on the value or on the ratio to the reference measured in the same run', () => {
    assert.equal(ratioOf(floorFigure), 1.2);
    assert.equal(verdict(floorFigure), true);
    assert.equal(verdict({ ...floorFigure, value: 700 }), false);
    assert.equal(verdict({ ...floorFigure, goal: { op: '>=', value: 0.7, of: 'ratio' }, value: 300 }), false);
    assert.equal(
      verdict({
        key: 'p95',
        label: 'p95',
        value: 300,
        unit: 'ms',
        goal: { op: '<=', value: 300, of: 'value' },
      }),
      true,
    );
    assert.equal(verdict({ key: 'x', label: 'no goal', value: 11, unit: 'count' }), null);
    assert.equal(
      verdict({ ...floorFigure, reference: { label: 'floor', value: 0 } }),
      null,
      'no reference, no verdict',
    );
  });

  it('judges round trips seen through latency on the whole number they round to', () => {
    const depth = (value: number): Figure => ({
      key: 'd',
      label: 'depth',
      value,
      unit: 'depth',
      goal: { op: '<=', value: 2, of: 'value', whole: true },
    });
    assert.equal(verdict(depth(2.1)), true);
    assert.equal(verdict(depth(2.6)), false);
  });

  it('formats each unit for people', () => {
    assert.equal(formatValue(812.4, 'ms'), '812 ms');
    assert.equal(formatValue(42_700, 'ms'), '42.7 s');
    assert.equal(formatValue(2, 'count'), '2');
    assert.equal(formatValue(2.5, 'count'), '2.5');
    assert.equal(formatValue(2.04, 'depth'), '2.0');
    assert.equal(formatValue(163.4, 'MB'), '163 MB');
    assert.equal(formatValue(601.2, 'req/s'), '601 req/s');
    assert.equal(formatValue(1, 'yes/no'), 'yes');
    assert.equal(formatValue(NaN, 'ms'), 'n/a');
  });

  it('prints one Markdown row per figure: measured, reference, ratio, goal and whether it is met', () => {
    const table = formatTable([
      floorFigure,
      { key: 'storage', label: 'storage calls in all', value: 11, unit: 'count' },
      { ...floorFigure, key: 'slow', label: 'slow', value: 900, note: 'median of 3' },
    ]);
    const lines = table.split('\n');
    assert.equal(lines.length, 5);
    assert.match(
      lines[0],
      /^\| figure +\| measured +\| reference \(same run\) +\| ratio +\| goal +\| met +\|$/,
    );
    assert.match(lines[1], /^\|-+\|-+\|-+\|-+\|-+\|-+\|$/);
    assert.match(
      lines[2],
      /\| submit → confirmation +\| 600 ms +\| floor 500 ms +\| 1\.20× +\| ≤ 1\.25× floor +\| yes +\|$/,
    );
    assert.match(lines[3], /\| storage calls in all +\| 11 +\| +\| +\| report +\| +\|$/);
    assert.match(lines[4], /\| slow \(median of 3\) +\| 900 ms .*\| NO +\|$/);
    assert.equal(new Set(lines.map((line) => line.length)).size, 1, 'columns line up');
  });
});
