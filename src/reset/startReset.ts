/**
 * "reset password for alice[, bob and carol]": who asks, whom they name, and whether they may — in two
 * Graph round trips: the requester's profile with every name's search, then the profiles of the users
 * found (with the rest of the requester's, when roles held through groups were not read yet). The
 * request is stored with the records of how it was opened, refusals included, in one write; its form
 * goes back to the chat.
 */
import { randomBytes } from 'node:crypto';
import { choiceCard, messageCard } from '../cards';
import { ErrorCodes, type ErrorCode } from '../errors';
import { errorText, t, type Locale } from '../i18n';
import type { DirectoryUser, SecurityProfile } from '../policy/profile';
import { suggestRecipients } from '../policy/recipients';
import { reachOf } from '../policy/auditScope';
import { MAX_TARGETS } from './commands';
import { MAX_NAME_LENGTH, overlongName } from './names';
import { markForApproval } from './approvalGate';
import type { ResetDeps } from './deps';
import {
  kindOf,
  type AuditEvent,
  type NameChoice,
  type RequestKind,
  type RequestTarget,
  type ResetRequest,
} from './model';
import { policyOf } from './requestKinds';
import type { Versioned } from './ports';
import { requestEvent } from './requestEvents';
import { LAST_REFUSAL_NOTE, refusalRecording } from './refusalBudget';
import type { Actor, ConversationInfo, OutgoingCard } from './types';
import { refusalCard, requesterCard, sharedCard } from './views';

/** Most candidates a choice card lists before asking for a more specific name. */
export const MAX_CANDIDATES = 10;
/** How much of a name that matched nobody the audit keeps. */
const QUERY_ECHO = 100;

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
  /** What the request does to each user (default: reset the password). */
  readonly kind?: RequestKind;
}

