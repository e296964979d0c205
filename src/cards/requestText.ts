/** Lines every request card words the same way. */
import { t, type Locale } from '../i18n';
import { text, type CardElement, type TextOptions } from './elements';

/** A user as "Alice Example (alice@contoso.com)". */
export function userLine(
  locale: Locale,
  user: { readonly displayName: string; readonly userPrincipalName: string },
  options: TextOptions = {},
): CardElement {
  return text(t(locale, 'form.target', { name: user.displayName, upn: user.userPrincipalName }), options);
}

/** "Yes" or "No", for a fact. */
export function yesNo(locale: Locale, value: boolean): string {
  return t(locale, value ? 'common.yes' : 'common.no');
}
