/**
 * The use cases' view of a Teams turn, free of botbuilder types: who acts, where, and what the bot layer
 * should send or answer.
 */
import type { Locale } from '../i18n';
import type { CardLocation } from './model';

/** The person behind an activity, as Teams identifies them. */
export interface Actor {
  readonly aadObjectId: string;
  /** The Teams user id (`from.id`, "29:…"): what `refresh.userIds` of a user-specific view names. */
  readonly teamsUserId: string;
  readonly name: string;
  readonly tenantId: string;
}

/** Where a conversation happens. */
export interface ConversationInfo {
  readonly type: 'personal' | 'groupChat' | 'channel';
  /** Serialized botbuilder ConversationReference, stored so the card can be replaced later. */
  readonly reference: string;
}

/** A card to post as a new message; `requestId` names the request a form belongs to (its buttons carry it too). */
export interface OutgoingCard {
  readonly card: object;
  readonly requestId?: string;
}

/** What an Action.Execute invoke answers at once. */
export type InvokeAnswer =
  | { readonly kind: 'card'; readonly card: object }
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly text: string };

/** Work that goes on after the invoke was answered (it replaces the card through the CardPort). */
export type Continuation = () => Promise<void>;

/** The result of an invoke: the immediate answer and optional follow-up work. */
export interface InvokeResult {
  readonly answer: InvokeAnswer;
  readonly continuation?: Continuation;
}

/** An Action.Execute as the use cases see it. */
export interface CardAction {
  readonly verb: string;
  readonly requestId: string | null;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** 'automatic' for refreshes Teams triggers on its own: such actions never change anything. */
  readonly trigger: 'manual' | 'automatic';
  readonly locale: Locale;
  /** Where the card that carried the action lives (so the work after the answer can replace it). */
  readonly card?: CardLocation;
}

/** Cards outside a turn (implemented by the bot layer on Teams). */
export interface CardPort {
  /** Replaces a card the bot posted earlier. */
  replace(location: CardLocation, card: object): Promise<void>;
  /** Posts new cards into a conversation (its serialized reference). */
  post(conversationReference: string, cards: readonly OutgoingCard[]): Promise<void>;
  /**
   * Posts one card and says where it landed, so it can be replaced later. With `channelId`, the card is
   * a new post in that Teams channel of the same tenant, reached through the service of the conversation
   * named (the app must be installed in the channel's team); otherwise it goes into that conversation.
   */
  postCard(
    conversationReference: string,
    card: object,
    options?: { channelId?: string },
  ): Promise<CardLocation>;
}
