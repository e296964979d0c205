/** Asks the requester to pick one user when a search matched several. */
import { t, type Locale } from '../i18n';
import { adaptiveCard, execute, heading, small } from './elements';
import { InputIds, Verbs } from './verbs';

/** The choice card's view-model. */
export interface ChoiceView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly query: string;
  readonly candidates: readonly {
    readonly displayName: string;
    readonly userPrincipalName: string;
    readonly mail: string | null;
  }[];
  /** A Temporary Access Pass request asks whom the pass is for. */
  readonly kind?: 'password' | 'tap';
}

/** Builds the choice card: a radio list of "Name (upn)", posted as `query` = the chosen UPN. */
export function choiceCard(view: ChoiceView): object {
  const { locale } = view;
  return adaptiveCard(
    [
      heading(t(locale, 'choice.title', { query: view.query })),
      {
        type: 'Input.ChoiceSet',
        id: InputIds.query,
        label: t(locale, view.kind === 'tap' ? 'tap.choice.label' : 'choice.label'),
        style: 'expanded',
        isMultiSelect: false,
        isRequired: true,
        errorMessage: t(locale, view.kind === 'tap' ? 'tap.choice.label' : 'choice.label'),
        choices: view.candidates.map((candidate) => ({
          title: t(locale, 'choice.option', {
            name: candidate.displayName,
            upn: candidate.userPrincipalName,
          }),
          value: candidate.userPrincipalName,
        })),
      },
      small(t(locale, 'common.requestId', { id: view.requestId })),
    ],
    [
      execute(
        Verbs.search,
        t(locale, 'choice.continue'),
        { requestId: view.requestId },
        { style: 'positive' },
      ),
      execute(
        Verbs.cancel,
        t(locale, 'common.cancel'),
        { requestId: view.requestId },
        { associatedInputs: 'none' },
      ),
    ],
  );
}
