/** A short message card: refusals, errors, cancelled, expired. */
import { t, type Locale } from '../i18n';
import { adaptiveCard, heading, small, text, type CardElement } from './elements';

/** The message card's view-model. */
export interface MessageView {
  readonly locale: Locale;
  readonly title: string;
  readonly text: string;
  readonly tone: 'default' | 'good' | 'attention' | 'warning';
  /** The id of a reset request, shown as "Request id", the words the form uses for it. */
  readonly requestId?: string;
  /** A correlation id of a failure (no request behind it), shown as "Reference". */
  readonly reference?: string;
}

/** Builds a message card; the text is shown as typed (no Markdown). */
export function messageCard(view: MessageView): object {
  const body: CardElement[] = [heading(view.title, view.tone), text(view.text)];
  if (view.requestId) body.push(small(t(view.locale, 'common.requestId', { id: view.requestId })));
  else if (view.reference) body.push(small(t(view.locale, 'common.reference', { id: view.reference })));
  return adaptiveCard(body);
}

/** The answer to a command that seems to carry a password: the form has its own option for one. */
export function typedPasswordCard(locale: Locale): object {
  return messageCard({
    locale,
    title: t(locale, 'typedPassword.title'),
    text: t(locale, 'typedPassword.text', { option: t(locale, 'form.passwordMode.custom') }),
    tone: 'warning',
  });
}

/** One short answer to a message that is no command and close to none. */
export function unknownCard(locale: Locale): object {
  return messageCard({
    locale,
    title: t(locale, 'unknown.title'),
    text: t(locale, 'unknown.text'),
    tone: 'default',
  });
}
