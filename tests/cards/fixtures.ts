/** Representative view-models for every card, in a given locale. */
import {
  approvalCard,
  approvalStatusCard,
  auditCard,
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
import type { ApprovalCardView } from '../../src/cards';

export const REQUEST_ID = 'req_7f3a9c2e1b';

/** A single-target form with defaults. */
export function oneTargetForm(locale: Locale, overrides: Partial<FormView> = {}): FormView {
  return {
    locale,
    requestId: REQUEST_ID,
    requesterName: 'Megan Bowen',
    targets: [{ displayName: 'Alice Example', userPrincipalName: 'alice@contoso.com', accountEnabled: true }],
    delivery: 'link',
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
      user: 'alice',
      records: Array.from({ length: 25 }, (_, i) => ({
        at: new Date(Date.UTC(2025, 2, 14, 9, i)).toISOString(),
        action: i % 2 === 0 ? 'reset' : 'refused',
        requesterUpn: 'megan@contoso.com',
        targetUpn: 'alice@contoso.com',
        reasonCode: i % 2 === 0 ? undefined : 'TARGET_PRIVILEGED',
        requestId: `req_${i}`,
      })),
    }),
    'audit (empty)': auditCard({ locale, records: [] }),
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
    'approval status (waiting)': approvalStatusCard({
      locale,
      requestId: REQUEST_ID,
      requesterName: 'Patti Fernandez',
      targetNames: ['Diego Siciliani'],
      phase: 'waiting',
      place: 'channel',
      expiresAt: '2025-03-14T09:35:00.000Z',
    }),
    'approval status (declined)': approvalStatusCard({
      locale,
      requestId: REQUEST_ID,
      requesterName: 'Patti Fernandez',
      targetNames: ['Diego Siciliani', 'Bob'],
      phase: 'declined',
      place: 'conversation',
      expiresAt: '2025-03-14T09:35:00.000Z',
      decider: 'Megan Bowen',
      at: '2025-03-14T09:10:00.000Z',
    }),
    'confirmation (approved)': confirmationCard({ ...confirmation(locale), approvedBy: 'Megan Bowen' }),
  };
}
