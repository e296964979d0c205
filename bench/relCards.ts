/**
 * What `npm run reliability` counts as an admin told: the update of the form's card that shows one of
 * the outcome's headlines. "Password not reset" is one of them (it does not contain "Password reset").
 */
import { t } from '../src/i18n';
import { cardText } from '../tests/integration/harness';
import { cardOf, type ConnectorCall } from '../tests/support/connector';

/** Every headline of a final card: reset, reset with problems, result unknown, not reset (one or many). */
const FINAL_HEADLINES = [
  'confirm.title',
  'confirm.title.problem',
  'confirm.title.unknown',
  'confirm.title.notReset',
  'confirm.title.notReset.many',
].map((key) => t('en', key as Parameters<typeof t>[1]));

/** True for the update of card `cardId` that shows the request's outcome. */
export function isFinalUpdate(call: ConnectorCall, cardId: string): boolean {
  if (call.kind !== 'update' || call.activityId !== cardId) return false;
  const lines = cardText(cardOf(call.body)).split('\n');
  return lines.some((line) => FINAL_HEADLINES.includes(line));
}
