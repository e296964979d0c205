/**
 * "reset password for alice[, bob and carol]": identify the requester, find and authorize each target,
 * and open a request whose form goes back to the chat. Refusals are audited before they are shown.
 */
import { randomBytes } from 'node:crypto';
import { choiceCard, messageCard } from '../cards';
import type { DirectoryUser, SecurityProfile } from '../directory/port';
import { AppError, ErrorCodes, type ErrorCode } from '../errors';
import { errorText, t, type Locale } from '../i18n';
import { suggestRecipients } from '../policy/recipients';
import { MAX_TARGETS } from './commands';
import type { ResetRequest, RequestTarget, Versioned } from '../storage/ports';
import { authorizeTarget, loadRequester } from './authorize';
import type { ResetDeps } from './deps';
import type { Actor, ConversationInfo, OutgoingCard } from './types';
import { refusalCard, requesterCard, sharedCard } from './views';

/** Most candidates a choice card lists before asking for a more specific name. */
export const MAX_CANDIDATES = 10;

/** One turn's input. */
export interface StartInput {
  readonly actor: Actor;
  readonly conversation: ConversationInfo;
  readonly locale: Locale;
  readonly queries: readonly string[];
  readonly correlationId: string;
  /**
   * Which card a new request answers with: the shared one (a new message everyone sees) or the
   * requester's own view (an invoke answer only the requester's client shows, e.g. a search).
   */
  readonly view?: 'shared' | 'requester';
}

/** Opens a reset request, or explains why not. Returns the cards to post, in order. */
export async function startReset(deps: ResetDeps, input: StartInput): Promise<OutgoingCard[]> {
  const { locale, correlationId } = input;
  const queries = dedupe(input.queries);
  if (queries.length === 0) return [{ card: refusalCard(locale, ErrorCodes.TARGET_NOT_FOUND) }];
  if (queries.length > MAX_TARGETS) {
    return [
      { card: refusalCard(locale, ErrorCodes.TARGET_TOO_MANY, undefined, { max: String(MAX_TARGETS) }) },
    ];
  }

  const requester = await requesterOrRefusal(deps, input);
  if ('card' in requester) return [requester];

  const resolved: DirectoryUser[] = [];
  const problems: { query: string; code: ErrorCode }[] = [];
  for (const query of queries) {
    const found = await deps.directory.findUsers(query, MAX_CANDIDATES, { correlationId });
    if (found.users.length === 0) problems.push({ query, code: ErrorCodes.TARGET_NOT_FOUND });
    else if (found.more) problems.push({ query, code: ErrorCodes.TARGET_TOO_MANY });
    else if (found.users.length > 1) {
      if (queries.length === 1) return [await choose(deps, input, requester, query, found.users)];
      problems.push({ query, code: ErrorCodes.TARGET_AMBIGUOUS });
    } else if (!resolved.some((user) => user.id === found.users[0].id)) resolved.push(found.users[0]);
  }

  const request = newRequest(deps, input, requester.user);
  // What was typed but matched nobody is repeated only to the requester: in a group chat or channel it
  // could be anything (a typo, a password), so there it is named by its position in the command.
  const shared = input.conversation.type !== 'personal';
  const refusals: { name: string; code: ErrorCode }[] = problems.map((p) => ({
    name: shared ? t(locale, 'refused.unresolvedName', { n: String(queries.indexOf(p.query) + 1) }) : p.query,
    code: p.code,
  }));
  for (const user of resolved) {
    const decision = await authorizeTarget(deps, requester, user.id, { correlationId });
    if (!decision.allowed) {
      await audit(deps, request, correlationId, 'refused', user, decision.reason);
      refusals.push({ name: user.displayName, code: decision.reason });
      continue;
    }
    request.targets.push(toTarget(decision.profile, requester.user));
  }

  const cards: OutgoingCard[] = [];
  if (refusals.length > 0) cards.push({ card: refusalList(locale, refusals, queries.length > 1) });
  if (request.targets.length === 0) return cards;

  for (const target of request.targets) await audit(deps, request, correlationId, 'requested', target);
  await deps.requests.create(request);
  const card =
    input.view === 'requester'
      ? requesterCard(request, deps.settings)
      : sharedCard(request, deps.settings, deps.now());
  cards.push({ card, requestId: request.id });
  return cards;
}

/**
 * Continues after a choice card or a channel search form (`reset.search`): the answer replaces the card
 * in place. A placeholder request left by a choice card is closed so it cannot be used again.
 */
