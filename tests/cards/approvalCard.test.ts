import assert from 'node:assert/strict';
import {
  approvalCard,
  approvalStatusCard,
  confirmationCard,
  helpCard,
  tapConfirmationCard,
  Verbs,
} from '../../src/cards';
import { t } from '../../src/i18n';
import { approvalView, confirmation, REQUEST_ID } from './fixtures';
import { tapApprovalView, tapConfirmation } from './tapFixtures';
import { actionsOf, inputsOf, textOf } from './validate';

const executes = (card: object) => actionsOf(card).filter((a) => a.type === 'Action.Execute');

describe('approvalCard', () => {
  it('names the requester, each user with why, where the password goes and what else changes', () => {
    const text = textOf(approvalCard(approvalView('en')));
    assert.match(text, /Patti Fernandez \(patti@contoso\.com\) asks to reset the password of:/);
    assert.match(text, /Diego Siciliani \(diego@contoso\.com\)/);
    assert.match(text, /holds User Administrator; eligible for Global Administrator \(PIM\)/);
    assert.match(text, /member or owner of a role-assignable group; member of a group that needs approval/);
    assert.match(text, /desk@example\.net; patti@contoso\.com/);
    assert.match(text, /a one-time link that shows the password once/);
    assert.match(text, /Expires on 14 Mar 2025, 09:35 UTC/);
    assert.match(text, /The requester cannot approve their own request/);
  });

  it('says why only for the users who need approval (several may be asked for at once)', () => {
    const view = approvalView('en');
    const card = approvalCard({
      ...view,
      targets: [
        ...view.targets,
        { displayName: 'Bob Brown', userPrincipalName: 'bob@contoso.com', reasons: [] },
      ],
    });
    const texts = textOf(card).split('\n');
    const bob = texts.indexOf('Bob Brown (bob@contoso.com)');
    assert.ok(bob > 0);
    assert.equal(texts[bob + 1], 'E-mail to', 'no reason line under a user who needs none');
  });

  it('offers Approve and Decline, with the request id only, while it waits; no inputs', () => {
    const card = approvalCard(approvalView('en'));
    assert.deepEqual(
      executes(card).map((a) => [a.verb, a.title, a.style, a.data]),
      [
        [Verbs.approve, 'Approve', 'positive', { requestId: REQUEST_ID }],
        [Verbs.decline, 'Decline', 'destructive', { requestId: REQUEST_ID }],
      ],
    );
    assert.deepEqual(inputsOf(card), []);
  });

  it('shows a refused decision, and keeps the buttons for others', () => {
    const card = approvalCard(approvalView('en', { notice: "Lee Gu's decision was not accepted." }));
    assert.match(textOf(card), /Lee Gu's decision was not accepted\./);
    assert.equal(executes(card).length, 2);
  });

  it('has no buttons once a decision is being checked or was made, and says which', () => {
    const at = '2025-03-14T09:10:00.000Z';
    const cases = [
      [{ phase: 'checking', decider: 'Megan Bowen' }, /Checking Megan Bowen's roles…/],
      [
        { phase: 'approved', decider: 'Megan Bowen', at },
        /Approved by Megan Bowen on 14 Mar 2025, 09:10 UTC\. The reset runs now; Patti Fernandez sees the outcome\./,
      ],
      [
        { phase: 'declined', decider: 'Megan Bowen', at },
        /Declined by Megan Bowen on .* Nothing was changed\./,
      ],
      [{ phase: 'expired', at }, /Nobody approved by .* Nothing was changed\./],
      [{ phase: 'cancelled', at }, /Cancelled by Patti Fernandez on .* Nothing was changed\./],
      [{ phase: 'closed' }, /This request is closed/],
    ] as const;
    for (const [overrides, expected] of cases) {
      const card = approvalCard(approvalView('en', overrides));
      assert.deepEqual(executes(card), [], overrides.phase);
      assert.match(textOf(card), expected);
      assert.doesNotMatch(textOf(card), /Expires on/);
    }
  });

  it('speaks Japanese', () => {
    const text = textOf(approvalCard(approvalView('ja')));
    assert.match(text, /承認が必要です/);
    assert.match(text, /User Administrator を保持、Global Administrator の資格あり \(PIM\)/);
    assert.deepEqual(
      executes(approvalCard(approvalView('ja'))).map((a) => a.title),
      ['承認', '却下'],
    );
  });
});

describe('approvalCard for a Temporary Access Pass', () => {
  it('asks for a pass, says where the pass goes, and shows its start, lifetime and use instead of password options', () => {
    const text = textOf(approvalCard(tapApprovalView('en')));
    assert.match(text, /^Approval needed: Temporary Access Pass\n/);
    assert.match(text, /Patti Fernandez \(patti@contoso\.com\) asks for a Temporary Access Pass for:/);
    assert.match(text, /holds User Administrator; eligible for Global Administrator \(PIM\)/);
    assert.match(text, /E-mail to\ndesk@example\.net; patti@contoso\.com\n/);
    assert.match(text, /Delivery\na one-time link that shows the pass once\n/);
    assert.match(text, /Valid from\n14 Mar 2025, 10:00 UTC\n/);
    assert.match(text, /Valid for\n90 minutes\n/);
    assert.match(text, /Sign-ins\nOne\n/);
    assert.match(
      text,
      /Any other admin whose role may manage these users' authentication methods can approve/,
    );
    assert.doesNotMatch(text, /password|must change|signed out|reset/i);
  });

  it('a pass that starts when it is created, for any number of sign-ins, mailed inline; approved', () => {
    const text = textOf(
      approvalCard(
        tapApprovalView('en', {
          change: { kind: 'tap', pass: { startDateTime: null, lifetimeInMinutes: 480, isUsableOnce: false } },
          delivery: 'inline',
          phase: 'approved',
          decider: 'Megan Bowen',
          at: '2025-03-14T09:10:00.000Z',
        }),
      ),
    );
    assert.match(text, /Delivery\nthe pass in the e-mail\n/);
    assert.match(text, /Valid from\nWhen it is created\n/);
    assert.match(text, /Valid for\n8 hours\n/);
    assert.match(text, /Sign-ins\nAny number while valid\n/);
    assert.match(
      text,
      /Approved by Megan Bowen on 14 Mar 2025, 09:10 UTC\. The pass is created now; Patti Fernandez sees the outcome\./,
    );
    assert.doesNotMatch(text, /password|reset/i);
  });

  it('keeps Approve and Decline with the request id only, and a request that lost its choices shows no pass facts', () => {
    const card = approvalCard(tapApprovalView('en', { change: { kind: 'tap' } }));
    assert.deepEqual(
      executes(card).map((a) => [a.verb, a.data]),
      [
        [Verbs.approve, { requestId: REQUEST_ID }],
        [Verbs.decline, { requestId: REQUEST_ID }],
      ],
    );
    assert.deepEqual(inputsOf(card), []);
    assert.doesNotMatch(textOf(card), /Valid for|Sign-ins/);
  });

  it('speaks Japanese in the words of the pass texts', () => {
    const text = textOf(approvalCard(tapApprovalView('ja')));
    assert.ok(text.startsWith(`${t('ja', 'approval.tap.card.title')}\n`), text);
    assert.ok(
      text.includes(
        t('ja', 'approval.tap.card.asks', { requester: 'Patti Fernandez', upn: 'patti@contoso.com' }),
      ),
    );
    assert.ok(text.includes(`${t('ja', 'tap.confirm.fact.lifetime')}\n90 分\n`), text);
    assert.ok(text.includes(`${t('ja', 'tap.confirm.fact.usage')}\n${t('ja', 'tap.confirm.usage.once')}\n`));
    assert.ok(text.includes(t('ja', 'approval.tap.delivery.link')));
    assert.doesNotMatch(text, /パスワード|リセット/);
  });
});

describe('approvalStatusCard (the requester’s view)', () => {
  const base = {
    requestId: REQUEST_ID,
    requesterName: 'Patti Fernandez',
    targetNames: ['Diego Siciliani'],
    expiresAt: '2025-03-14T09:35:00.000Z',
  } as const;

  it("while waiting: where the request went and when it expires; one button, the requester's Cancel", () => {
    const channel = approvalStatusCard({ ...base, locale: 'en', phase: 'waiting', place: 'channel' });
    assert.match(textOf(channel), /Waiting for a second admin/);
    assert.match(
      textOf(channel),
      /Resetting the password of Diego Siciliani needs the approval of another admin/,
    );
    assert.match(textOf(channel), /posted in the approvals channel/);
    assert.match(textOf(channel), /expires on 14 Mar 2025, 09:35 UTC/);
    assert.deepEqual(actionsOf(channel), [
      {
        type: 'Action.Execute',
        verb: 'reset.cancel',
        title: 'Cancel request',
        data: { requestId: REQUEST_ID },
      },
    ]);
    const here = approvalStatusCard({ ...base, locale: 'en', phase: 'waiting', place: 'conversation' });
    assert.match(textOf(here), /posted in this conversation/);
  });

  it('approved, declined and expired say by whom and that nothing changed when nothing did', () => {
    const decided = { decider: 'Megan Bowen', at: '2025-03-14T09:10:00.000Z', place: 'channel' } as const;
    assert.match(
      textOf(approvalStatusCard({ ...base, ...decided, locale: 'en', phase: 'approved' })),
      /Megan Bowen approved on .* Resetting the password of Diego Siciliani…/,
    );
    assert.match(
      textOf(approvalStatusCard({ ...base, ...decided, locale: 'en', phase: 'declined' })),
      /Declined by Megan Bowen[\s\S]*Nothing was changed\./,
    );
    assert.match(
      textOf(approvalStatusCard({ ...base, locale: 'ja', phase: 'expired', place: 'channel' })),
      /承認の期限切れ[\s\S]*何も変更されていません/,
    );
  });
});

describe('approvalStatusCard for a Temporary Access Pass', () => {
  const base = {
    requestId: REQUEST_ID,
    requesterName: 'Patti Fernandez',
    targetNames: ['Diego Siciliani'],
    expiresAt: '2025-03-14T09:35:00.000Z',
    place: 'channel',
    kind: 'tap',
  } as const;
  const decided = { decider: 'Megan Bowen', at: '2025-03-14T09:10:00.000Z' } as const;

  it('waiting, approved, declined and expired speak of the pass, never of a password', () => {
    const cases = [
      [
        { phase: 'waiting' },
        /A Temporary Access Pass for Diego Siciliani needs the approval of another admin/,
      ],
      [
        { ...decided, phase: 'approved' },
        /Megan Bowen approved on .*\. Creating a Temporary Access Pass for Diego Siciliani…/,
      ],
      [
        { ...decided, phase: 'declined' },
        /Megan Bowen declined the Temporary Access Pass for Diego Siciliani on .*\. Nothing was changed\./,
      ],
      [
        { phase: 'expired' },
        /No other admin approved the Temporary Access Pass for Diego Siciliani by .*\. Nothing was changed\./,
      ],
    ] as const;
    for (const [overrides, expected] of cases) {
      const text = textOf(approvalStatusCard({ ...base, ...overrides, locale: 'en' }));
      assert.match(text, expected, overrides.phase);
      assert.doesNotMatch(text, /password|reset/i, overrides.phase);
      const ja = textOf(approvalStatusCard({ ...base, ...overrides, locale: 'ja' }));
      assert.match(ja, /一時アクセス パス/, overrides.phase);
      assert.doesNotMatch(ja, /パスワード|リセット/, overrides.phase);
    }
  });

  it('a request of no stated kind is a password reset, as before', () => {
    const { kind: _kind, ...password } = base;
    assert.match(
      textOf(approvalStatusCard({ ...password, locale: 'en', phase: 'waiting' })),
      /Resetting the password of Diego Siciliani/,
    );
  });
});

describe('tapConfirmationCard with an approval', () => {
  it('names the second admin once, under the headline', () => {
    const text = textOf(tapConfirmationCard({ ...tapConfirmation('en'), approvedBy: 'Megan Bowen' }));
    assert.equal(text.split('Approved by Megan Bowen.').length, 2);
    assert.ok(text.indexOf('Approved by Megan Bowen.') < text.indexOf('Bob Brown'));
    assert.doesNotMatch(textOf(tapConfirmationCard(tapConfirmation('en'))), /Approved by/);
  });
});

describe('confirmationCard with an approval', () => {
  it('names the second admin once, under the headline', () => {
    const text = textOf(confirmationCard({ ...confirmation('en'), approvedBy: 'Megan Bowen' }));
    assert.equal(text.split('Approved by Megan Bowen.').length, 2);
    assert.doesNotMatch(textOf(confirmationCard(confirmation('en'))), /Approved by/);
  });
});

describe('helpCard', () => {
  it('explains that resetting an admin needs a second admin, in both languages', () => {
    for (const locale of ['en', 'ja'] as const) {
      const text = textOf(helpCard(locale));
      assert.ok(text.includes(t(locale, 'approval.help.title')), locale);
      assert.ok(text.includes(t(locale, 'approval.help.text')), locale);
    }
    assert.match(textOf(helpCard('en')), /another admin must approve the reset/);
    assert.match(textOf(helpCard('en')), /the same goes for a Temporary Access Pass/);
    assert.match(textOf(helpCard('ja')), /一時アクセス パスも同様です/);
  });
});
