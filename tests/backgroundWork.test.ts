import assert from 'node:assert/strict';
import sinon from 'sinon';
import { BackgroundWork } from '../src/backgroundWork';
import { silentLogger } from '../src/logger';

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('BackgroundWork', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });
  afterEach(() => clock.restore());

  it('runs at most `concurrency` at a time, in arrival order', async () => {
    const work = new BackgroundWork(silentLogger(), 2);
    const started: number[] = [];
    const gates = [gate(), gate(), gate()];
    gates.forEach((g, i) =>
      work.run(`w${i}`, async () => {
        started.push(i);
        await g.promise;
      }),
    );
    await clock.tickAsync(0);
    assert.deepEqual(started, [0, 1]);
    gates[1].open();
    await clock.tickAsync(0);
    assert.deepEqual(started, [0, 1, 2]);
    gates[0].open();
    gates[2].open();
    assert.equal(await work.drain(1_000), 0);
  });

  it('holds work back while an invoke is being answered, and starts it as soon as the answer is out', async () => {
    const work = new BackgroundWork(silentLogger(), 16, 1_000);
    const answer = gate();
    const events: string[] = [];
    const answering = work.foreground(async () => {
      work.run('reset', async () => void events.push('reset started'));
      await answer.promise;
      events.push('answered');
    });
    await clock.tickAsync(500);
    assert.deepEqual(events, [], 'nothing starts while the answer is in flight');
    answer.open();
    await answering;
    await clock.tickAsync(0);
    assert.deepEqual(events, ['answered', 'reset started']);
  });

  it('never holds work back longer than maxDeferMs, however long answers keep coming', async () => {
    const work = new BackgroundWork(silentLogger(), 16, 1_000);
    const answer = gate();
    let startedAt: number | null = null;
    const answering = work.foreground(async () => {
      work.run('reset', async () => void (startedAt = Date.now()));
      await answer.promise;
    });
    await clock.tickAsync(999);
    assert.equal(startedAt, null);
    await clock.tickAsync(1);
    assert.equal(startedAt, 1_000, 'started when it had waited 1 s, with the answer still in flight');
    answer.open();
    await answering;
  });

  it('logs a failure instead of leaving it unhandled, and frees its slot', async () => {
    const logger = silentLogger();
    const logged = sinon.spy(logger, 'error');
    const work = new BackgroundWork(logger, 1);
    let second = false;
    work.run('fails', async () => {
      throw new Error('boom');
    });
    work.run('next', async () => void (second = true));
    await clock.tickAsync(0);
    assert.equal(await work.drain(1_000), 0);
    assert.equal(second, true);
    sinon.assert.calledOnce(logged);
  });
});
