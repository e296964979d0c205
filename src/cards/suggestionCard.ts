/**
 * "Did you mean `reset password for bob`?" — one line and a button that runs the command, for a message
 * close to a command; and what the card becomes once the button was pressed (the command, no button).
 */
import { t, type Locale } from '../i18n';
import { adaptiveCard, execute, type CardElement } from './elements';
import { Verbs } from './verbs';

/** The suggestion card's view-model. */
export interface SuggestionView {
  readonly locale: Locale;
  /** The exact command, in the language of the message it corrects. */
  readonly command: string;
}

/** Builds the "Did you mean" card. */
export function suggestionCard(view: SuggestionView): object {
  return adaptiveCard(
    [line(view.locale, 'suggest.before', view.command, 'suggest.after')],
    [execute(Verbs.run, t(view.locale, 'suggest.run'), { command: view.command }, { style: 'positive' })],
  );
}

/** The suggestion once run: says which command ran; the results follow as new messages. */
export function ranSuggestionCard(view: SuggestionView): object {
  return adaptiveCard([line(view.locale, 'suggest.ran', view.command, 'suggest.ran.after')]);
}

/** One line with the command in monospace between two texts (plain runs: a name cannot inject Markdown). */
function line(
  locale: Locale,
  before: 'suggest.before' | 'suggest.ran',
  command: string,
  after: 'suggest.after' | 'suggest.ran.after',
): CardElement {
  const inlines = [
    { type: 'TextRun', text: t(locale, before) },
    { type: 'TextRun', text: command, fontType: 'monospace', weight: 'bolder' },
    { type: 'TextRun', text: t(locale, after) },
  ].filter((run) => run.text !== '');
  return { type: 'RichTextBlock', inlines };
}
