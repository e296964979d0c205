import assert from 'node:assert/strict';
import { tapConfirmationCard, tapFormCard, Verbs } from '../../src/cards';
import { tapConfirmation, tapForm } from './tapFixtures';
import { actionsOf, inputsOf, textOf } from './validate';

const byId = (card: object, id: string) => inputsOf(card).find((input) => input.id === id);

describe('tapFormCard', () => {
  it('offers the lifetime within the policy, shows the range, one-time by default, start empty = now', () => {
    const card = tapFormCard(tapForm('en'));
    const lifetime = byId(card, 'tapLifetime');
    assert.deepEqual(
      [lifetime?.type, lifetime?.min, lifetime?.max, lifetime?.value, lifetime?.isRequired],
      ['Input.Number', 60, 480, 60, true],
    );
    const text = textOf(card);
    assert.match(
      text,
      /Your organization's policy allows 60 to 480 minutes \(1 hour to 8 hours\); its default is 1 hour\./,
    );
    assert.equal(byId(card, 'tapUsableOnce')?.value, 'true');
    assert.equal(byId(card, 'tapStartDate')?.type, 'Input.Date');
    assert.equal(byId(card, 'tapStartTime')?.type, 'Input.Time');
    assert.match(text, /Leave both empty to start at once/);
    assert.match(text, /a new pass replaces the one the user may have now/);
    assert.match(text, /one-time link, valid for 24 hours, that shows the pass once/);
    const buttons = actionsOf(card).map((a) => [a.verb, a.title]);
    assert.deepEqual(buttons, [
      [Verbs.tapSubmit, 'Create pass'],
      [Verbs.cancel, 'Cancel'],
    ]);
  });

  it('offers no multi-use choice when the policy allows one-time passes only', () => {
    const card = tapFormCard(
      tapForm('en', {
        policy: {
          minimumLifetimeInMinutes: 10,
          maximumLifetimeInMinutes: 43_200,
          defaultLifetimeInMinutes: 60,
          isUsableOnce: true,
        },
      }),
    );
    assert.equal(byId(card, 'tapUsableOnce'), undefined);
    assert.match(textOf(card), /allows only passes that work for one sign-in/);
    assert.match(textOf(card), /10 to 43200 minutes \(10 minutes to 30 days\)/);
  });

  it('names a problem next to its field and warns about a disabled account', () => {
    const card = tapFormCard(
      tapForm('en', {
        targets: [{ displayName: 'Bob Brown', userPrincipalName: 'bob@contoso.com', accountEnabled: false }],
        error: { field: 'lifetime', text: 'Out of range.' },
      }),
    );
    const text = textOf(card);
    assert.match(text, /Bob Brown: This account is disabled/);
    assert.ok(text.indexOf('Out of range.') > text.indexOf('Valid for (minutes)'));
    assert.ok(text.indexOf('Out of range.') < text.indexOf('One-time use'));
  });

  it('speaks Japanese', () => {
    const text = textOf(tapFormCard(tapForm('ja')));
    assert.match(text, /一時アクセス パス: Bob Brown/);
    assert.match(text, /60 分から 480 分 \(1 時間から8 時間\)/);
    assert.match(text, /パスを作成/);
  });
});

describe('tapConfirmationCard', () => {
  it('says per user what became of the pass, with its settings, and offers a fresh link', () => {
    const card = tapConfirmationCard(tapConfirmation('en'));
    const text = textOf(card);
    assert.match(text, /Temporary Access Pass created: some steps need your attention/);
    assert.match(
      text,
      /E-mail accepted for delivery to b•••@example\.net\. It contains a one-time link that shows the pass once\./,
    );
    assert.match(text, /Valid from\n14 Mar 2025, 09:05 UTC\nValid for\n90 minutes\nSign-ins\nOne/);
    assert.match(text, /a pass may or may not have been created, and nobody has it\. Create a new pass/);
    assert.match(text, /No pass was created\.\nRefused by the policy\./);
    assert.match(text, /The pass is never shown in Teams\./);
    assert.deepEqual(
      actionsOf(card).map((a) => a.verb),
      [Verbs.resendMail],
    );
  });

  it('never says "created" when no pass was, and says "unknown" when Graph did not answer', () => {
    const base = tapConfirmation('en', false);
    const unknown = tapConfirmationCard({ ...base, targets: [base.targets[2]!] });
    assert.match(textOf(unknown), /^Temporary Access Pass: the result is unknown/);
    const none = tapConfirmationCard({ ...base, targets: [base.targets[3]!, base.targets[4]!] });
    assert.match(textOf(none), /^Temporary Access Pass not created/);
    const all = tapConfirmationCard({ ...base, targets: [base.targets[0]!] });
    assert.match(textOf(all), /^Temporary Access Pass created\n/);
  });
});
