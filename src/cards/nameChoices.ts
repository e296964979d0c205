/**
 * On a bulk form, a name that matched several users: a radio list of them and "Leave … out", posted as
 * `choice1`, `choice2`… (InputIds.choicePrefix and the name's position), each the chosen user's UPN or
 * `none`. Required: the form is not sent until each name has an answer.
 */
import { t, type Locale } from '../i18n';
import type { CardElement } from './elements';
import { InputIds } from './verbs';

/** A name to choose for, with its users. */
export interface FormChoice {
  /** The position of the name among the request's choices, from 1: the input is `choice<n>`. */
  readonly n: number;
  readonly query: string;
  readonly candidates: readonly { readonly displayName: string; readonly userPrincipalName: string }[];
}

/** The inputs of the choices, in order. */
export function nameChoiceInputs(locale: Locale, choices: readonly FormChoice[]): CardElement[] {
  return choices.map((choice) => ({
    type: 'Input.ChoiceSet',
    id: `${InputIds.choicePrefix}${choice.n}`,
    label: t(locale, 'choice.form.label', { query: choice.query }),
    style: 'expanded',
    isMultiSelect: false,
    isRequired: true,
    errorMessage: t(locale, 'choice.form.required'),
    spacing: 'medium',
    choices: [
      ...choice.candidates.map((candidate) => ({
        title: t(locale, 'choice.option', { name: candidate.displayName, upn: candidate.userPrincipalName }),
        value: candidate.userPrincipalName,
      })),
      { title: t(locale, 'choice.form.none', { query: choice.query }), value: 'none' },
    ],
  }));
}
