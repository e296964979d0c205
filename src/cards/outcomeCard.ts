/**
 * The confirmation of a request, whatever its kind: a headline that says what became of the secrets, who
 * asked and when, who approved, one block per user (where the mail went, or what went wrong, and the facts
 * of what changed), a note that the secret is never shown in Teams, the request id, and "send a new link"
 * when a mail did not go. Each kind words it with its own texts (confirmationCard.ts, tapConfirmationCard.ts).
 */
import { formatDateTime, t, type Locale, type MessageKey } from '../i18n';
import {
  adaptiveCard,
  alert,
  container,
  execute,
  small,
  text,
  heading,
  type CardElement,
  type TextColor,
} from './elements';
import { userLine } from './requestText';
import { Verbs } from './verbs';

/** What a confirmation says about the whole request. */
export interface OutcomeFrame {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  /** ISO timestamp of the outcome. */
  readonly at: string;
  readonly delivery: 'link' | 'inline';
  readonly canResend: boolean;
  /** The second admin who approved the request (README, "Four-eyes approval"). */
  readonly approvedBy?: string;
}

/** One user's block: whatever the kind, a name, an outcome and where the mail went. */
export interface OutcomeTarget<O extends string> {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly outcome: O;
  /** Already masked (a•••@example.com); the card never sees a full address it did not need. */
  readonly maskedRecipients: readonly string[];
  readonly failureText?: string;
}

/** How a kind of request words its confirmation. `O` is the kind's outcomes, `mailed` among them. */
export interface OutcomeWords<O extends string> {
  /** Outcomes after which the user has the new secret (whatever became of its mail). */
  readonly delivered: ReadonlySet<O>;
  /** Graph did not answer the change: nobody knows whether it happened. */
  readonly unknown: O;
  readonly title: {
    readonly allMailed: MessageKey;
    readonly someDelivered: MessageKey;
    readonly unknown: MessageKey;
    /** Nothing changed, for one user and for several. */
    readonly none: readonly [one: MessageKey, many: MessageKey];
  };
  /** "Requested by … at …" when something changed. */
  readonly summary: MessageKey;
  /** After "E-mail accepted for delivery to …", what the mail holds. */
  readonly mailed: Readonly<Record<'link' | 'inline', MessageKey>>;
  /** Every other outcome's line, in red or amber. */
  readonly problems: Readonly<Record<Exclude<O, 'mailed'>, readonly [MessageKey, 'attention' | 'warning']>>;
  /** An outcome whose line already says all the failure text would (it is left out there). */
  readonly saysItAll?: O;
  /** "The password is never shown in Teams." */
  readonly neverShown: MessageKey;
}

/** Builds a confirmation; `factsOf` gives the facts of what changed for a user that has the new secret. */
export function outcomeCard<O extends string, T extends OutcomeTarget<O>>(
  view: OutcomeFrame & { readonly targets: readonly T[] },
  words: OutcomeWords<O>,
  factsOf: (target: T) => CardElement | null,
): object {
  const { locale } = view;
  const [title, tone] = headlineOf(view.targets, words);
  const anyDelivered = view.targets.some((target) => words.delivered.has(target.outcome));
  const body: CardElement[] = [
    heading(t(locale, title), tone),
    // Who and when, once for the whole card: the rows under each user say only what differs per user.
    text(
      t(locale, anyDelivered ? words.summary : 'confirm.summary.requested', {
        requester: view.requesterName,
        at: formatDateTime(locale, view.at),
      }),
      { isSubtle: true },
    ),
  ];
  if (view.approvedBy) {
    body.push(text(t(locale, 'approval.confirm.approvedBy', { name: view.approvedBy }), { isSubtle: true }));
  }
  for (const target of view.targets) {
    const items = [
      userLine(locale, target, { weight: 'bolder' }),
      outcomeLine(locale, target, view.delivery, words),
    ];
    if (target.failureText && target.outcome !== words.saysItAll) items.push(text(target.failureText));
    const facts = words.delivered.has(target.outcome) ? factsOf(target) : null;
    if (facts) items.push(facts);
    body.push(container(items, { separator: true, spacing: 'medium' }));
  }
  body.push(small(t(locale, words.neverShown)));
  if (view.canResend && view.delivery === 'link') body.push(small(t(locale, 'confirm.resend.note')));
  body.push(small(t(locale, 'common.requestId', { id: view.requestId })));

  const actions = view.canResend
    ? [execute(Verbs.resendMail, t(locale, 'confirm.resend'), { requestId: view.requestId })]
    : [];
  return adaptiveCard(body, actions);
}

/**
 * The headline says what happened to the secrets: all made and mailed; none made (never "reset" or
 * "created" when nothing was); unknown when Graph did not answer and nothing surely was; otherwise made,
 * with steps that need attention (a mail, or some users left as they were).
 */
function headlineOf<O extends string>(
  targets: readonly OutcomeTarget<O>[],
  words: OutcomeWords<O>,
): [MessageKey, TextColor] {
  const outcomes = targets.map((target) => target.outcome);
  if (outcomes.every((outcome) => outcome === 'mailed')) return [words.title.allMailed, 'good'];
  if (outcomes.some((outcome) => words.delivered.has(outcome)))
    return [words.title.someDelivered, 'attention'];
  if (outcomes.includes(words.unknown)) return [words.title.unknown, 'warning'];
  return [words.title.none[targets.length > 1 ? 1 : 0], 'attention'];
}

function outcomeLine<O extends string>(
  locale: Locale,
  target: OutcomeTarget<O>,
  delivery: 'link' | 'inline',
  words: OutcomeWords<O>,
): CardElement {
  if (target.outcome === 'mailed') {
    const where = t(locale, 'confirm.mailed', { recipients: target.maskedRecipients.join(', ') });
    return text(`${where} ${t(locale, words.mailed[delivery])}`, { color: 'good' });
  }
  const [key, color] = words.problems[target.outcome as Exclude<O, 'mailed'>];
  return alert(t(locale, key), color);
}
