/**
 * The parts the request forms share (the reset form, formCard.ts; the pass form, tapFormCard.ts): the users
 * a form acts on, the recipients field with its warnings, how the secret will be delivered, Cancel. Each
 * form adds what is its own between them.
 */
import { t, type Locale, type MessageKey } from '../i18n';
import { alert, container, execute, small, text, type CardElement } from './elements';
import { userLine } from './requestText';
import { InputIds, Verbs } from './verbs';

/** One user a form acts on. */
export interface FormTarget {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly accountEnabled: boolean;
}

/**
 * One to five addresses separated by ";", "," or spaces, as the server reads them (its check is the
 * strict one). No part can match in two ways, so the client never backtracks over a long value.
 */
const ADDRESS = '[^\\s@;,]+@[^\\s@;,.]+(\\.[^\\s@;,.]+)+';
export const RECIPIENTS_PATTERN = `^[;,\\s]*${ADDRESS}([;,\\s]+${ADDRESS}){0,4}[;,\\s]*$`;

/** "Users:" above several, a line per user, and a warning under each disabled account. */
export function targetLines(
  locale: Locale,
  targets: readonly FormTarget[],
  many: boolean,
  disabled: MessageKey,
): CardElement[] {
  const lines: CardElement[] = [];
  if (many) lines.push(text(t(locale, 'form.many.targets'), { weight: 'bolder', spacing: 'medium' }));
  for (const target of targets) {
    lines.push(userLine(locale, target, { spacing: many ? 'none' : 'small' }));
    if (!target.accountEnabled) lines.push(alert(`${target.displayName}: ${t(locale, disabled)}`, 'warning'));
  }
  return lines;
}

/**
 * The recipients field, a warning per address that is a user's own tenant mailbox (they cannot sign in to
 * read it), the field's error, and for several users what each of them gets.
 */
export function recipientsField(
  locale: Locale,
  v: {
    readonly many: boolean;
    readonly value: string;
    readonly flagged: readonly string[];
    readonly error: readonly CardElement[];
    readonly manyNote: MessageKey;
  },
): CardElement[] {
  const field: CardElement[] = [
    {
      type: 'Input.Text',
      id: InputIds.recipients,
      label: t(locale, v.many ? 'form.recipients.label.many' : 'form.recipients.label'),
      placeholder: t(locale, 'form.recipients.placeholder'),
      value: v.value,
      maxLength: 1000,
      isRequired: true,
      regex: RECIPIENTS_PATTERN,
      errorMessage: t(locale, 'form.recipients.invalid'),
      spacing: 'medium',
    },
  ];
  for (const address of v.flagged)
    field.push(alert(t(locale, 'form.recipients.flagged', { address }), 'warning'));
  field.push(...v.error);
  if (v.many) field.push(text(t(locale, v.manyNote), { isSubtle: true, spacing: 'small' }));
  return field;
}

/** How the secret will be delivered (already worded), and the request id. */
export function deliveryFooter(locale: Locale, delivery: string, requestId: string): CardElement[] {
  return [
    container([text(delivery, { isSubtle: true })], { spacing: 'medium' }),
    small(t(locale, 'common.requestId', { id: requestId })),
  ];
}

/** Cancel: sends no input, whatever the form holds. */
export function cancelButton(locale: Locale, requestId: string): CardElement {
  return execute(Verbs.cancel, t(locale, 'common.cancel'), { requestId }, { associatedInputs: 'none' });
}

/** An on/off choice, sent as "true" or "false". */
export function toggleInput(id: string, title: string, on: boolean, extra: CardElement = {}): CardElement {
  return {
    type: 'Input.Toggle',
    id,
    title,
    valueOn: 'true',
    valueOff: 'false',
    value: on ? 'true' : 'false',
    wrap: true,
    ...extra,
  };
}
