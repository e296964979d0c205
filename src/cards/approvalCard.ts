/**
 * The cards of four-eyes approval (README, "Four-eyes approval"): the approval card other admins decide
 * on, and the card that tells the requester where their request stands — worded for the kind of request
 * (a password reset or a Temporary Access Pass). Names and addresses are plain text (RichTextBlock), never
 * Markdown.
 */
import { formatDateTime, formatList, t, type Locale, type MessageKey } from '../i18n';
import type { ApprovalReason, RequestKind } from '../reset/model';
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
import { passFacts, passwordOptionFacts, type FactRow } from './changeFacts';
import { userLine } from './requestText';
import { Verbs } from './verbs';

/** Where an approval stands, as the approval card shows it. */
export type ApprovalPhase =
  'waiting' | 'checking' | 'approved' | 'declined' | 'expired' | 'cancelled' | 'closed';

/** One user of the request, with why a second admin must approve. */
export interface ApprovalTarget {
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly reasons: readonly ApprovalReason[];
}

/** What the request would change, as the second admin judges it. */
export type ApprovalChange =
  | { readonly kind: 'password'; readonly forceChange: boolean; readonly revokeSessions: boolean }
  | {
      readonly kind: 'tap';
      /** The pass as the form chose it (absent only for a request that lost it: then no facts). */
      readonly pass?: {
        /** null: from the moment it is created. */
        readonly startDateTime: string | null;
        readonly lifetimeInMinutes: number;
        readonly isUsableOnce: boolean;
      };
    };

/** The approval card's view-model. */
export interface ApprovalCardView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  readonly requesterUpn: string;
  readonly targets: readonly ApprovalTarget[];
  /** Shown in full: where the password or pass goes is what the second admin judges. */
  readonly recipients: readonly string[];
  readonly change: ApprovalChange;
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
  cancelled: 'default',
  closed: 'default',
};

/** The texts that name what is asked for, by kind of request. */
interface KindWords {
  readonly title: MessageKey;
  readonly asks: MessageKey;
  readonly who: MessageKey;
  readonly delivery: Readonly<Record<'link' | 'inline', MessageKey>>;
  readonly approved: MessageKey;
}

const WORDS: Readonly<Record<RequestKind, KindWords>> = {
  password: {
    title: 'approval.card.title',
    asks: 'approval.card.asks',
    who: 'approval.card.who',
    delivery: { link: 'approval.delivery.link', inline: 'approval.delivery.inline' },
    approved: 'approval.phase.approved',
  },
  tap: {
    title: 'approval.tap.card.title',
    asks: 'approval.tap.card.asks',
    who: 'approval.tap.card.who',
    delivery: { link: 'approval.tap.delivery.link', inline: 'approval.tap.delivery.inline' },
    approved: 'approval.tap.phase.approved',
  },
};

/** Builds the card other admins approve or decline; buttons only while it waits. */
export function approvalCard(view: ApprovalCardView): object {
  const { locale } = view;
  const words = WORDS[view.change.kind];
  const body: CardElement[] = [
    heading(t(locale, words.title)),
    text(t(locale, words.asks, { requester: view.requesterName, upn: view.requesterUpn })),
    ...view.targets.map((target) =>
      container(
        [
          userLine(locale, target, { weight: 'bolder' }),
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
      [t(locale, 'approval.fact.delivery'), t(locale, words.delivery[view.delivery])],
      ...changeFacts(locale, view.change),
    ]),
  ];
  if (view.phase === 'waiting') {
    body.push(text(t(locale, words.who), { isSubtle: true, spacing: 'medium' }));
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

/** A reset's options, or a pass's start, lifetime and use, named as the confirmation names them. */
function changeFacts(locale: Locale, change: ApprovalChange): FactRow[] {
  if (change.kind === 'password')
    return passwordOptionFacts(locale, change.forceChange, change.revokeSessions);
  return change.pass ? passFacts(locale, change.pass) : [];
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
    approved: WORDS[view.change.kind].approved,
    declined: 'approval.phase.declined',
    expired: 'approval.phase.expired',
    cancelled: 'approval.phase.cancelled',
    closed: 'approval.phase.closed',
  };
  return view.phase === 'waiting' ? '' : t(locale, keys[view.phase], params);
}

/** "holds Global Administrator; eligible for User Administrator (PIM)". */
function reasonsText(locale: Locale, reasons: readonly ApprovalReason[]): string {
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
  /** A Temporary Access Pass request words its lines for a pass. */
  readonly kind?: RequestKind;
}

const STATUS: Readonly<Record<ApprovalStatusPhase, readonly [MessageKey, TextColor]>> = {
  waiting: ['approval.status.title.waiting', 'accent'],
  approved: ['approval.status.title.approved', 'good'],
  declined: ['approval.status.title.declined', 'attention'],
  expired: ['approval.status.title.expired', 'warning'],
};

/** The line that says what is asked for, by kind of request and phase. */
const STATUS_LINE: Readonly<Record<RequestKind, Readonly<Record<ApprovalStatusPhase, MessageKey>>>> = {
  password: {
    waiting: 'approval.status.waiting',
    approved: 'approval.status.approved',
    declined: 'approval.status.declined',
    expired: 'approval.status.expired',
  },
  tap: {
    waiting: 'approval.tap.status.waiting',
    approved: 'approval.tap.status.approved',
    declined: 'approval.tap.status.declined',
    expired: 'approval.tap.status.expired',
  },
};

/** Builds the requester's card for an approval: waiting, approved (running), declined or expired. */
export function approvalStatusCard(view: ApprovalStatusView): object {
  const { locale } = view;
  const [title, color] = STATUS[view.phase];
  const line = STATUS_LINE[view.kind ?? 'password'][view.phase];
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
  // While it waits, its requester may take it back (anyone else pressing it is told it is not theirs).
  const actions =
    view.phase === 'waiting'
      ? [execute(Verbs.cancel, t(locale, 'approval.status.cancel'), { requestId: view.requestId })]
      : [];
  return adaptiveCard(body, actions);
}
