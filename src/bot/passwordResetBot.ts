/**
 * The Teams activity handler: turns messages and card actions into use-case calls and their results into
 * Teams messages, invoke answers and card updates. The only botbuilder-aware code besides the adapter.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityHandler,
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { BackgroundWork } from '../backgroundWork';
import { helpCard, messageCard, searchFormCard, Verbs } from '../cards';
import { AppError, ErrorCodes, toAppError } from '../errors';
import { errorText, t, type Locale } from '../i18n';
import { auditForActor } from '../reset/auditQuery';
import { recordCardLocation } from '../reset/cardLocation';
import { parseCommand, queryContainsTypedPassword } from '../reset/commands';
import type { ResetDeps } from '../reset/deps';
import { cancelReset, refreshCard, resendMail } from '../reset/otherActions';
import { continueWithQuery, startReset } from '../reset/startReset';
import { submitReset } from '../reset/submitReset';
import type { Actor, CardAction, InvokeResult, OutgoingCard } from '../reset/types';
import {
  actorOf,
  activityLocale,
  cardActionOf,
  commandTextOf,
  conversationOf,
  isWellFormed,
} from './activity';
import { toInvokeResponse } from './invokeResponse';

/** Everything the bot needs, injected by the composition root. */
export interface BotOptions {
  readonly deps: ResetDeps;
  readonly adapter: CloudAdapter;
  readonly botAppId: string;
  readonly background: BackgroundWork;
}

/** The answer to a command that seems to carry a password: use the form's own option instead. */
function typedPasswordCard(locale: Locale): object {
  return messageCard({
    locale,
    title: t(locale, 'typedPassword.title'),
    text: t(locale, 'typedPassword.text', { option: t(locale, 'form.passwordMode.custom') }),
    tone: 'warning',
  });
}

