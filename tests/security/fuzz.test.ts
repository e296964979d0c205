/**
 * Item 3 of issue #4: requests cannot be steered from the client. The real bot (server, adapter, activity
 * handler, use cases) runs in this process on loopback with in-memory ports and a stubbed directory; every
 * case goes over HTTP like the Bot Connector's. A fast-check property (10,000 cases) mutates every field
 * of message activities and `adaptiveCard/action` invokes; the one legitimate flow (a request opened by
 * its requester and one correct submit) is mixed in halfway. Then: 0 unhandled errors, 0 error-level log
 * lines, 0 HTTP 5xx, one reset and one password mail. Targeted tests pin the tenant, the actor, the
 * `trigger: automatic` rule and the card `data` contract. Mixed in as well: raw HTTP bodies of every media
 * type (multipart uploads included) to both POST routes, which must be refused before any work and leave
 * nothing on disk, and reset commands and search queries carrying a typed password, which must reach
 * neither the directory, nor the connector, nor an answer, nor the log.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import sinon from 'sinon';
import type restify from 'restify';
import { BackgroundWork } from '../../src/backgroundWork';
import { createAdapter } from '../../src/bot/adapter';
import { TeamsCards } from '../../src/bot/teamsCards';
import { PasswordResetBot } from '../../src/bot/passwordResetBot';
import { AUDIT_DATA_KEYS, Verbs } from '../../src/cards';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { checkPassword } from '../../src/policy/password';
import { MAX_RATE_LIMIT } from '../../src/policy/rateLimits';
import { createServer, MAX_ACTIVITY_BYTES, MAX_LINK_FORM_BYTES } from '../../src/server';
import { cardAction, message, type ActivityJson, type TeamsUser } from '../support/activities';
import { encodingsOf } from '../support/canary';
import { memoryDeps, profile, stubDirectory, user, type MemoryRequestStore } from '../support/memoryPorts';

const TENANT = '3f6a1c2e-8d4b-4e7a-9c1d-2b5e6f7a8c9d';
const OTHER_TENANT = '9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0';
const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

const adminProfile = profile(user('a1a1a1a1-0000-4000-8000-00000000000a', 'Adele Vance'), [HELPDESK]);
const otherAdminProfile = profile(user('a2a2a2a2-0000-4000-8000-00000000000b', 'Megan Bowen'), [HELPDESK]);
const bobProfile = profile(
  user('b0b0b0b0-0000-4000-8000-00000000000c', 'Bob Brown', { otherMails: ['bob.home@example.net'] }),
);
const carolProfile = profile(
  user('c0c0c0c0-0000-4000-8000-00000000000d', 'Carol Chen', { otherMails: ['carol.home@example.net'] }),
);
const nobodyProfile = profile(user('d0d0d0d0-0000-4000-8000-00000000000e', 'Nora Nobody'));

const teamsUser = (p: typeof adminProfile): TeamsUser => ({
  aadObjectId: p.user.id,
  name: p.user.displayName,
});
const ADMIN = teamsUser(adminProfile);
const OTHER_ADMIN = teamsUser(otherAdminProfile);
const BOB = teamsUser(bobProfile);
const NOBODY = teamsUser(nobodyProfile);

/** Submit inputs that pass every check (the one legitimate submit uses them). */
const GOOD_INPUTS = {
  passwordMode: 'auto',
  forceChange: 'true',
  revokeSessions: 'true',
  recipients: 'bob.home@example.net',
};
/** Custom passwords that break a rule; checked against the policy before the fuzz relies on them. */
const WEAK_PASSWORDS = ['abc', 'aaaaaaaaaaaaaaaa', '1234567890123', 'Contoso!2024xyz', 'Sh0rt!'];
/** Every typed password of the fuzz holds this (any case): found anywhere it must not be, it is a leak. */
const TYPED_CANARY = 'fzcanary';
/**
 * Commands and search queries carrying a password: `{pw}` is a plain word (only the phrasing gives it
 * away), `{strong}` a password-shaped one (nothing else does).
 */
const TYPED_COMMANDS = [
  'reset password for Bob Brown to {pw}',
  'reset password for Bob Brown, Carol Chen password {pw}',
  'reset password for Bob Brown with {pw}',
  'reset password for Bob Brown pw {pw}',
  'reset password for Bob Brown pw:{pw}',
  "reset Bob Brown's password to {pw}",
  'change password for Carol Chen to {pw}',
  'reset password for Bob Brown {strong}',
  'reset password for {strong}, Bob Brown',
  'Bob Brown のパスワードを {pw} に変更',
  'Bob Brown のパスワードをリセット、パスワードは {pw}',
  'パスワードリセット Bob Brown パスワード：{pw}',
];
const TYPED_QUERIES = ['Bob Brown to {pw}', 'Bob Brown pw {pw}', '{strong}', 'Carol Chen パスワードは {pw}'];
/** Marks the file parts of the fuzz's multipart uploads. */
const UPLOAD_MARKER = `UPLOAD-${randomBytes(6).toString('hex')}`;
const HOSTILE = [
  '\r\n{"level":"fatal","msg":"forged"}',
  '"},{"requestId":"x","verb":"reset.submit"}',
  '<at>Password Reset</at> reset password for Bob Brown',
  '\u0000\u0007\u001b[31m',
  '\u202e\u2028\u2029',
  '%0d%0aBcc: evil@example.com',
  'bob.home@example.net\r\nBcc: evil@example.com',
  '../../../etc/passwd',
  "'; DROP TABLE requests; --",
  '💥'.repeat(40),
  'x'.repeat(5000),
];

/** A card's Action.Execute actions, wherever they sit. */
function executeActions(card: unknown): { verb: string; data: unknown }[] {
  const found: { verb: string; data: unknown }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute') found.push({ verb: String(record.verb), data: record.data });
    Object.values(record).forEach(walk);
  };
  walk(card);
  return found;
}

