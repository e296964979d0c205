/**
 * The steps of one audit entry, oldest first, as the trail recorded them: each a line with its time, and
 * under it what the step names (the reason, the recipients, Graph's request id to find the same change in
 * Entra's own audit log). "Back to the list" returns to the page the entry was on.
 */
import { t, type Locale } from '../i18n';
import { adaptiveCard, container, execute, heading, text, type CardElement } from './elements';
import { entryLines, type AuditEntryView, type EntryTone } from './auditCard';
import { Verbs, type AuditActionData } from './verbs';

/** One recorded step, in words. */
export interface AuditStepView {
  /** "20 Nov 2026, 10:32 UTC". */
  readonly at: string;
  readonly label: string;
  readonly tone: EntryTone;
  /** Further lines: the reason, "To: …", "Microsoft Graph request id: …". */
  readonly lines: readonly string[];
}

/** The details card's view-model. */
export interface AuditDetailsView {
  readonly locale: Locale;
  readonly entry: AuditEntryView;
  readonly steps: readonly AuditStepView[];
  /** The list to go back to (its filters and the page the entry was on). */
  readonly back: AuditActionData;
}

/** Builds the details card. */
export function auditDetailsCard(view: AuditDetailsView): object {
  const { locale, entry } = view;
  const body: CardElement[] = [
    heading(t(locale, 'audit.details.title')),
    text(entry.userName, { weight: 'bolder', spacing: 'small' }),
  ];
  if (entry.userUpn) body.push(text(entry.userUpn, { size: 'small', isSubtle: true, spacing: 'none' }));
  body.push(
    ...entryLines(locale, entry),
    text(t(locale, 'audit.details.steps'), { weight: 'bolder', spacing: 'medium', separator: true }),
  );
  for (const step of view.steps) {
    body.push(
      container(
        [
          text(step.label, { color: step.tone, spacing: 'none' }),
          text(step.at, { size: 'small', isSubtle: true, spacing: 'none' }),
          ...step.lines.map((line) => text(line, { size: 'small', spacing: 'none' })),
        ],
        { spacing: 'small' },
      ),
    );
  }
  return adaptiveCard(body, [execute(Verbs.auditMore, t(locale, 'audit.details.back'), view.back)]);
}

/** The answer when an entry cannot be shown: gone, or beyond the reader's role. */
export function auditGoneCard(locale: Locale, back: AuditActionData): object {
  return adaptiveCard(
    [heading(t(locale, 'audit.details.title')), text(t(locale, 'audit.details.gone'))],
    [execute(Verbs.auditMore, t(locale, 'audit.details.back'), back)],
  );
}
