import assert from 'node:assert/strict';
import { AUDIT_DATA_KEYS, Verbs } from '../../src/cards';
import type { Locale } from '../../src/i18n';
import { everyCard, REQUEST_ID } from './fixtures';
import { everyTapCard } from './tapFixtures';
import { actionsOf, allObjects, cardProblems, inputsOf, textOf } from './validate';

const VERBS = new Set<string>(Object.values(Verbs));
const INPUT_IDS = new Set([
  'query',
  'passwordMode',
  'customPassword',
  'forceChange',
  'revokeSessions',
  'recipients',
  'tapLifetime',
  'tapUsableOnce',
  'tapStartDate',
  'tapStartTime',
]);

describe('cards: the public contract, for every card in both locales', () => {
  it('the validator helper does report a broken card (so the checks below can fail)', () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'x', color: 'bogus' },
        { type: 'Input.ChoiceSet', id: 'a', choices: [] },
        { type: 'Nope' },
      ],
    };
    assert.ok(cardProblems(broken).length >= 3, cardProblems(broken).join('; '));
  });

  for (const locale of ['en', 'ja'] as Locale[]) {
    for (const [name, card] of Object.entries({ ...everyCard(locale), ...everyTapCard(locale) })) {
      describe(`${name} (${locale})`, () => {
        it('parses and validates at 1.5 with no problems', () => {
          assert.deepEqual(cardProblems(card), []);
        });

        it('reaches the bot with Action.Execute only, with a verb from Verbs (ToggleVisibility stays in the client)', () => {
          for (const action of actionsOf(card)) {
            if (action.type === 'Action.ToggleVisibility') {
              assert.equal(action.verb, undefined);
              continue;
            }
            assert.equal(action.type, 'Action.Execute');
            assert.ok(VERBS.has(action.verb as string), `unknown verb ${String(action.verb)}`);
          }
        });

        it('puts nothing but the request id in action data (and the form says which password mode)', () => {
          for (const action of actionsOf(card).filter((a) => a.type === 'Action.Execute')) {
            const data = action.data as Record<string, unknown>;
            const keys = Object.keys(data ?? {});
            if (action.verb === Verbs.search && keys.length === 0) continue; // a search form may be posted by another tool
            if (action.verb === Verbs.run) {
              // A "Did you mean" button carries the command it runs, parsed like typed text (README).
              assert.deepEqual(keys, ['command']);
              assert.equal(typeof data.command, 'string');
              continue;
            }
            if (String(action.verb).startsWith('audit.')) {
              // An audit card's buttons carry the listing's filters and position, and a Details button the
              // entry it is about: no authority, the server decides on fresh roles (README).
              for (const key of keys)
                assert.ok(AUDIT_DATA_KEYS.includes(key), `unexpected audit data ${key}`);
              if (keys.includes('requestId')) assert.equal(data.requestId, REQUEST_ID);
              for (const value of Object.values(data))
                assert.ok(typeof value === 'string' || typeof value === 'number', JSON.stringify(data));
              continue;
            }
            if (action.verb === Verbs.submit && keys.includes('passwordMode')) {
              // The form's "create the password" button: Adaptive Cards 1.5 cannot bind a field's
              // visibility to a choice, so the button shown with the field says the mode (README).
              assert.deepEqual(data, { requestId: REQUEST_ID, passwordMode: 'custom' });
              continue;
            }
            assert.deepEqual(keys, ['requestId']);
            assert.equal(data.requestId, REQUEST_ID);
          }
        });

        it('uses only the contract input ids and never prefills customPassword', () => {
          for (const input of inputsOf(card)) {
            assert.ok(
              INPUT_IDS.has(input.id as string) || /^choice[1-9][0-9]?$/.test(String(input.id)),
              `unexpected input id ${String(input.id)}`,
            );
            if (input.id === 'customPassword') {
              assert.equal(input.value, undefined);
              assert.equal(input.style, 'password');
            }
          }
        });

        it('has no unfilled {placeholder} in its texts', () => {
          assert.doesNotMatch(textOf(card), /\{[a-zA-Z]+\}/);
        });

        it('has no Markdown-interpreted text block (names cannot inject links)', () => {
          assert.equal(allObjects(card).filter((o) => o.type === 'TextBlock').length, 0);
        });
      });
    }
  }
});
