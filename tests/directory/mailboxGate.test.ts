import assert from 'node:assert/strict';
import { MailboxGate } from '../../src/directory/mailboxGate';

describe('directory/mailboxGate', () => {
  it('keeps at most N calls in flight per mailbox, runs the rest in order, and frees slots on failure', async () => {
    const gate = new MailboxGate(2);
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    const work =
      (n: number, fail = false) =>
      async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        order.push(n);
        if (fail) throw new Error('refused');
        return n;
      };
    const results = await Promise.allSettled(
      [0, 1, 2, 3, 4, 5].map((n) => gate.run('Helpdesk@contoso.com', work(n, n === 1))),
    );
    assert.equal(peak, 2);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
    assert.deepEqual(order.slice(2), [2, 3, 4, 5]);
    // Another mailbox is not held up by this one, and the failed call freed its slot.
    assert.equal(await gate.run('other@contoso.com', async () => 'ok'), 'ok');
    assert.equal(await gate.run('HELPDESK@contoso.com', async () => 'again'), 'again');
  });
});
