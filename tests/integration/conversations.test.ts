/**
 * Group chats and channels over HTTP: the card everyone sees is a status card with a user-specific refresh
 * for the requester; only the requester gets the form and only their submit changes anything; the shared
 * card ends as "done" without recipients or password. And the helpdesk channel's search form.
 */
import assert from 'node:assert/strict';
import { Verbs } from '../../src/cards/verbs';
import { errorText, t } from '../../src/i18n';
import { maskAddress } from '../../src/policy/recipients';
import type { ConversationType } from '../support/activities';
import { canaryScan } from '../support/canary';
import type { AdaptiveCardJson } from '../support/connector';
import {
  answeredCard,
  assertConfirmation,
  assertResetting,
  linkIn,
  openShared,
  passwordMails,
  recipientsOf,
  refreshAs,
  revealPassword,
  submitForm,
  type OpenForm,
} from './flows';
import {
  allPatches,
  cardActions,
  cardInputs,
  canarySources,
  cardText,
  patchesOf,
  requestIdOf,
  useHarness,
  type Harness,
  type Person,
} from './harness';

/** The `refresh` block of a card, if any. */
function refreshOf(
  card: unknown,
): { action?: { verb?: string; data?: Record<string, unknown> }; userIds?: string[] } | undefined {
  return (
    card as {
      refresh?: { action?: { verb?: string; data?: Record<string, unknown> }; userIds?: string[] };
    } | null
  )?.refresh;
}

/** The Teams user id (MRI) our activities give a person: what Teams' `refresh.userIds` lists. */
function teamsIdOf(person: Person): string {
  return person.id ?? `29:1${person.aadObjectId.replace(/-/g, '')}`;
}

