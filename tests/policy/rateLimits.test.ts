import assert from 'node:assert/strict';
import {
  DAY_MS,
  HOUR_MS,
  rateLimitKeys,
  refusalLimitKeys,
  REFUSALS_RECORDED_PER_HOUR,
} from '../../src/policy/rateLimits';

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

describe('policy/rateLimits: recorded refusals', () => {
  it('keeps a sender’s refusal counters apart from their reset counters, ids lower-cased', () => {
    const keys = refusalLimitKeys('Sender-1');
    assert.deepEqual(keys, {
      recorded: { key: 'refusals:sender-1', limit: REFUSALS_RECORDED_PER_HOUR, windowMs: HOUR_MS },
      notice: { key: 'refusals-notice:sender-1', limit: 1, windowMs: HOUR_MS },
    });
    const reset = rateLimitKeys('Sender-1', 'Sender-1', { perRequesterPerHour: 1, perTargetPerDay: 1 });
    assert.ok(![reset.requester.key, reset.target.key].includes(keys.recorded.key));
  });
});
