/**
 * The changes to one user in one round trip: a sequential $batch (reset → sign-out → password mail →
 * notice), each request depending on the one before it, as Graph requires of a batch that is not fully
 * parallel. What the port promises (the first change must succeed for the others to run; the others run
 * whatever became of each other, unless marked to follow the one before) is kept here:
 * - a dependent of a failed request answers 424 and is sent again in the next round, unless what it
 *   needs did not succeed;
 * - an inner 429 is waited out (Retry-After) and the request sent again: nothing happened;
 * - an inner 503/504, or a batch lost as a whole (5xx, timeout, dropped connection), may have changed
 *   things: the password change and the sign-out are repeated (same password: idempotent), a mail never
 *   is — it becomes `unknown`, and the admin is told.
 */
import { ErrorCodes, GraphError } from '../errors';
import type { CallOptions, Change, ChangeOutcome } from '../reset/ports';
import { itemError, missingAnswer, sendBatch, type BatchItem, type ItemAnswer } from './batch';
import type { MailboxGate } from './mailboxGate';
import { userPath } from './odata';
import type { ReadSettings } from './reads';
import { planRetry } from './retry';

/** Applies changes to users through sequential batches. */
export class GraphWrites {
  constructor(private readonly settings: ReadSettings & { readonly mailGate: MailboxGate }) {}

  /** See the module comment. Outcomes are in the order of `changes`. */
  async apply(userId: string, changes: readonly Change[], options?: CallOptions): Promise<ChangeOutcome[]> {
    const items = changes.map((change, index) => toItem(userId, change, index));
    const sender = changes.find((change) => change.kind === 'send-mail');
    const work = (): Promise<ChangeOutcome[]> => this.rounds(changes, items, options);
    // A chain sends its mails one after the other: one mailbox slot for the whole call.
    return sender && sender.kind === 'send-mail' ? this.settings.mailGate.run(sender.sender, work) : work();
  }

  private async rounds(
    changes: readonly Change[],
    items: readonly BatchItem[],
    options?: CallOptions,
  ): Promise<ChangeOutcome[]> {
    const { now, sleep, policy, random, mailGate } = this.settings;
    const started = now();
    const outcomes: (ChangeOutcome | undefined)[] = changes.map(() => undefined);
    const attempts = changes.map(() => 0);
    for (let round = 1; ; round++) {
      const open = items.map((_, index) => index).filter((index) => outcomes[index] === undefined);
      if (open.length === 0) break;
      const batch = open.map((index) => items[index]!);
      let answers: Map<string, ItemAnswer> | null = null;
      let lost: GraphError | null = null;
      try {
        answers = await sendBatch(this.settings.edge, batch, {
          rule: 'refusals-only',
          sequential: true,
          route: 'POST /$batch writes',
          call: options,
        });
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        if (!error.ambiguous) {
          // Graph refused the batch as a whole (or never got it): nothing happened to anyone.
          for (const index of open)
            outcomes[index] = { status: 'failed', error: asItemError(items[index]!, error) };
          break;
        }
        lost = error;
      }
      let waitMs: number | undefined;
      for (const index of open) {
        const item = items[index]!;
        const answer = answers?.get(item.id);
        if (answers && !answer) {
          outcomes[index] = ambiguous(
            item,
            missingAnswer(item, ''),
            attempts[index]! + 1,
            policy.maxAttempts,
          );
          continue;
        }
        if (answer?.status === 424) continue; // not attempted: goes again if what it follows allows
        attempts[index] = attempts[index]! + 1;
        if (answer && answer.status >= 200 && answer.status < 300) {
          outcomes[index] = { status: 'done', requestId: answer.requestId };
          if (item.mail) mailGate.succeeded(senderOf(changes[index]!));
          continue;
        }
        const error = answer ? itemError(item, answer, now()) : asItemError(item, lost!);
        if (answer?.status === 429) {
          // A refused mail was not sent, and a busy shared mailbox frees up within seconds: it goes again
          // until the deadline. Any other change keeps to the attempts of the policy.
          if (item.mail) mailGate.throttled(senderOf(changes[index]!));
          if (item.mail || attempts[index]! < policy.maxAttempts) {
            if (error.retryAfterMs !== undefined) waitMs = Math.max(waitMs ?? 0, error.retryAfterMs);
            continue;
          }
          outcomes[index] = { status: 'failed', error };
          continue;
        }
        if (!answer || answer.status >= 500) {
          outcomes[index] = ambiguous(item, error, attempts[index]!, policy.maxAttempts);
          continue;
        }
        outcomes[index] = { status: 'failed', error };
      }
      // The first change decides for the rest: when it did not succeed, nothing else is attempted; a
      // change that follows the one before it waits for that one.
      const first = outcomes[0];
      if (first && first.status !== 'done') {
        for (let index = 1; index < outcomes.length; index++) outcomes[index] ??= { status: 'not-run' };
        break;
      }
      for (let index = 1; index < outcomes.length; index++) {
        const before = outcomes[index - 1];
        if (
          outcomes[index] === undefined &&
          changes[index]!.afterPrevious &&
          before &&
          before.status !== 'done'
        ) {
          outcomes[index] = { status: 'not-run' };
        }
      }
      if (outcomes.every((outcome) => outcome !== undefined)) break;
      // Each change counts its own attempts (above); rounds are bounded by the deadline.
      const decision = planRetry(
        { attempt: round, retryAfterMs: waitMs, elapsedMs: now() - started },
        { ...policy, maxAttempts: Number.MAX_SAFE_INTEGER },
        random,
      );
      if (!decision.retry || options?.signal?.aborted) {
        for (let index = 0; index < outcomes.length; index++) {
          if (outcomes[index] !== undefined) continue;
          outcomes[index] =
            index === 0 || outcomes[0]?.status === 'done'
              ? { status: 'failed', error: giveUpError(items[index]!) }
              : { status: 'not-run' };
        }
        break;
      }
      // A 424 alone (after an outcome in this round) needs no wait.
      if (
        waitMs !== undefined ||
        open.some((index) => outcomes[index] === undefined && attempts[index]! > 0)
      ) {
        await sleep(decision.delayMs);
      }
    }
    return outcomes.map((outcome) => outcome ?? { status: 'not-run' });
  }
}

