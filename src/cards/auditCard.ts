/** A compact view of the audit trail: newest first, at most 20 rows. */
import { formatDateTime, isMessageKey, t, type Locale } from '../i18n';
import { adaptiveCard, heading, small, text, type CardElement } from './elements';

/** One row of the audit card. */
export interface AuditRow {
  readonly at: string;
  readonly action: string;
  readonly requesterUpn: string;
  readonly targetUpn?: string;
  readonly reasonCode?: string;
  readonly requestId: string;
}

/** The audit card's view-model. */
export interface AuditView {
  readonly locale: Locale;
  readonly records: readonly AuditRow[];
  /** The user the trail was filtered on, if any. */
  readonly user?: string;
}

/** Rows shown at most, so the card stays within Teams' size limit. */
export const AUDIT_CARD_MAX_ROWS = 20;

/** Builds the audit card. */
export function auditCard(view: AuditView): object {
  const { locale } = view;
  const rows = [...view.records]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, AUDIT_CARD_MAX_ROWS);
  const body: CardElement[] = [
    heading(view.user ? t(locale, 'audit.title.user', { user: view.user }) : t(locale, 'audit.title')),
  ];
  if (rows.length === 0) {
    body.push(text(t(locale, 'audit.empty'), { isSubtle: true }));
    return adaptiveCard(body);
  }
  body.push(
    row(
      [
        t(locale, 'audit.col.when'),
        t(locale, 'audit.col.action'),
        t(locale, 'audit.col.who'),
        t(locale, 'audit.col.target'),
      ],
      true,
    ),
  );
  for (const record of rows) {
    const action = actionLabel(locale, record.action) + (record.reasonCode ? ` (${record.reasonCode})` : '');
    body.push(
      row([formatDateTime(locale, record.at), action, record.requesterUpn, record.targetUpn ?? '—'], false),
    );
  }
  body.push(small(t(locale, 'audit.newest', { count: AUDIT_CARD_MAX_ROWS })));
  return adaptiveCard(body);
}

function actionLabel(locale: Locale, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(locale, key) : action;
}

function row(cells: readonly string[], header: boolean): CardElement {
  const widths = [3, 3, 4, 4];
  return {
    type: 'ColumnSet',
    spacing: header ? 'medium' : 'small',
    separator: header,
    columns: cells.map((cell, index) => ({
      type: 'Column',
      width: widths[index],
      items: [text(cell, { size: 'small', weight: header ? 'bolder' : 'default' })],
    })),
  };
}