/**
 * The `data` an action may carry: the opaque request id and nothing that names a user, a requester or
 * an expiry (the README's card-action contract). Two documented additions carry no authority: the
 * form's "Reset with this password" says `passwordMode: "custom"` (what an input would say), and a
 * "Did you mean" button (`reset.run`) carries the command it runs, which the bot parses like typed text.
 */
function allowedData(verb: string, data: Record<string, unknown>): boolean {
  const keys = Object.keys(data).sort().join();
  if (verb === Verbs.search) return keys === '' || keys === 'requestId';
  if (verb === Verbs.run) return keys === 'command' && typeof data.command === 'string';
  if (verb === Verbs.submit && keys === 'passwordMode,requestId') return data.passwordMode === 'custom';
  // An audit button carries its listing's filters and position (README): no authority, strings and numbers.
  if (verb.startsWith('audit.'))
    return Object.entries(data).every(
      ([key, value]) =>
        AUDIT_DATA_KEYS.includes(key) && (typeof value === 'string' || typeof value === 'number'),
    );
  return keys === 'requestId';
}

/** Problems with a card's `data` (the README's card-action contract: only the opaque request id). */
function dataProblems(card: unknown): string[] {
  const problems: string[] = [];
  const known = [adminProfile, otherAdminProfile, bobProfile, carolProfile, nobodyProfile].flatMap((p) => [
    p.user.id,
    p.user.userPrincipalName,
  ]);
  for (const action of executeActions(card)) {
    const data = (action.data ?? {}) as Record<string, unknown>;
    const keys = Object.keys(data);
    if (!allowedData(action.verb, data)) {
      problems.push(`${action.verb} data has keys [${keys.join(', ')}]`);
    }
    const id = data.requestId;
    if (
      id !== undefined &&
      (typeof id !== 'string' || known.some((k) => id.toLowerCase().includes(k.toLowerCase())))
    ) {
      problems.push(`${action.verb} requestId is not opaque: ${JSON.stringify(id)}`);
    }
  }
  return problems;
}