/**
 * A change whose fate is unknown: repeated when it is idempotent and attempts remain (left open), else
 * `unknown`. A mail is never repeated.
 */
function ambiguous(
  item: BatchItem,
  error: GraphError,
  attempt: number,
  maxAttempts: number,
): ChangeOutcome | undefined {
  if (!item.mail && attempt < maxAttempts) return undefined;
  return { status: 'unknown', error };
}

function asItemError(item: BatchItem, error: GraphError): GraphError {
  if (!item.mail) return error;
  const code = error.ambiguous ? ErrorCodes.MAIL_UNKNOWN : ErrorCodes.MAIL_FAILED;
  return new GraphError(
    code,
    error.status,
    error.graphCode,
    error.requestId,
    error.message,
    error.ambiguous,
    error.retryAfterMs,
  );
}

function giveUpError(item: BatchItem): GraphError {
  return new GraphError(
    item.mail ? ErrorCodes.MAIL_FAILED : ErrorCodes.GRAPH_THROTTLED,
    429,
    'TooManyRequests',
    '',
    `Graph ${item.route} kept refusing (throttled) until the call's budget ran out`,
    false,
  );
}

function senderOf(change: Change): string {
  return change.kind === 'send-mail' ? change.sender : '';
}

function toItem(userId: string, change: Change, index: number): BatchItem {
  const id = String(index + 1);
  switch (change.kind) {
    case 'reset-password':
      return {
        id,
        method: 'PATCH',
        url: userPath(userId),
        route: 'PATCH /users/{id} passwordProfile',
        body: {
          passwordProfile: { password: change.password, forceChangePasswordNextSignIn: change.forceChange },
        },
        secrets: [change.password],
      };
    case 'revoke-sessions':
      return {
        id,
        method: 'POST',
        url: `${userPath(userId)}/revokeSignInSessions`,
        route: 'POST /users/{id}/revokeSignInSessions',
        body: {},
      };
    case 'send-mail':
      return {
        id,
        method: 'POST',
        url: `${userPath(change.sender)}/sendMail`,
        route: 'POST /users/{sender}/sendMail',
        mail: true,
        body: {
          message: {
            subject: change.mail.subject,
            body: { contentType: 'HTML', content: change.mail.html },
            toRecipients: change.mail.to.map((address) => ({ emailAddress: { address } })),
          },
          saveToSentItems: false,
        },
      };
  }
}
