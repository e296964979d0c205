/** The outcome of a reset, per user: never a password, only where the sign-in information went. */
import { facts } from './elements';
import { passwordOptionFacts } from './changeFacts';
import { outcomeCard, type OutcomeFrame, type OutcomeTarget, type OutcomeWords } from './outcomeCard';

/** What happened to one target; `reset-unknown`: Graph did not answer, the password may have changed. */
export type TargetOutcome =
  'mailed' | 'mail-failed' | 'mail-unknown' | 'reset-failed' | 'reset-unknown' | 'refused';

/** One target's line on the confirmation. */
export interface ConfirmationTarget extends OutcomeTarget<TargetOutcome> {
  readonly forceChange: boolean;
  readonly sessionsRevoked: boolean;
}

/** The confirmation's view-model. */
export interface ConfirmationView extends OutcomeFrame {
  readonly targets: readonly ConfirmationTarget[];
}

const WORDS: OutcomeWords<TargetOutcome> = {
  delivered: new Set<TargetOutcome>(['mailed', 'mail-failed', 'mail-unknown']),
  unknown: 'reset-unknown',
  title: {
    allMailed: 'confirm.title',
    someDelivered: 'confirm.title.problem',
    unknown: 'confirm.title.unknown',
    none: ['confirm.title.notReset', 'confirm.title.notReset.many'],
  },
  summary: 'confirm.summary',
  mailed: { link: 'confirm.mailed.link', inline: 'confirm.mailed.inline' },
  problems: {
    'mail-failed': ['confirm.mailFailed', 'attention'],
    'mail-unknown': ['confirm.mailUnknown', 'warning'],
    'reset-failed': ['confirm.resetFailed', 'attention'],
    'reset-unknown': ['confirm.resetUnknown', 'warning'],
    refused: ['confirm.refused', 'attention'],
  },
  neverShown: 'confirm.noPassword',
};

/** Builds the confirmation card. */
export function confirmationCard(view: ConfirmationView): object {
  return outcomeCard(view, WORDS, (target) =>
    facts(passwordOptionFacts(view.locale, target.forceChange, target.sessionsRevoked)),
  );
}