/** The Password Reset bot. */
export class PasswordResetBot extends ActivityHandler {
  constructor(private readonly options: BotOptions) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const added: unknown = context.activity.membersAdded;
      const botAdded =
        Array.isArray(added) &&
        added.some((m: { id?: unknown } | null) => m?.id === context.activity.recipient?.id);
      if (botAdded && this.trusted(context))
        await this.sendCards(context, [{ card: helpCard(activityLocale(context.activity)) }]);
      await next();
    });
  }

  /** Activities without the shape a reply needs are dropped (an invoke gets a 400) before any turn logic. */
  override async run(context: TurnContext): Promise<void> {
    if (isWellFormed(context.activity)) return super.run(context);
    this.options.deps.logger.warn(
      { activityType: String(context.activity.type) },
      'malformed activity ignored',
    );
    if (context.activity.type === 'invoke') {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 400 } });
    }
  }

  /** Card actions arrive as `adaptiveCard/action` invokes; other invokes this bot does not serve get a 400. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') {
      const response = await super.onInvokeActivity(context);
      return response.status === 501 ? { status: 400 } : response;
    }
    const correlationId = context.activity.id ?? randomUUID();
    const action = cardActionOf(context.activity);
    const actor = actorOf(context.activity);
    const locale = action?.locale ?? activityLocale(context.activity);
    if (!action || !actor || !this.trusted(context)) {
      return toInvokeResponse({
        kind: 'error',
        status: 400,
        code: ErrorCodes.REQUEST_NOT_FOUND,
        text: errorText(locale, actor ? ErrorCodes.REQUEST_NOT_FOUND : ErrorCodes.REQUESTER_UNKNOWN),
      });
    }
    try {
      const result = await this.dispatchAction(context, actor, action, correlationId);
      this.startContinuation(context, result, action.requestId);
      return toInvokeResponse(result.answer);
    } catch (error) {
      return toInvokeResponse({ kind: 'card', card: this.failureCard(locale, error, correlationId) });
    }
  }

  private async dispatchAction(
    context: TurnContext,
    actor: Actor,
    action: CardAction,
    correlationId: string,
  ): Promise<InvokeResult> {
    const { deps } = this.options;
    switch (action.verb) {
      case Verbs.submit:
        return submitReset(deps, actor, action, correlationId);
      case Verbs.cancel:
        return cancelReset(deps, actor, action, correlationId);
      case Verbs.resendMail:
        return resendMail(deps, actor, action, correlationId);
      case Verbs.refresh:
        return refreshCard(deps, actor, action);
      case Verbs.search:
        return this.search(context, actor, action, correlationId);
      default:
        return {
          answer: {
            kind: 'error',
            status: 400,
            code: ErrorCodes.REQUEST_NOT_FOUND,
            text: errorText(action.locale, ErrorCodes.REQUEST_NOT_FOUND),
          },
        };
    }
  }

  /** `reset.search`: a channel form or a choice card; the answer replaces that card in place. */
  private async search(
    context: TurnContext,
    actor: Actor,
    action: CardAction,
    correlationId: string,
  ): Promise<InvokeResult> {
    const { deps } = this.options;
    const query = typeof action.inputs.query === 'string' ? action.inputs.query.trim().slice(0, 256) : '';
    if (action.trigger === 'automatic')
      return { answer: { kind: 'card', card: searchFormCard({ locale: action.locale }) } };
    if (queryContainsTypedPassword(query)) {
      return { answer: { kind: 'card', card: typedPasswordCard(action.locale) } };
    }
    if (!query) {
      return {
        answer: {
          kind: 'card',
          card: searchFormCard({
            locale: action.locale,
            error: errorText(action.locale, ErrorCodes.TARGET_NOT_FOUND),
          }),
        },
      };
    }
    const existing = action.requestId ? await deps.requests.get(action.requestId) : null;
    if (existing && existing.value.requesterId !== actor.aadObjectId) {
      return {
        answer: {
          kind: 'message',
          text: errorText(action.locale, ErrorCodes.REQUEST_NOT_YOURS, {
            name: existing.value.requesterName,
          }),
        },
      };
    }
    const outgoing = await continueWithQuery(deps, {
      actor,
      conversation: conversationOf(context.activity),
      locale: existing?.value.locale ?? action.locale,
      queries: [query],
      correlationId,
      existing,
    });
    const cardActivityId = context.activity.replyToId;
    if (outgoing.requestId && cardActivityId)
      await recordCardLocation(deps, outgoing.requestId, cardActivityId);
    return { answer: { kind: 'card', card: outgoing.card } };
  }

  /** Runs the work that follows an answered invoke, replacing the card through a proactive turn. */
  private startContinuation(context: TurnContext, result: InvokeResult, requestId: string | null): void {
    const { continuation } = result;
    if (!continuation) return;
    const reference = JSON.stringify(this.referenceOf(context));
    const fallbackActivityId = context.activity.replyToId ?? '';
    this.options.background.run(`continuation ${requestId ?? ''}`, () =>
      continuation(async (card) => {
        const stored = requestId ? await this.options.deps.requests.get(requestId) : null;
        const location = stored?.value.card;
        await this.replaceCard(
          location?.conversationReference || reference,
          location?.activityId || fallbackActivityId,
          card,
        );
      }),
    );
  }

  /** Replaces a card the bot posted earlier. */
  async replaceCard(serializedReference: string, activityId: string, card: object): Promise<void> {
    if (!activityId) return;
    const reference = JSON.parse(serializedReference) as ConversationReference;
    await this.options.adapter.continueConversationAsync(this.options.botAppId, reference, async (turn) => {
      await turn.updateActivity({
        type: 'message',
        id: activityId,
        conversation: reference.conversation,
        attachments: [CardFactory.adaptiveCard(card)],
      });
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const correlationId = context.activity.id ?? randomUUID();
    const command = parseCommand(commandTextOf(context.activity));
    const locale: Locale = command.locale ?? activityLocale(context.activity);
    const actor = actorOf(context.activity);
    if (!this.trusted(context) || !actor) {
      await this.sendCards(context, [
        { card: this.messageFor(locale, actor ? ErrorCodes.WRONG_TENANT : ErrorCodes.REQUESTER_UNKNOWN) },
      ]);
      return;
    }
    try {
      const { deps } = this.options;
      switch (command.kind) {
        case 'reset':
          await this.sendCards(
            context,
            await startReset(deps, {
              actor,
              conversation: conversationOf(context.activity),
              locale,
              queries: command.targets,
              correlationId,
            }),
          );
          return;
        case 'audit':
          await this.sendCards(context, [
            { card: await auditForActor(deps, actor, locale, command.user, correlationId) },
          ]);
          return;
        case 'form':
          await this.sendCards(context, [{ card: searchFormCard({ locale }) }]);
          return;
        case 'password-in-command':
          // Nothing of the message is used, logged or repeated: it may hold a password.
          await this.sendCards(context, [{ card: typedPasswordCard(locale) }]);
          return;
        case 'help':
        case 'unknown':
          await this.sendCards(context, [{ card: helpCard(locale) }]);
          return;
      }
    } catch (error) {
      await this.sendCards(context, [{ card: this.failureCard(locale, error, correlationId) }]);
    }
  }

  /** Posts cards; for a request's card, remembers where it landed so it can be replaced later. */
  private async sendCards(context: TurnContext, cards: readonly OutgoingCard[]): Promise<void> {
    for (const outgoing of cards) {
      const sent = await context.sendActivity({
        type: 'message',
        attachments: [CardFactory.adaptiveCard(outgoing.card)],
      });
      if (outgoing.requestId && sent?.id)
        await recordCardLocation(this.options.deps, outgoing.requestId, sent.id);
    }
  }

  /** Only the configured tenant is served (DESIGN §5 rule 5). */
  private trusted(context: TurnContext): boolean {
    const actor = actorOf(context.activity);
    return Boolean(
      actor && actor.tenantId && actor.tenantId === this.options.deps.settings.tenantId.toLowerCase(),
    );
  }

  private messageFor(locale: Locale, code: string): object {
    return messageCard({
      locale,
      title: t(locale, 'refused.title'),
      text: errorText(locale, code as AppError['code']),
      tone: 'attention',
    });
  }

  /** A failure the user can act on: our own codes get their text, anything else a generic one with the id. */
  private failureCard(locale: Locale, error: unknown, correlationId: string): object {
    const failure = toAppError(error);
    const level = failure.code === ErrorCodes.INTERNAL ? 'error' : 'warn';
    this.options.deps.logger[level]({ code: failure.code, correlationId, err: failure }, 'turn failed');
    return messageCard({
      locale,
      title: t(locale, 'error.title'),
      text: errorText(locale, failure.code),
      tone: 'attention',
      requestId: correlationId,
    });
  }

  private referenceOf(context: TurnContext): Partial<ConversationReference> {
    return JSON.parse(conversationOf(context.activity).reference) as Partial<ConversationReference>;
  }
}
