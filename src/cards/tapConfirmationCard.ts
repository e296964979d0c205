/**
 * The outcome of a Temporary Access Pass request, per user: whether a pass was made, when it works and how
 * often, and where it went — never the pass itself.
 */
import { formatDateTime, t, type Locale, type MessageKey } from '../i18n';
import { formatMinutes } from '../i18n/duration';
import {
  adaptiveCard,
  alert,
  container,
  execute,
  facts,
  heading,
  small,
  text,
  type CardElement,
  type TextColor,
} from './elements';
import { Verbs } from './verbs';

/**
 * What happened to one user. `not-created`: Graph refused or the run stopped before it asked;
 * `unknown`: Graph did not answer, a pass may exist that nobody has.
 */
export type TapOutcome = 'mailed' | 'mail-failed' | 'mail-unknown' | 'not-created' | 'unknown' | 'refused';

const CREATED: ReadonlySet<TapOutcome> = new Set(['mailed', 'mail-failed', 'mail-unknown']);

/** One user's line. */
export interface TapConfirmationTarget {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly outcome: TapOutcome;
  /** Already masked (a•••@example.com). */
  readonly maskedRecipients: readonly string[];
  /** The pass's settings, when one was made. */
  readonly pass?: {
    readonly startDateTime: string;
    readonly lifetimeInMinutes: number;
    readonly isUsableOnce: boolean;
  };
  readonly failureText?: string;
}

/** The card's view-model. */
export interface TapConfirmationView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  readonly at: string;
  readonly delivery: 'link' | 'inline';
  readonly targets: readonly TapConfirmationTarget[];
  readonly canResend: boolean;
  /** The second admin who approved the request (README, "Four-eyes approval"). */
  readonly approvedBy?: string;
}

/** Builds the card. */
export function tapConfirmationCard(view: TapConfirmationView): object {
  const { locale } = view;
  const [title, tone] = headlineOf(view);
  const anyCreated = view.targets.some((target) => CREATED.has(target.outcome));
  const body: CardElement[] = [
    heading(t(locale, title), tone),
    text(
      t(locale, anyCreated ? 'tap.confirm.summary' : 'confirm.summary.requested', {
        requester: view.requesterName,
        at: formatDateTime(locale, view.at),
      }),
      { isSubtle: true },
    ),
  ];
  if (view.approvedBy) {
    body.push(text(t(locale, 'approval.confirm.approvedBy', { name: view.approvedBy }), { isSubtle: true }));
  }
  for (const target of view.targets) body.push(targetBlock(locale, target, view.delivery));
  body.push(small(t(locale, 'tap.confirm.noPass')));
  if (view.canResend && view.delivery === 'link') body.push(small(t(locale, 'confirm.resend.note')));
  body.push(small(t(locale, 'common.requestId', { id: view.requestId })));
  const actions = view.canResend
    ? [execute(Verbs.resendMail, t(locale, 'confirm.resend'), { requestId: view.requestId })]
    : [];
  return adaptiveCard(body, actions);
}

/** Never "created" when nothing was; unknown when nothing surely was and Graph did not answer. */
function headlineOf(view: TapConfirmationView): [MessageKey, TextColor] {
  const outcomes = view.targets.map((target) => target.outcome);
  if (outcomes.every((outcome) => outcome === 'mailed')) return ['tap.confirm.title', 'good'];
  if (outcomes.some((outcome) => CREATED.has(outcome))) return ['tap.confirm.title.problem', 'attention'];
  if (outcomes.includes('unknown')) return ['tap.confirm.title.unknown', 'warning'];
  return ['tap.confirm.title.notCreated', 'attention'];
}

function targetBlock(
  locale: Locale,
  target: TapConfirmationTarget,
  delivery: 'link' | 'inline',
): CardElement {
  const items: CardElement[] = [
    text(t(locale, 'form.target', { name: target.displayName, upn: target.userPrincipalName }), {
      weight: 'bolder',
    }),
  ];
  switch (target.outcome) {
    case 'mailed':
      items.push(
        text(
          `${t(locale, 'confirm.mailed', { recipients: target.maskedRecipients.join(', ') })} ${t(
            locale,
            delivery === 'link' ? 'tap.confirm.mailed.link' : 'tap.confirm.mailed.inline',
          )}`,
          { color: 'good' },
        ),
      );
      break;
    case 'mail-failed':
      items.push(alert(t(locale, 'tap.confirm.mailFailed')));
      break;
    case 'mail-unknown':
      items.push(alert(t(locale, 'tap.confirm.mailUnknown'), 'warning'));
      break;
    case 'not-created':
      items.push(alert(t(locale, 'tap.confirm.notCreated')));
      break;
    case 'unknown':
      items.push(alert(t(locale, 'tap.confirm.unknown'), 'warning'));
      break;
    case 'refused':
      items.push(alert(t(locale, 'tap.confirm.refused')));
      break;
  }
  if (target.failureText && target.outcome !== 'unknown') items.push(text(target.failureText));
  if (target.pass && CREATED.has(target.outcome)) {
    items.push(
      facts([
        [t(locale, 'tap.confirm.fact.validFrom'), formatDateTime(locale, target.pass.startDateTime)],
        [t(locale, 'tap.confirm.fact.lifetime'), formatMinutes(locale, target.pass.lifetimeInMinutes)],
        [
          t(locale, 'tap.confirm.fact.usage'),
          t(locale, target.pass.isUsableOnce ? 'tap.confirm.usage.once' : 'tap.confirm.usage.multi'),
        ],
      ]),
    );
  }
  return container(items, { separator: true, spacing: 'medium' });
}
