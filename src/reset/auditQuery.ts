/**
 * The audit trail from Teams: `audit …` typed, and the audit card's buttons ("More", "Details",
 * "E-mail as CSV"). Every answer starts from the reader's fresh profile: only a holder of a resetting role
 * reads the trail, and only entries about users their roles may reset now (tenant-wide Global and
 * Privileged Authentication Administrators read all of it, src/policy/auditScope.ts). Listings come from the
 * audit index, a page at a time; nothing in a button's data is trusted beyond being a filter or a position.
 * Shown in personal chats only: a group chat or a channel would show the trail to everyone in it.
 */
import {
  auditCard,
  auditChoiceCard,
  auditDetailsCard,
  auditGoneCard,
  AUDIT_PAGE_SIZE,
  messageCard,
  typedPasswordCard,
  Verbs,
  type AuditActionData,
  type AuditListing,
} from '../cards';
import { AppError, ErrorCodes } from '../errors';
import { localeFromTag, t, type Locale } from '../i18n';
import { readsWholeTrail } from '../policy/auditScope';
import type { DirectoryUser, SecurityProfile } from '../policy/profile';
import { resettingRolesOf } from '../policy/whoCanReset';
import type { AuditFilters } from './auditCommand';
import { MAX_TARGETS, queryContainsTypedPassword } from './commands';
import { overlongName } from './names';
import { entryOf, type AuditEntry } from './auditEntry';
import { startExport } from './auditExport';
import { resolvePeriod } from './auditPeriod';
import {
  entryView,
  filterLines,
  entryQueryOf,
  readableBy,
  recordsOfEntry,
  stepView,
  type ResolvedListing,
} from './auditViews';
import type { ResetDeps } from './deps';
import type { Actor, CardAction, ConversationInfo, Continuation, InvokeResult, OutgoingCard } from './types';

/** Users a name is resolved among (a choice card offers at most these). */
const NAME_CANDIDATES = 10;

/** One audit turn: who asks, where, in which language. */
export interface AuditTurn {
  readonly actor: Actor;
  readonly conversation: ConversationInfo;
  readonly locale: Locale;
  readonly correlationId: string;
}

/** `audit …` as typed: the first page, a choice among users a name matches, or an export under way. */
export async function auditFromCommand(
  deps: ResetDeps,
  turn: AuditTurn,
  filters: AuditFilters,
  timeZone: string,
): Promise<{ cards: OutgoingCard[]; continuation?: Continuation }> {
  const { locale } = turn;
  if (turn.conversation.type !== 'personal') return { cards: [{ card: personalOnly(locale) }] };
  // A name that seems to hold a password is neither looked up nor repeated, as in a reset command.
  if ([filters.user, filters.by].some((name) => name !== undefined && queryContainsTypedPassword(name)))
    return { cards: [{ card: typedPasswordCard(locale) }] };
  // Names no user can have (longer than Entra allows) are used as typed: Graph would refuse the search.
  const names = [filters.user, filters.by].filter(
    (name): name is string => name !== undefined && !looksLikeUpnPrefix(name) && !overlongName([name]),
  );
  const { reader, found } = await readReader(deps, turn, names);
  const range = filters.period ? resolvePeriod(filters.period, deps.now(), timeZone) : {};
  const listing: ResolvedListing = { ...range };
  const resolved: { user?: string; by?: string } = {};
  for (const field of ['user', 'by'] as const) {
    const name = filters[field];
    if (!name) continue;
    const users = found.get(name);
    if (!users || users.length === 0) resolved[field] = name;
    else if (users.length === 1) resolved[field] = users[0]!.userPrincipalName;
    else {
      const card = auditChoiceCard({
        locale,
        name,
        field,
        listing: { ...listing, ...resolved },
        candidates: users.slice(0, NAME_CANDIDATES),
      });
      return { cards: [{ card }] };
    }
  }
  const full: ResolvedListing = { ...listing, ...resolved };
  if (filters.export) {
    const started = await startExport(deps, reader, full, locale, turn.conversation, turn.correlationId);
    return {
      cards: [
        {
          card: messageCard({
            locale,
            title: t(locale, 'audit.export.title'),
            text: started.text,
            tone: 'default',
          }),
        },
      ],
      continuation: started.continuation,
    };
  }
  return { cards: [{ card: await listingCard(deps, reader, full, locale, undefined, 0) }] };
}

/** The audit card's buttons: `audit.more`, `audit.details`, `audit.export`. */
export async function auditFromCard(
  deps: ResetDeps,
  turn: Omit<AuditTurn, 'locale'>,
  action: CardAction,
): Promise<InvokeResult> {
  const data = readActionData(action.inputs);
  const locale: Locale = data.lang ?? action.locale;
  if (turn.conversation.type !== 'personal')
    return { answer: { kind: 'message', text: t(locale, 'audit.personalOnly') } };
  const { reader } = await readReader(deps, { ...turn, locale }, []);
  const listing: ResolvedListing = {
    ...(data.user ? { user: data.user } : {}),
    ...(data.by ? { by: data.by } : {}),
    ...(data.since ? { since: data.since } : {}),
    ...(data.until ? { until: data.until } : {}),
  };
  switch (action.verb) {
    case Verbs.auditDetails: {
      const card = await detailsCard(
        deps,
        reader,
        action.requestId,
        data,
        listing,
        locale,
        turn.actor.tenantId,
      );
      return { answer: { kind: 'card', card } };
    }
    case Verbs.auditExport: {
      // A mail goes out: only a person's press starts one.
      if (action.trigger === 'automatic')
        return {
          answer: { kind: 'card', card: await listingCard(deps, reader, listing, locale, undefined, 0) },
        };
      const started = await startExport(deps, reader, listing, locale, turn.conversation, turn.correlationId);
      return { answer: { kind: 'message', text: started.text }, continuation: started.continuation };
    }
    default:
      return {
        answer: {
          kind: 'card',
          card: await listingCard(
            deps,
            reader,
            listing,
            locale,
            data.cursor,
            data.cursor ? (data.shown ?? 0) : 0,
          ),
        },
      };
  }
}