describe('integration: group chats and channels over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  const secrets: string[] = [];

  useHarness({}, (started) => (h = started));

  /** Waits for the bot to replace `card` with one whose text includes `text`. */
  async function updatedTo(card: OpenForm, sinceSeq: number, text: string): Promise<AdaptiveCardJson> {
    const update = await h.connector.waitFor(
      (call) =>
        call.kind === 'update' &&
        call.activityId === card.cardId &&
        cardText(call.body.attachments?.[0]?.content).includes(text),
      20_000,
      sinceSeq,
    );
    return update.body.attachments?.[0]?.content as AdaptiveCardJson;
  }

  for (const [conversationType, targetUpn] of [
    ['groupChat', 'carol@contoso.com'],
    ['channel', 'liam.obrien@contoso.com'],
  ] as const satisfies readonly (readonly [ConversationType, string])[]) {
    describe(`a ${conversationType}`, () => {
      const target = (): Person => {
        const found = h.people.plain.find((p) => p.upn === targetUpn);
        assert.ok(found, `${targetUpn} is a plain target of the seed`);
        return found;
      };

      it('posts a status card for everyone whose refresh targets the requester by Teams user id', async () => {
        const { helpdesk } = h.people;
        const shared = await openShared(h, helpdesk, target().upn, {
          conversationType,
          mentionBot: conversationType === 'channel',
        });
        const text = cardText(shared.card);
        assert.ok(text.includes(t('en', 'status.pending', { requester: helpdesk.displayName })), text);
        assert.deepEqual(cardInputs(shared.card), {}, 'the shared card has no inputs');
        const refresh = refreshOf(shared.card);
        assert.equal(refresh?.action?.verb, Verbs.refresh);
        assert.equal(refresh?.action?.data?.requestId, shared.requestId);
        // Teams reads refresh.userIds as user MRIs (the activity's from.id, "29:…"), at most 60 of them.
        const ids = (refresh?.userIds ?? []).map((id) => id.toLowerCase());
        assert.equal(ids.length, 1, `one user-specific view: ${JSON.stringify(refresh?.userIds)}`);
        assert.ok(
          ids[0] === teamsIdOf(helpdesk).toLowerCase() ||
            ids[0] === `8:orgid:${helpdesk.aadObjectId}`.toLowerCase(),
          `refresh.userIds must name the requester by MRI (e.g. ${teamsIdOf(helpdesk)}), got ${JSON.stringify(refresh?.userIds)}`,
        );
      });

      it('gives the form to the requester only; another admin’s press changes nothing; the submit ends as "done" for everyone', async () => {
        const { helpdesk, otherAdmin } = h.people;
        const user = target();
        const shared = await openShared(h, helpdesk, user.upn, {
          conversationType,
          mentionBot: conversationType === 'channel',
        });
        const mark = await h.graphMark();

        const own = answeredCard(await refreshAs(h, helpdesk, shared));
        assert.ok(
          cardActions(own).some((a) => a.verb === Verbs.submit && a.data.requestId === shared.requestId),
          'the requester gets the form',
        );
        assert.ok(cardText(own).includes(user.upn));
        const form: OpenForm = { ...shared, card: own };

        const others = answeredCard(await refreshAs(h, otherAdmin, shared));
        assert.ok(
          !cardActions(others).some((a) => a.verb === Verbs.submit),
          'another member sees status only',
        );
        assert.deepEqual(cardInputs(others), {}, 'no inputs for anyone else');
        assert.ok(
          cardText(others).includes(t('en', 'status.pending', { requester: helpdesk.displayName })),
          cardText(others),
        );

        const foreign = await submitForm(h, otherAdmin, form, { recipients: 'attacker@example.net' });
        assert.equal(foreign.type, 'application/vnd.microsoft.activity.message');
        assert.equal(foreign.value, errorText('en', 'REQUEST_NOT_YOURS', { name: helpdesk.displayName }));
        const cancel = await h.press(otherAdmin, Verbs.cancel, {
          replyToId: shared.cardId,
          conversationId: shared.conversationId,
          conversationType,
          requestId: shared.requestId,
        });
        assert.equal(
          cancel.type,
          'application/vnd.microsoft.activity.message',
          'nor can anyone else cancel it',
        );
        assert.equal(allPatches(await h.graphSince(mark)).length, 0, 'nothing was reset');
        assert.equal((await h.storedRequest(shared.requestId))?.state, 'open');
        assert.equal(h.connector.activity(shared.cardId)?.updates, 0, 'the shared card was not touched');

        const recipients = recipientsOf(form);
        assert.ok(recipients.length > 0);
        const seq = h.connector.mark();
        assertResetting(answeredCard(await submitForm(h, helpdesk, form)), 'en', user);
        const done = await updatedTo(shared, seq, t('en', 'status.done'));
        const doneText = cardText(done);
        assert.ok(
          doneText.includes(
            t('en', 'status.requested', { requester: helpdesk.displayName, targets: user.displayName }),
          ),
          doneText,
        );
        assert.ok(
          !cardActions(done).some((a) => a.verb === Verbs.submit || a.verb === Verbs.resendMail),
          'status only',
        );
        assert.deepEqual(cardInputs(done), {});
        const raw = JSON.stringify(done);
        for (const address of recipients) {
          assert.ok(
            !raw.toLowerCase().includes(address.toLowerCase()),
            `the shared card does not show ${address}`,
          );
          assert.ok(!raw.includes(maskAddress(address)), `nor its masked form ${maskAddress(address)}`);
        }
        assert.equal(
          refreshOf(done)?.action?.verb,
          Verbs.refresh,
          'the requester can still fetch their own view',
        );
        const updates = h.connector
          .callsSince(seq)
          .filter((c) => c.kind === 'update' && c.activityId === shared.cardId);
        for (const update of updates) {
          assert.ok(
            !cardActions(update.body.attachments?.[0]?.content).some((a) => a.verb === Verbs.submit),
            'no update shows the form to all',
          );
        }

        const log = await h.graphSince(mark);
        assert.equal(patchesOf(log, user).length, 1, 'one PATCH');
        assert.equal(allPatches(log).length, 1);

        assertConfirmation(answeredCard(await refreshAs(h, helpdesk, shared)), 'en', user, shared.requestId);
        const othersAfter = answeredCard(await refreshAs(h, otherAdmin, shared));
        assert.ok(cardText(othersAfter).includes(t('en', 'status.done')), cardText(othersAfter));
        assert.ok(
          !JSON.stringify(othersAfter).includes(maskAddress(recipients[0])),
          'others never see where the mail went',
        );

        const mail = passwordMails(
          await h.admin.outbox(),
          t('en', 'mail.link.subject', { name: user.displayName }),
          recipients,
        );
        assert.equal(mail.length, 1, 'one password mail');
        const password = await revealPassword(linkIn(h, mail[0]), user);
        secrets.push(password);
        assert.equal((await h.admin.verifyPassword(user.upn, password)).match, true);
      });
    });
  }

  describe('the helpdesk channel search form', () => {
    /** Posts `form` in a fresh channel and returns the search card. */
    async function postSearchForm(): Promise<OpenForm & { requestId: string }> {
      const said = await h.say(h.people.helpdesk, 'form', { conversationType: 'channel', mentionBot: true });
      const search = said.replies.find(
        (r) => r.card && cardActions(r.card).some((a) => a.verb === Verbs.search),
      );
      assert.ok(search?.card, `no search form: ${said.replies.map((r) => cardText(r.card)).join(' | ')}`);
      assert.ok(cardText(search.card).includes(t('en', 'search.title')));
      assert.ok('query' in cardInputs(search.card), 'the search card has a query box');
      assert.equal(requestIdOf(search.card), null, 'a fresh search form carries no request');
      return {
        conversationId: said.conversationId,
        cardId: search.id,
        card: search.card,
        requestId: '',
        conversationType: 'channel',
      };
    }

    const search = (user: Person, card: OpenForm, query: string) =>
      h.press(user, Verbs.search, {
        replyToId: card.cardId,
        conversationId: card.conversationId,
        conversationType: 'channel',
        inputs: { query },
      });

    it('"bob" → the form for the admin who searched', async () => {
      const { helpdesk, bob } = h.people;
      const card = await postSearchForm();
      const answer = answeredCard(await search(helpdesk, card, 'bob'));
      const text = cardText(answer);
      assert.ok(
        cardActions(answer).some((a) => a.verb === Verbs.submit),
        `the invoke answer (shown to the searching admin only) should be the form, got: ${text}`,
      );
      assert.ok(text.includes(t('en', 'form.title.one', { name: bob.displayName })), text);
      const requestId = requestIdOf(answer);
      assert.ok(requestId);
      const stored = await h.storedRequest(requestId);
      assert.equal(stored?.requesterId, helpdesk.aadObjectId.toLowerCase());
      assert.deepEqual(
        stored?.targets.map((x) => x.userPrincipalName),
        [bob.upn],
      );
    });

    it('a query matching nobody → a clear message on the search form', async () => {
      const card = await postSearchForm();
      const answer = answeredCard(await search(h.people.helpdesk, card, 'nobody-by-this-name-zq'));
      const text = cardText(answer);
      assert.ok(text.includes(errorText('en', 'TARGET_NOT_FOUND')), text);
      assert.ok(!cardActions(answer).some((a) => a.verb === Verbs.submit), 'no form');
    });

    it('a user without a role → refused, with no request opened', async () => {
      const { noRole, bob } = h.people;
      const card = await postSearchForm();
      const mark = await h.graphMark();
      const answer = answeredCard(await search(noRole, card, 'bob'));
      const text = cardText(answer);
      assert.ok(text.includes(errorText('en', 'REQUESTER_NOT_ADMIN')), text);
      assert.ok(!text.includes(bob.upn), 'nothing about the user is shown');
      assert.equal(requestIdOf(answer), null);
      assert.equal(allPatches(await h.graphSince(mark)).length, 0);
    });
  });

  describe('canary scan', () => {
    it('finds none of the passwords in any activity, invoke answer, bot log line or stored entity', async () => {
      assert.ok(secrets.length >= 2, 'the tests learned the passwords they set');
      const report = await canaryScan(secrets, canarySources(h));
      assert.deepEqual(report.findings, []);
    });
  });
});
