/** The outcome of a reset, per user: never a password, only where the sign-in information went. */
import { formatDateTime, t, type Locale } from '../i18n';
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
} from './elements';
import { Verbs } from './verbs';

/** What happened to one target. */
export type TargetOutcome = 'mailed' | 'mail-failed' | 'mail-unknown' | 'reset-failed' | 'refused';

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
}

/** Builds the confirmation card. */
export function confirmationCard(view: ConfirmationView): object {
  const { locale } = view;
  const allMailed = view.targets.every((target) => target.outcome === 'mailed');
  const when = formatDateTime(locale, view.at);
  const body: CardElement[] = [
    heading(
      t(locale, allMailed ? 'confirm.title' : 'confirm.title.problem'),
      allMailed ? 'good' : 'attention',
    ),
    text(t(locale, 'confirm.summary', { requester: view.requesterName, at: when }), { isSubtle: true }),
  ];
  for (const target of view.targets) body.push(targetBlock(locale, view, target, when));
  body.push(small(t(locale, 'confirm.noPassword')));
  if (view.canResend && view.delivery === 'link') body.push(small(t(locale, 'confirm.resend.note')));
  body.push(small(t(locale, 'common.requestId', { id: view.requestId })));

  const actions = view.canResend
    ? [execute(Verbs.resendMail, t(locale, 'confirm.resend'), { requestId: view.requestId })]
    : [];
  return adaptiveCard(body, actions);
}

function targetBlock(
  locale: Locale,
  view: ConfirmationView,
  target: ConfirmationTarget,
  when: string,
): CardElement {
  const items: CardElement[] = [
    text(t(locale, 'form.target', { name: target.displayName, upn: target.userPrincipalName }), {
      weight: 'bolder',
    }),
  ];
  const wasReset =
    target.outcome === 'mailed' || target.outcome === 'mail-failed' || target.outcome === 'mail-unknown';
  switch (target.outcome) {
    case 'mailed':
      items.push(
        text(
          `${t(locale, 'confirm.mailed', { recipients: target.maskedRecipients.join(', ') })} ${t(
            locale,
            view.delivery === 'link' ? 'confirm.mailed.link' : 'confirm.mailed.inline',
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
    case 'refused':
      items.push(alert(t(locale, 'confirm.refused')));
      break;
  }
  if (target.failureText) items.push(text(target.failureText));
  if (wasReset) {
    const yesNo = (value: boolean): string => t(locale, value ? 'common.yes' : 'common.no');
    items.push(
      facts([
        [t(locale, 'confirm.fact.by'), view.requesterName],
        [t(locale, 'confirm.fact.when'), when],
        [t(locale, 'confirm.fact.mustChange'), yesNo(target.forceChange)],
        [t(locale, 'confirm.fact.sessions'), yesNo(target.sessionsRevoked)],
      ]),
    );
  }
  return container(items, { separator: true, spacing: 'medium' });
}
