/**
 * Outlook accepts at most 4 concurrent requests per mailbox and refuses the rest with 429. Every mail goes
 * out from the one helpdesk mailbox, so each instance keeps its sends per mailbox under a limit and
 * queues the rest. Instances do not coordinate: each starts at the mailbox's 4, halves its limit when
 * the mailbox refuses one of its sends (429 means nothing was sent, so the send simply waits and goes
 * again), and raises it by one after as many accepted sends as the limit, up to 4 again (additive
 * increase, multiplicative decrease). Two busy instances so settle around two each.
 */

/** A per-key, self-adjusting limit on concurrent work, with a FIFO queue. */
export class MailboxGate {
  private readonly states = new Map<
    string,
    { limit: number; inFlight: number; credit: number; waiting: (() => void)[] }
  >();

  constructor(private readonly maxPerMailbox: number = 4) {}

  /** Runs `work` once fewer than the mailbox's current limit of calls are in flight. */
  async run<T>(mailbox: string, work: () => Promise<T>): Promise<T> {
    const state = this.state(mailbox);
    if (state.inFlight >= state.limit) await new Promise<void>((resolve) => state.waiting.push(resolve));
    else state.inFlight += 1;
    try {
      return await work();
    } finally {
      this.release(state);
    }
  }

  /** The mailbox refused a send (429): this instance keeps fewer in flight. */
  throttled(mailbox: string): void {
    const state = this.state(mailbox);
    state.limit = Math.max(1, Math.floor(state.limit / 2));
    state.credit = 0;
  }

  /** The mailbox accepted a send. */
  succeeded(mailbox: string): void {
    const state = this.state(mailbox);
    if (state.limit >= this.maxPerMailbox) return;
    state.credit += 1;
    if (state.credit >= state.limit) {
      state.limit += 1;
      state.credit = 0;
      this.wake(state);
    }
  }

  private state(mailbox: string) {
    const key = mailbox.toLowerCase();
    let state = this.states.get(key);
    if (!state) {
      state = { limit: this.maxPerMailbox, inFlight: 0, credit: 0, waiting: [] };
      this.states.set(key, state);
    }
    return state;
  }

  private release(state: { limit: number; inFlight: number; waiting: (() => void)[] }): void {
    state.inFlight -= 1;
    this.wake(state);
  }

  /** Hands free slots to waiting callers, in order. */
  private wake(state: { limit: number; inFlight: number; waiting: (() => void)[] }): void {
    while (state.inFlight < state.limit && state.waiting.length > 0) {
      state.inFlight += 1;
      state.waiting.shift()!();
    }
  }
}
