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

/** What every request form shows besides its own fields. */
export interface FormFrame {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  readonly targets: readonly FormTarget[];
  readonly delivery: 'link' | 'inline';
  readonly values: { readonly recipients: string };
  /** Recipients that are a target's own tenant mailbox: shown with a warning. */
  readonly flaggedRecipients: readonly string[];
  /** Lifetime of a one-time link (LINK_TTL_HOURS), for the delivery note. */
  readonly linkTtlHours: number;
}

/** How a form words its end: what several users each get, and how the secret will be delivered. */
export interface FooterWords {
  readonly manyNote: MessageKey;
  readonly delivery: Readonly<Record<'link' | 'inline', MessageKey>>;
}

/**
 * The end of a form: the recipients field, a warning per address that is a user's own tenant mailbox
 * (they cannot sign in to read it), the field's error, for several users what each of them gets, then how
 * the secret will be delivered and the request id.
 */
export function formFooter(
  view: FormFrame,
  many: boolean,
  recipientsError: readonly CardElement[],
  words: FooterWords,
): CardElement[] {
  const { locale } = view;
  const footer: CardElement[] = [
    {
      type: 'Input.Text',
      id: InputIds.recipients,
      label: t(locale, many ? 'form.recipients.label.many' : 'form.recipients.label'),
      placeholder: t(locale, 'form.recipients.placeholder'),
      value: view.values.recipients,
      maxLength: 1000,
      isRequired: true,
      regex: RECIPIENTS_PATTERN,
      errorMessage: t(locale, 'form.recipients.invalid'),
      spacing: 'medium',
    },
  ];
  for (const address of view.flaggedRecipients)
    footer.push(alert(t(locale, 'form.recipients.flagged', { address }), 'warning'));
  footer.push(...recipientsError);
  if (many) footer.push(text(t(locale, words.manyNote), { isSubtle: true, spacing: 'small' }));
  const delivery =
    view.delivery === 'link'
      ? t(locale, words.delivery.link, { hours: view.linkTtlHours })
      : t(locale, words.delivery.inline);
  footer.push(
    container([text(delivery, { isSubtle: true })], { spacing: 'medium' }),
    small(t(locale, 'common.requestId', { id: view.requestId })),
  );
  return footer;
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
