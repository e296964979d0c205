/** View-models of the Temporary Access Pass cards, for the contract and card tests. */
import {
  approvalCard,
  approvalStatusCard,
  choiceCard,
  resettingCard,
  statusCard,
  tapConfirmationCard,
  tapFormCard,
  type ApprovalCardView,
  type TapConfirmationView,
  type TapFormView,
} from '../../src/cards';
import type { Locale } from '../../src/i18n';
import { approvalStatusView, approvalView, REQUEST_ID } from './fixtures';

/** A pass form for one user under Entra's default policy. */
export function tapForm(locale: Locale, overrides: Partial<TapFormView> = {}): TapFormView {
  return {
    locale,
    requestId: REQUEST_ID,
    requesterName: 'Isaiah Langer',
    targets: [{ displayName: 'Bob Brown', userPrincipalName: 'bob@contoso.com', accountEnabled: true }],
    delivery: 'link',
    linkTtlHours: 24,
    policy: {
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      defaultLifetimeInMinutes: 60,
      isUsableOnce: false,
    },
    values: {
      lifetimeInMinutes: 60,
      isUsableOnce: true,
      startDate: '',
      startTime: '',
      recipients: 'bob.home@example.net',
    },
    flaggedRecipients: [],
    ...overrides,
  };
}

/** A confirmation with every outcome a pass can have. */
export function tapConfirmation(locale: Locale, canResend = true): TapConfirmationView {
  const pass = { startDateTime: '2025-03-14T09:05:00Z', lifetimeInMinutes: 90, isUsableOnce: true };
  return {
    locale,
    requestId: REQUEST_ID,
    requesterName: 'Isaiah Langer',
    at: '2025-03-14T09:05:00.000Z',
    delivery: 'link',
    canResend,
    targets: [
      {
        displayName: 'Bob Brown',
        userPrincipalName: 'bob@contoso.com',
        outcome: 'mailed',
        maskedRecipients: ['b•••@example.net'],
        pass,
      },
      {
        displayName: 'Carol Clark',
        userPrincipalName: 'carol@contoso.com',
        outcome: 'mail-unknown',
        maskedRecipients: ['c•••@example.net'],
        pass,
      },
      {
        displayName: 'Dan Dune',
        userPrincipalName: 'dan@contoso.com',
        outcome: 'unknown',
        maskedRecipients: [],
      },
      {
        displayName: 'Eve Early',
        userPrincipalName: 'eve@contoso.com',
        outcome: 'not-created',
        maskedRecipients: [],
        failureText: 'Refused by the policy.',
      },
      {
        displayName: 'Fay Fox',
        userPrincipalName: 'fay@contoso.com',
        outcome: 'refused',
        maskedRecipients: [],
      },
    ],
  };
}

/** The approval card of a pass for an admin: starting at a set time, 90 minutes, one sign-in. */
export function tapApprovalView(locale: Locale, overrides: Partial<ApprovalCardView> = {}): ApprovalCardView {
  return approvalView(locale, {
    change: {
      kind: 'tap',
      pass: { startDateTime: '2025-03-14T10:00:00.000Z', lifetimeInMinutes: 90, isUsableOnce: true },
    },
    ...overrides,
  });
}

/** Every Temporary Access Pass card, for the contract test. */
export function everyTapCard(locale: Locale): Record<string, object> {
  return {
    'pass form (one target)': tapFormCard(tapForm(locale)),
    'pass form (one-time only, several targets, errors, start)': tapFormCard(
      tapForm(locale, {
        targets: [
          { displayName: 'Bob Brown', userPrincipalName: 'bob@contoso.com', accountEnabled: false },
          { displayName: 'Carol Clark', userPrincipalName: 'carol@contoso.com', accountEnabled: true },
        ],
        policy: {
          minimumLifetimeInMinutes: 10,
          maximumLifetimeInMinutes: 43_200,
          defaultLifetimeInMinutes: 1440,
          isUsableOnce: true,
        },
        values: {
          lifetimeInMinutes: 1440,
          isUsableOnce: true,
          startDate: '2025-03-15',
          startTime: '09:30',
          recipients: 'me@contoso.com',
        },
        flaggedRecipients: ['bob@contoso.com'],
        error: { field: 'lifetime', text: 'Out of range.' },
      }),
    ),
    'pass form (inline, start error)': tapFormCard(
      tapForm(locale, { delivery: 'inline', error: { field: 'start', text: 'Bad start.' } }),
    ),
    'pass choice': choiceCard({
      locale,
      requestId: REQUEST_ID,
      query: 'alice',
      kind: 'tap',
      candidates: [{ displayName: 'Alice Adams', userPrincipalName: 'alice.adams@contoso.com', mail: null }],
    }),
    'pass progress': resettingCard({
      locale,
      requestId: REQUEST_ID,
      targetNames: ['Bob Brown'],
      kind: 'tap',
    }),
    'pass status (done)': statusCard({
      locale,
      requestId: REQUEST_ID,
      requesterName: 'Isaiah Langer',
      targetNames: ['Bob Brown'],
      phase: 'done',
      at: '2025-03-14T09:05:00.000Z',
      kind: 'tap',
    }),
    'pass approval (waiting, a refused decision)': approvalCard(
      tapApprovalView(locale, { notice: "Alex Wilber's decision was not accepted." }),
    ),
    'pass approval (approved, starts when created, inline)': approvalCard(
      tapApprovalView(locale, {
        change: { kind: 'tap', pass: { startDateTime: null, lifetimeInMinutes: 480, isUsableOnce: false } },
        delivery: 'inline',
        phase: 'approved',
        decider: 'Megan Bowen',
        at: '2025-03-14T09:10:00.000Z',
      }),
    ),
    'pass approval status (waiting)': approvalStatusCard(approvalStatusView(locale, { kind: 'tap' })),
    'pass approval status (approved)': approvalStatusCard(
      approvalStatusView(locale, {
        phase: 'approved',
        place: 'conversation',
        decider: 'Megan Bowen',
        at: '2025-03-14T09:10:00.000Z',
        kind: 'tap',
      }),
    ),
    'pass confirmation (approved)': tapConfirmationCard({
      ...tapConfirmation(locale),
      approvedBy: 'Megan Bowen',
    }),
    'pass confirmation': tapConfirmationCard(tapConfirmation(locale)),
    'pass confirmation (no resend)': tapConfirmationCard(tapConfirmation(locale, false)),
  };
}
