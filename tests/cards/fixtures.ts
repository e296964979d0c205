/** Representative view-models for every card, in a given locale. */
import {
  approvalCard,
  approvalStatusCard,
  auditCard,
  auditChoiceCard,
  auditDetailsCard,
  auditGoneCard,
  choiceCard,
  confirmationCard,
  formCard,
  helpCard,
  messageCard,
  ranSuggestionCard,
  resettingCard,
  searchFormCard,
  statusCard,
  suggestionCard,
  type ConfirmationView,
  type FormView,
} from '../../src/cards';
import type { Locale } from '../../src/i18n';
import type { ApprovalCardView, ApprovalStatusView } from '../../src/cards';
import type { AuditEntry } from '../../src/reset/auditEntry';
import { entryView, stepView } from '../../src/reset/auditViews';
import type { AuditRecord, RequestTarget, ResetRequest } from '../../src/reset/model';

export const REQUEST_ID = 'req_7f3a9c2e1b';

/** A single-target form with defaults. */
export function oneTargetForm(locale: Locale, overrides: Partial<FormView> = {}): FormView {
  return {
    locale,
    requestId: REQUEST_ID,
    requesterName: 'Megan Bowen',
    targets: [{ displayName: 'Alice Example', userPrincipalName: 'alice@contoso.com', accountEnabled: true }],
    delivery: 'link',
    linkTtlHours: 24,
    values: {
      passwordMode: 'auto',
      forceChange: true,
      revokeSessions: true,
      recipients: 'alice.home@example.com; megan@contoso.com',
    },
    flaggedRecipients: [],
    allowCustomPassword: true,
    ...overrides,
  };
}

/** A three-target form. */
export function manyTargetForm(locale: Locale): FormView {
  return oneTargetForm(locale, {
    targets: [
      { displayName: 'Alice Example', userPrincipalName: 'alice@contoso.com', accountEnabled: true },
      { displayName: '田中 花子', userPrincipalName: 'hanako.tanaka@contoso.com', accountEnabled: false },
      { displayName: "Liam O'Brien", userPrincipalName: 'liam@contoso.com', accountEnabled: true },
    ],
    allowCustomPassword: false,
    delivery: 'inline',
  });
}

/** Audit entries in every outcome, as the card shows them. */
export function auditEntries(locale: Locale) {
  const now = new Date('2026-11-20T12:00:00.000Z');
  const request = (over: Partial<ResetRequest> = {}): ResetRequest => ({
    id: REQUEST_ID,
    tenantId: 't',
    requesterId: 'alex-id',
    requesterName: 'Alex Wilber',
    requesterUpn: 'alexw@contoso.com',
    locale,
    conversationType: 'personal',
    createdAt: '2026-11-20T10:32:00.000Z',
    expiresAt: '2026-11-20T11:02:00.000Z',
    state: 'done',
    targets: [],
    options: { passwordMode: 'auto', forceChange: true, revokeSessions: true },
    ...over,
  });
  const target = (name: string, upn: string, over: Partial<RequestTarget>): RequestTarget => ({
    userId: `${upn}-id`,
    displayName: name,
    userPrincipalName: upn,
    accountEnabled: true,
    suggestedRecipients: [],
    state: 'mailed',
    ...over,
  });
  const entries: AuditEntry[] = [
    target('Bob Brown', 'bob@contoso.com', { steps: { reset: 'done', revoke: 'done', mail: 'done' } }),
    target('Megan Bowen', 'megan@contoso.com', { state: 'refused', failureCode: 'TARGET_PRIVILEGED' }),
    target('田中 花子', 'hanako.tanaka@contoso.com', { state: 'mail-unknown', failureCode: 'MAIL_UNKNOWN' }),
    target('Carol Clark', 'carol@contoso.com', { state: 'reset-failed', failureCode: 'PASSWORD_REJECTED' }),
    target('Dave Doe', 'dave@contoso.com', { state: 'reset-failed', failureCode: 'GRAPH_UNAVAILABLE' }),
    target("Liam O'Brien", 'liam.obrien-with-a-rather-long-address@subsidiary.contoso.com', {
      state: 'pending',
    }),
  ].map((t) => ({ requestId: REQUEST_ID, at: '2026-11-20T10:32:00.000Z', request: request(), target: t }));
  entries.push({
    requestId: REQUEST_ID,
    at: '2026-11-20T09:00:00.000Z',
    request: request({ state: 'refused', failureCode: 'REQUESTER_NOT_ADMIN' }),
  });
  return entries.map((entry) => entryView(entry, locale, now));
}

