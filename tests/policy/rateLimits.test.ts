import assert from 'node:assert/strict';
import { DAY_MS, HOUR_MS, rateLimitKeys } from '../../src/policy/rateLimits';

describe('policy/rateLimits', () => {
  it('counts per requester per hour and per target per 24 hours, with the configured limits', () => {
    const keys = rateLimitKeys('Req-1', 'TGT-2', { perRequesterPerHour: 20, perTargetPerDay: 3 });
    assert.deepEqual(keys, {
      requester: { key: 'requester:req-1', limit: 20, windowMs: 3_600_000 },
      target: { key: 'target:tgt-2', limit: 3, windowMs: 86_400_000 },
    });
    assert.equal(DAY_MS, 24 * HOUR_MS);
  });

  it('keeps requester and target counters apart even for the same id', () => {
    const keys = rateLimitKeys('same', 'same', { perRequesterPerHour: 1, perTargetPerDay: 1 });
    assert.notEqual(keys.requester.key, keys.target.key);
  });
});
