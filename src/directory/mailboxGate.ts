/**
 * Outlook accepts at most 4 concurrent requests per mailbox and refuses the rest with 429. Every reset
 * mails from the one helpdesk mailbox, so each instance keeps only a few sends in flight per mailbox and
 * queues the rest, instead of spending its retries on refusals during a burst.
 */

/** A per-key limit on concurrent work, with a FIFO queue. */
export class MailboxGate {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly perMailbox: number) {}

  /** Runs `work` once fewer than `perMailbox` calls for `mailbox` are in flight. */
  async run<T>(mailbox: string, work: () => Promise<T>): Promise<T> {
    const key = mailbox.toLowerCase();
    if ((this.inFlight.get(key) ?? 0) >= this.perMailbox) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(key) ?? [];
        queue.push(resolve);
        this.waiting.set(key, queue);
      });
    } else {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.get(key)?.shift();
      // Hand the slot straight to the next caller; otherwise free it.
      if (next) next();
      else this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }
}
