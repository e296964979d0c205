import assert from 'node:assert/strict';
import {
  auditCard,
  auditDetailsCard,
  choiceCard,
  confirmationCard,
  formCard,
  messageCard,
  ranSuggestionCard,
  searchFormCard,
  statusCard,
  suggestionCard,
  Verbs,
} from '../../src/cards';
import type { ConfirmationView, TargetOutcome } from '../../src/cards';
import {
  auditEntries,
  auditSteps,
  confirmation,
  manyTargetForm,
  oneTargetForm,
  REQUEST_ID,
} from './fixtures';
import { actionsOf, allObjects, inputsOf, textOf } from './validate';

const FAKE_PASSWORD = 'Canary-Pa55word!9731';

const byId = (card: object, id: string): Record<string, unknown> | undefined =>
  inputsOf(card).find((i) => i.id === id);

describe('formCard', () => {
  const byElementId = (card: object, id: string): Record<string, unknown> | undefined =>
    allObjects(card).find((o) => o.id === id);
  const toggles = (card: object): Record<string, unknown>[] =>
    actionsOf(card).filter((a) => a.type === 'Action.ToggleVisibility');
  const executes = (card: object): Record<string, unknown>[] =>
    actionsOf(card).filter((a) => a.type === 'Action.Execute');
  /** The ids a ToggleVisibility flips. */
  const targetsOf = (action: Record<string, unknown>): string[] =>
    (action.targetElements as (string | { elementId: string })[]).map((t) =>
      typeof t === 'string' ? t : t.elementId,
    );

  it('shows the target, defaults both toggles on and creates the password automatically', () => {
    const card = formCard(oneTargetForm('en'));
    const text = textOf(card);
    assert.match(text, /Alice Example \(alice@contoso\.com\)/);
    assert.equal(byId(card, 'forceChange')?.value, 'true');
    assert.equal(byId(card, 'revokeSessions')?.value, 'true');
    assert.equal(byId(card, 'forceChange')?.valueOn, 'true');
    assert.equal(byId(card, 'forceChange')?.valueOff, 'false');
    assert.equal(byId(card, 'recipients')?.value, 'alice.home@example.com; megan@contoso.com');
    assert.match(String(byId(card, 'recipients')?.label), /up to 5 .*";"/);
    assert.match(String(byId(card, 'recipients')?.label), /that the user can read/);
    assert.match(text, /one-time link, valid for 24 hours/);
    assert.match(text, /A strong password is created automatically/);
  });

  it('the custom-password field appears only once "Let me create the password" is chosen', () => {
    const card = formCard(oneTargetForm('en'));
    const field = byId(card, 'customPassword');
    assert.equal(field?.style, 'password');
    assert.equal(field?.label, 'New password');
    const custom = byElementId(card, 'passwordCustom');
    assert.equal(custom?.isVisible, false, 'hidden at first');
    assert.ok(JSON.stringify(custom).includes('"id":"customPassword"'), 'the field is in the hidden panel');
    assert.notEqual(byElementId(card, 'passwordAuto')?.isVisible, false, 'the automatic panel shows');

    const [show, hide] = toggles(card);
    assert.equal(show?.title, 'Let me create the password');
    assert.equal(hide?.title, 'Create the password automatically instead');
    for (const toggle of [show!, hide!]) {
      assert.deepEqual(targetsOf(toggle).sort(), [
        'actionsAuto',
        'actionsCustom',
        'passwordAuto',
        'passwordCustom',
      ]);
    }
  });

  it('states the password rules in full, in a wrapped text (not a placeholder cut off by the field)', () => {
    for (const locale of ['en', 'ja'] as const) {
      const card = formCard(oneTargetForm(locale));
      assert.equal(byId(card, 'customPassword')?.placeholder, undefined);
      const rules = JSON.stringify(byElementId(card, 'passwordCustom'));
      const expected =
        locale === 'en'
          ? /8 to 256 characters.*lowercase.*uppercase.*digits.*symbols/
          : /8～256 文字.*3 種類以上/;
      assert.match(rules, expected);
    }
  });

  it('keeps the toggles off and the custom password open when the admin chose so', () => {
    const card = formCard(
      oneTargetForm('en', {
        values: { passwordMode: 'custom', forceChange: false, revokeSessions: false, recipients: '' },
      }),
    );
    assert.equal(byId(card, 'forceChange')?.value, 'false');
    assert.equal(byId(card, 'revokeSessions')?.value, 'false');
    assert.notEqual(byElementId(card, 'passwordCustom')?.isVisible, false);
    assert.equal(byElementId(card, 'passwordAuto')?.isVisible, false);
    assert.equal(byElementId(card, 'actionsAuto')?.isVisible, false);
  });

  it('one Reset button shows at a time: the automatic one posts the request id, the custom one says custom', () => {
    const card = formCard(oneTargetForm('en'));
    const [submitAuto, cancelAuto, submitCustom, cancelCustom] = executes(card);
    assert.equal(submitAuto?.verb, Verbs.submit);
    assert.equal(submitAuto?.style, 'positive');
    assert.deepEqual(submitAuto?.data, { requestId: REQUEST_ID });
    assert.equal(cancelAuto?.verb, Verbs.cancel);
    assert.equal(cancelAuto?.associatedInputs, 'none');
    assert.equal(submitCustom?.verb, Verbs.submit);
    assert.deepEqual(submitCustom?.data, { requestId: REQUEST_ID, passwordMode: 'custom' });
    assert.equal(cancelCustom?.verb, Verbs.cancel);
    assert.equal(byElementId(card, 'actionsCustom')?.isVisible, false);
    assert.ok(JSON.stringify(byElementId(card, 'actionsCustom')).includes('"passwordMode":"custom"'));
    assert.equal(
      byId(card, 'passwordMode'),
      undefined,
      'no radio whose value could disagree with what shows',
    );
  });

  it('validates the recipients in the client: required, 1 to 5 addresses, a sentence when not', () => {
    const input = byId(formCard(oneTargetForm('en')), 'recipients')!;
    assert.equal(input.isRequired, true);
    assert.match(String(input.errorMessage), /1 to 5 e-mail addresses/);
    const regex = new RegExp(String(input.regex));
    for (const good of [
      'alice.home@example.com; megan@contoso.com',
      'a@b.co',
      ' a@b.co ;c@d.org; ',
      'a@b.co,c@d.org e@f.net',
      Array.from({ length: 5 }, (_, i) => `u${i}@example.com`).join('; '),
      "o'brien+tag@sub.example.co.jp",
    ]) {
      assert.ok(regex.test(good), good);
    }
    for (const bad of [
      '',
      'x',
      'a@b',
      'a@@b.co',
      'a@b.co; nope',
      'a b@c.de',
      Array.from({ length: 6 }, (_, i) => `u${i}@example.com`).join('; '),
    ]) {
      assert.ok(!regex.test(bad), bad);
    }
    // No backtracking blow-up on a long near miss (the client runs this regex on every submit).
    const started = Date.now();
    regex.test(`${'a'.repeat(500)}@${'b.'.repeat(240)}`);
    regex.test(`${'a@b.c;'.repeat(160)}x`);
    assert.ok(Date.now() - started < 200);
  });

  it('puts the error in red right after its field', () => {
    const card = formCard(
      oneTargetForm('en', { error: { field: 'recipients', text: 'Not an address: x' } }),
    ) as { body: Record<string, unknown>[] };
    const index = card.body.findIndex((e) => e.id === 'recipients');
    const next = JSON.stringify(card.body[index + 1]);
    assert.match(next, /Not an address: x/);
    assert.match(next, /"color":"attention"/);
    assert.match(next, /"isSubtle":false/);
    const custom = formCard(
      oneTargetForm('en', {
        values: { passwordMode: 'custom', forceChange: true, revokeSessions: true, recipients: 'a@b.co' },
        error: { field: 'customPassword', text: 'Too short' },
      }),
    );
    const panel = byElementId(custom, 'passwordCustom') as { items: Record<string, unknown>[] };
    const at = panel.items.findIndex((e) => e.id === 'customPassword');
    assert.match(JSON.stringify(panel.items[at + 1]), /Too short/);
  });

  it('warns about a disabled account and a flagged own mailbox', () => {
    const card = formCard(
      oneTargetForm('ja', {
        targets: [{ displayName: 'Alice', userPrincipalName: 'alice@contoso.com', accountEnabled: false }],
        flaggedRecipients: ['alice@contoso.com'],
      }),
    );
    const text = textOf(card);
    assert.match(text, /無効/);
    assert.match(text, /alice@contoso\.com はこのユーザー自身のメールボックス/);
  });

  it('for several targets lists them, offers no custom password and says one password and one e-mail per user', () => {
    const card = formCard(manyTargetForm('en'));
    const text = textOf(card);
    for (const upn of ['alice@contoso.com', 'hanako.tanaka@contoso.com', 'liam@contoso.com'])
      assert.ok(text.includes(upn));
    assert.equal(byId(card, 'customPassword'), undefined);
    assert.equal(toggles(card).length, 0);
    assert.ok(executes(card).every((a) => (a.data as Record<string, unknown>).passwordMode === undefined));
    assert.match(text, /one password and one e-mail per user/);
    assert.match(text, /password in the e-mail/);
  });

  it("for several targets the recipients wording fits: every address gets every user's e-mail", () => {
    for (const locale of ['en', 'ja'] as const) {
      const card = formCard(manyTargetForm(locale));
      const label = String(byId(card, 'recipients')?.label);
      assert.doesNotMatch(label, /that the user can read|ユーザーが今すぐ読める/);
      assert.match(textOf(card), locale === 'en' ? /one e-mail for each user/ : /ユーザーごとに 1 通/);
    }
  });

  it('canary: a password smuggled into the view-model never reaches the card', () => {
    const view = {
      ...oneTargetForm('en'),
      password: FAKE_PASSWORD,
      customPassword: FAKE_PASSWORD,
      values: { ...oneTargetForm('en').values, customPassword: FAKE_PASSWORD, password: FAKE_PASSWORD },
    };
    assert.ok(!JSON.stringify(formCard(view)).includes(FAKE_PASSWORD));
    const confirm = {
      ...confirmation('en'),
      password: FAKE_PASSWORD,
      targets: confirmation('en').targets.map((t) => ({ ...t, password: FAKE_PASSWORD })),
    };
    assert.ok(!JSON.stringify(confirmationCard(confirm)).includes(FAKE_PASSWORD));
  });
});

