/** The helpdesk channel's search form; another tool may post the same JSON (its data is then `{}`). */
import { t, type Locale } from '../i18n';
import { adaptiveCard, alert, execute, heading, small, text, type CardElement } from './elements';
import { InputIds, Verbs } from './verbs';

/** The search form's view-model. */
export interface SearchFormView {
  readonly locale: Locale;
  readonly requestId?: string;
  readonly error?: string;
}

/** Builds the search form: one `query` box and a Find button (`reset.search`). */
export function searchFormCard(view: SearchFormView): object {
  const { locale } = view;
  const body: CardElement[] = [
    heading(t(locale, 'search.title')),
    text(t(locale, 'search.intro'), { isSubtle: true }),
    {
      type: 'Input.Text',
      id: InputIds.query,
      label: t(locale, 'search.label'),
      placeholder: t(locale, 'search.placeholder'),
      isRequired: true,
      errorMessage: t(locale, 'search.placeholder'),
      maxLength: 256,
    },
  ];
  if (view.error) body.push(alert(view.error));
  if (view.requestId) body.push(small(t(locale, 'common.requestId', { id: view.requestId })));
  return adaptiveCard(body, [
    execute(Verbs.search, t(locale, 'search.find'), view.requestId ? { requestId: view.requestId } : {}, {
      style: 'positive',
    }),
  ]);
}