/** A minimal Bot Connector on loopback: answers every call, checks every card it is given, keeps little. */
async function startLeanConnector() {
  let calls = 0;
  const problems: string[] = [];
  const cardsByConversation = new Map<string, unknown[]>();
  const watched = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls += 1;
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      const conversationId = match ? decodeURIComponent(match[1]) : '';
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw.toLowerCase().includes(TYPED_CANARY)) problems.push(`a typed password was sent to ${req.url}`);
      try {
        const body = JSON.parse(raw) as {
          attachments?: { content?: unknown }[];
        };
        for (const attachment of body.attachments ?? []) {
          problems.push(...dataProblems(attachment.content));
          if (watched.has(conversationId)) cardsByConversation.get(conversationId)!.push(attachment.content);
        }
      } catch {
        problems.push(`unparsable body to ${req.url}`);
      }
      const text = JSON.stringify({ id: `act-${calls}` });
      res.writeHead(req.method === 'PUT' ? 200 : 201, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    problems,
    /** Keeps the cards sent into `conversationId` from now on. */
    watch(conversationId: string): unknown[] {
      watched.add(conversationId);
      cardsByConversation.set(conversationId, []);
      return cardsByConversation.get(conversationId)!;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('security: requests cannot be steered from the client', function () {
  this.timeout(180_000);

  const sandbox = sinon.createSandbox();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const errorLines: string[] = [];
  const unhandled: unknown[] = [];
  let logText = '';
  let server: restify.Server;
  let botUrl = '';
  let connector: Awaited<ReturnType<typeof startLeanConnector>>;
  let directory: ReturnType<typeof stubDirectory>;
  let requests: MemoryRequestStore;
  let background: BackgroundWork;
  /** The process's temporary directory during the tests (multipart parsers write uploads there). */
  let tmp = '';
  const previousTmp = process.env.TMPDIR;
  const onUnhandled = (error: unknown): void => void unhandled.push(error);

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pwreset-fuzz-tmp-'));
    process.env.TMPDIR = tmp;
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const text = chunk.toString('utf8');
        logText += text;
        for (const line of text.split('\n').filter(Boolean)) {
          const level = (JSON.parse(line) as { level?: string }).level;
          if (level === 'error' || level === 'fatal') errorLines.push(line);
        }
        done();
      },
    });
    const logger = createLogger('debug', stream);
    const config = loadConfig({
      LOCAL_MODE: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      TENANT_ID: TENANT,
      GRAPH_AUTH: 'client-secret',
      GRAPH_CLIENT_ID: randomUUID(),
      GRAPH_CLIENT_SECRET: 'unused-in-this-test',
      MAIL_SENDER: 'helpdesk@contoso.com',
      LINK_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
    });
    directory = stubDirectory(sandbox, [
      adminProfile,
      otherAdminProfile,
      bobProfile,
      carolProfile,
      nobodyProfile,
    ]);
    const memory = memoryDeps(directory, {
      logger: logger.child({ name: 'reset' }),
      // The notice to the target's own mailbox is off so every sendMail is a password mail.
      settings: {
        tenantId: TENANT,
        notifyTarget: false,
        perRequesterPerHour: MAX_RATE_LIMIT,
        perTargetPerDay: MAX_RATE_LIMIT,
      },
    });
    requests = memory.requests;
    const adapter = createAdapter(config, logger.child({ name: 'bot' }));
    background = new BackgroundWork(logger);
    const bot = new PasswordResetBot({
      deps: { ...memory.deps, cards: new TeamsCards(adapter, '') },
      background,
    });
    server = createServer({
      adapter,
      bot,
      deps: memory.deps,
      logger,
      readiness: async () => ({ ok: true }),
      pages: { contact: 'helpdesk@contoso.com', linkTtlHours: 24 },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    botUrl = `http://127.0.0.1:${server.address().port}`;
    connector = await startLeanConnector();
  });

  after(async () => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await background?.drain(5_000);
    agent.destroy();
    server?.close();
    await connector?.stop();
    sandbox.restore();
  });

  /** POSTs a body to /api/messages over the keep-alive agent. */
  function post(body: unknown): Promise<{ status: number; body: unknown }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${botUrl}/api/messages`,
        {
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
          timeout: 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = raw;
            try {
              parsed = raw ? JSON.parse(raw) : null;
            } catch {
              // text answer
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('bot did not answer')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * POSTs raw bytes to a route, without keep-alive (the server closes the connection after a refused
   * body); status 0 when the connection was closed before an answer could be read.
   */
  function postRaw(
    route: string,
    headers: Record<string, string>,
    body: Buffer,
    chunked: boolean,
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (status: number, text = ''): void => {
        if (!settled) resolve({ status, body: text });
        settled = true;
      };
      const req = http.request(
        `${botUrl}${route}`,
        {
          method: 'POST',
          agent: false,
          headers: chunked ? headers : { ...headers, 'Content-Length': String(body.length) },
          timeout: 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          res.on('error', () => done(res.statusCode ?? 0));
        },
      );
      req.on('timeout', () => req.destroy(new Error('bot did not answer')));
      req.on('error', () => req.once('close', () => done(0)));
      req.on('close', () => setTimeout(() => done(0), 50));
      if (chunked) {
        for (let at = 0; at < body.length; at += 16 * 1024) req.write(body.subarray(at, at + 16 * 1024));
        req.end();
      } else {
        req.end(body);
      }
    });
  }

  /** Opens a request as `who` by typing the command; returns its id from the card the bot posted. */
  async function openRequest(
    who: TeamsUser,
    target = 'Bob Brown',
    conversationId = `a:${randomUUID()}`,
  ): Promise<string> {
    const cards = connector.watch(conversationId);
    const answer = await post(
      message(`reset password for ${target}`, {
        user: who,
        tenantId: TENANT,
        serviceUrl: connector.url,
        conversationId,
      }),
    );
    assert.equal(answer.status, 200);
    const id = cards
      .flatMap(executeActions)
      .map((a) => (a.data as { requestId?: unknown } | undefined)?.requestId)
      .find((r) => typeof r === 'string');
    assert.ok(typeof id === 'string', `a request was opened: ${JSON.stringify(cards).slice(0, 400)}`);
    return id;
  }

  /** An invoke for `verb` with the defaults of a legitimate press by the requester. */
  function invoke(
    verb: string,
    requestId: unknown,
    options: {
      user?: TeamsUser;
      inputs?: Record<string, unknown>;
      trigger?: 'manual' | 'automatic' | null;
    } = {},
  ): ActivityJson {
    const activity = cardAction(verb, {
      user: options.user ?? ADMIN,
      tenantId: TENANT,
      serviceUrl: connector.url,
      replyToId: `act-${randomUUID()}`,
      inputs: options.inputs ?? GOOD_INPUTS,
      trigger: options.trigger === undefined ? 'manual' : options.trigger,
    });
    const action = (activity.value as { action: { data: Record<string, unknown> } }).action;
    if (requestId !== undefined) action.data.requestId = requestId;
    return activity;
  }

  const waitForBackground = async (): Promise<void> => {
    await background.drain(10_000);
  };

  /** Every directory call so far (a read or a write). */
  const directoryCalls = (): number =>
    Object.values(directory).reduce((sum, stub) => sum + (stub as sinon.SinonStub).callCount, 0);
  const stateOf = (requestId: string): string | undefined => requests.rows.get(requestId)?.value.state;
  const invokeValue = (answer: { body: unknown }): { statusCode: number; type: string; value: unknown } =>
    answer.body as { statusCode: number; type: string; value: unknown };

  describe('tenant pinned', () => {
    const variants: [string, (a: ActivityJson) => void][] = [
      [
        'another tenant in both places',
        (a) => {
          (a.channelData as Record<string, unknown>).tenant = { id: OTHER_TENANT };
          (a.conversation as Record<string, unknown>).tenantId = OTHER_TENANT;
        },
      ],
      [
        'channelData.tenant.id differs from conversation.tenantId',
        (a) => {
          (a.conversation as Record<string, unknown>).tenantId = OTHER_TENANT;
        },
      ],
      [
        'conversation.tenantId differs from channelData.tenant.id',
        (a) => {
          (a.channelData as Record<string, unknown>).tenant = { id: OTHER_TENANT };
        },
      ],
      [
        'no tenant at all',
        (a) => {
          delete (a.channelData as Record<string, unknown>).tenant;
          delete (a.conversation as Record<string, unknown>).tenantId;
        },
      ],
      [
        'only conversation.tenantId, of another tenant',
        (a) => {
          delete (a.channelData as Record<string, unknown>).tenant;
          (a.conversation as Record<string, unknown>).tenantId = OTHER_TENANT;
        },
      ],
    ];

    for (const [name, change] of variants) {
      it(`a message with ${name} is refused and nothing is read from the directory`, async () => {
        const conversationId = `a:${randomUUID()}`;
        const cards = connector.watch(conversationId);
        const activity = message('reset password for Bob Brown', {
          user: ADMIN,
          tenantId: TENANT,
          serviceUrl: connector.url,
          conversationId,
        });
        change(activity);
        const before = directoryCalls();
        const answer = await post(activity);
        assert.equal(answer.status, 200);
        assert.equal(directoryCalls(), before, 'no directory call');
        assert.equal(cards.length, 1, 'one refusal card');
        assert.match(JSON.stringify(cards[0]), /only its own organization|identify you/);
      });

      it(`a submit with ${name} changes nothing and reads nothing`, async () => {
        const requestId = await openRequest(ADMIN);
        const activity = invoke(Verbs.submit, requestId);
        change(activity);
        const before = directoryCalls();
        const answer = await post(activity);
        assert.equal(answer.status, 200);
        assert.notEqual(invokeValue(answer).statusCode, 200, 'an error answer, not a card');
        await waitForBackground();
        assert.equal(directoryCalls(), before, 'no directory call');
        assert.equal(stateOf(requestId), 'open');
      });
    }
  });

  describe('the actor of a card action must be the requester', () => {
    for (const verb of [Verbs.submit, Verbs.cancel, Verbs.resendMail]) {
      it(`${verb} pressed by another admin (who could reset the target) changes nothing`, async () => {
        const requestId = await openRequest(ADMIN);
        const resets = directory.resetPassword.callCount;
        const mails = directory.sendMail.callCount;
        const answer = await post(invoke(verb, requestId, { user: OTHER_ADMIN }));
        assert.equal(answer.status, 200);
        const value = invokeValue(answer);
        assert.equal(
          value.type,
          'application/vnd.microsoft.activity.message',
          JSON.stringify(value).slice(0, 300),
        );
        assert.match(String(value.value), /Only the admin who started this request/);
        await waitForBackground();
        assert.equal(stateOf(requestId), 'open');
        assert.equal(directory.resetPassword.callCount, resets);
        assert.equal(directory.sendMail.callCount, mails);
      });
    }

    it('the target himself pressing submit on a request about him changes nothing', async () => {
      const requestId = await openRequest(ADMIN);
      const resets = directory.resetPassword.callCount;
      await post(invoke(Verbs.submit, requestId, { user: BOB }));
      await waitForBackground();
      assert.equal(stateOf(requestId), 'open');
      assert.equal(directory.resetPassword.callCount, resets);
    });
  });

  describe('trigger: automatic never mutates', () => {
    for (const verb of [Verbs.submit, Verbs.cancel, Verbs.resendMail, Verbs.refresh, Verbs.search]) {
      it(`${verb} with trigger automatic by the requester answers a card and changes nothing`, async () => {
        const requestId = await openRequest(ADMIN);
        const resets = directory.resetPassword.callCount;
        const mails = directory.sendMail.callCount;
        const audit = requests.rows.get(requestId)?.etag;
        const answer = await post(
          invoke(verb, requestId, { trigger: 'automatic', inputs: { ...GOOD_INPUTS, query: 'Carol Chen' } }),
        );
        assert.equal(answer.status, 200);
        assert.equal(invokeValue(answer).type, 'application/vnd.microsoft.card.adaptive');
        await waitForBackground();
        assert.equal(stateOf(requestId), 'open');
        assert.equal(requests.rows.get(requestId)?.etag, audit, 'the stored request was not written');
        assert.equal(directory.resetPassword.callCount, resets);
        assert.equal(directory.sendMail.callCount, mails);
      });
    }
  });

  describe('card data carries only the opaque request id', () => {
    it('every Action.Execute of every card in a whole flow (form, refresh, submit, confirmation) has data {requestId}', async () => {
      const conversationId = `a:${randomUUID()}`;
      const posted = connector.watch(conversationId);
      const answered: unknown[] = [];
      const at = { user: ADMIN, tenantId: TENANT, serviceUrl: connector.url, conversationId };
      await post(message('reset password for Bob Brown', at));
      const requestId = posted
        .flatMap(executeActions)
        .map((a) => (a.data as { requestId?: string }).requestId)
        .find(Boolean);
      assert.ok(requestId);
      for (const [verb, trigger] of [
        [Verbs.refresh, 'automatic'],
        [Verbs.submit, 'manual'],
      ] as const) {
        const activity = invoke(verb, requestId, { trigger });
        (activity.conversation as Record<string, unknown>).id = conversationId;
        answered.push(invokeValue(await post(activity)).value);
      }
      await waitForBackground();
      await post(
        message('form', {
          ...at,
          conversationType: 'channel',
          mentionBot: true,
          conversationId: `19:${randomUUID()}@thread.tacv2`,
        }),
      );
      const cards = [...posted, ...answered];
      const actions = cards.flatMap(executeActions);
      assert.ok(actions.length >= 3, `the flow's cards have actions (${actions.length})`);
      assert.ok(posted.length >= 2, 'the form and its replacement (the confirmation) were posted');
      for (const card of cards) assert.deepEqual(dataProblems(card), []);
      for (const action of actions) {
        const { passwordMode, ...rest } = action.data as Record<string, unknown>;
        assert.deepEqual(rest, { requestId }, `${action.verb} data`);
        if (passwordMode !== undefined)
          assert.deepEqual([action.verb, passwordMode], [Verbs.submit, 'custom']);
      }
      assert.deepEqual(connector.problems, [], 'no card sent anywhere carried more than the request id');
    });
  });

  it('the weak passwords the fuzz relies on really break a rule', () => {
    for (const target of [bobProfile, carolProfile]) {
      const { displayName, userPrincipalName } = target.user;
      const names = [displayName, userPrincipalName.split('@')[0], ...displayName.split(' ')];
      for (const password of WEAK_PASSWORDS) {
        assert.equal(
          checkPassword(password, { names, tenantName: 'contoso' }).ok,
          false,
          `${password} for ${displayName}`,
        );
      }
    }
  });

  it('fuzz: 10,000 mutated activities and invokes, one legitimate flow → one reset, one mail, no 5xx, no error', async () => {
    const submitPool = [
      await openRequest(ADMIN),
      await openRequest(ADMIN, 'Carol Chen'),
      await openRequest(OTHER_ADMIN),
    ];
    const cancelPool = [await openRequest(ADMIN), await openRequest(ADMIN, 'Carol Chen')];
    const resetsBefore = directory.resetPassword.callCount;
    const mailsBefore = directory.sendMail.callCount;

    const hostile = fc.oneof(
      fc.string({ maxLength: 24 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(...HOSTILE),
    );
    const odd = fc.oneof(
      hostile,
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
    );
    const anyUser = fc.oneof(
      fc.constantFrom(ADMIN, OTHER_ADMIN, BOB, NOBODY),
      fc.record({ aadObjectId: fc.oneof(fc.uuid(), hostile), name: hostile }),
    );
    /** Noise every case may carry: hostile names, ids, locales, sizes and extra fields. */
    const noise = fc.record(
      {
        fromName: hostile,
        recipientName: hostile,
        conversationName: hostile,
        conversationId: fc.oneof(
          hostile.filter((s) => s.length > 0),
          fc.constantFrom('19:x@thread.v2', 'a:1' + 'f'.repeat(40)),
        ),
        activityId: hostile,
        replyToId: hostile,
        locale: fc.oneof(fc.constantFrom('en-US', 'ja-JP', 'xx', ''), hostile),
        text: hostile,
        extraData: fc.constantFrom(
          { targetId: bobProfile.user.id },
          { requesterId: ADMIN.aadObjectId, tenantId: TENANT },
          { userId: carolProfile.user.id, upn: 'carol.chen@contoso.com', expiresAt: '2999-01-01T00:00:00Z' },
          { password: 'Injected!Passw0rd', recipients: 'evil@example.com' },
          { verb: Verbs.submit, action: { verb: Verbs.submit } },
        ),
        channelDataJunk: fc.dictionary(fc.string({ maxLength: 6 }), odd, { maxKeys: 3 }),
        entities: fc.array(
          fc.record({ type: fc.constantFrom('mention', 'clientInfo', 'x'), text: hostile, locale: hostile }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    );
    /** One change that makes a submit illegitimate: the property expects none of them to reset. */
    const breaker = fc.oneof(
      fc.constantFrom(
        'otherAdmin',
        'nonAdmin',
        'targetHimself',
        'foreignTenant',
        'channelDataTenantDiffers',
        'conversationTenantDiffers',
        'noTenant',
        'automatic',
        'missingAadId',
        'unknownRequest',
        'noRequestId',
        'noRecipients',
        'tooManyRecipients',
        'headerInjectedRecipients',
        'dataNotObject',
        'wrongInvokeName',
        'verbLookalike',
        'someoneElsesRequest',
      ),
      fc.record({
        kind: fc.constant('badAadId'),
        value: hostile.filter((s) => !/^[0-9a-fA-F-]{16,64}$/.test(s.trim())),
      }),
      fc.record({
        kind: fc.constant('requestIdShape'),
        value: fc.oneof(
          fc.integer(),
          fc.array(fc.constant(submitPool[0]), { maxLength: 2 }),
          fc.constant({ id: submitPool[0] }),
          hostile,
        ),
      }),
      fc.record({ kind: fc.constant('weakPassword'), value: fc.constantFrom(...WEAK_PASSWORDS) }),
      fc.record({ kind: fc.constant('badRecipients'), value: hostile.filter((s) => !s.includes('@')) }),
    );
    const submitCase = fc.record({
      kind: fc.constant('submit' as const),
      breakers: fc.array(breaker, { minLength: 1, maxLength: 3 }),
      pool: fc.nat({ max: submitPool.length - 1 }),
      noise,
    });
    /** A typed password: a plain word or a password-shaped one, both holding the canary. */
    const typedSecret = (strong: boolean, n: number): string =>
      strong ? `FzCanary#${n}Qx` : `${TYPED_CANARY}${n}`;
    const typedText = (templates: readonly string[]) =>
      fc
        .tuple(fc.constantFrom(...templates), fc.boolean(), fc.nat({ max: 999_999 }))
        .map(([template, strong, n]) =>
          template.replace('{pw}', typedSecret(strong, n)).replace('{strong}', typedSecret(true, n)),
        );
    const typedCommand = typedText(TYPED_COMMANDS);
    const typedQuery = typedText(TYPED_QUERIES);
    const otherInvokeCase = fc.record({
      kind: fc.constant('invoke' as const),
      verb: fc.oneof(fc.constantFrom(Verbs.search, Verbs.cancel, Verbs.resendMail, Verbs.refresh), hostile),
      who: anyUser,
      requestId: fc.oneof(
        fc.constantFrom(...submitPool, ...cancelPool),
        fc.uuid(),
        odd,
        fc.constant(undefined),
      ),
      trigger: fc.constantFrom('manual', 'automatic', null),
      inputs: fc.oneof(
        {
          weight: 4,
          arbitrary: fc.dictionary(
            fc.constantFrom(
              'query',
              'passwordMode',
              'customPassword',
              'forceChange',
              'revokeSessions',
              'recipients',
            ),
            odd,
            { maxKeys: 6 },
          ),
        },
        { weight: 1, arbitrary: fc.record({ query: typedQuery }) },
      ),
      tenant: fc.constantFrom('ok', 'foreign', 'mismatch', 'none'),
      noise,
    });
    const messageCase = fc.record({
      kind: fc.constant('message' as const),
      text: fc.oneof(
        typedCommand,
        fc.constantFrom(
          'reset password for Bob Brown',
          'reset password for Carol Chen, Bob Brown',
          'audit',
          'audit bob',
          'help',
          'form',
          'ボブ のパスワードをリセット',
        ),
        hostile.map((h) => `reset password for ${h}`),
        hostile,
      ),
      who: anyUser,
      tenant: fc.constantFrom('ok', 'foreign', 'mismatch', 'none'),
      mention: fc.boolean(),
      conversationType: fc.constantFrom('personal', 'groupChat', 'channel'),
      noise,
    });
    const shapeCase = fc.record({
      kind: fc.constant('shape' as const),
      type: fc.oneof(
        fc.constantFrom(
          'message',
          'invoke',
          'conversationUpdate',
          'messageReaction',
          'event',
          'typing',
          'installationUpdate',
        ),
        hostile,
      ),
      name: fc.oneof(
        fc.constantFrom('adaptiveCard/action', 'composeExtension/query', 'task/fetch', 'signin/verifyState'),
        hostile,
      ),
      from: fc.oneof(odd, fc.constant({ aadObjectId: ADMIN.aadObjectId }), fc.constant(undefined)),
      conversation: fc.oneof(odd, fc.constant({ id: 'a:shape', tenantId: TENANT }), fc.constant(undefined)),
      channelData: fc.oneof(
        odd,
        fc.constant({ tenant: { id: TENANT } }),
        fc.constant({ tenant: TENANT }),
        fc.constant(undefined),
      ),
      value: fc.oneof(
        odd,
        fc.constant({ action: 'reset.submit' }),
        fc.constant({ action: { verb: Verbs.submit, data: [submitPool[0]] } }),
        fc.constant({ action: { verb: Verbs.submit, data: submitPool[0] } }),
        fc.constant(undefined),
      ),
      membersAdded: fc.oneof(fc.constant(undefined), fc.constant([{ id: 'x' }]), odd),
      text: fc.oneof(odd, fc.constant(undefined)),
    });

    /** A raw body to one of the two POST routes: every media type, encoding and size, multipart included. */
    const bodyCase = fc.record({
      kind: fc.constant('body' as const),
      route: fc.constantFrom('/api/messages', `/l/${randomBytes(32).toString('base64url')}`),
      contentType: fc.constantFrom(
        'multipart/form-data; boundary=FUZZBOUNDARY',
        'multipart/form-data',
        'multipart/mixed; boundary=FUZZBOUNDARY',
        'application/x-www-form-urlencoded',
        'application/x-www-form-urlencoded; charset=utf-8',
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'text/plain',
        'application/octet-stream',
        '',
      ),
      encoding: fc.constantFrom(undefined, undefined, 'identity', 'gzip', 'deflate', 'br'),
      payload: fc.constantFrom('multipart', 'activity', 'form', 'garbage'),
      size: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(0, 100, 3_000) },
        { weight: 2, arbitrary: fc.constant(MAX_LINK_FORM_BYTES + 100) },
        { weight: 1, arbitrary: fc.constant(MAX_ACTIVITY_BYTES + 100) },
      ),
      chunked: fc.boolean(),
    });

    const arbitrary = fc.oneof(
      { arbitrary: submitCase, weight: 4 },
      { arbitrary: otherInvokeCase, weight: 2 },
      { arbitrary: messageCase, weight: 2 },
      { arbitrary: shapeCase, weight: 1 },
      { arbitrary: bodyCase, weight: 1 },
    );

    type BodyCase = typeof bodyCase extends fc.Arbitrary<infer T> ? T : never;
    /** The bytes of a body case; its activity is a harmless "help" from a user without a role. */
    const bodyBytes = (c: BodyCase): Buffer => {
      const pad = 'p'.repeat(c.size);
      switch (c.payload) {
        case 'multipart':
          return Buffer.concat([
            Buffer.from(
              '--FUZZBOUNDARY\r\nContent-Disposition: form-data; name="token"\r\n\r\nx\r\n' +
                '--FUZZBOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\n\r\n',
            ),
            Buffer.from(`${UPLOAD_MARKER}${pad}`),
            Buffer.from('\r\n--FUZZBOUNDARY--\r\n'),
          ]);
        case 'activity':
          return Buffer.from(
            JSON.stringify({
              ...message('help', { user: NOBODY, tenantId: TENANT, serviceUrl: connector.url }),
              pad,
            }),
          );
        case 'form':
          return Buffer.from(`token=${randomBytes(8).toString('hex')}&pad=${pad}`);
        default:
          return randomBytes(c.size);
      }
    };
    /** The answers a body case may get: refused for its type, encoding or size, or handled as its route does. */
    const acceptableStatuses = (c: BodyCase, length: number): number[] => {
      const json = c.route === '/api/messages';
      const [media = '', ...parameters] = c.contentType.split(';').map((p) => p.trim().toLowerCase());
      const charset = parameters.find((p) => p.startsWith('charset='))?.slice(8);
      const wanted = json ? 'application/json' : 'application/x-www-form-urlencoded';
      const encoded = c.encoding !== undefined && c.encoding !== 'identity';
      if (media !== wanted || (charset !== undefined && charset !== 'utf-8') || encoded) return [415, 0];
      if (length > (json ? MAX_ACTIVITY_BYTES : MAX_LINK_FORM_BYTES)) return [413, 0];
      // A well-formed activity is served; any other JSON route body is malformed; a link form names no link.
      return json ? (c.payload === 'activity' ? [200] : [400]) : [400];
    };

    const envelopeTenant = (activity: ActivityJson, tenant: string): void => {
      const conversation = activity.conversation as Record<string, unknown>;
      const channelData = activity.channelData as Record<string, unknown>;
      if (tenant === 'foreign') {
        conversation.tenantId = OTHER_TENANT;
        channelData.tenant = { id: OTHER_TENANT };
      } else if (tenant === 'mismatch') {
        channelData.tenant = { id: TENANT };
        conversation.tenantId = OTHER_TENANT;
      } else if (tenant === 'none') {
        delete conversation.tenantId;
        delete channelData.tenant;
      }
    };
    const applyNoise = (activity: ActivityJson, n: Record<string, unknown>): void => {
      const from = activity.from as Record<string, unknown>;
      const recipient = activity.recipient as Record<string, unknown>;
      const conversation = activity.conversation as Record<string, unknown>;
      if ('fromName' in n) from.name = n.fromName;
      if ('recipientName' in n) recipient.name = n.recipientName;
      if ('conversationName' in n) conversation.name = n.conversationName;
      if ('conversationId' in n) conversation.id = n.conversationId;
      if ('activityId' in n) activity.id = n.activityId as string;
      if ('locale' in n) activity.locale = n.locale;
      if ('entities' in n) activity.entities = n.entities;
      if ('channelDataJunk' in n)
        activity.channelData = { ...(n.channelDataJunk as object), ...(activity.channelData as object) };
      if (activity.type === 'invoke') {
        if ('replyToId' in n) activity.replyToId = n.replyToId;
        const data = (activity.value as { action: { data: Record<string, unknown> } }).action.data;
        // Unexpected fields ride along; the case's own inputs (which may be the breaking ones) win.
        const action = (activity.value as { action: { data: Record<string, unknown> } }).action;
        if ('extraData' in n) action.data = { ...(n.extraData as object), ...data };
      } else if ('text' in n && typeof activity.text === 'string') {
        activity.text = `${activity.text}${n.text as string}`;
      }
    };

    const buildSubmit = (c: {
      breakers: unknown[];
      pool: number;
      noise: Record<string, unknown>;
    }): ActivityJson => {
      let who: TeamsUser = ADMIN;
      let requestId: unknown = submitPool[c.pool];
      if (requestId === submitPool[2]) requestId = submitPool[0]; // the other admin's request is only reached by 'someoneElsesRequest'
      let inputs: Record<string, unknown> = { ...GOOD_INPUTS };
      let trigger: 'manual' | 'automatic' | null = 'manual';
      let tenant = 'ok';
      const changes: ((a: ActivityJson) => void)[] = [];
      for (const b of c.breakers) {
        const kind = typeof b === 'string' ? b : (b as { kind: string }).kind;
        const value = typeof b === 'string' ? undefined : (b as { value: unknown }).value;
        switch (kind) {
          case 'otherAdmin':
            who = OTHER_ADMIN;
            break;
          case 'nonAdmin':
            who = NOBODY;
            break;
          case 'targetHimself':
            who = BOB;
            break;
          case 'foreignTenant':
            tenant = 'foreign';
            break;
          case 'channelDataTenantDiffers':
            changes.push((a) => ((a.channelData as Record<string, unknown>).tenant = { id: OTHER_TENANT }));
            break;
          case 'conversationTenantDiffers':
            tenant = 'mismatch';
            break;
          case 'noTenant':
            tenant = 'none';
            break;
          case 'automatic':
            trigger = 'automatic';
            break;
          case 'missingAadId':
            changes.push((a) => delete (a.from as Record<string, unknown>).aadObjectId);
            break;
          case 'badAadId':
            changes.push((a) => ((a.from as Record<string, unknown>).aadObjectId = value));
            break;
          case 'unknownRequest':
            requestId = randomUUID().replace(/-/g, '');
            break;
          case 'noRequestId':
            requestId = undefined;
            break;
          case 'requestIdShape':
            requestId = value;
            break;
          case 'noRecipients':
            inputs = { ...inputs, recipients: '' };
            break;
          case 'tooManyRecipients':
            inputs = {
              ...inputs,
              recipients: Array.from({ length: 6 }, (_, i) => `r${i}@example.net`).join(';'),
            };
            break;
          case 'headerInjectedRecipients':
            inputs = { ...inputs, recipients: 'bob.home@example.net\r\nBcc: evil@example.com' };
            break;
          case 'badRecipients':
            inputs = { ...inputs, recipients: value };
            break;
          case 'weakPassword':
            inputs = { ...inputs, passwordMode: 'custom', customPassword: value };
            break;
          case 'dataNotObject':
            changes.push(
              (a) =>
                ((a.value as { action: Record<string, unknown> }).action.data = [
                  String(requestId),
                  GOOD_INPUTS,
                ]),
            );
            break;
          case 'wrongInvokeName':
            changes.push((a) => (a.name = 'adaptiveCard/Action'));
            break;
          case 'verbLookalike':
            changes.push(
              (a) => ((a.value as { action: Record<string, unknown> }).action.verb = 'Reset.Submit'),
            );
            break;
          case 'someoneElsesRequest':
            // The admin presses a request another admin opened.
            requestId = submitPool[2];
            break;
        }
      }
      // 'otherAdmin' with 'someoneElsesRequest' would be that admin pressing their own request: legitimate.
      if (requestId === submitPool[2] && who === OTHER_ADMIN) who = ADMIN;
      const activity = invoke(Verbs.submit, requestId, { user: who, inputs, trigger });
      envelopeTenant(activity, tenant);
      applyNoise(activity, c.noise);
      for (const change of changes) change(activity);
      return activity;
    };

    const build = (c: Record<string, unknown> & { kind: string }): unknown => {
      switch (c.kind) {
        case 'submit':
          return buildSubmit(c as never);
        case 'invoke': {
          // A cancel may be legitimate; it only ever meets the cancel pool, so the submit pool stays open.
          const requestId =
            c.verb === Verbs.cancel && submitPool.includes(c.requestId as string)
              ? cancelPool[0]
              : c.requestId;
          const activity = invoke(c.verb as string, requestId, {
            user: c.who as TeamsUser,
            inputs: c.inputs as Record<string, unknown>,
            trigger: c.trigger as 'manual' | 'automatic' | null,
          });
          envelopeTenant(activity, c.tenant as string);
          applyNoise(activity, c.noise as Record<string, unknown>);
          return activity;
        }
        case 'message': {
          const activity = message(c.text as string, {
            user: c.who as TeamsUser,
            tenantId: TENANT,
            serviceUrl: connector.url,
            mentionBot: c.mention as boolean,
            conversationType: c.conversationType as 'personal',
          });
          envelopeTenant(activity, c.tenant as string);
          applyNoise(activity, c.noise as Record<string, unknown>);
          return activity;
        }
        default: {
          const body: Record<string, unknown> = {
            type: c.type,
            id: randomUUID(),
            channelId: 'msteams',
            serviceUrl: connector.url,
            recipient: { id: '28:bot' },
          };
          for (const key of ['name', 'from', 'conversation', 'channelData', 'value', 'membersAdded', 'text'])
            if (c[key] !== undefined) body[key] = c[key];
          return body;
        }
      }
    };

    const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
    // Printed with the results, so a finding can be replayed with FUZZ_SEED.
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
    const LEGIT_AT = Math.floor(NUM_RUNS / 2);
    let run = 0;
    let bodyCases = 0;
    let typedCases = 0;
    const filesUnder = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? filesUnder(full) : [full];
      });
    const tmpBefore = filesUnder(tmp);
    let legitPassword = '';
    let resetsSeen = resetsBefore;
    const statuses = new Map<number, number>();
    /** Distinct problems (by signature) with a count and the first case that showed each. */
    const findings = new Map<string, { count: number; example: string }>();
    const finding = (signature: string, c: unknown): void => {
      const seen = findings.get(signature);
      if (seen) seen.count += 1;
      // A reset by a mutated case is the finding that matters most: keep its whole case.
      else
        findings.set(signature, {
          count: 1,
          example: JSON.stringify(c).slice(0, signature.includes('RESET') ? 20_000 : 400),
        });
    };
    const started = Date.now();

    await fc.assert(
      fc.asyncProperty(arbitrary, async (c) => {
        run += 1;
        if (run === LEGIT_AT) {
          // The one legitimate flow: a fresh request opened by its requester, then one correct submit.
          const requestId = await openRequest(ADMIN);
          const answer = await post(invoke(Verbs.submit, requestId));
          assert.equal(answer.status, 200);
          assert.equal((answer.body as { statusCode: number }).statusCode, 200);
          await waitForBackground();
          assert.equal(directory.resetPassword.callCount, resetsSeen + 1, 'the legitimate submit reset');
          legitPassword = directory.resetPassword.lastCall.args[1];
          resetsSeen = directory.resetPassword.callCount;
        }
        const errorsBefore = errorLines.length;
        let answer: { status: number; body: unknown };
        if ((c as { kind: string }).kind === 'body') {
          const bc = c as BodyCase;
          const bytes = bodyBytes(bc);
          const headers: Record<string, string> = {};
          if (bc.contentType) headers['Content-Type'] = bc.contentType;
          if (bc.encoding) headers['Content-Encoding'] = bc.encoding;
          answer = await postRaw(bc.route, headers, bytes, bc.chunked);
          bodyCases += 1;
          const acceptable = acceptableStatuses(bc, bytes.length);
          if (!acceptable.includes(answer.status))
            finding(`body answered ${answer.status}, expected one of ${acceptable.join('/')}`, c);
        } else {
          answer = await post(build(c as never));
        }
        if (JSON.stringify(c).toLowerCase().includes(TYPED_CANARY)) typedCases += 1;
        if (
          JSON.stringify(answer.body ?? '')
            .toLowerCase()
            .includes(TYPED_CANARY)
        )
          finding('a typed password came back in an answer', c);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500)
          finding(`HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 160)}`, c);
        const invokeBody = answer.body as { type?: string; value?: unknown } | null;
        if (
          invokeBody &&
          typeof invokeBody === 'object' &&
          invokeBody.type === 'application/vnd.microsoft.card.adaptive'
        ) {
          for (const problem of dataProblems(invokeBody.value)) finding(`card data: ${problem}`, c);
        }
        for (const line of errorLines.slice(errorsBefore)) {
          const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string; stack?: string } };
          const where = parsed.err?.stack?.split('\n').find((l) => l.includes('/src/')) ?? '';
          finding(`error log "${parsed.msg}": ${parsed.err?.message ?? ''} ${where.trim()}`, c);
        }
        if (background.size > 0) await waitForBackground();
        if (directory.resetPassword.callCount > resetsSeen) {
          resetsSeen = directory.resetPassword.callCount;
          finding('a mutated case RESET a password', c);
        }
        // Every case is run to the end so one run lists every distinct problem, not just the first.
        return true;
      }),
      {
        numRuns: NUM_RUNS,
        endOnFailure: true,
        seed,
      },
    );
    await waitForBackground();
    const seconds = (Date.now() - started) / 1000;

    assert.equal(run, NUM_RUNS);
    console.log(
      `      fuzz: ${NUM_RUNS} cases (seed ${seed}) in ${seconds.toFixed(1)} s; HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    const report = [...findings].map(
      ([signature, { count, example }]) => `${count}× ${signature}\n     e.g. ${example}`,
    );
    if (report.length > 0)
      assert.fail(`problems found (resets, 5xx, error-level logs, card data):\n${report.join('\n')}`);
    assert.deepEqual(unhandled, [], 'no unhandled rejection or exception');
    assert.deepEqual(errorLines, [], 'no error-level log line');
    assert.deepEqual(
      connector.problems,
      [],
      'every card sent carries only the request id, and no typed password reached the connector',
    );
    // Typed passwords: nothing of them reached the directory (Graph) or the log.
    assert.ok(typedCases >= NUM_RUNS / 50, `only ${typedCases} cases typed a password`);
    const directoryArgs = JSON.stringify(
      Object.values(directory).map((stub) => (stub as sinon.SinonStub).args),
    ).toLowerCase();
    assert.equal(directoryArgs.includes(TYPED_CANARY), false, 'a typed password reached the directory');
    assert.equal(logText.toLowerCase().includes(TYPED_CANARY), false, 'a typed password reached the log');
    // Raw bodies: every upload was refused unread, and nothing was written to the temporary directory.
    assert.ok(bodyCases >= NUM_RUNS / 50, `only ${bodyCases} raw bodies`);
    assert.deepEqual(filesUnder(tmp), tmpBefore, 'a body was written to the temporary directory');
    for (const file of filesUnder(tmp))
      assert.equal(readFileSync(file, 'latin1').includes(UPLOAD_MARKER), false, file);
    assert.equal(
      directory.resetPassword.callCount - resetsBefore,
      1,
      'exactly one reset: the legitimate one',
    );
    sinon.assert.calledWith(directory.resetPassword.lastCall, bobProfile.user.id);
    assert.equal(directory.sendMail.callCount - mailsBefore, 1, 'exactly one password mail');
    assert.deepEqual(directory.sendMail.lastCall.args[1].to, ['bob.home@example.net']);
    assert.ok(legitPassword.length >= 12);
    for (const [encoding, needle] of Object.entries(encodingsOf(legitPassword))) {
      assert.equal(logText.includes(needle), false, `the password is in the log (${encoding})`);
    }
    // The pool stayed open, so every mutated submit met a live request and was refused for its own reason.
    for (const id of submitPool)
      assert.equal(requests.rows.get(id)?.value.state, 'open', `request ${id} untouched`);
    assert.ok(connector.calls() > 100, 'the bot answered through the connector');
  });
});
