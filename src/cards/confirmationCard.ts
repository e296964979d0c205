/** The outcome of a reset, per user: never a password, only where the sign-in information went. */
import { formatDateTime, t, type Locale, type MessageKey } from '../i18n';
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

/** What happened to one target; `reset-unknown`: Graph did not answer, the password may have changed. */
export type TargetOutcome =
  'mailed' | 'mail-failed' | 'mail-unknown' | 'reset-failed' | 'reset-unknown' | 'refused';

/** Outcomes after which the user has a new password. */
const RESET: ReadonlySet<TargetOutcome> = new Set(['mailed', 'mail-failed', 'mail-unknown']);

/** One target's line on the confirmation. */
export interface ConfirmationTarget {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly outcome: TargetOutcome;
  /** Already masked (a•••@example.com); the card never sees a full address it did not need. */
  readonly maskedRecipients: readonly string[];
  readonly forceChange: boolean;
  readonly sessionsRevoked: boolean;
  readonly failureText?: string;
}

/** The confirmation's view-model. */
export interface ConfirmationView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  /** ISO timestamp of the reset. */
  readonly at: string;
  readonly delivery: 'link' | 'inline';
  readonly targets: readonly ConfirmationTarget[];
  readonly canResend: boolean;
  /** The second admin who approved the request (README, "Four-eyes approval"). */
  readonly approvedBy?: string;
}

/** Builds the confirmation card. */
export function confirmationCard(view: ConfirmationView): object {
  const { locale } = view;
  const when = formatDateTime(locale, view.at);
  const [title, tone] = headlineOf(view);
  const anyReset = view.targets.some((target) => RESET.has(target.outcome));
  const body: CardElement[] = [
    heading(t(locale, title), tone),
    // Who and when, once for the whole card: the rows under each user say only what differs per user.
    text(
      t(locale, anyReset ? 'confirm.summary' : 'confirm.summary.requested', {
        requester: view.requesterName,
        at: when,
      }),
      { isSubtle: true },
    ),
  ];
  if (view.approvedBy) {
    body.push(text(t(locale, 'approval.confirm.approvedBy', { name: view.approvedBy }), { isSubtle: true }));
  }
  for (const target of view.targets) body.push(targetBlock(locale, target, view.delivery));
  body.push(small(t(locale, 'confirm.noPassword')));
  if (view.canResend && view.delivery === 'link') body.push(small(t(locale, 'confirm.resend.note')));
  body.push(small(t(locale, 'common.requestId', { id: view.requestId })));

  const actions = view.canResend
    ? [execute(Verbs.resendMail, t(locale, 'confirm.resend'), { requestId: view.requestId })]
    : [];
  return adaptiveCard(body, actions);
}

/**
 * The headline says what happened to the passwords: all reset and mailed; none reset (never "Password
 * reset" when nothing was); unknown when Graph did not answer and nothing was surely reset; otherwise
 * reset with steps that need attention (a mail, or some users not reset).
 */
function headlineOf(view: ConfirmationView): [MessageKey, TextColor] {
  const outcomes = view.targets.map((target) => target.outcome);
  if (outcomes.every((outcome) => outcome === 'mailed')) return ['confirm.title', 'good'];
  if (outcomes.some((outcome) => RESET.has(outcome))) return ['confirm.title.problem', 'attention'];
  if (outcomes.includes('reset-unknown')) return ['confirm.title.unknown', 'warning'];
  return [view.targets.length > 1 ? 'confirm.title.notReset.many' : 'confirm.title.notReset', 'attention'];
}

function targetBlock(locale: Locale, target: ConfirmationTarget, delivery: 'link' | 'inline'): CardElement {
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
            delivery === 'link' ? 'confirm.mailed.link' : 'confirm.mailed.inline',
          )}`,
          { color: 'good' },
        ),
      );
      break;
    case 'mail-failed':
      items.push(alert(t(locale, 'confirm.mailFailed')));
      break;
    case 'mail-unknown':
      items.push(alert(t(locale, 'confirm.mailUnknown'), 'warning'));
      break;
    case 'reset-failed':
      items.push(alert(t(locale, 'confirm.resetFailed')));
      break;
    case 'reset-unknown':
      items.push(alert(t(locale, 'confirm.resetUnknown'), 'warning'));
      break;
    case 'refused':
      items.push(alert(t(locale, 'confirm.refused')));
      break;
  }
  if (target.failureText) items.push(text(target.failureText));
  if (RESET.has(target.outcome)) {
    const yesNo = (value: boolean): string => t(locale, value ? 'common.yes' : 'common.no');
    items.push(
      facts([
        [t(locale, 'confirm.fact.mustChange'), yesNo(target.forceChange)],
        [t(locale, 'confirm.fact.sessions'), yesNo(target.sessionsRevoked)],
      ]),
    );
  }
  return container(items, { separator: true, spacing: 'medium' });
}
