import assert from 'node:assert/strict';
import { isFinalUpdate } from '../../bench/relCards';
import { t } from '../../src/i18n';
import type { ConnectorCall } from '../support/connector';

/** A card update of activity `activityId` showing `headline`. */
function update(activityId: string, headline: string, kind: ConnectorCall['kind'] = 'update'): ConnectorCall {
  const body = {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: headline }] },
      },
    ],
  };
  return {
    seq: 1,
    method: 'PUT',
    kind,
    path: '',
    conversationId: 'a:1',
    activityId,
    resultId: activityId,
    raw: JSON.stringify(body),
    body,
    at: 0,
  };
}

describe('bench/relCards: what the reliability run counts as an admin told', () => {
  it('every final headline of the form’s card: reset, with problems, unknown, and not reset', () => {
    for (const key of [
      'confirm.title',
      'confirm.title.problem',
      'confirm.title.unknown',
      'confirm.title.notReset',
      'confirm.title.notReset.many',
    ] as const)
      assert.equal(isFinalUpdate(update('card-1', t('en', key)), 'card-1'), true, key);
  });

  it('not the "resetting…" card, another card, or a new message', () => {
    assert.equal(
      isFinalUpdate(update('card-1', t('en', 'resetting.title', { names: 'Bob' })), 'card-1'),
      false,
    );
    assert.equal(isFinalUpdate(update('card-2', t('en', 'confirm.title')), 'card-1'), false);
    assert.equal(isFinalUpdate(update('card-1', t('en', 'confirm.title'), 'reply'), 'card-1'), false);
  });
});
