/** The card that answers a submit at once, while the reset runs in the background. */
import { formatList, t, type Locale } from '../i18n';
import { adaptiveCard, heading, small, text } from './elements';

/** The progress card's view-model. */
export interface ResettingView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly targetNames: readonly string[];
  /** Bulk requests: how many users are finished so far. */
  readonly progress?: { readonly done: number; readonly total: number };
  /** A Temporary Access Pass request says "creating a pass" instead. */
  readonly kind?: 'password' | 'tap';
}

/** Builds the "resetting…" card. */
export function resettingCard(view: ResettingView): object {
  const { locale } = view;
  return adaptiveCard([
    heading(
      t(locale, view.kind === 'tap' ? 'tap.progress.title' : 'resetting.title', {
        names: formatList(locale, view.targetNames),
      }),
      'accent',
    ),
    text(t(locale, 'resetting.text'), { isSubtle: true }),
    ...(view.progress
      ? [
          text(t(locale, 'resetting.progress', { done: view.progress.done, total: view.progress.total }), {
            weight: 'bolder',
          }),
        ]
      : []),
    small(t(locale, 'common.requestId', { id: view.requestId })),
  ]);
}
