/**
 * The audit as a card people read: one entry per request and user, newest first, a page at a time. Laid
 * out for Teams' narrowest width (mobile): each entry is a stack of full-width lines — the user, the
 * outcome in words (coloured by how it ended), when and who asked, the request id — with a "Details"
 * button in a column of its own that never shrinks. No table of addresses: an address gets a line.
 */
import { t, type Locale } from '../i18n';
import {
  actionSet,
  adaptiveCard,
  container,
  execute,
  heading,
  small,
  text,
  type CardElement,
} from './elements';
import { Verbs, type AuditActionData } from './verbs';

/** How an entry ended, for its colour. */
export type EntryTone = 'good' | 'attention' | 'warning' | 'default';

/** One entry as the card shows it; every text is already in the reader's language. */
export interface AuditEntryView {
  /** "Bob Brown", or "No user" for a request that acted on nobody. */
  readonly userName: string;
  readonly userUpn?: string;
  readonly outcome: string;
  readonly tone: EntryTone;
  /** "20 Nov 2026, 10:32 UTC · asked by Alex Wilber (alexw@contoso.com)". */
  readonly asked: string;
  readonly requestId: string;
  /** The entry's Details button: its request and user. */
  readonly details: { readonly requestId: string; readonly targetId?: string; readonly name?: number };
}

/** The listing's filters and position, carried by the card's buttons. */
/**
 * Every key an audit button's `data` may carry: the listing's filters and position, and for Details the
 * entry it is about. None of it carries authority: the server decides what to show on fresh roles (README,
 * "Card actions").
 */
export const AUDIT_DATA_KEYS: readonly string[] = [
  'user',
  'by',
  'since',
  'until',
  'lang',
  'cursor',
  'page',
  'shown',
  'requestId',
  'targetId',
  'name',
];

export interface AuditListing {
  readonly user?: string;
  readonly by?: string;
  readonly since?: string;
  readonly until?: string;
  /** Where this page started (none for the newest). */
  readonly page?: string;
  /** Where the next page starts, when there may be one. */
  readonly next?: string;
}

/** The audit card's view-model. */
export interface AuditView {
  readonly locale: Locale;
  readonly entries: readonly AuditEntryView[];
  readonly listing: AuditListing;
  /** The filters in words ("User: alice", "From 20 Nov 2026, 00:00 UTC"). */
  readonly filterLines: readonly string[];
  /** Position of the first entry on this page (1 for the newest). */
  readonly firstIndex: number;
  /** True when the reader sees only entries about users their role may reset. */
  readonly scoped: boolean;
}

/** Entries one card shows; Teams cards stay far below their 28 KB limit with ten. */
export const AUDIT_PAGE_SIZE = 10;

/** Builds the audit card. */
export function auditCard(view: AuditView): object {
  const { locale, listing } = view;
  const body: CardElement[] = [heading(t(locale, 'audit.title'))];
  const lines = view.filterLines.length > 0 ? view.filterLines : [t(locale, 'audit.filter.none')];
  for (const line of lines) body.push(text(line, { size: 'small', spacing: 'none' }));
  if (view.scoped)
    body.push(text(t(locale, 'audit.scope.reach'), { size: 'small', isSubtle: true, spacing: 'none' }));

  if (view.entries.length === 0) {
    body.push(text(t(locale, 'audit.empty'), { isSubtle: true, spacing: 'medium' }));
  }
  const base = listingData(locale, listing);
  const shown = view.firstIndex - 1;
  for (const entry of view.entries)
    body.push(entryBlock(locale, entry, { ...base, page: listing.page, shown }));

  body.push(
    small(
      view.entries.length === 0
        ? t(locale, 'audit.page.empty')
        : view.entries.length === 1
          ? t(locale, 'audit.page.one', { from: view.firstIndex })
          : t(locale, 'audit.page', { from: view.firstIndex, to: view.firstIndex + view.entries.length - 1 }),
    ),
  );
  const actions: CardElement[] = [];
  if (listing.next)
    actions.push(
      execute(Verbs.auditMore, t(locale, 'audit.more'), {
        ...base,
        cursor: listing.next,
        shown: shown + view.entries.length,
      }),
    );
  if (listing.page) actions.push(execute(Verbs.auditMore, t(locale, 'audit.newest'), base));
  actions.push(execute(Verbs.auditExport, t(locale, 'audit.export'), base));
  return adaptiveCard(body, actions);
}

/** What a listing's buttons carry: its filters and the reader's language. */
function listingData(
  locale: Locale,
  listing: Pick<AuditListing, 'user' | 'by' | 'since' | 'until'>,
): AuditActionData {
  return { user: listing.user, by: listing.by, since: listing.since, until: listing.until, lang: locale };
}

/** An entry's lines under its user, in the list and on its details: the outcome, who asked and when, the id. */
export function entryLines(locale: Locale, entry: AuditEntryView): CardElement[] {
  return [
    text(entry.outcome, { color: entry.tone, spacing: 'small' }),
    text(entry.asked, { size: 'small', isSubtle: true, spacing: 'none' }),
    text(t(locale, 'common.requestId', { id: entry.requestId }), {
      size: 'small',
      isSubtle: true,
      spacing: 'none',
    }),
  ];
}

function entryBlock(locale: Locale, entry: AuditEntryView, listing: AuditActionData): CardElement {
  const who: CardElement[] = [text(entry.userName, { weight: 'bolder' })];
  if (entry.userUpn) who.push(text(entry.userUpn, { size: 'small', isSubtle: true, spacing: 'none' }));
  return container(
    [
      {
        type: 'ColumnSet',
        spacing: 'none',
        columns: [
          { type: 'Column', width: 'stretch', items: who },
          {
            type: 'Column',
            width: 'auto',
            verticalContentAlignment: 'center',
            items: [
              actionSet([
                execute(Verbs.auditDetails, t(locale, 'audit.details'), {
                  ...listing,
                  requestId: entry.details.requestId,
                  targetId: entry.details.targetId,
                  name: entry.details.name,
                }),
              ]),
            ],
          },
        ],
      },
      ...entryLines(locale, entry),
    ],
    { separator: true, spacing: 'medium' },
  );
}

/** Several users match a name the admin filtered on: one button per user, each showing that user's entries. */
export function auditChoiceCard(view: {
  locale: Locale;
  name: string;
  listing: AuditListing;
  /** Which filter the name was for. */
  field: 'user' | 'by';
  candidates: readonly { readonly displayName: string; readonly userPrincipalName: string }[];
}): object {
  const { locale, listing } = view;
  return adaptiveCard([
    heading(t(locale, 'audit.choose.title', { name: view.name })),
    text(t(locale, 'audit.choose.text')),
    actionSet(
      view.candidates.map((candidate) =>
        execute(
          Verbs.auditMore,
          t(locale, 'choice.option', { name: candidate.displayName, upn: candidate.userPrincipalName }),
          { ...listingData(locale, listing), [view.field]: candidate.userPrincipalName },
        ),
      ),
      { spacing: 'medium' },
    ),
  ]);
}
