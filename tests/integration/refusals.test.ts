/**
 * Every refusal of "Who may reset whom" (SECURITY.md) over HTTP against the real stack, each with its own
 * reason and with nothing reset; the ambiguous name → choice card → `reset.search` path; another tenant's
 * activities; and the shared status card in group chats and channels.
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { errorText, t } from '../../src/i18n';
import type { ErrorCode } from '../../src/errors';
import { guid } from '../support/activities';
import { answeredCard, openForm } from './flows';
import {
  allPatches,
  cardActions,
  cardInputs,
  cardText,
  requestIdOf,
  useHarness,
  type Harness,
  type Person,
  type SayOptions,
} from './harness';

describe('integration: refusals, choices and conversation types over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  let graphStart = 0;

  useHarness({}, async (started) => {
    h = started;
    graphStart = await h.graphMark();
  });

  /** Asks for a reset and asserts the single refusal with `code`'s text, and that no form came back. */
  async function expectRefusal(
    requester: Person,
    query: string,
    code: ErrorCode,
    options: SayOptions = {},
  ): Promise<void> {
    const said = await h.say(requester, `reset password for ${query}`, options);
    assert.equal(said.answer.status, 200);
    const texts = said.replies.map((reply) => cardText(reply.card));
    assert.ok(
      texts.some((text) => text.includes(errorText('en', code))),
      `expected ${code}; got: ${texts.join(' | ')}`,
    );
    for (const reply of said.replies) {
      assert.ok(
        !cardActions(reply.card).some((a) => a.verb === Verbs.submit),
        `a form came back for ${query}`,
      );
    }
  }

  describe('the requester', () => {
    it('refuses a requester without any role', async () => {
      await expectRefusal(h.people.noRole, h.people.bob.upn, 'REQUESTER_NOT_ADMIN');
    });

    it('refuses an admin whose role is only PIM-eligible', async () => {
      await expectRefusal(h.people.eligibleOnly, h.people.bob.upn, 'REQUESTER_NOT_ADMIN');
    });

    it('refuses an activity without an Entra object id', async () => {
      const said = await h.say(
        { ...h.people.helpdesk, aadObjectId: '' },
        `reset password for ${h.people.bob.upn}`,
      );
      assert.ok(cardText(said.replies[0]?.card).includes(errorText('en', 'REQUESTER_UNKNOWN')));
    });
  });

  describe('the target', () => {
    it('refuses self-reset', async () => {
      await expectRefusal(h.people.helpdesk, h.people.helpdesk.upn, 'TARGET_SELF');
    });

    it('refuses a guest', async () => {
      await expectRefusal(h.people.helpdesk, h.people.guest.upn, 'TARGET_GUEST');
    });

    it('refuses a directory-synced user', async () => {
      await expectRefusal(h.people.helpdesk, h.people.synced.upn, 'TARGET_SYNCED');
    });

    it('refuses a federated user', async () => {
      await expectRefusal(h.people.helpdesk, h.people.federated.upn, 'TARGET_FEDERATED');
    });

    it('refuses a target whose roles are beyond the requester (User Administrator, Global Administrator)', async () => {
      await expectRefusal(h.people.helpdesk, h.people.privileged.upn, 'TARGET_PRIVILEGED');
      await expectRefusal(h.people.helpdesk, h.people.globalAdmin.upn, 'TARGET_PRIVILEGED');
    });

    it('limits a unit-scoped Helpdesk Administrator to the unit', async () => {
      await expectRefusal(h.people.unitHelpdesk, h.people.bob.upn, 'TARGET_OUT_OF_SCOPE');
      const form = await openForm(h, h.people.unitHelpdesk, h.people.unitMember.upn);
      assert.ok(cardText(form.card).includes(h.people.unitMember.upn));
    });

    it('refuses a member of a restricted management unit, even to a Global Administrator', async () => {
      await expectRefusal(h.people.helpdesk, h.people.restrictedMember.upn, 'TARGET_RESTRICTED_UNIT');
      await expectRefusal(h.people.globalAdmin, h.people.restrictedMember.upn, 'TARGET_RESTRICTED_UNIT');
    });

    it('says so when no user matches', async () => {
      await expectRefusal(h.people.helpdesk, `nobody-${guid().slice(0, 8)}@contoso.com`, 'TARGET_NOT_FOUND');
    });
  });

  describe('an ambiguous name', () => {
    it("offers a choice card, and continues with reset.search to the chosen user's form", async () => {
      const { helpdesk, alices } = h.people;
      assert.ok(alices.length >= 2, 'the seed has two Alices');
      const said = await h.say(helpdesk, 'reset password for alice');
      const choice = said.replies.find(
        (reply) => reply.card && cardActions(reply.card).some((a) => a.verb === Verbs.search),
      );
      assert.ok(choice?.card, said.replies.map((r) => cardText(r.card)).join(' | '));
      const text = cardText(choice.card);
      for (const alice of alices) assert.ok(text.includes(alice.upn), `${alice.upn} is offered`);
      const requestId = requestIdOf(choice.card);
      assert.ok(requestId);

      const chosen = alices[1];
      const answer = answeredCard(
        await h.press(helpdesk, Verbs.search, {
          replyToId: choice.id,
          conversationId: said.conversationId,
          requestId,
          inputs: { query: chosen.upn },
        }),
      );
      assert.ok(
        cardText(answer).includes(t('en', 'form.title.one', { name: chosen.displayName })),
        cardText(answer),
      );
      const formRequestId = requestIdOf(answer);
      assert.ok(formRequestId && formRequestId !== requestId, 'the form is a request of its own');
      assert.equal(cardInputs(answer).recipients?.length > 0, true, 'recipients are prefilled');

      // The placeholder behind the choice card is closed: pressing Continue again starts nothing new.
      const again = await h.press(helpdesk, Verbs.search, {
        replyToId: choice.id,
        conversationId: said.conversationId,
        requestId,
        inputs: { query: chosen.upn },
      });
      assert.notEqual(requestIdOf(again.value), requestId);
    });

    it('lets the channel search form find a user (reset.search without a request id)', async () => {
      const { helpdesk, bob } = h.people;
      const said = await h.say(helpdesk, 'form', { conversationType: 'channel', mentionBot: true });
      const search = said.replies.find(
        (reply) => reply.card && cardActions(reply.card).some((a) => a.verb === Verbs.search),
      );
      assert.ok(search?.card, 'a search form is posted');
      const answer = answeredCard(
        await h.press(helpdesk, Verbs.search, {
          replyToId: search.id,
          conversationId: said.conversationId,
          conversationType: 'channel',
          inputs: { query: bob.upn },
        }),
      );
      const text = cardText(answer);
      assert.ok(text.includes(bob.displayName), text);

      const refused = answeredCard(
        await h.press(h.people.noRole, Verbs.search, {
          replyToId: search.id,
          conversationId: said.conversationId,
          conversationType: 'channel',
          inputs: { query: bob.upn },
        }),
      );
      assert.ok(cardText(refused).includes(errorText('en', 'REQUESTER_NOT_ADMIN')), cardText(refused));
    });
  });

  describe('group chats and channels', () => {
    it('posts a status card everyone sees, with a refresh that shows the form to the requester only', async () => {
      const { helpdesk, otherAdmin } = h.people;
      const target = h.people.plain[2];
      for (const conversationType of ['groupChat', 'channel'] as const) {
        const said = await h.say(helpdesk, `reset password for ${target.upn}`, {
          conversationType,
          mentionBot: conversationType === 'channel',
        });
        const posted = said.replies.find((reply) => requestIdOf(reply.card));
        assert.ok(posted?.card, `${conversationType}: a card is posted`);
        assert.ok(
          !cardActions(posted.card).some((a) => a.verb === Verbs.submit),
          `${conversationType}: the shared card has no form`,
        );
        const refresh = (posted.card as { refresh?: { action?: { verb?: string }; userIds?: string[] } })
          .refresh;
        assert.equal(refresh?.action?.verb, Verbs.refresh);
        // Teams matches refresh.userIds against user MRIs (from.id), which our activities derive from the object id.
        assert.deepEqual(refresh?.userIds, [`29:1${helpdesk.aadObjectId.replace(/-/g, '')}`]);

        const requestId = requestIdOf(posted.card);
        const own = answeredCard(
          await h.press(helpdesk, Verbs.refresh, {
            replyToId: posted.id,
            conversationId: said.conversationId,
            conversationType,
            requestId,
            trigger: 'automatic',
          }),
        );
        assert.ok(
          cardActions(own).some((a) => a.verb === Verbs.submit),
          `${conversationType}: the requester gets the form`,
        );
        const others = answeredCard(
          await h.press(otherAdmin, Verbs.refresh, {
            replyToId: posted.id,
            conversationId: said.conversationId,
            conversationType,
            requestId,
            trigger: 'automatic',
          }),
        );
        assert.ok(
          !cardActions(others).some((a) => a.verb === Verbs.submit),
          `${conversationType}: others see status only`,
        );
      }
    });
  });

  describe('another tenant', () => {
    it('refuses its message without calling Graph, and its card actions', async () => {
      const { helpdesk, bob } = h.people;
      const mark = await h.graphMark();
      const said = await h.say(helpdesk, `reset password for ${bob.upn}`, { tenantId: guid() });
      assert.ok(
        cardText(said.replies[0]?.card).includes(errorText('en', 'WRONG_TENANT')),
        cardText(said.replies[0]?.card),
      );
      assert.equal((await h.graphSince(mark)).length, 0, 'not a single Graph call for a foreign tenant');

      const form = await openForm(h, helpdesk, bob.upn);
      const answer = await h.press(helpdesk, Verbs.submit, {
        replyToId: form.cardId,
        conversationId: form.conversationId,
        requestId: form.requestId,
        inputs: cardInputs(form.card),
        tenantId: guid(),
      });
      assert.equal(answer.type, 'application/vnd.microsoft.error');
      assert.equal((await h.storedRequest(form.requestId))?.state, 'open');
    });
  });

  // A suite of its own so it runs last (mocha runs a suite's own tests before its child suites).
  describe('afterwards', () => {
    it('reset no password in this whole file', async () => {
      assert.ok((await h.graphMark()) > graphStart, 'the tenant logged the calls of this file');
      assert.equal(allPatches(await h.graphSince(graphStart)).length, 0);
    });
  });
});