/** The recorded steps of a reset, in words. */
export function auditSteps(locale: Locale) {
  const base = {
    requestId: REQUEST_ID,
    correlationId: 'c',
    requesterId: 'alex-id',
    requesterUpn: 'alexw@contoso.com',
    targetId: 'bob-id',
    targetUpn: 'bob@contoso.com',
    previousHash: 'x',
    hash: 'y',
  };
  const records: AuditRecord[] = [
    { ...base, action: 'requested', at: '2026-11-20T10:32:00.000Z', sequence: 1 },
    {
      ...base,
      action: 'submitted',
      at: '2026-11-20T10:33:00.000Z',
      sequence: 2,
      recipients: ['b@example.net'],
    },
    { ...base, action: 'reset', at: '2026-11-20T10:33:01.000Z', sequence: 3, graphRequestIds: ['g-1'] },
    {
      ...base,
      action: 'mail-failed',
      at: '2026-11-20T10:33:02.000Z',
      sequence: 4,
      reasonCode: 'MAIL_FAILED',
    },
    { ...base, action: 'resend-requested', at: '2026-11-20T10:40:00.000Z', sequence: 5 },
    { ...base, action: 'link-viewed', at: '2026-11-20T10:45:00.000Z', sequence: 6 },
  ];
  return records.map((record) => stepView(record, locale));
}

/** A confirmation with every outcome. */
export function confirmation(locale: Locale, canResend = true): ConfirmationView {
  const base = { forceChange: true, sessionsRevoked: true };
  return {
    locale,
    requestId: REQUEST_ID,
    requesterName: 'Megan Bowen',
    at: '2025-03-14T09:05:00.000Z',
    delivery: 'link',
    canResend,
    targets: [
      {
        ...base,
        displayName: 'Alice Example',
        userPrincipalName: 'alice@contoso.com',
        outcome: 'mailed',
        maskedRecipients: ['a•••@example.com', 'm•••@contoso.com'],
      },
      {
        ...base,
        displayName: 'Bob',
        userPrincipalName: 'bob@contoso.com',
        outcome: 'mail-failed',
        maskedRecipients: ['b•••@example.com'],
      },
      {
        ...base,
        displayName: 'Carol',
        userPrincipalName: 'carol@contoso.com',
        outcome: 'mail-unknown',
        maskedRecipients: ['c•••@example.com'],
        forceChange: false,
      },
      {
        ...base,
        displayName: 'Dan',
        userPrincipalName: 'dan@contoso.com',
        outcome: 'reset-failed',
        maskedRecipients: [],
        sessionsRevoked: false,
        failureText: 'Microsoft 365 did not answer.',
      },
      {
        ...base,
        displayName: 'Eve',
        userPrincipalName: 'eve@contoso.com',
        outcome: 'refused',
        maskedRecipients: [],
        sessionsRevoked: false,
        failureText: 'This is a guest account.',
      },
    ],
  };
}

/** An approval card waiting for a second admin, with every kind of reason. */
export function approvalView(locale: Locale, overrides: Partial<ApprovalCardView> = {}): ApprovalCardView {
  return {
    locale,
    requestId: REQUEST_ID,
    requesterName: 'Patti Fernandez',
    requesterUpn: 'patti@contoso.com',
    targets: [
      {
        displayName: 'Diego Siciliani',
        userPrincipalName: 'diego@contoso.com',
        reasons: [
          { kind: 'role', name: 'User Administrator' },
          { kind: 'eligible-role', name: 'Global Administrator' },
        ],
      },
      {
        displayName: '田中 花子',
        userPrincipalName: 'hanako.tanaka@contoso.com',
        reasons: [
          { kind: 'role-assignable-group', name: 'g-1' },
          { kind: 'listed-group', name: '8bbdedcc-55b2-4a78-bd06-3ab7675ab7d2' },
        ],
      },
    ],
    recipients: ['desk@example.net', 'patti@contoso.com'],
    change: { kind: 'password', forceChange: true, revokeSessions: false },
    delivery: 'link',
    expiresAt: '2025-03-14T09:35:00.000Z',
    phase: 'waiting',
    ...overrides,
  };
}

/** The requester's view of a request waiting for Diego's approval, in the approvals channel. */
export function approvalStatusView(
  locale: Locale,
  overrides: Partial<ApprovalStatusView> = {},
): ApprovalStatusView {
  return {
    locale,
    requestId: REQUEST_ID,
    requesterName: 'Patti Fernandez',
    targetNames: ['Diego Siciliani'],
    phase: 'waiting',
    place: 'channel',
    expiresAt: '2025-03-14T09:35:00.000Z',
    ...overrides,
  };
}

