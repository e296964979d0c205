/**
 * Answers that say what happened, through the real bot over HTTP: a name longer than any name (refused
 * with no Graph call), searches Graph refuses (never explained as the password policy), a reset that did
 * not happen or whose result is unknown (the headline says so), the cancelled card, and a bot whose app
 * lacks a Graph permission (the card and the log name it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Verbs } from '../../src/cards/verbs';
import type { ErrorCode } from '../../src/errors';
import { errorText, t, type Locale } from '../../src/i18n';
import { answeredCard, finalCard, openForm, submitForm } from './flows';
import {
  allPatches,
  cardText,
  eventually,
  graphCalls,
  patchesOf,
  SEED_PATH,
  sendMails,
  startHarness,
  useHarness,
  type Harness,
  type Person,
  type SayOptions,
} from './harness';

/** Graph calls only (the tenant also logs its token endpoint). */
const graphOnly = <T extends { path: string }>(log: readonly T[]): T[] =>
  log.filter((r) => r.path.startsWith('/v1.0/'));

/** What the bot answered to a message, as one text, and the Graph calls it made meanwhile. */
async function answerTo(
  h: Harness,
  requester: Person,
  text: string,
  options: SayOptions = {},
): Promise<{ text: string; graph: number }> {
  const mark = await h.graphMark();
  const said = await h.say(requester, text, options);
  assert.equal(said.answer.status, 200);
  return {
    text: said.replies.map((reply) => cardText(reply.card)).join(' | '),
    graph: graphOnly(await h.graphSince(mark)).length,
  };
}

function assertSays(text: string, locale: Locale, code: ErrorCode, params?: Record<string, string>): void {
  assert.ok(text.includes(errorText(locale, code, params)), `expected ${code}; got: ${text}`);
}

/** Words of the old catch-all that blamed the password for any Graph 400. */
const PASSWORD_POLICY = /password policy|rejected the password|パスワード ポリシー/;

