/** The reset form the requester fills in: password mode, must-change, sign-out and recipients. */
import { t, type Locale } from '../i18n';
import { adaptiveCard, alert, container, execute, heading, small, text, type CardElement } from './elements';
import { InputIds, Verbs } from './verbs';

/** One user the form resets. */
export interface FormTarget {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly accountEnabled: boolean;
}

/** The form's view-model. It has no password field on purpose: a password is never put on a card. */
export interface FormView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  readonly targets: readonly FormTarget[];
  readonly delivery: 'link' | 'inline';
  readonly values: {
    readonly passwordMode: 'auto' | 'custom';
    readonly forceChange: boolean;
    readonly revokeSessions: boolean;
    readonly recipients: string;
  };
  /** Recipients that are a target's own tenant mailbox: shown with a warning. */
  readonly flaggedRecipients: readonly string[];
  readonly error?: { readonly field: 'customPassword' | 'recipients' | 'form'; readonly text: string };
  /** False for several targets: each gets a generated password. */
  readonly allowCustomPassword: boolean;
  /** Lifetime of a one-time link, for the delivery note (default 24). */
  readonly linkTtlHours?: number;
}

/** Builds the form card. */
export function formCard(view: FormView): object {
  const { locale } = view;
  const many = view.targets.length > 1;
  const customAllowed = view.allowCustomPassword && !many;
  const errorAt = (field: 'customPassword' | 'recipients' | 'form'): CardElement[] => {
    if (!view.error) return [];
    const shownField = view.error.field === 'customPassword' && !customAllowed ? 'form' : view.error.field;
    return shownField === field ? [alert(view.error.text)] : [];
  };

  const body: CardElement[] = [
    heading(
      many
        ? t(locale, 'form.title.many', { count: view.targets.length })
        : t(locale, 'form.title.one', { name: view.targets[0]?.displayName ?? '' }),
    ),
    small(t(locale, 'form.requestedBy', { name: view.requesterName })),
    ...errorAt('form'),
  ];

  if (many) body.push(text(t(locale, 'form.many.targets'), { weight: 'bolder', spacing: 'medium' }));
  for (const target of view.targets) {
    body.push(
      text(t(locale, 'form.target', { name: target.displayName, upn: target.userPrincipalName }), {
        spacing: many ? 'none' : 'small',
      }),
    );
    if (!target.accountEnabled)
      body.push(alert(`${target.displayName}: ${t(locale, 'form.disabled')}`, 'warning'));
  }
  if (many) body.push(text(t(locale, 'form.many.note'), { spacing: 'small' }));

  const choices = [{ title: t(locale, 'form.passwordMode.auto'), value: 'auto' }];
  if (customAllowed) choices.push({ title: t(locale, 'form.passwordMode.custom'), value: 'custom' });
  body.push({
    type: 'Input.ChoiceSet',
    id: InputIds.passwordMode,
    label: t(locale, 'form.passwordMode.label'),
    style: 'expanded',
    isMultiSelect: false,
    choices,
    value: customAllowed ? view.values.passwordMode : 'auto',
    spacing: 'medium',
  });
  if (customAllowed) {
    // Never prefilled: after a failed check the admin types the password again.
    body.push({
      type: 'Input.Text',
      id: InputIds.customPassword,
      label: t(locale, 'form.customPassword.label'),
      placeholder: t(locale, 'form.customPassword.placeholder'),
      style: 'password',
      maxLength: 256,
    });
    body.push(...errorAt('customPassword'));
  }

  body.push(
    toggle(
      InputIds.forceChange,
      t(locale, many ? 'form.forceChange.many' : 'form.forceChange'),
      view.values.forceChange,
    ),
  );
  body.push(
    toggle(
      InputIds.revokeSessions,
      t(locale, many ? 'form.revokeSessions.many' : 'form.revokeSessions'),
      view.values.revokeSessions,
    ),
  );

  body.push({
    type: 'Input.Text',
    id: InputIds.recipients,
    label: t(locale, 'form.recipients.label'),
    placeholder: t(locale, 'form.recipients.placeholder'),
    value: view.values.recipients,
    maxLength: 1000,
    spacing: 'medium',
  });
  for (const address of view.flaggedRecipients)
    body.push(alert(t(locale, 'form.recipients.flagged', { address }), 'warning'));
  body.push(...errorAt('recipients'));

  body.push(
    container(
      [
        text(
          view.delivery === 'link'
            ? t(locale, 'form.delivery.link', { hours: view.linkTtlHours ?? 24 })
            : t(locale, 'form.delivery.inline'),
          { isSubtle: true },
        ),
      ],
      { spacing: 'medium' },
    ),
    small(t(locale, 'common.requestId', { id: view.requestId })),
  );

  return adaptiveCard(body, [
    execute(
      Verbs.submit,
      t(locale, many ? 'form.submit.many' : 'form.submit'),
      { requestId: view.requestId },
      { style: 'positive' },
    ),
    execute(
      Verbs.cancel,
      t(locale, 'common.cancel'),
      { requestId: view.requestId },
      { associatedInputs: 'none' },
    ),
  ]);
}

function toggle(id: string, title: string, on: boolean): CardElement {
  return {
    type: 'Input.Toggle',
    id,
    title,
    valueOn: 'true',
    valueOff: 'false',
    value: on ? 'true' : 'false',
    wrap: true,
  };
}
