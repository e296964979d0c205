import assert from 'node:assert/strict';
import { knownTimeZone, resolvePeriod } from '../../src/reset/auditPeriod';

describe('audit periods as instants', () => {
  // 08:30 in Tokyo is still the day before in UTC.
  const now = new Date('2026-11-20T23:30:00.000Z');

  it('"today" starts at the admin’s midnight, in their time zone', () => {
    assert.deepEqual(resolvePeriod({ kind: 'today' }, now, 'Asia/Tokyo'), {
      since: '2026-11-20T15:00:00.000Z',
    });
    assert.deepEqual(resolvePeriod({ kind: 'today' }, now, 'UTC'), { since: '2026-11-20T00:00:00.000Z' });
    assert.deepEqual(resolvePeriod({ kind: 'today' }, now, 'America/Los_Angeles'), {
      since: '2026-11-20T08:00:00.000Z',
    });
  });

  it('"yesterday" is the whole day before, "a date" that whole day, "since" from its start', () => {
    assert.deepEqual(resolvePeriod({ kind: 'yesterday' }, now, 'Asia/Tokyo'), {
      since: '2026-11-19T15:00:00.000Z',
      until: '2026-11-20T15:00:00.000Z',
    });
    assert.deepEqual(resolvePeriod({ kind: 'date', date: '2026-11-02' }, now, 'UTC'), {
      since: '2026-11-02T00:00:00.000Z',
      until: '2026-11-03T00:00:00.000Z',
    });
    assert.deepEqual(resolvePeriod({ kind: 'since', date: '2026-11-01' }, now, 'Asia/Tokyo'), {
      since: '2026-10-31T15:00:00.000Z',
    });
  });

  it('counts spans back from now', () => {
    assert.deepEqual(resolvePeriod({ kind: 'days', count: 7 }, now, 'Asia/Tokyo'), {
      since: '2026-11-13T23:30:00.000Z',
    });
    assert.deepEqual(resolvePeriod({ kind: 'hours', count: 24 }, now, 'UTC'), {
      since: '2026-11-19T23:30:00.000Z',
    });
  });

  it('knows daylight saving time: a day in Los Angeles that changes its clock is 25 hours long', () => {
    // US clocks go back on 2026-11-01.
    assert.deepEqual(resolvePeriod({ kind: 'date', date: '2026-11-01' }, now, 'America/Los_Angeles'), {
      since: '2026-11-01T07:00:00.000Z',
      until: '2026-11-02T08:00:00.000Z',
    });
  });

  it('answers the same the second time: a zone accepted once stays accepted, a refused one stays refused', () => {
    for (let i = 0; i < 2; i++) {
      assert.equal(knownTimeZone('Europe/Paris'), 'Europe/Paris');
      assert.equal(knownTimeZone('Mars/Olympus'), 'UTC');
    }
  });

  it('uses UTC for a time zone the runtime does not know', () => {
    for (const zone of ['Mars/Olympus', '', 42, undefined, 'x'.repeat(100)])
      assert.equal(knownTimeZone(zone), 'UTC');
    assert.equal(knownTimeZone('Asia/Tokyo'), 'Asia/Tokyo');
    assert.deepEqual(resolvePeriod({ kind: 'today' }, now, 'Mars/Olympus'), {
      since: '2026-11-20T00:00:00.000Z',
    });
  });
});
