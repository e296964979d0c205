/**
 * The reset form the requester fills in: the password (created automatically, or by the admin), must-
 * change, sign-out and recipients.
 *
 * The custom-password field shows only once "Let me create the password" is chosen. Adaptive Cards 1.5
 * cannot tie an element's visibility to a choice, so the choice is made with two Action.ToggleVisibility
 * buttons (supported by Teams and the Agents Playground) that swap two panels — "created automatically"
 * and the field with its rules — together with two rows of buttons. Only one Reset button is ever
 * visible, and the one beside the field says `passwordMode: custom`, so what the admin sees is what is
 * submitted; a radio button would keep its value whatever panel showed.
 */
import { t, type Locale, type MessageKey } from '../i18n';
import {
  actionSet,
  adaptiveCard,
  alert,
  container,
  execute,
  heading,
  small,
  text,
  toggleVisibility,
  type CardElement,
} from './elements';
import { nameChoiceInputs, type FormChoice } from './nameChoices';
import { cancelButton, formFooter, targetLines, toggleInput, type FormFrame } from './formSections';
import { InputIds, Verbs } from './verbs';

export { type FormTarget } from './formSections';

/** The form's view-model. It has no password field on purpose: a password is never put on a card. */
export interface FormView extends FormFrame {
  readonly values: {
    readonly passwordMode: 'auto' | 'custom';
    readonly forceChange: boolean;
    readonly revokeSessions: boolean;
    readonly recipients: string;
  };
  readonly error?: { readonly field: 'customPassword' | 'recipients' | 'form'; readonly text: string };
  /** False for several targets: each gets a generated password. */
  readonly allowCustomPassword: boolean;
  /** Names of a bulk request that matched several users, to choose among (src/cards/nameChoices.ts). */
  readonly choices?: readonly FormChoice[];
}

/** Ids of the panels and button rows the password choice swaps. */
const PANELS = {
  auto: 'passwordAuto',
  custom: 'passwordCustom',
  autoActions: 'actionsAuto',
  customActions: 'actionsCustom',
} as const;

/** Builds the form card. */
export function formCard(view: FormView): object {
  const { locale } = view;
  const choices = view.choices ?? [];
  const many = view.targets.length + choices.length > 1;
  const customAllowed = view.allowCustomPassword && !many;
  const errorAt = (field: 'customPassword' | 'recipients' | 'form'): CardElement[] => {
    if (!view.error) return [];
    const shownField = view.error.field === 'customPassword' && !customAllowed ? 'form' : view.error.field;
    return shownField === field ? [alert(view.error.text)] : [];
  };

  const body: CardElement[] = [
    heading(
      many
        ? t(locale, 'form.title.many', { count: view.targets.length + choices.length })
        : t(locale, 'form.title.one', { name: view.targets[0]?.displayName ?? '' }),
    ),
    small(t(locale, 'form.requestedBy', { name: view.requesterName })),
    ...errorAt('form'),
  ];

  body.push(...targetLines(locale, view.targets, many, 'form.disabled'));
  body.push(...nameChoiceInputs(locale, choices));

  body.push(text(t(locale, 'form.passwordMode.label'), { weight: 'bolder', spacing: 'medium' }));
  const custom = customAllowed && view.values.passwordMode === 'custom';
  if (customAllowed) body.push(...passwordPanels(locale, custom, errorAt('customPassword')));
  else body.push(text(t(locale, many ? 'form.many.note' : 'form.password.auto'), { spacing: 'small' }));

  body.push(
    toggleInput(
      InputIds.forceChange,
      t(locale, many ? 'form.forceChange.many' : 'form.forceChange'),
      view.values.forceChange,
    ),
    toggleInput(
      InputIds.revokeSessions,
      t(locale, many ? 'form.revokeSessions.many' : 'form.revokeSessions'),
      view.values.revokeSessions,
    ),
  );

  body.push(
    ...formFooter(view, many, errorAt('recipients'), {
      manyNote: 'form.recipients.many.note',
      delivery: { link: 'form.delivery.link', inline: 'form.delivery.inline' },
    }),
  );

  const submitTitle: MessageKey = many ? 'form.submit.many' : 'form.submit';
  if (!customAllowed) return adaptiveCard(body, buttons(locale, view.requestId, submitTitle, false));
  body.push(
    actionSet(buttons(locale, view.requestId, submitTitle, false), {
      id: PANELS.autoActions,
      isVisible: !custom,
      spacing: 'medium',
    }),
    actionSet(buttons(locale, view.requestId, 'form.submit.custom', true), {
      id: PANELS.customActions,
      isVisible: custom,
      spacing: 'medium',
    }),
  );
  return adaptiveCard(body);
}

/** "Created automatically" and the field with its rules; each has the button that swaps them. */
function passwordPanels(locale: Locale, custom: boolean, fieldError: CardElement[]): CardElement[] {
  const swap = [PANELS.auto, PANELS.custom, PANELS.autoActions, PANELS.customActions];
  return [
    container(
      [
        text(t(locale, 'form.password.auto'), { spacing: 'none' }),
        actionSet([toggleVisibility(t(locale, 'form.passwordMode.custom'), swap)], { spacing: 'small' }),
      ],
      { id: PANELS.auto, isVisible: !custom, spacing: 'small' },
    ),
    container(
      [
        // Never prefilled: after a failed check the admin types the password again.
        {
          type: 'Input.Text',
          id: InputIds.customPassword,
          label: t(locale, 'form.customPassword.label'),
          style: 'password',
          maxLength: 256,
        },
        ...fieldError,
        // The rules in full, wrapped: a placeholder would be cut off at the width of the field.
        text(t(locale, 'form.customPassword.rules'), { isSubtle: true, spacing: 'small' }),
        actionSet([toggleVisibility(t(locale, 'form.passwordMode.auto'), swap)], { spacing: 'small' }),
      ],
      { id: PANELS.custom, isVisible: custom, spacing: 'small' },
    ),
  ];
}

/** Reset and Cancel; the Reset beside the custom-password field says so in its data. */
function buttons(locale: Locale, requestId: string, title: MessageKey, custom: boolean): CardElement[] {
  return [
    execute(Verbs.submit, t(locale, title), custom ? { requestId, passwordMode: 'custom' } : { requestId }, {
      style: 'positive',
    }),
    cancelButton(locale, requestId),
  ];
}
