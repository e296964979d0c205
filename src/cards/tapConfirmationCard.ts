/**
 * The outcome of a Temporary Access Pass request, per user: whether a pass was made, when it works and how
 * often, and where it went — never the pass itself.
 */
import { passFacts } from './changeFacts';
import { facts } from './elements';
import { outcomeCard, type OutcomeFrame, type OutcomeTarget, type OutcomeWords } from './outcomeCard';

/**
 * What happened to one user. `not-created`: Graph refused or the run stopped before it asked;
 * `unknown`: Graph did not answer, a pass may exist that nobody has.
 */
export type TapOutcome = 'mailed' | 'mail-failed' | 'mail-unknown' | 'not-created' | 'unknown' | 'refused';

/** One user's line. */
export interface TapConfirmationTarget extends OutcomeTarget<TapOutcome> {
  /** The pass's settings, when one was made. */
  readonly pass?: {
    readonly startDateTime: string;
    readonly lifetimeInMinutes: number;
    readonly isUsableOnce: boolean;
  };
}

/** The card's view-model. */
export interface TapConfirmationView extends OutcomeFrame {
  readonly targets: readonly TapConfirmationTarget[];
}

const WORDS: OutcomeWords<TapOutcome> = {
  delivered: new Set<TapOutcome>(['mailed', 'mail-failed', 'mail-unknown']),
  unknown: 'unknown',
  title: {
    allMailed: 'tap.confirm.title',
    someDelivered: 'tap.confirm.title.problem',
    unknown: 'tap.confirm.title.unknown',
    none: ['tap.confirm.title.notCreated', 'tap.confirm.title.notCreated'],
  },
  summary: 'tap.confirm.summary',
  mailed: { link: 'tap.confirm.mailed.link', inline: 'tap.confirm.mailed.inline' },
  problems: {
    'mail-failed': ['tap.confirm.mailFailed', 'attention'],
    'mail-unknown': ['tap.confirm.mailUnknown', 'warning'],
    'not-created': ['tap.confirm.notCreated', 'attention'],
    unknown: ['tap.confirm.unknown', 'warning'],
    refused: ['tap.confirm.refused', 'attention'],
  },
  // "A pass may or may not have been created, and nobody has it": the failure text would only repeat it.
  saysItAll: 'unknown',
  neverShown: 'tap.confirm.noPass',
};

/** Builds the card. */
export function tapConfirmationCard(view: TapConfirmationView): object {
  return outcomeCard(view, WORDS, (target) =>
    target.pass ? facts(passFacts(view.locale, target.pass)) : null,
  );
}
