/** The card everyone sees in a group chat or channel: status only, never inputs. */
import { formatDateTime, formatList, t, type Locale, type MessageKey } from '../i18n';
import { adaptiveCard, heading, small, text, type CardElement, type TextColor } from './elements';
import { Verbs } from './verbs';

/** Where a shared request stands. */
export type StatusPhase = 'pending' | 'resetting' | 'done' | 'failed' | 'cancelled' | 'expired';

/** The status card's view-model. */
export interface StatusView {
  readonly locale: Locale;
  readonly requestId: string;
  readonly requesterName: string;
  readonly targetNames: readonly string[];
  readonly phase: StatusPhase;
  readonly at: string;
  /** Users (Teams/AAD ids) whose client should fetch their own view with `reset.refresh`; at most 60. */
  readonly refreshUserIds?: readonly string[];
  /** A Temporary Access Pass request words its status for a pass. */
  readonly kind?: 'password' | 'tap';
}

const PHASE_COLOR: Readonly<Record<StatusPhase, TextColor>> = {
  pending: 'default',
  resetting: 'accent',
  done: 'good',
  failed: 'attention',
  cancelled: 'default',
  expired: 'warning',
};

/** Teams accepts at most 60 user ids in `refresh.userIds`. */
const MAX_REFRESH_USERS = 60;

/** Builds the shared status card, with a user-specific refresh for the requester when asked. */
export function statusCard(view: StatusView): object {
  const { locale } = view;
  const requester = view.requesterName;
  const tap = view.kind === 'tap';
  const phaseKey = (
    tap && ['resetting', 'done', 'failed'].includes(view.phase)
      ? `tap.status.${view.phase}`
      : `status.${view.phase}`
  ) as MessageKey;
  const body: CardElement[] = [
    heading(t(locale, tap ? 'tap.status.title' : 'status.title')),
    text(
      t(locale, tap ? 'tap.status.requested' : 'status.requested', {
        requester,
        targets: formatList(locale, view.targetNames),
      }),
    ),
    text(t(locale, phaseKey, { requester }), {
      weight: 'bolder',
      color: PHASE_COLOR[view.phase],
    }),
    small(t(locale, 'status.at', { at: formatDateTime(locale, view.at) })),
    small(t(locale, 'common.requestId', { id: view.requestId })),
  ];
  const userIds = (view.refreshUserIds ?? []).slice(0, MAX_REFRESH_USERS);
  const extra =
    userIds.length > 0
      ? {
          refresh: {
            action: { type: 'Action.Execute', verb: Verbs.refresh, data: { requestId: view.requestId } },
            userIds,
          },
        }
      : {};
  return adaptiveCard(body, [], extra);
}
