/**
 * Teams' typing indicator, through the real bot over HTTP: shown while a command looks something up
 * (a reset's search, the audit trail), and not sent for an answer the bot has at once (`help`, `form`,
 * a near miss): every activity a bot sends counts against Teams' per-conversation limits and costs a
 * Bot Connector round trip.
 */
import assert from 'node:assert/strict';
import type { ConnectorCall } from '../support/connector';
import { startHarness, type Harness } from './harness';

describe('integration: the typing indicator', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async function () {
    this.timeout(120_000);
    h = await startHarness();
  });
  after(async () => h?.stop());

  /** What the bot sent into the conversation of a message, in order: 'typing' or 'message'. */
  async function sent(text: string): Promise<string[]> {
    const mark = h.connector.mark();
    const said = await h.say(h.people.helpdesk, text);
    assert.equal(said.answer.status, 200);
    return h.connector
      .callsSince(mark)
      .filter((call: ConnectorCall) => call.conversationId === said.conversationId)
      .filter((call) => call.kind === 'typing' || call.kind === 'reply' || call.kind === 'send')
      .map((call) => (call.kind === 'typing' ? 'typing' : 'message'));
  }

  it('is shown while a reset looks the user up, before the form', async () => {
    const activities = await sent(`reset password for ${h.people.bob.upn}`);
    assert.equal(activities[0], 'typing', activities.join(', '));
    assert.equal(activities[activities.length - 1], 'message');
  });

  it('is shown while a Temporary Access Pass request looks the user up', async () => {
    const activities = await sent(`tap for ${h.people.bob.upn}`);
    assert.equal(activities[0], 'typing', activities.join(', '));
    assert.equal(activities[activities.length - 1], 'message');
  });

  it('is shown while the audit trail is read', async () => {
    assert.equal((await sent('audit'))[0], 'typing');
  });

  for (const text of ['help', 'ヘルプ', 'form', 'rest password for bob']) {
    it(`is not sent for "${text}", answered at once: one message, nothing else`, async () => {
      assert.deepEqual(await sent(text), ['message']);
    });
  }
});
