import assert from 'node:assert/strict';
import { latencyDepth, median, perSecond, quantile, ratio, sequentialDepth } from '../../bench/stats';

describe('bench/stats', () => {
  it('quantile: nearest rank, whatever the order; NaN for nothing', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    assert.equal(quantile(values, 0.5), 5);
    assert.equal(quantile(values, 0.95), 10);
    assert.equal(quantile(values, 0.9), 9);
    assert.equal(quantile(values, 0), 1);
    assert.equal(quantile([42], 0.99), 42);
    assert.ok(Number.isNaN(quantile([], 0.5)));
    assert.throws(() => quantile(values, 1.5), RangeError);
    assert.deepEqual(values, [5, 1, 4, 2, 3, 10, 9, 8, 7, 6], 'the input is left as it was');
  });

  it('median: the middle value, or the mean of the two middle ones', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('sequentialDepth: round trips that waited for one another; overlapping ones count once', () => {
    // read batch, then two write batches in parallel, then a third after them: three in a row.
    assert.equal(
      sequentialDepth([
        { start: 0, end: 100 },
        { start: 100, end: 200 },
        { start: 110, end: 190 },
        { start: 205, end: 300 },
      ]),
      3,
    );
    assert.equal(
      sequentialDepth([
        { start: 0, end: 100 },
        { start: 50, end: 150 },
      ]),
      1,
      'parallel',
    );
    assert.equal(sequentialDepth([]), 0);
    // Listed out of order: the same answer.
    assert.equal(
      sequentialDepth([
        { start: 300, end: 400 },
        { start: 0, end: 100 },
        { start: 150, end: 250 },
      ]),
      3,
    );
  });

  it('latencyDepth: (T(L) − T(0)) / L, refusing a latency that is not positive', () => {
    assert.equal(latencyDepth(350, 750, 200), 2);
    assert.equal(latencyDepth(40, 450, 200), 2.05);
    assert.throws(() => latencyDepth(1, 2, 0), RangeError);
  });

  it('ratio and perSecond: NaN instead of a division by nothing', () => {
    assert.equal(ratio(150, 100), 1.5);
    assert.ok(Number.isNaN(ratio(1, 0)));
    assert.ok(Number.isNaN(ratio(NaN, 2)));
    assert.equal(perSecond(500, 2_000), 250);
    assert.ok(Number.isNaN(perSecond(5, 0)));
  });
});