describe('suggestionCard', () => {
  it('is one line, the command in monospace, and one button that runs exactly that command', () => {
    const card = suggestionCard({ locale: 'en', command: 'reset password for bob' }) as { body: unknown[] };
    assert.equal(card.body.length, 1);
    assert.equal(textOf(card).replace(/\n/g, ''), 'Did you mean reset password for bob?Yes, run it');
    const runs = allObjects(card).filter((o) => o.type === 'TextRun');
    assert.equal(runs.find((r) => r.text === 'reset password for bob')?.fontType, 'monospace');
    assert.deepEqual(
      actionsOf(card).map((a) => [a.type, a.verb, a.data]),
      [['Action.Execute', Verbs.run, { command: 'reset password for bob' }]],
    );
    assert.equal(inputsOf(card).length, 0);
  });

  it('speaks the language of the command, and once run shows the command without a button', () => {
    const ja = suggestionCard({ locale: 'ja', command: 'bob のパスワードをリセット' });
    assert.match(textOf(ja), /もしかして: \nbob のパスワードをリセット/);
    assert.match(textOf(ja), /はい、実行します/);
    const ran = ranSuggestionCard({ locale: 'en', command: 'reset password for bob' });
    assert.equal(actionsOf(ran).length, 0);
    assert.match(textOf(ran), /reset password for bob/);
  });
});

