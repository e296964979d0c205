/**
 * The CardPort on Teams: replaces a card the bot posted earlier, or posts new ones, through a proactive
 * turn on the stored conversation reference (Teams gives up on an invoke after about 15 s, so outcomes
 * arrive this way).
 */
import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
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

  async post(conversationReference: string, cards: readonly OutgoingCard[]): Promise<void> {
    const reference = JSON.parse(conversationReference) as ConversationReference;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (turn) => {
      for (const outgoing of cards) {
        await turn.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(outgoing.card)] });
      }
    });
  }
}