/** Every card builder with representative data, by name. */
export function everyCard(locale: Locale): Record<string, object> {
  return {
    'form (one target)': formCard(oneTargetForm(locale)),
    'form (one target, custom, errors, flagged, disabled)': formCard(
      oneTargetForm(locale, {
        targets: [
          { displayName: 'Alice Example', userPrincipalName: 'alice@contoso.com', accountEnabled: false },
        ],
        values: {
          passwordMode: 'custom',
          forceChange: false,
          revokeSessions: false,
          recipients: 'alice@contoso.com',
        },
        flaggedRecipients: ['alice@contoso.com'],
        error: { field: 'customPassword', text: 'The password is too short.' },
      }),
    ),
    'form (recipients error)': formCard(
      oneTargetForm(locale, { error: { field: 'recipients', text: 'Bad address' } }),
    ),
    'form (several targets)': formCard(manyTargetForm(locale)),
    'form (a name to choose)': formCard({
      ...manyTargetForm(locale),
      targets: [{ displayName: 'Bob Brown', userPrincipalName: 'bob@contoso.com', accountEnabled: true }],
      choices: [
        {
          n: 1,
          query: 'alice',
          candidates: [
            { displayName: 'Alice Adams', userPrincipalName: 'alice.adams@contoso.com' },
            { displayName: 'Alice Anderson', userPrincipalName: 'alice.anderson@contoso.com' },
          ],
        },
      ],
    }),
    choice: choiceCard({
      locale,
      requestId: REQUEST_ID,
      query: 'alex',
      candidates: [
        { displayName: 'Alex Wilber', userPrincipalName: 'alexw@contoso.com', mail: 'alexw@contoso.com' },
        { displayName: 'Alex Johnson', userPrincipalName: 'alexj@contoso.com', mail: null },
      ],
    }),
    'search form (no request)': searchFormCard({ locale }),
    'search form (request, error)': searchFormCard({
      locale,
      requestId: REQUEST_ID,
      error: 'No user found.',
    }),
    'status (pending, refresh)': statusCard({
      locale,
      requestId: REQUEST_ID,
      requesterName: 'Megan Bowen',
      targetNames: ['Alice Example', 'Bob'],
      phase: 'pending',
      at: '2025-03-14T09:05:00.000Z',
      refreshUserIds: ['00000000-0000-0000-0000-000000000001'],
    }),
    'status (done)': statusCard({
      locale,
      requestId: REQUEST_ID,
      requesterName: 'Megan Bowen',
      targetNames: ['Alice Example'],
      phase: 'done',
      at: '2025-03-14T09:05:00.000Z',
    }),
    resetting: resettingCard({ locale, requestId: REQUEST_ID, targetNames: ['Alice Example', 'Bob'] }),
    confirmation: confirmationCard(confirmation(locale)),
    'confirmation (no resend)': confirmationCard(confirmation(locale, false)),
    message: messageCard({
      locale,
      title: 'Cannot reset',
      text: 'This is a guest account.',
      tone: 'attention',
      requestId: 'corr-123',
    }),
    'message (no id)': messageCard({
      locale,
      title: 'Cancelled',
      text: 'Nothing was changed.',
      tone: 'default',
    }),
    help: helpCard(locale),
    suggestion: suggestionCard({
      locale,
      command: locale === 'ja' ? 'alice、bob のパスワードをリセット' : 'reset password for alice and bob',
    }),
    'suggestion (ran)': ranSuggestionCard({ locale, command: 'reset password for bob' }),
    audit: auditCard({
      locale,
      entries: auditEntries(locale),
      listing: { user: 'bob', since: '2026-11-20T00:00:00.000Z', page: 'cursor-1', next: 'cursor-2' },
      filterLines: ['User: bob', 'From 20 Nov 2026, 00:00 UTC'],
      firstIndex: 11,
      scoped: true,
    }),
    'audit (empty)': auditCard({
      locale,
      entries: [],
      listing: {},
      filterLines: [],
      firstIndex: 1,
      scoped: false,
    }),
    'audit choice': auditChoiceCard({
      locale,
      name: 'Alice',
      field: 'user',
      listing: { since: '2026-11-20T00:00:00.000Z' },
      candidates: [
        { displayName: 'Alice Adams', userPrincipalName: 'alice.adams@contoso.com' },
        { displayName: 'Alice Anderson', userPrincipalName: 'alice.anderson@contoso.com' },
      ],
    }),
    'audit details': auditDetailsCard({
      locale,
      entry: auditEntries(locale)[0]!,
      steps: auditSteps(locale),
      back: { user: 'bob', lang: locale, cursor: 'abc', shown: 10 },
    }),
    'audit details (gone)': auditGoneCard(locale, { lang: locale }),
    'approval (waiting, a refused decision)': approvalCard(
      approvalView(locale, { notice: "Lee Gu's decision was not accepted." }),
    ),
    'approval (checking)': approvalCard(approvalView(locale, { phase: 'checking', decider: 'Megan Bowen' })),
    'approval (approved)': approvalCard(
      approvalView(locale, { phase: 'approved', decider: 'Megan Bowen', at: '2025-03-14T09:10:00.000Z' }),
    ),
    'approval (declined)': approvalCard(
      approvalView(locale, { phase: 'declined', decider: 'Megan Bowen', at: '2025-03-14T09:10:00.000Z' }),
    ),
    'approval (expired)': approvalCard(
      approvalView(locale, { phase: 'expired', at: '2025-03-14T09:35:00.000Z' }),
    ),
    'approval (cancelled)': approvalCard(
      approvalView(locale, { phase: 'cancelled', at: '2025-03-14T09:12:00.000Z' }),
    ),
    'approval status (waiting)': approvalStatusCard(approvalStatusView(locale)),
    'approval status (declined)': approvalStatusCard(
      approvalStatusView(locale, {
        targetNames: ['Diego Siciliani', 'Bob'],
        phase: 'declined',
        place: 'conversation',
        decider: 'Megan Bowen',
        at: '2025-03-14T09:10:00.000Z',
      }),
    ),
    'confirmation (approved)': confirmationCard({ ...confirmation(locale), approvedBy: 'Megan Bowen' }),
  };
}