/** Opens a reset request, or explains why not. Returns the cards to post, in order. */
export async function startReset(deps: ResetDeps, input: StartInput): Promise<OutgoingCard[]> {
  const { locale, correlationId } = input;
  const kind = input.kind ?? 'password';
  const policy = policyOf(kind);
  const queries = dedupe(input.queries);
  if (queries.length === 0)
    return [{ card: refusalCard(locale, ErrorCodes.TARGET_NOT_FOUND, undefined, undefined, kind) }];
  if (queries.length > MAX_TARGETS) {
    return [
      {
        card: refusalCard(locale, ErrorCodes.TARGET_TOO_MANY, undefined, { max: String(MAX_TARGETS) }, kind),
      },
    ];
  }
  if (overlongName(queries)) {
    // No user can match: said before any Graph call (and before a URL Graph would refuse).
    const max = String(MAX_NAME_LENGTH);
    return [{ card: refusalCard(locale, ErrorCodes.TARGET_NAME_TOO_LONG, undefined, { max }, kind) }];
  }
  const options = { correlationId };

  // Round trip 1: the requester and every name.
  const found = await deps.directory.search(input.actor.aadObjectId, queries, MAX_CANDIDATES, options);
  let requester = found.requester;
  if (requester.groupRolesRead && policy.rolesOf(requester).length === 0) {
    return [await refuseRequester(deps, input, requester, queries)];
  }

  const resolved: DirectoryUser[] = [];
  const problems: { query: string; code: ErrorCode }[] = [];
  let ambiguous: { query: string; users: readonly DirectoryUser[] } | null = null;
  // In a list, a name that matches several users is chosen on the form, like a single name on its card.
  const choices: NameChoice[] = [];
  for (const result of found.results) {
    if (result.users.length === 0) problems.push({ query: result.query, code: ErrorCodes.TARGET_NOT_FOUND });
    else if (result.more) problems.push({ query: result.query, code: ErrorCodes.TARGET_TOO_MANY });
    else if (result.users.length > 1) {
      if (queries.length === 1) ambiguous = { query: result.query, users: result.users };
      // The pass form has no per-name choice: there the name is refused as ambiguous, and named.
      else if (kind === 'tap') problems.push({ query: result.query, code: ErrorCodes.TARGET_AMBIGUOUS });
      else choices.push({ query: result.query, candidates: result.users.map(candidateOf) });
    } else if (!resolved.some((user) => user.id === result.users[0]!.id)) resolved.push(result.users[0]!);
  }

  // Round trip 2: the users found, and the rest of the requester when it is still needed (and, for a
  // Temporary Access Pass, the tenant's policy).
  const profiles =
    resolved.length > 0 || !requester.groupRolesRead
      ? await deps.directory.readProfiles(
          {
            ...(requester.groupRolesRead ? {} : { requester: { id: requester.user.id, partial: requester } }),
            targets: resolved.map((user) => ({ id: user.id })),
            knownUsers: resolved,
            ...(kind === 'tap' && resolved.length > 0 ? { tapPolicy: true } : {}),
          },
          options,
        )
      : { targets: new Map<string, SecurityProfile>() };
  requester = profiles.requester ?? requester;
  if (policy.rolesOf(requester).length === 0) return [await refuseRequester(deps, input, requester, queries)];
  if (ambiguous) return [await choose(deps, input, requester, ambiguous.query, ambiguous.users)];
  if (kind === 'tap' && resolved.length > 0 && profiles.tapPolicy?.state !== 'enabled') {
    // Nobody can have a pass while the tenant's policy is off: said before any form, naming the setting.
    return [await refuseRequester(deps, input, requester, queries, ErrorCodes.TAP_POLICY_DISABLED)];
  }

  const request = newRequest(deps, input, requester);
  if (profiles.tapPolicy) request.tapPolicy = profiles.tapPolicy;
  // What was typed but matched nobody is repeated only to the requester: in a group chat or channel it
  // could be anything (a typo, a password), so there it is named by its position in the command.
  const shared = input.conversation.type !== 'personal';
  const refusals: { name: string; code: ErrorCode }[] = problems.map((p) => ({
    name: shared ? t(locale, 'refused.unresolvedName', { n: String(queries.indexOf(p.query) + 1) }) : p.query,
    code: p.code,
  }));
  for (const user of resolved) {
    const profile = profiles.targets.get(user.id);
    const decision: { allowed: true } | { allowed: false; reason: ErrorCode } = profile
      ? policy.decide(requester, profile)
      : { allowed: false, reason: ErrorCodes.TARGET_NOT_FOUND };
    const target = toTarget(profile?.user ?? user, requester.user);
    if (profile) target.reach = reachOf(profile);
    if (!decision.allowed) {
      target.state = 'refused';
      target.failureCode = decision.reason;
      refusals.push({ name: user.displayName, code: decision.reason });
    } else if (profile) {
      // Whether a second admin must approve: decided again, on fresh roles, when the request runs.
      markForApproval(target, profile, deps.settings);
    }
    request.targets.push(target);
  }
  if (choices.length > 0) request.choices = choices;
  if (problems.length > 0)
    request.unresolvedNames = problems.map((p) => ({ query: p.query.slice(0, QUERY_ECHO), code: p.code }));
  const allowed = request.targets.filter((target) => target.state !== 'refused');
  const opens = allowed.length > 0 || choices.length > 0;
  if (!opens) request.state = 'refused';
  request.failureCode = opens ? undefined : refusals[0]?.code;
  // A request that opens nothing is a refusal: recorded within the sender's budget (src/reset/refusalBudget.ts).
  const recording = opens ? 'record' : await refusalRecording(deps, input.actor.aadObjectId);
  if (recording !== 'skip') {
    const events = openingEvents(request, problems, correlationId);
    if (recording === 'record-last') events[0] = withNote(events[0]!, LAST_REFUSAL_NOTE);
    await deps.requests.create(request, events);
  }

  const cards: OutgoingCard[] = [];
  if (refusals.length > 0) cards.push({ card: refusalList(locale, refusals, queries.length > 1, kind) });
  if (!opens) return cards;
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
    await deps.requests.save(
      { ...existing.value, state: 'cancelled', updatedAt: deps.now().toISOString() },
      existing.etag,
    );
  }
  const kind = input.kind ?? (existing ? kindOf(existing.value) : undefined);
  const cards = await startReset(deps, {
    ...input,
    queries: input.queries.slice(0, 1),
    view: 'requester',
    ...(kind ? { kind } : {}),
  });
  return cards[cards.length - 1]!;
}

/**
 * A requester without a suitable role (or, for a pass, a tenant whose policy is off): the attempt is
 * stored as a refused request and told.
 */
async function refuseRequester(
  deps: ResetDeps,
  input: StartInput,
  requester: SecurityProfile,
  queries: readonly string[],
  code: ErrorCode = policyOf(input.kind ?? 'password').notAllowed,
): Promise<OutgoingCard> {
  const request: ResetRequest = {
    ...newRequest(deps, input, requester),
    state: 'refused',
    failureCode: code,
  };
  const why =
    code === ErrorCodes.TAP_POLICY_DISABLED
      ? "the tenant's Temporary Access Pass policy is disabled"
      : `requester holds no ${input.kind === 'tap' ? 'role that manages authentication methods' : 'resetting role'}`;
  const recording = await refusalRecording(deps, input.actor.aadObjectId);
  if (recording !== 'skip') {
    const event = requestEvent(request, 'refused', input.correlationId, undefined, {
      reasonCode: code,
      detail: `${why}; asked for ${queries.map((q) => q.slice(0, QUERY_ECHO)).join(', ')}`,
    });
    await deps.requests.create(request, [
      recording === 'record-last' ? withNote(event, LAST_REFUSAL_NOTE) : event,
    ]);
  }
  return { card: refusalCard(input.locale, code, undefined, undefined, input.kind ?? 'password') };
}