describe('choiceCard', () => {
  it('offers each candidate as "Name (upn)" with the UPN as value and continues with reset.search', () => {
    const card = choiceCard({
      locale: 'en',
      requestId: REQUEST_ID,
      query: 'alex',
      candidates: [{ displayName: 'Alex Wilber', userPrincipalName: 'alexw@contoso.com', mail: null }],
    });
    const query = byId(card, 'query');
    assert.deepEqual(query?.choices, [
      { title: 'Alex Wilber (alexw@contoso.com)', value: 'alexw@contoso.com' },
    ]);
    assert.deepEqual(
      actionsOf(card).map((a) => a.verb),
      [Verbs.search, Verbs.cancel],
    );
  });
});

describe('searchFormCard', () => {
  it('posts {} without a request id and {requestId} with one', () => {
    assert.deepEqual(actionsOf(searchFormCard({ locale: 'en' }))[0].data, {});
    assert.deepEqual(actionsOf(searchFormCard({ locale: 'en', requestId: 'r1' }))[0].data, {
      requestId: 'r1',
    });
    assert.equal(byId(searchFormCard({ locale: 'en' }), 'query')?.placeholder, 'name, UPN or e-mail');
  });
});

describe('statusCard', () => {
  const view = {
    locale: 'en' as const,
    requestId: REQUEST_ID,
    requesterName: 'Megan',
    targetNames: ['Alice'],
    phase: 'pending' as const,
    at: '2025-03-14T09:05:00Z',
  };

  it('has no inputs and no buttons', () => {
    const card = statusCard(view);
    assert.equal(inputsOf(card).length, 0);
    assert.equal(actionsOf(card).length, 0);
    assert.match(textOf(card), /Megan asked to reset the password of Alice/);
    assert.match(textOf(card), /14 Mar 2025, 09:05 UTC/);
  });

  it('adds a user-specific refresh for the given users only', () => {
    const card = statusCard({ ...view, refreshUserIds: ['u1'] }) as {
      refresh?: { action: Record<string, unknown>; userIds: string[] };
    };
    assert.deepEqual(card.refresh, {
      action: { type: 'Action.Execute', verb: 'reset.refresh', data: { requestId: REQUEST_ID } },
      userIds: ['u1'],
    });
    assert.equal((statusCard({ ...view, refreshUserIds: [] }) as { refresh?: unknown }).refresh, undefined);
  });
});

