/**
 * The Teams activity handler: turns messages and card actions into use-case calls and their results into
 * Teams messages, invoke answers and card updates. The only botbuilder-aware code besides the adapter.
 */
import { randomUUID } from 'node:crypto';
import { ActivityHandler, CardFactory, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { BackgroundWork } from '../backgroundWork';
import {
  helpCard,
  messageCard,
  ranSuggestionCard,
  searchFormCard,
  suggestionCard,
  typedPasswordCard,
  unknownCard,
  Verbs,
} from '../cards';
import { AppError, ErrorCodes, missingPermissionOf, toAppError } from '../errors';
import { errorText, t, type Locale } from '../i18n';
import { decideApproval } from '../reset/approval';
import { auditFromCard, auditFromCommand } from '../reset/auditQuery';
import { parseCommand, type Command } from '../reset/commands';
import type { ResetDeps } from '../reset/deps';
import { cancelReset, refreshCard, resendMail } from '../reset/otherActions';
import { searchFromCard } from '../reset/search';
import { startReset } from '../reset/startReset';
import { submitReset } from '../reset/submitReset';
import { submitTap } from '../reset/submitTap';
import type {
  Actor,
  CardAction,
  Continuation,
  ConversationInfo,
  InvokeResult,
  OutgoingCard,
} from '../reset/types';
import {
  actorOf,
  activityLocale,
  cardActionOf,
  commandTextOf,
  conversationOf,
  isWellFormed,
  timeZoneOf,
} from './activity';
import { toInvokeResponse } from './invokeResponse';

/** Everything the bot needs, injected by the composition root. */
export interface BotOptions {
  readonly deps: ResetDeps;
  readonly background: BackgroundWork;
}

/**
 * Commands whose answer waits on Graph or storage show Teams' typing indicator meanwhile; the others are
 * answered at once, and an indicator would only be one more activity against Teams' per-conversation
 * limits and one more Bot Connector round trip.
 */
function looksUp(command: Command): boolean {
  return command.kind === 'reset' || command.kind === 'tap' || command.kind === 'audit';
}

/** Teams shows a typing indicator for about three seconds; a slow lookup renews it. */
const TYPING_EVERY_MS = 2_500;

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

  /**
   * Card actions arrive as `adaptiveCard/action` invokes; other invokes this bot does not serve get a 400.
   * Teams waits for the answer, so work left running in the background waits for it (backgroundWork.ts).
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    return this.options.background.foreground(() => this.answerInvoke(context));
  }

  private async answerInvoke(context: TurnContext): Promise<InvokeResponse> {
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
      if (result.continuation) {
        this.options.background.run(`${action.verb} ${action.requestId ?? ''}`, result.continuation);
      }
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
      case Verbs.tapSubmit:
        return submitTap(deps, actor, action, correlationId);
      case Verbs.cancel:
        return cancelReset(deps, actor, action, correlationId);
      case Verbs.resendMail:
        return resendMail(deps, actor, action, correlationId);
      case Verbs.refresh:
        return refreshCard(deps, actor, action);
      case Verbs.search:
        return searchFromCard(deps, actor, action, conversationOf(context.activity), correlationId);
      case Verbs.run:
        return this.runSuggestion(context, actor, action, correlationId);
      case Verbs.approve:
        return decideApproval(deps, actor, action, 'approve', correlationId);
      case Verbs.decline:
        return decideApproval(deps, actor, action, 'decline', correlationId);
      case Verbs.auditMore:
      case Verbs.auditDetails:
      case Verbs.auditExport:
        return auditFromCard(
          deps,
          { actor, conversation: conversationOf(context.activity), correlationId },
          action,
        );
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

  /**
   * `reset.run`, a "Did you mean" button: the command in its data runs as if the person who pressed it had
   * typed it (same parser, same checks; nothing in the data is trusted more than typed text). The invoke
   * is answered at once with the card saying what ran; the command's own cards follow as new messages.
   */
  private runSuggestion(
    context: TurnContext,
    actor: Actor,
    action: CardAction,
    correlationId: string,
  ): InvokeResult {
    const text = typeof action.inputs.command === 'string' ? action.inputs.command.slice(0, 4000) : '';
    const command = parseCommand(text);
    const locale: Locale = command.locale ?? action.locale;
    if (command.kind === 'suggestion' || command.kind === 'unknown')
      return { answer: { kind: 'card', card: unknownCard(locale) } };
    // The card must not repeat a command that may hold a password.
    if (command.kind === 'password-in-command')
      return { answer: { kind: 'card', card: typedPasswordCard(locale) } };
    const conversation = conversationOf(context.activity);
    const timeZone = (): string => timeZoneOf(context.activity);
    return {
      answer: { kind: 'card', card: ranSuggestionCard({ locale, command: text.trim() }) },
      continuation: async () => {
        const reply = await this.cardsFor(
          command,
          actor,
          conversation,
          locale,
          correlationId,
          timeZone,
        ).catch((error: unknown): Reply => ({
          cards: [{ card: this.failureCard(locale, error, correlationId) }],
        }));
        await this.options.deps.cards.post(conversation.reference, reply.cards);
        await reply.continuation?.();
      },
    };
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
      const answer = () =>
        this.cardsFor(
          command,
          actor,
          conversationOf(context.activity),
          locale,
          correlationId,
          // Only the audit reads the client's time zone ("today"); nothing else pays for it.
          () => timeZoneOf(context.activity),
        );
      const reply = looksUp(command) ? await this.whileTyping(context, answer) : await answer();
      await this.sendCards(context, reply.cards);
      // Work that tells its outcome later (an audit export) starts once the first answer is out.
      if (reply.continuation)
        this.options.background.run(`${command.kind} ${correlationId}`, reply.continuation);
    } catch (error) {
      await this.sendCards(context, [{ card: this.failureCard(locale, error, correlationId) }]);
    }
  }

  /** The cards that answer a command, typed or run from a "Did you mean" button, and any work after them. */
  private async cardsFor(
    command: Command,
    actor: Actor,
    conversation: ConversationInfo,
    locale: Locale,
    correlationId: string,
    timeZone: () => string,
  ): Promise<Reply> {
    const { deps } = this.options;
    const cards = (list: OutgoingCard[]): Reply => ({ cards: list });
    switch (command.kind) {
      case 'reset':
      case 'tap':
        return cards(
          await startReset(deps, {
            actor,
            conversation,
            locale,
            queries: command.targets,
            correlationId,
            ...(command.kind === 'tap' ? { kind: 'tap' as const } : {}),
          }),
        );
      case 'audit': {
        const { kind: _kind, locale: _locale, ...filters } = command;
        return auditFromCommand(deps, { actor, conversation, locale, correlationId }, filters, timeZone());
      }
      case 'form':
        return cards([{ card: searchFormCard({ locale }) }]);
      case 'password-in-command':
        // Nothing of the message is used, logged or repeated: it may hold a password.
        return cards([{ card: typedPasswordCard(locale) }]);
      case 'help':
        return cards([{ card: helpCard(locale) }]);
      case 'suggestion':
        return cards([{ card: suggestionCard({ locale: command.locale, command: command.command }) }]);
      case 'unknown':
        // The full help answers "help" only; anything else gets one line that says how to get it.
        return cards([{ card: unknownCard(locale) }]);
    }
  }

  /** Posts cards. (A request's card is replaced later where its submit came from.) */
  private async sendCards(context: TurnContext, cards: readonly OutgoingCard[]): Promise<void> {
    for (const outgoing of cards) {
      await context.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(outgoing.card)] });
    }
  }

  /** Shows Teams' typing indicator while `work` looks things up. */
  private async whileTyping<T>(context: TurnContext, work: () => Promise<T>): Promise<T> {
    const typing = (): void => {
      context.sendActivity({ type: 'typing' }).catch(() => undefined);
    };
    typing();
    const timer = setInterval(typing, TYPING_EVERY_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Only the configured tenant is served (TENANT_ID in the README's configuration table). */
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

  /**
   * A failure the user can act on: our own codes get their text, anything else a generic one with the id.
   * A missing Graph permission is named on the card in short and in the log for the operator.
   */
  private failureCard(locale: Locale, error: unknown, correlationId: string): object {
    const failure = toAppError(error);
    const permission = missingPermissionOf(failure);
    const level = failure.code === ErrorCodes.INTERNAL ? 'error' : 'warn';
    this.options.deps.logger[level](
      { code: failure.code, correlationId, err: failure, ...(permission ? { permission } : {}) },
      permission ? `turn failed: the app needs ${permission}` : 'turn failed',
    );
    return messageCard({
      locale,
      title: t(locale, 'error.title'),
      text: errorText(locale, failure.code, permission ? { permission } : undefined),
      tone: 'attention',
      reference: correlationId,
    });
  }
}

/** What a command answers: cards now, and work that tells its outcome later. */
interface Reply {
  readonly cards: OutgoingCard[];
  readonly continuation?: Continuation;
}
