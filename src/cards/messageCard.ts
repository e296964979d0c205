/** A short message card: refusals, errors, cancelled, expired. */
import { t, type Locale } from '../i18n';
import { adaptiveCard, heading, small, text, type CardElement } from './elements';

/** The message card's view-model. */
export interface MessageView {
  readonly locale: Locale;
  readonly title: string;
  readonly text: string;
  readonly tone: 'default' | 'good' | 'attention' | 'warning';
  /** A request or correlation id the admin can quote to the helpdesk. */
  readonly requestId?: string;
}

/** Builds a message card; the text is shown as typed (no Markdown). */
export function messageCard(view: MessageView): object {
  const body: CardElement[] = [heading(view.title, view.tone), text(view.text)];
  if (view.requestId) body.push(small(t(view.locale, 'common.reference', { id: view.requestId })));
  return adaptiveCard(body);
}