async function choose(
  deps: ResetDeps,
  input: StartInput,
  requester: SecurityProfile,
  query: string,
  candidates: readonly DirectoryUser[],
): Promise<OutgoingCard> {
  // A choice needs a request id for its Continue button, so an empty request holds the place (no record:
  // the request the choice leads to is the attempt on record).
  const request = newRequest(deps, input, requester);
  await deps.requests.create(request, []);
  return {
    card: choiceCard({
      locale: input.locale,
      requestId: request.id,
      ...(input.kind === 'tap' ? { kind: 'tap' as const } : {}),
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

function newRequest(deps: ResetDeps, input: StartInput, requester: SecurityProfile): ResetRequest {
  const now = deps.now();
  const user = requester.user;
  return {
    id: randomBytes(18).toString('base64url'),
    tenantId: input.actor.tenantId,
    requesterId: user.id,
    requesterName: user.displayName || input.actor.name,
    requesterUpn: user.mail ?? user.userPrincipalName,
    requesterTeamsId: input.actor.teamsUserId,
    requesterGroupIds: [...requester.roleAssignableGroupIds],
    locale: input.locale,
    conversationType: input.conversation.type,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.settings.requestTtlMs).toISOString(),
    state: 'open',
    targets: [],
    card: { conversationReference: input.conversation.reference, activityId: '' },
    ...(input.kind === 'tap' ? { kind: 'tap' as const } : {}),
  };
}

function candidateOf(user: DirectoryUser): NameChoice['candidates'][number] {
  return {
    userId: user.id,
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
  };
}

function toTarget(user: DirectoryUser, requester: DirectoryUser): RequestTarget {
  return {
    userId: user.id,
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    suggestedRecipients: suggestRecipients(user, requester, 5),
    state: 'pending',
  };
}

/** The records of how a request was opened: each user requested or refused, each name that found nobody. */
function openingEvents(
  request: ResetRequest,
  problems: readonly { query: string; code: ErrorCode }[],
  correlationId: string,
): AuditEvent[] {
  return [
    ...request.targets.map((target) =>
      requestEvent(
        request,
        target.state === 'refused' ? 'refused' : 'requested',
        correlationId,
        target,
        target.failureCode ? { reasonCode: target.failureCode } : {},
      ),
    ),
    ...problems.map((problem) =>
      requestEvent(request, 'refused', correlationId, undefined, {
        reasonCode: problem.code,
        detail: `name: ${problem.query.slice(0, QUERY_ECHO)}`,
      }),
    ),
    // A name to choose on the form: the users it may become (the one chosen is recorded at submit).
    ...(request.choices ?? []).map((choice) =>
      requestEvent(request, 'requested', correlationId, undefined, {
        detail: `several users match "${choice.query.slice(0, QUERY_ECHO)}": ${choice.candidates.map((c) => c.userPrincipalName).join(', ')}`,
      }),
    ),
  ];
}

function withNote(event: AuditEvent, note: string): AuditEvent {
  return { ...event, detail: event.detail ? `${event.detail}; ${note}` : note };
}

/** The refusals of one command; when several users were named, each line says whom it is about. */
function refusalList(
  locale: Locale,
  refusals: readonly { name: string; code: ErrorCode }[],
  severalNamed: boolean,
  kind: RequestKind,
): object {
  if (refusals.length === 1 && !severalNamed) {
    return refusalCard(locale, refusals[0]!.code, undefined, { name: refusals[0]!.name }, kind);
  }
  const lines = refusals.map((r) => `${r.name}: ${errorText(locale, r.code, { name: r.name })}`);
  return messageCard({
    locale,
    title: t(locale, kind === 'tap' ? 'tap.refused.title' : 'refused.title'),
    text: lines.join('\n\n'),
    tone: 'attention',
  });
}

function dedupe(queries: readonly string[]): string[] {
  const seen = new Set<string>();
  return queries
    .map((q) => q.trim())
    .filter((q) => q && !seen.has(q.toLowerCase()) && seen.add(q.toLowerCase()));
}
