/**
 * The Temporary Access Pass form: how long the pass works (within the tenant's policy, whose range it
 * shows), one-time or multi-use (as the policy allows), when it starts, and who gets it. Like the reset
 * form it has no secret in it: Microsoft 365 makes the pass after the submit, and it never comes to Teams.
 * The card's own checks (the lifetime's bounds, the recipients' pattern) are a convenience; the server
 * checks everything again.
 */
import { t } from '../i18n';
import { formatMinutes } from '../i18n/duration';
import { adaptiveCard, alert, execute, heading, small, text, type CardElement } from './elements';
import { cancelButton, formFooter, targetLines, toggleInput, type FormFrame } from './formSections';
import { InputIds, Verbs } from './verbs';

/** The fields a problem can be shown next to. */
export type TapFormField = 'lifetime' | 'usage' | 'start' | 'recipients' | 'form';

/** The form's view-model. */
export interface TapFormView extends FormFrame {
  /** The tenant's policy, as read when the form was built. */
  readonly policy: {
    readonly minimumLifetimeInMinutes: number;
    readonly maximumLifetimeInMinutes: number;
    readonly defaultLifetimeInMinutes: number;
    /** Every pass is one-time: no choice is offered. */
    readonly isUsableOnce: boolean;
  };
  readonly values: {
    readonly lifetimeInMinutes: number;
    readonly isUsableOnce: boolean;
    readonly startDate: string;
    readonly startTime: string;
    readonly recipients: string;
  };
  readonly error?: { readonly field: TapFormField; readonly text: string };
}

/** Builds the Temporary Access Pass form. */
export function tapFormCard(view: TapFormView): object {
  const { locale, policy } = view;
  const many = view.targets.length > 1;
  const errorAt = (field: TapFormField): CardElement[] =>
    view.error?.field === field ? [alert(view.error.text)] : [];

  const body: CardElement[] = [
    heading(
      many
        ? t(locale, 'tap.form.title.many', { count: view.targets.length })
        : t(locale, 'tap.form.title.one', { name: view.targets[0]?.displayName ?? '' }),
    ),
    small(t(locale, 'form.requestedBy', { name: view.requesterName })),
    text(t(locale, 'tap.form.intro'), { isSubtle: true, spacing: 'small' }),
    ...errorAt('form'),
  ];
  body.push(...targetLines(locale, view.targets, many, 'tap.form.disabled'));
  if (many) body.push(text(t(locale, 'tap.form.many.note'), { isSubtle: true, spacing: 'small' }));

  const range = {
    min: policy.minimumLifetimeInMinutes,
    max: policy.maximumLifetimeInMinutes,
  };
  body.push(
    {
      type: 'Input.Number',
      id: InputIds.tapLifetime,
      label: t(locale, 'tap.form.lifetime.label'),
      min: range.min,
      max: range.max,
      value: view.values.lifetimeInMinutes,
      isRequired: true,
      errorMessage: t(locale, 'tap.form.lifetime.invalid', range),
      spacing: 'medium',
    },
    text(
      t(locale, 'tap.form.lifetime.range', {
        ...range,
        minText: formatMinutes(locale, range.min),
        maxText: formatMinutes(locale, range.max),
        defaultText: formatMinutes(locale, policy.defaultLifetimeInMinutes),
      }),
      { isSubtle: true, spacing: 'small' },
    ),
    ...errorAt('lifetime'),
  );

  if (policy.isUsableOnce) {
    body.push(text(t(locale, 'tap.form.usableOnce.required'), { spacing: 'medium' }));
  } else {
    body.push(
      toggleInput(InputIds.tapUsableOnce, t(locale, 'tap.form.usableOnce'), view.values.isUsableOnce, {
        spacing: 'medium',
      }),
    );
  }
  body.push(...errorAt('usage'));

  body.push(
    text(t(locale, 'tap.form.start.label'), { weight: 'bolder', spacing: 'medium' }),
    {
      type: 'ColumnSet',
      spacing: 'small',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.Date',
              id: InputIds.tapStartDate,
              label: t(locale, 'tap.form.start.date'),
              value: view.values.startDate,
            },
          ],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.Time',
              id: InputIds.tapStartTime,
              label: t(locale, 'tap.form.start.time'),
              value: view.values.startTime,
            },
          ],
        },
      ],
    },
    ...errorAt('start'),
    text(t(locale, 'tap.form.replaces'), { isSubtle: true, spacing: 'small' }),
  );

  body.push(
    ...formFooter(view, many, errorAt('recipients'), {
      manyNote: 'tap.form.recipients.many.note',
      delivery: { link: 'tap.form.delivery.link', inline: 'tap.form.delivery.inline' },
    }),
  );

  return adaptiveCard(body, [
    execute(
      Verbs.tapSubmit,
      t(locale, many ? 'tap.form.submit.many' : 'tap.form.submit'),
      { requestId: view.requestId },
      { style: 'positive' },
    ),
    cancelButton(locale, view.requestId),
  ]);
}