describe('confirmationCard', () => {
  it('says exactly what happened to each user, in English', () => {
    const text = textOf(confirmationCard(confirmation('en')));
    assert.match(text, /E-mail accepted for delivery to a•••@example\.com, m•••@contoso\.com/);
    assert.match(text, /The password was reset, but the e-mail could not be sent/);
    assert.match(
      text,
      /The password was reset; the e-mail may not have been sent \(the mail service did not answer\)/,
    );
    assert.match(text, /The password was not reset/);
    assert.match(text, /Microsoft 365 did not answer/);
    assert.match(text, /14 Mar 2025, 09:05 UTC/);
    assert.match(text, /Megan Bowen/);
    assert.match(text, new RegExp(REQUEST_ID));
  });

  it('says who reset and when once, in the summary, not again as rows under each user', () => {
    const text = textOf(confirmationCard(confirmation('en')));
    assert.equal(text.split('Megan Bowen').length - 1, 1, text);
    assert.equal(text.split('14 Mar 2025, 09:05 UTC').length - 1, 1, text);
    assert.doesNotMatch(text, /^(Reset by|When)$/m);
    assert.match(text, /Must change password at next sign-in/);
  });

  const only = (outcome: TargetOutcome, failureText?: string): ConfirmationView => ({
    ...confirmation('en', false),
    targets: [
      {
        ...confirmation('en').targets[0],
        outcome,
        maskedRecipients: [],
        ...(failureText ? { failureText } : {}),
      },
    ],
  });
  const headline = (view: ConfirmationView): { text: string; color: unknown } => {
    const first = allObjects(confirmationCard(view)).find((o) => o.type === 'TextRun');
    return { text: String(first?.text), color: first?.color };
  };

  it('headlines the outcome: reset, not reset, unknown, or reset with a mail problem', () => {
    assert.deepEqual(headline(only('mailed')), { text: 'Password reset', color: 'good' });
    assert.deepEqual(headline(only('reset-failed')), { text: 'Password not reset', color: 'attention' });
    assert.deepEqual(headline(only('refused')), { text: 'Password not reset', color: 'attention' });
    assert.deepEqual(headline(only('reset-unknown')), {
      text: 'Password reset: the result is unknown',
      color: 'warning',
    });
    assert.deepEqual(headline(only('mail-failed')), {
      text: 'Password reset: some steps need your attention',
      color: 'attention',
    });
    const none = { ...confirmation('en', false), targets: confirmation('en').targets.slice(3) };
    assert.deepEqual(headline(none), { text: 'Passwords not reset', color: 'attention' });
  });

  it('when nothing was reset, it says who asked rather than who reset', () => {
    const text = textOf(confirmationCard(only('reset-failed')));
    assert.doesNotMatch(text, /Reset by/);
    assert.match(text, /Requested by Megan Bowen on 14 Mar 2025, 09:05 UTC/);
    assert.match(textOf(confirmationCard(only('reset-unknown'))), /may or may not have been changed/);
  });

  it('speaks Japanese with the date in Japanese style', () => {
    const text = textOf(confirmationCard(confirmation('ja')));
    assert.match(text, /2025年3月14日 09:05 UTC/);
    assert.match(text, /配信のために受け付けられました/);
  });

  it('offers "Send a new e-mail" only when it can resend, and has no inputs', () => {
    const card = confirmationCard(confirmation('en', true));
    assert.deepEqual(
      actionsOf(card).map((a) => [a.verb, a.title]),
      [[Verbs.resendMail, 'Send a new e-mail']],
    );
    assert.equal(actionsOf(confirmationCard(confirmation('en', false))).length, 0);
    assert.equal(inputsOf(card).length, 0);
  });
});