export async function continueWithQuery(
  deps: ResetDeps,
  input: StartInput & { existing: Versioned<ResetRequest> | null },
): Promise<OutgoingCard> {
  const { existing } = input;
  if (existing && existing.value.state === 'open' && existing.value.targets.length === 0) {
    await deps.requests.update(
      { ...existing.value, state: 'cancelled', updatedAt: deps.now().toISOString() },
      existing.etag,
    );
  }
  const cards = await startReset(deps, { ...input, queries: input.queries.slice(0, 1), view: 'requester' });
  return cards[cards.length - 1];
}

async function requesterOrRefusal(
  deps: ResetDeps,
  input: StartInput,
): Promise<SecurityProfile | OutgoingCard> {
  try {
    return await loadRequester(deps, input.actor.aadObjectId, { correlationId: input.correlationId });
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCodes.REQUESTER_NOT_ADMIN) {
      await deps.audit.append({
        action: 'refused',
        requestId: '-',
        correlationId: input.correlationId,
        requesterId: input.actor.aadObjectId,
        requesterUpn: '',
        reasonCode: error.code,
        detail: 'requester holds no resetting role',
      });
      return { card: refusalCard(input.locale, error.code) };
    }
    throw error;
  }
}

async function choose(
  deps: ResetDeps,
  input: StartInput,
  requester: SecurityProfile,
  query: string,
  candidates: readonly DirectoryUser[],
): Promise<OutgoingCard> {
  // A choice needs a request id for its Continue button, so an empty request holds the place.
  const request = newRequest(deps, input, requester.user);
  await deps.requests.create(request);
  return {
    card: choiceCard({
      locale: input.locale,
      requestId: request.id,
      query,
      candidates: candidates.map((user) => ({
        displayName: user.displayName,
        userPrincipalName: user.userPrincipalName,
        mail: user.mail,
      })),
    }),
    requestId: request.id,
  };
}

function newRequest(deps: ResetDeps, input: StartInput, requester: DirectoryUser): ResetRequest {
  const now = deps.now();
  return {
    id: randomBytes(18).toString('base64url'),
    tenantId: input.actor.tenantId,
    requesterId: requester.id,
    requesterName: requester.displayName || input.actor.name,
    requesterUpn: requester.mail ?? requester.userPrincipalName,
    requesterTeamsId: input.actor.teamsUserId,
    locale: input.locale,
    conversationType: input.conversation.type,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.settings.requestTtlMs).toISOString(),
    state: 'open',
    targets: [],
    card: { conversationReference: input.conversation.reference, activityId: '' },
  };
}

function toTarget(profile: SecurityProfile, requester: DirectoryUser): RequestTarget {
  return {
    userId: profile.user.id,
    displayName: profile.user.displayName,
    userPrincipalName: profile.user.userPrincipalName,
    accountEnabled: profile.user.accountEnabled,
    suggestedRecipients: suggestRecipients(profile.user, requester, 5),
    state: 'pending',
  };
}

/** The refusals of one command; when several users were named, each line says whom it is about. */
function refusalList(
  locale: Locale,
  refusals: readonly { name: string; code: ErrorCode }[],
  severalNamed: boolean,
): object {
  if (refusals.length === 1 && !severalNamed) {
    return refusalCard(locale, refusals[0].code, undefined, { name: refusals[0].name });
  }
  const lines = refusals.map((r) => `${r.name}: ${errorText(locale, r.code, { name: r.name })}`);
  return messageCard({
    locale,
    title: t(locale, 'refused.title'),
    text: lines.join('\n\n'),
    tone: 'attention',
  });
}

async function audit(
  deps: ResetDeps,
  request: ResetRequest,
  correlationId: string,
  action: 'refused' | 'requested',
  target: { id?: string; userId?: string; userPrincipalName: string },
  reasonCode?: string,
): Promise<void> {
  await deps.audit.append({
    action,
    requestId: request.id,
    correlationId,
    requesterId: request.requesterId,
    requesterUpn: request.requesterUpn,
    targetId: target.userId ?? target.id,
    targetUpn: target.userPrincipalName,
    ...(reasonCode ? { reasonCode } : {}),
  });
}

function dedupe(queries: readonly string[]): string[] {
  const seen = new Set<string>();
  return queries
    .map((q) => q.trim())
    .filter((q) => q && !seen.has(q.toLowerCase()) && seen.add(q.toLowerCase()));
}