describe('integration: answers that say what happened', function () {
  this.timeout(60_000);
  let h: Harness;

  useHarness({}, (started) => (h = started));

  afterEach(async () => {
    await h.admin.clearFaults();
  });

  describe('a name longer than any name in Microsoft 365', () => {
    it('is refused before any Graph call, alone or in a list', async () => {
      const { helpdesk, bob } = h.people;
      for (const command of [
        `reset password for ${'x'.repeat(300)}`,
        `reset password for bob, ${'y'.repeat(5_000)} and carol`,
      ]) {
        const answer = await answerTo(h, helpdesk, command);
        assertSays(answer.text, 'en', 'TARGET_NAME_TOO_LONG', { max: '256' });
        assert.equal(answer.graph, 0, 'no Graph call');
        assert.doesNotMatch(answer.text, PASSWORD_POLICY);
      }
      // 256 characters is a possible display name: it is searched for (and not found).
      const longest = await answerTo(h, helpdesk, `reset password for ${'z'.repeat(256)}`);
      assertSays(longest.text, 'en', 'TARGET_NOT_FOUND');
      assert.ok(longest.graph > 0, 'a 256-character name is looked up');
      assert.ok(bob);
    });

    it('is refused in Japanese for a Japanese command', async () => {
      const answer = await answerTo(h, h.people.helpdesk, `${'長'.repeat(300)} のパスワードをリセット`, {
        locale: 'ja-JP',
      });
      assertSays(answer.text, 'ja', 'TARGET_NAME_TOO_LONG', { max: '256' });
      assert.equal(answer.graph, 0);
    });

    it('a search form refuses it too, instead of searching for a cut-off name', async () => {
      const { helpdesk } = h.people;
      const said = await h.say(helpdesk, 'form');
      const mark = await h.graphMark();
      const answer = answeredCard(
        await h.press(helpdesk, Verbs.search, {
          replyToId: said.replies[0]!.id,
          conversationId: said.conversationId,
          requestId: null,
          inputs: { query: 'q'.repeat(400) },
        }),
      );
      assertSays(cardText(answer), 'en', 'TARGET_NAME_TOO_LONG', { max: '256' });
      assert.equal(graphOnly(await h.graphSince(mark)).length, 0);
    });
  });

  describe('a search that Graph refuses', () => {
    for (const status of [400, 414, 431] as const) {
      it(`a ${status} to the search is about the name typed, never about the password`, async () => {
        await h.admin.addFault({ method: 'GET', path: '^/v1\\.0/users$', kind: 'status', status, count: 1 });
        const answer = await answerTo(h, h.people.helpdesk, 'reset password for bob');
        assertSays(answer.text, 'en', 'GRAPH_SEARCH_REJECTED');
        assert.doesNotMatch(answer.text, PASSWORD_POLICY);
      });
    }

    it('a 400 to a profile read is a request Graph could not process, not the password', async () => {
      await h.admin.addFault({
        method: 'GET',
        path: '^/v1\\.0/users/[^/]+$',
        kind: 'status',
        status: 400,
        count: 1,
      });
      const answer = await answerTo(h, h.people.helpdesk, 'reset password for bob');
      assertSays(answer.text, 'en', 'GRAPH_BAD_REQUEST');
      assert.doesNotMatch(answer.text, PASSWORD_POLICY);
    });
  });

  describe('a reset that did not happen', () => {
    it("a password the tenant's banned list refuses: the headline says it was not reset, and why", async () => {
      const { helpdesk } = h.people;
      const target = h.people.plain[0]!;
      // Entra Password Protection's custom list of this tenant bans "tokyo", which the bot cannot know.
      const typed = 'TokyoTokyo1!';
      const form = await openForm(h, helpdesk, target.upn);
      const mark = await h.graphMark();
      const seq = h.connector.mark();
      await submitForm(h, helpdesk, form, { passwordMode: 'custom', customPassword: typed });
      const card = await finalCard(h, form, seq);
      const text = cardText(card);
      assert.ok(text.startsWith(t('en', 'confirm.title.notReset')), text);
      assert.ok(text.includes(t('en', 'confirm.resetFailed')), text);
      assertSays(text, 'en', 'PASSWORD_REJECTED');
      assert.doesNotMatch(text, /Reset by/, 'nobody "reset" anything');
      assert.ok(!text.includes(typed), 'the password is not on the card');
      const log = await h.graphSince(mark);
      assert.equal(patchesOf(log, target).length, 1, 'Graph was asked once');
      assert.equal(sendMails(log).length, 0, 'nothing was mailed');
      assert.equal((await h.admin.verifyPassword(target.upn, typed)).match, false);
    });

    it('Graph never answered the password change: the headline says the result is unknown', async () => {
      const { helpdesk } = h.people;
      const target = h.people.plain[1]!;
      const form = await openForm(h, helpdesk, target.upn);
      await h.admin.addFault({ method: 'PATCH', path: '^/v1\\.0/users/[^/]+$', kind: 'status', status: 503 });
      const mark = await h.graphMark();
      const seq = h.connector.mark();
      await submitForm(h, helpdesk, form);
      const card = await finalCard(h, form, seq, 30_000);
      const text = cardText(card);
      assert.ok(text.startsWith(t('en', 'confirm.title.unknown')), text);
      assert.ok(text.includes(t('en', 'confirm.resetUnknown')), text);
      assert.ok(!text.startsWith(t('en', 'confirm.title.notReset')), text);
      assert.ok(
        allPatches(await h.graphSince(mark)).length >= 2,
        'the change was tried again before giving up',
      );
    });
  });

  describe('the log at the default level', () => {
    it('a whole reset writes no line per Graph call at info (npm start used to print every call)', async () => {
      const { helpdesk } = h.people;
      const target = h.people.plain[2]!;
      const before = h.botLogLines().length;
      const form = await openForm(h, helpdesk, target.upn);
      const seq = h.connector.mark();
      await submitForm(h, helpdesk, form);
      await finalCard(h, form, seq);
      // The audit events are the SIEM's copy of the trail, one per record (README, "The audit trail"); the
      // log reaches its file a moment after the card.
      const records = (await h.auditRecords(form.requestId)).length;
      const audited = () =>
        h
          .botLogLines()
          .filter((line) => line.includes('"event":"PasswordResetAudit"') && line.includes(form.requestId));
      await eventually(async () => audited().length === records, 5_000, 'the audit events in the log');
      const lines = h
        .botLogLines()
        .slice(before)
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(
        lines.filter((line) => String(line.msg).startsWith('graph call')),
        [],
        'no per-call lines',
      );
      // Every other line is a diagnostic, and there are few.
      const diagnostics = lines.filter((line) => line.event !== 'PasswordResetAudit');
      assert.ok(diagnostics.length <= 2, `a quiet log: ${diagnostics.map((line) => line.msg).join(' | ')}`);
    });
  });

  describe('cancel', () => {
    it('the cancelled card names the user and calls its id "Request id", as the form does', async () => {
      const { helpdesk, bob } = h.people;
      const form = await openForm(h, helpdesk, bob.upn);
      const card = answeredCard(
        await h.press(helpdesk, Verbs.cancel, {
          replyToId: form.cardId,
          conversationId: form.conversationId,
          requestId: form.requestId,
        }),
      );
      const text = cardText(card);
      assert.ok(text.includes(t('en', 'cancelled.text.one', { names: bob.displayName })), text);
      assert.ok(text.includes(t('en', 'common.requestId', { id: form.requestId })), text);
      assert.doesNotMatch(text, /Reference/);
    });
  });
});

describe('integration: a bot whose app lacks a Graph permission', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async function () {
    this.timeout(120_000);
    const seed = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as {
      applications: { displayName: string; clientId: string; clientSecret: string; permissions: string[] }[];
    };
    // An app of the Contoso seed that may read users and nothing else.
    const reader = seed.applications.find((app) => app.permissions.join() === 'User.Read.All');
    assert.ok(reader, 'the seed has an app with User.Read.All only');
    h = await startHarness({ GRAPH_CLIENT_ID: reader.clientId, GRAPH_CLIENT_SECRET: reader.clientSecret });
  });

  after(async function () {
    this.timeout(30_000);
    await h?.stop();
  });

  it('the card names the missing permission in short; the log names it for the operator; nothing blames a change', async () => {
    const { helpdesk } = h.people;
    const mark = await h.graphMark();
    const answer = await answerTo(h, helpdesk, 'reset password for bob');
    const permission = [
      'GroupMember.Read.All',
      'RoleManagement.Read.Directory',
      'AdministrativeUnit.Read.All',
    ].find((name) => answer.text.includes(errorText('en', 'GRAPH_READ_DENIED', { permission: name })));
    assert.ok(permission, `the card names a missing read permission: ${answer.text}`);
    assert.doesNotMatch(answer.text, /refused the change/);
    assert.equal(graphCalls(await h.graphSince(mark), 'PATCH', /.*/).length, 0, 'nothing was changed');
    const warnings = h
      .botLogLines()
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.level === 'warn' && entry.permission === permission);
    assert.ok(warnings.length > 0, `a warning names ${permission} for the operator`);
  });
});