describe('messageCard', () => {
  it('shows the correlation id in small subtle text and colours the title by tone', () => {
    const card = messageCard({
      locale: 'en',
      title: 'No',
      text: 'Because.',
      tone: 'attention',
      requestId: 'corr-9',
    });
    const runs = allObjects(card).filter((o) => o.type === 'TextRun');
    assert.equal(runs[0].color, 'attention');
    const id = runs.find((r) => String(r.text).includes('corr-9'));
    assert.equal(id?.size, 'small');
    assert.equal(id?.isSubtle, true);
  });
});

describe('auditCard', () => {
  const view = (locale: 'en' | 'ja' = 'en', overrides: Partial<Parameters<typeof auditCard>[0]> = {}) => ({
    locale,
    entries: auditEntries(locale),
    listing: { user: 'bob', page: 'cursor-1', next: 'cursor-2' },
    filterLines: ['User: bob'],
    firstIndex: 11,
    scoped: true,
    ...overrides,
  });

  it('shows one entry per user and request: the user, the outcome in words, when and who asked, the request id', () => {
    const card = auditCard(view());
    const text = textOf(card);
    assert.match(
      text,
      /Bob Brown\nbob@contoso\.com\nDetails\nPassword reset, signed out of all sessions and e-mailed/,
    );
    assert.match(text, /20 Nov 2026, 10:32 UTC · asked by Alex Wilber \(alexw@contoso\.com\)/);
    assert.match(text, /Refused: the user holds an admin role the requester's role may not reset/);
    assert.match(text, /Failed, the password was not changed: Microsoft 365 refused the new password/);
    assert.match(text, /Result unknown: the password may have changed/);
    assert.match(text, /the e-mail may not have gone/);
    assert.match(text, /No user\nDetails\nRefused: the requester held no active admin role/);
    assert.ok(!/TARGET_PRIVILEGED|REQUESTER_NOT_ADMIN/.test(text), 'reasons in words, not codes');
    assert.match(text, new RegExp(`Request id: ${REQUEST_ID}`));
    assert.match(text, /Entries 11–17/);
    assert.match(text, /You see entries about the users your role may reset now/);
  });

  it('colours each outcome by how it ended', () => {
    const runs = allObjects(auditCard(view())).filter((o) => o.type === 'TextRun');
    const color = (snippet: string) => runs.find((r) => String(r.text).startsWith(snippet))?.color;
    assert.equal(color('Password reset, signed out'), 'good');
    assert.equal(color('Refused:'), 'attention');
    assert.equal(color('Password reset; the e-mail may not'), 'warning');
  });

  it('reads at Teams’ narrowest width: no table of addresses, each address on a line of its own', () => {
    const card = auditCard(view());
    for (const set of allObjects(card).filter((o) => o.type === 'ColumnSet')) {
      const columns = set.columns as Record<string, unknown>[];
      assert.equal(columns.length, 2, 'the text and the Details button, nothing more');
      assert.deepEqual(
        columns.map((c) => c.width),
        ['stretch', 'auto'],
      );
      assert.ok(
        JSON.stringify(columns[1]).includes('audit.details'),
        'the narrow column holds only the button',
      );
    }
    assert.ok(JSON.stringify(card).length < 28_000, 'within Teams’ card size limit');
  });

  it('has a Details button per entry and More / Newest / E-mail as CSV carrying the filters and position', () => {
    const card = auditCard(view());
    const executes = actionsOf(card).filter((a) => a.type === 'Action.Execute');
    const details = executes.filter((a) => a.verb === Verbs.auditDetails);
    assert.equal(details.length, auditEntries('en').length);
    assert.deepEqual(details[0]!.data, {
      user: 'bob',
      lang: 'en',
      page: 'cursor-1',
      shown: 10,
      requestId: REQUEST_ID,
      targetId: 'bob@contoso.com-id',
    });
    const more = executes.find((a) => a.verb === Verbs.auditMore && a.title === 'More');
    assert.deepEqual(more?.data, { user: 'bob', lang: 'en', cursor: 'cursor-2', shown: 17 });
    const newest = executes.find((a) => a.title === 'Newest');
    assert.deepEqual(newest?.data, { user: 'bob', lang: 'en' });
    assert.deepEqual(executes.find((a) => a.verb === Verbs.auditExport)?.data, { user: 'bob', lang: 'en' });
  });

  it('offers neither More nor Newest on a first and last page, and says when nothing matches', () => {
    const card = auditCard(
      view('en', { entries: [], listing: {}, filterLines: [], firstIndex: 1, scoped: false }),
    );
    const titles = actionsOf(card).map((a) => a.title);
    assert.deepEqual(titles, ['E-mail as CSV']);
    assert.match(textOf(card), /All entries\nNo entries found/);
    assert.ok(!textOf(card).includes('your role may reset'), 'whole-trail readers see no scope note');
  });

  it('speaks Japanese', () => {
    const text = textOf(auditCard(view('ja')));
    assert.match(
      text,
      /パスワードをリセットし、すべてのセッションからサインアウトさせて、メールで送信しました/,
    );
    assert.match(text, /拒否: 依頼者のロールではリセットできない管理者ロールを持っています/);
    assert.match(text, /依頼者: Alex Wilber/);
    assert.match(text, /11～17 件目/);
  });
});

describe('auditDetailsCard', () => {
  it('lists every recorded step with its time, reason, recipients and Graph request id; Back returns to the page', () => {
    const card = auditDetailsCard({
      locale: 'en',
      entry: auditEntries('en')[0]!,
      steps: auditSteps('en'),
      back: { user: 'bob', lang: 'en', cursor: 'cursor-1', shown: 10 },
    });
    const text = textOf(card);
    for (const label of [
      'Requested',
      'Submitted',
      'Password reset',
      'E-mail failed',
      'New e-mail requested',
      'Link opened, password shown',
    ])
      assert.ok(text.includes(label), label);
    assert.match(text, /To: b@example\.net/);
    assert.match(text, /Microsoft Graph request id: g-1/);
    assert.match(text, /The e-mail could not be sent/);
    const back = actionsOf(card).find((a) => a.verb === Verbs.auditMore);
    assert.equal(back?.title, 'Back to the list');
    assert.deepEqual(back?.data, { user: 'bob', lang: 'en', cursor: 'cursor-1', shown: 10 });
  });
});