/** One page of the listing as a card. */
async function listingCard(
  deps: ResetDeps,
  reader: SecurityProfile,
  listing: ResolvedListing,
  locale: Locale,
  cursor: string | undefined,
  shown: number,
): Promise<object> {
  const page = await deps.audit.entries(entryQueryOf(listing, reader, { limit: AUDIT_PAGE_SIZE, cursor }));
  const now = deps.now();
  const cardListing: AuditListing = {
    ...listing,
    ...(cursor ? { page: cursor } : {}),
    ...(page.cursor ? { next: page.cursor } : {}),
  };
  return auditCard({
    locale,
    entries: page.entries.map((entry) => entryView(entry, locale, now)),
    listing: cardListing,
    filterLines: filterLines(listing, locale),
    firstIndex: shown + 1,
    scoped: !readsWholeTrail(reader),
  });
}

/** The steps of one entry, if the reader may read it. */
async function detailsCard(
  deps: ResetDeps,
  reader: SecurityProfile,
  requestId: string | null,
  data: AuditActionData,
  listing: ResolvedListing,
  locale: Locale,
  tenantId: string,
): Promise<object> {
  const back: AuditActionData = {
    ...listing,
    lang: locale,
    ...(data.page ? { cursor: data.page, shown: data.shown ?? 0 } : {}),
  };
  const stored =
    requestId && /^[A-Za-z0-9_-]{8,128}$/.test(requestId) ? await deps.requests.get(requestId) : null;
  const request = stored?.value;
  const target = data.targetId
    ? request?.targets.find((candidate) => candidate.userId.toLowerCase() === data.targetId!.toLowerCase())
    : undefined;
  const unresolved = data.name !== undefined ? request?.unresolvedNames?.[data.name] : undefined;
  const named = data.targetId
    ? target !== undefined
    : unresolved !== undefined || request?.targets.length === 0;
  const entry: AuditEntry | null =
    request && request.tenantId === tenantId && named ? entryOf(request, { target, unresolved }) : null;
  if (!entry || !readableBy(reader)(entry)) return auditGoneCard(locale, back);
  const records = recordsOfEntry(await deps.audit.history(entry.requestId), target?.userId);
  return auditDetailsCard({
    locale,
    entry: entryView(entry, locale, deps.now()),
    steps: records.map((record) => stepView(record, locale)),
    back,
  });
}

/**
 * The reader's fresh profile (with the users each name matches, read in the same round trip); refused
 * unless they hold an active resetting role.
 */
async function readReader(
  deps: ResetDeps,
  turn: AuditTurn,
  names: readonly string[],
): Promise<{ reader: SecurityProfile; found: Map<string, readonly DirectoryUser[]> }> {
  const options = { correlationId: turn.correlationId };
  const found = new Map<string, readonly DirectoryUser[]>();
  let reader: SecurityProfile | undefined;
  if (names.length > 0) {
    const searched = await deps.directory.search(turn.actor.aadObjectId, names, NAME_CANDIDATES, options);
    for (const result of searched.results) found.set(result.query, result.users);
    reader = searched.requester;
    if (!reader.groupRolesRead) {
      reader = (
        await deps.directory.readProfiles(
          { requester: { id: turn.actor.aadObjectId, partial: reader } },
          options,
        )
      ).requester;
    }
  } else {
    reader = (await deps.directory.readProfiles({ requester: { id: turn.actor.aadObjectId } }, options))
      .requester;
  }
  if (!reader || resettingRolesOf(reader).length === 0) {
    throw new AppError(ErrorCodes.REQUESTER_NOT_ADMIN, 'requester holds no active resetting role');
  }
  return { reader, found };
}

/** A name that can be the beginning of a UPN is used as one; anything else is looked up. */
function looksLikeUpnPrefix(name: string): boolean {
  return /^[A-Za-z0-9._%+'-]{1,113}(?:@[A-Za-z0-9.-]{0,255})?$/.test(name);
}

/** The data of an audit button, each field checked; anything else in it is ignored. */
function readActionData(inputs: Readonly<Record<string, unknown>>): AuditActionData {
  const text = (name: string, max: number): string | undefined => {
    const value = inputs[name];
    return typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim() : undefined;
  };
  const instant = (name: string): string | undefined => {
    const value = text(name, 40);
    const ms = value ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  };
  const shown = Number(inputs.shown);
  const name = typeof inputs.name === 'number' ? inputs.name : Number.NaN;
  const targetId = text('targetId', 64);
  const lang = text('lang', 5);
  const data: AuditActionData = {
    user: text('user', 320),
    by: text('by', 320),
    since: instant('since'),
    until: instant('until'),
    cursor: text('cursor', 600),
    page: text('page', 600),
    ...(Number.isInteger(shown) && shown >= 0 && shown <= 1_000_000 ? { shown } : {}),
    ...(targetId && /^[A-Za-z0-9-]+$/.test(targetId) ? { targetId } : {}),
    ...(Number.isInteger(name) && name >= 0 && name <= MAX_TARGETS ? { name } : {}),
    ...(lang ? { lang: localeFromTag(lang) } : {}),
  };
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
}

function personalOnly(locale: Locale): object {
  return messageCard({
    locale,
    title: t(locale, 'audit.title'),
    text: t(locale, 'audit.personalOnly'),
    tone: 'default',
  });
}
