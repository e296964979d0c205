/**
 * The CardPort on Teams: replaces a card the bot posted earlier, or posts new ones, through a proactive
 * turn on the stored conversation reference (Teams gives up on an invoke after about 15 s, so outcomes
 * arrive this way).
 */
import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { AppError, ErrorCodes } from '../errors';
import type { CardLocation } from '../reset/model';
import type { CardPort, OutgoingCard } from '../reset/types';

/** Replaces cards through the adapter. */
export class TeamsCards implements CardPort {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
  ) {}

  async replace(location: CardLocation, card: object): Promise<void> {
    if (!location.activityId) return;
    const reference = JSON.parse(location.conversationReference) as ConversationReference;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (turn) => {
      await turn.updateActivity({
        type: 'message',
        id: location.activityId,
        conversation: reference.conversation,
        attachments: [CardFactory.adaptiveCard(card)],
      });
    });
  }

  async postCard(
    conversationReference: string,
    card: object,
    options: { channelId?: string } = {},
  ): Promise<CardLocation> {
    const from = JSON.parse(conversationReference) as ConversationReference;
    const reference = options.channelId ? channelReference(from, options.channelId) : from;
    let activityId = '';
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (turn) => {
      const sent = await turn.sendActivity({
        type: 'message',
        attachments: [CardFactory.adaptiveCard(card)],
      });
      activityId = sent?.id ?? '';
    });
    if (!activityId) throw new AppError(ErrorCodes.INTERNAL, 'the connector gave the posted card no id');
    return { conversationReference: JSON.stringify(reference), activityId };
  }

  async post(conversationReference: string, cards: readonly OutgoingCard[]): Promise<void> {
    const reference = JSON.parse(conversationReference) as ConversationReference;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (turn) => {
      for (const outgoing of cards) {
        await turn.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(outgoing.card)] });
      }
    });
  }
}

/**
 * A reference to a Teams channel of the tenant `from` belongs to. Sending to a conversation whose id is
 * the channel's id starts a new post in that channel (Bot Connector "Send to conversation"); the service
 * URL is the tenant's, the same for its chats and channels.
 */
function channelReference(from: ConversationReference, channelId: string): ConversationReference {
  return {
    channelId: from.channelId,
    serviceUrl: from.serviceUrl,
    bot: from.bot,
    ...(from.locale ? { locale: from.locale } : {}),
    conversation: {
      id: channelId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: from.conversation.tenantId,
      name: '',
    },
  };
}
