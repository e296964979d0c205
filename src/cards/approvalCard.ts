/**
 * The cards of four-eyes approval (README, "Four-eyes approval"): the approval card other admins decide
 * on, and the card that tells the requester where their request stands. Names and addresses are plain
 * text (RichTextBlock), never Markdown.
 */
import { formatDateTime, formatList, t, type Locale, type MessageKey } from '../i18n';
import type { ApprovalReason } from '../reset/model';
import {
  adaptiveCard,
  container,
  execute,
  facts,
  heading,
  small,
  text,
  type CardElement,
  type TextColor,
} from './elements';
import { Verbs } from './verbs';

/** Where an approval stands, as the approval card shows it. */
export type ApprovalPhase = 'waiting' | 'checking' | 'approved' | 'declined' | 'expired' | 'closed';

/** One user of the request, with why a second admin must approve. */
export interface ApprovalTarget {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly reasons: readonly ApprovalReason[];
}

/** The approval card's view-model. */
export interface ApprovalCardView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  readonly requesterUpn: string;
  readonly targets: readonly ApprovalTarget[];
  /** Shown in full: where the password goes is what the second admin judges. */
  readonly recipients: readonly string[];
  readonly forceChange: boolean;
  readonly revokeSessions: boolean;
  readonly delivery: 'link' | 'inline';
  readonly expiresAt: string;
  readonly phase: ApprovalPhase;
  /** Who is being checked, approved or declined. */
  readonly decider?: string;
  /** When it was decided (or expired). */
  readonly at?: string;
  /** Why the last decision was not accepted (already localized). */
  readonly notice?: string;
}

const PHASE_COLOR: Readonly<Record<ApprovalPhase, TextColor>> = {
  waiting: 'default',
  checking: 'accent',
  approved: 'good',
  declined: 'attention',
  expired: 'warning',
  closed: 'default',
};

/** Builds the card other admins approve or decline; buttons only while it waits. */
export function approvalCard(view: ApprovalCardView): object {
  const { locale } = view;
  const yesNo = (value: boolean): string => t(locale, value ? 'common.yes' : 'common.no');
  const body: CardElement[] = [
    heading(t(locale, 'approval.card.title')),
    text(t(locale, 'approval.card.asks', { requester: view.requesterName, upn: view.requesterUpn })),
    ...view.targets.map((target) =>
      container(
        [
          text(t(locale, 'form.target', { name: target.displayName, upn: target.userPrincipalName }), {
            weight: 'bolder',
          }),
          // Several users may be asked for at once; only those who need approval say why.
          ...(target.reasons.length > 0
            ? [text(reasonsText(locale, target.reasons), { isSubtle: true, spacing: 'none' })]
            : []),
        ],
        { spacing: 'small' },
      ),
    ),
    facts([
      [t(locale, 'approval.fact.recipients'), view.recipients.join('; ') || '—'],
      [t(locale, 'approval.fact.delivery'), t(locale, `approval.delivery.${view.delivery}`)],
      [t(locale, 'confirm.fact.mustChange'), yesNo(view.forceChange)],
      [t(locale, 'confirm.fact.sessions'), yesNo(view.revokeSessions)],
    ]),
  ];
  if (view.phase === 'waiting') {
    body.push(text(t(locale, 'approval.card.who'), { isSubtle: true, spacing: 'medium' }));
    body.push(small(t(locale, 'approval.card.expires', { at: formatDateTime(locale, view.expiresAt) })));
  } else {
    body.push(text(phaseText(view), { weight: 'bolder', color: PHASE_COLOR[view.phase], spacing: 'medium' }));
  }
  if (view.notice && (view.phase === 'waiting' || view.phase === 'checking')) {
    body.push(text(view.notice, { color: 'warning', spacing: 'small' }));
  }
  body.push(small(t(locale, 'common.requestId', { id: view.requestId })));
  const actions =
    view.phase === 'waiting'
      ? [
          execute(
            Verbs.approve,
            t(locale, 'approval.approve'),
            { requestId: view.requestId },
            { style: 'positive' },
          ),
          execute(
            Verbs.decline,
            t(locale, 'approval.decline'),
            { requestId: view.requestId },
            { style: 'destructive' },
          ),
        ]
      : [];
  return adaptiveCard(body, actions);
}

function phaseText(view: ApprovalCardView): string {
  const { locale } = view;
  const params = {
    name: view.decider ?? '',
    at: view.at ? formatDateTime(locale, view.at) : '',
    requester: view.requesterName,
  };
  const keys: Readonly<Record<Exclude<ApprovalPhase, 'waiting'>, MessageKey>> = {
    checking: 'approval.phase.checking',
    approved: 'approval.phase.approved',
    declined: 'approval.phase.declined',
    expired: 'approval.phase.expired',
    closed: 'approval.phase.closed',
  };
  return view.phase === 'waiting' ? '' : t(locale, keys[view.phase], params);
}

/** "holds Global Administrator; eligible for User Administrator (PIM)". */
export function reasonsText(locale: Locale, reasons: readonly ApprovalReason[]): string {
  const parts = reasons.map((reason) => {
    switch (reason.kind) {
      case 'role':
        return t(locale, 'approval.reason.role', { role: reason.name });
      case 'eligible-role':
        return t(locale, 'approval.reason.eligibleRole', { role: reason.name });
      case 'role-assignable-group':
        return t(locale, 'approval.reason.roleAssignableGroup');
      case 'listed-group':
        return t(locale, 'approval.reason.listedGroup', { group: reason.name });
    }
  });
  return parts.join(locale === 'ja' ? '、' : '; ');
}

/** Where a request waiting for approval stands, as its requester (and the conversation) sees it. */
export type ApprovalStatusPhase = 'waiting' | 'approved' | 'declined' | 'expired';

/** The requester's view of an approval. */
export interface ApprovalStatusView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  readonly targetNames: readonly string[];
  readonly phase: ApprovalStatusPhase;
  /** Where the approval card went. */
  readonly place: 'conversation' | 'channel';
  readonly expiresAt: string;
  readonly decider?: string;
  readonly at?: string;
}

const STATUS: Readonly<Record<ApprovalStatusPhase, readonly [MessageKey, MessageKey, TextColor]>> = {
  waiting: ['approval.status.title.waiting', 'approval.status.waiting', 'accent'],
  approved: ['approval.status.title.approved', 'approval.status.approved', 'good'],
  declined: ['approval.status.title.declined', 'approval.status.declined', 'attention'],
  expired: ['approval.status.title.expired', 'approval.status.expired', 'warning'],
};

/** Builds the requester's card for an approval: waiting, approved (resetting), declined or expired. */
export function approvalStatusCard(view: ApprovalStatusView): object {
  const { locale } = view;
  const [title, line, color] = STATUS[view.phase];
  const params = {
    names: formatList(locale, view.targetNames),
    name: view.decider ?? '',
    at: formatDateTime(locale, view.at ?? view.expiresAt),
    requester: view.requesterName,
  };
  const body: CardElement[] = [
    heading(t(locale, title, params), color),
    text(t(locale, 'approval.status.requestedBy', params), { isSubtle: true }),
    text(t(locale, line, params)),
  ];
  if (view.phase === 'waiting') {
    body.push(text(t(locale, `approval.status.where.${view.place}`)));
    body.push(
      text(t(locale, 'approval.status.expires', { at: formatDateTime(locale, view.expiresAt) }), {
        isSubtle: true,
      }),
    );
  }
  body.push(small(t(locale, 'common.requestId', { id: view.requestId })));
  return adaptiveCard(body);
}
