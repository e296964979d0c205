/**
 * Item 2 of issue #4, proven on the real process: outside LOCAL_MODE the bot validates Bot Framework JWTs
 * through the SDK, pointed at a key set served on loopback (programmatically, by tests/fixtures/
 * botWithTestKeySet.ts: the environment may not override the metadata URL). Forged tokens get 401
 * and never reach the handler (no Graph call in the local tenant's log, nothing at the connector); a valid
 * token is served. The process also refuses to start without its credentials, and refuses LOCAL_MODE on a
 * non-loopback address.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { packageBin } from '../../src/local/packageBin';
import { freePort } from '../../src/local/stack';
import { cardAction, message, type ActivityJson } from '../support/activities';
import { startTestAzurite, uniqueTablePrefix, type TestAzurite } from '../support/azurite';
import { startConnector, type RecordingConnector } from '../support/connector';
import {
  CHANNEL_ISSUER,
  channelClaims,
  channelToken,
  publicPems,
  rsaKey,
  signJwt,
  startOpenIdServer,
  type OpenIdServer,
} from '../support/jwt';
import { startTenant, type RunningTenant } from '../support/tenant';
import { personasFrom, type Person } from '../integration/harness';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = packageBin('tsx', 'tsx');
const INDEX = path.join(ROOT, 'src', 'index.ts');
/** The composition root with the test's OpenID metadata URL set programmatically (argv). */
const WITH_TEST_KEYS = path.join(ROOT, 'tests', 'fixtures', 'botWithTestKeySet.ts');

/** Every setting of the configuration contract: removed from the inherited environment before a spawn. */
const CONTRACT_KEYS = [
  'BOT_ID',
  'BOT_PASSWORD',
  'BOT_TENANT_ID',
  'BOT_TYPE',
  'BOT_OPENID_METADATA',
  'TENANT_ID',
  'GRAPH_ENDPOINT',
  'GRAPH_SCOPE',
  'GRAPH_AUTH',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERTIFICATE_PATH',
  'GRAPH_AUTHORITY_HOST',
  'MAIL_SENDER',
  'PASSWORD_DELIVERY',
  'PUBLIC_URL',
  'LINK_ENCRYPTION_KEYS',
  'STORAGE_CONNECTION_STRING',
  'STORAGE_TABLE_PREFIX',
  'LOCAL_MODE',
  'LOCAL_TENANT_FILE',
  'HOST',
  'PORT',
];

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CONTRACT_KEYS) delete env[key];
  return { ...env, ...extra };
}

/** Runs the composition root with `env` until it exits or prints BOT_READY. */
function runBot(
  env: NodeJS.ProcessEnv,
  timeoutMs = 45_000,
  entry: readonly string[] = [INDEX],
): {
  child: ChildProcess;
  result: Promise<{ code: number | null; ready: boolean; stdout: string; stderr: string }>;
} {
  const child = spawn(TSX.command, [...TSX.args, ...entry], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const result = new Promise<{ code: number | null; ready: boolean; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(
            `bot neither started nor exited within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
          ),
        );
      }, timeoutMs);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('BOT_READY ')) {
          clearTimeout(timer);
          resolve({ code: null, ready: true, stdout, stderr });
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, ready: false, stdout, stderr });
      });
    },
  );
  return { child, result };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** POSTs an activity with an optional Authorization header. */
async function post(
  botUrl: string,
  activity: object,
  authorization?: string,
): Promise<{ status: number; raw: string }> {
  const payload = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL('/api/messages', botUrl),
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          ...(authorization !== undefined ? { Authorization: authorization } : {}),
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, raw: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('bot did not answer')));
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('security: Bot Framework JWT validation on the real process (outside LOCAL_MODE)', function () {
  this.timeout(120_000);

  const botId = randomUUID();
  let tenant: RunningTenant;
  let azurite: TestAzurite;
  let connector: RecordingConnector;
  /** Where a forged activity asks the bot to send its replies (the token names the real connector). */
  let attacker: RecordingConnector;
  let openId: OpenIdServer;
  let bot: ChildProcess;
  let botUrl = '';
  let botOutput = '';
  let admin: Person;
  let bob: Person;
  const trusted = rsaKey('key-teams-1', ['msteams']);
  const webchatOnly = rsaKey('key-webchat-1', ['webchat']);
  const rogue = rsaKey('key-teams-1', ['msteams']);
  const unlisted = rsaKey('key-not-in-jwks', ['msteams']);

  before(async function () {
    this.timeout(180_000);
    [tenant, azurite, connector, attacker, openId] = await Promise.all([
      startTenant(),
      startTestAzurite(),
      startConnector(),
      startConnector(),
      startOpenIdServer([trusted, webchatOnly]),
    ]);
    const people = personasFrom();
    admin = people.helpdesk;
    bob = people.bob;
    const app = tenant.seed.applications.find((a) =>
      a.permissions?.includes('User-PasswordProfile.ReadWrite.All'),
    );
    assert.ok(app, 'the seed has the bot application');
    const port = await freePort();
    const run = runBot(
      cleanEnv({
        LOCAL_MODE: 'false',
        HOST: '127.0.0.1',
        PORT: String(port),
        BOT_ID: botId,
        BOT_PASSWORD: `bot-secret-${randomBytes(8).toString('hex')}`,
        BOT_TENANT_ID: tenant.tenantId,
        BOT_TYPE: 'SingleTenant',
        TENANT_ID: tenant.tenantId,
        GRAPH_ENDPOINT: tenant.url,
        GRAPH_SCOPE: 'https://graph.microsoft.com/.default',
        GRAPH_AUTH: 'client-secret',
        GRAPH_CLIENT_ID: app.clientId,
        GRAPH_CLIENT_SECRET: app.clientSecret,
        GRAPH_AUTHORITY_HOST: tenant.url,
        MAIL_SENDER: 'helpdesk@contoso.com',
        PUBLIC_URL: 'https://bot.example',
        LINK_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
        STORAGE_CONNECTION_STRING: azurite.connectionString,
        STORAGE_TABLE_PREFIX: uniqueTablePrefix('auth'),
        NODE_EXTRA_CA_CERTS: tenant.caPath,
        LOG_LEVEL: 'info',
      }),
      45_000,
      [WITH_TEST_KEYS, openId.metadataUrl],
    );
    bot = run.child;
    bot.stdout!.on('data', (chunk: Buffer) => (botOutput += chunk.toString('utf8')));
    bot.stderr!.on('data', (chunk: Buffer) => (botOutput += chunk.toString('utf8')));
    const started = await run.result;
    assert.ok(started.ready, `the bot did not start: ${started.stderr}`);
    botUrl = (JSON.parse(started.stdout.split('BOT_READY ')[1].split('\n')[0]) as { url: string }).url;
  });

  after(async () => {
    await Promise.all([
      bot ? stopProcess(bot) : undefined,
      tenant?.stop(),
      azurite?.stop(),
      connector?.stop(),
      attacker?.stop(),
      openId?.stop(),
    ]);
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  const graphSeq = async (): Promise<number> =>
    (await tenant.admin.requests()).reduce((max, r) => Math.max(max, r.seq), 0);
  const resetMessage = (overrides: Partial<ActivityJson> = {}): ActivityJson => ({
    ...message(`reset password for ${bob.upn}`, {
      user: admin,
      tenantId: tenant.tenantId,
      serviceUrl: connector.url,
    }),
    ...overrides,
  });
  const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
    channelClaims({ botId, serviceUrl: connector.url, overrides });

  /** One forged request: the header to send and, optionally, a changed activity. */
  interface Forgery {
    readonly name: string;
    readonly authorization: () => string | undefined;
    readonly activity?: () => ActivityJson;
  }

  const forgeries: Forgery[] = [
    { name: 'missing Authorization header', authorization: () => undefined },
    { name: 'empty Bearer token', authorization: () => 'Bearer ' },
    {
      name: 'wrong scheme (Basic)',
      authorization: () => `Basic ${Buffer.from(`${botId}:x`).toString('base64')}`,
    },
    { name: 'malformed token', authorization: () => 'Bearer not.a.jwt' },
    {
      name: 'wrong audience (another bot)',
      authorization: () =>
        `Bearer ${channelToken(trusted, { botId: randomUUID(), serviceUrl: connector.url })}`,
    },
    {
      name: 'audience missing',
      authorization: () =>
        `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url, overrides: { aud: undefined } })}`,
    },
    {
      name: 'wrong issuer',
      authorization: () =>
        `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url, overrides: { iss: `${CHANNEL_ISSUER}.evil.example` } })}`,
    },
    {
      name: 'issuer missing',
      authorization: () =>
        `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url, overrides: { iss: undefined } })}`,
    },
    {
      name: 'expired (beyond the 5-minute clock tolerance)',
      authorization: () =>
        `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url, notBefore: -7200, issuedAt: -7200, expiresIn: -600 })}`,
    },
    {
      name: 'not yet valid (nbf beyond the 5-minute clock tolerance)',
      authorization: () =>
        `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url, notBefore: 900, issuedAt: 0, expiresIn: 4000 })}`,
    },
    {
      name: 'unknown key id',
      authorization: () => `Bearer ${channelToken(unlisted, { botId, serviceUrl: connector.url })}`,
    },
    {
      name: 'alg: none',
      authorization: () => `Bearer ${signJwt({ kid: trusted.kid }, valid(), { alg: 'none' })}`,
    },
    {
      name: 'HS256 signed with the public key (PKCS#1 PEM, as the SDK holds it)',
      authorization: () =>
        `Bearer ${signJwt({ kid: trusted.kid }, valid(), { alg: 'HS256', secret: publicPems(trusted)[0] })}`,
    },
    {
      name: 'HS256 signed with the public key (SPKI PEM)',
      authorization: () =>
        `Bearer ${signJwt({ kid: trusted.kid }, valid(), { alg: 'HS256', secret: publicPems(trusted)[1] })}`,
    },
    {
      name: 'bad signature (a rogue key under the trusted key id)',
      authorization: () => `Bearer ${channelToken(rogue, { botId, serviceUrl: connector.url })}`,
    },
    {
      name: 'tampered claims under a valid signature',
      authorization: () => {
        const [header, , signature] = channelToken(trusted, {
          botId: randomUUID(),
          serviceUrl: connector.url,
        }).split('.');
        return `Bearer ${header}.${Buffer.from(JSON.stringify(valid())).toString('base64url')}.${signature}`;
      },
    },
    {
      name: 'serviceUrl claim differs from the activity serviceUrl',
      authorization: () => `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url })}`,
      activity: () => resetMessage({ serviceUrl: attacker.url }),
    },
    {
      name: 'serviceurl claim missing',
      authorization: () =>
        `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url, overrides: { serviceurl: undefined } })}`,
    },
    {
      name: 'key endorsed for another channel (webchat key, msteams activity)',
      authorization: () => `Bearer ${channelToken(webchatOnly, { botId, serviceUrl: connector.url })}`,
    },
    {
      name: 'msteams key used for another channel (channelId webchat)',
      authorization: () => `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url })}`,
      activity: () => resetMessage({ channelId: 'webchat' }),
    },
  ];

  for (const forgery of forgeries) {
    it(`refuses a forged request: ${forgery.name} → 401, the handler never runs`, async () => {
      const graphBefore = await graphSeq();
      const connectorBefore = connector.mark();
      const attackerBefore = attacker.mark();
      const outputBefore = botOutput.length;
      const answer = await post(botUrl, forgery.activity?.() ?? resetMessage(), forgery.authorization());
      // Give a handler that did run (it would be awaited before the answer, but be generous) time to show.
      await sleep(250);
      const graph = (await tenant.admin.requests()).filter((r) => r.seq > graphBefore);
      assert.deepEqual(
        graph.map((r) => `${r.method} ${r.path}`),
        [],
        'no Graph call (not even a token request)',
      );
      assert.equal(connector.callsSince(connectorBefore).length, 0, 'nothing sent to the connector');
      assert.equal(attacker.callsSince(attackerBefore).length, 0, 'nothing sent to the forged serviceUrl');
      assert.doesNotMatch(botOutput.slice(outputBefore), /turn failed|unhandled turn error/, 'no turn ran');
      assert.equal(answer.status, 401, `HTTP ${answer.status}: ${answer.raw.slice(0, 200)}`);
    });
  }

  it('serves a valid token: the message reaches the handler, which reads the requester from Graph', async () => {
    const graphBefore = await graphSeq();
    const answer = await post(
      botUrl,
      resetMessage(),
      `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url })}`,
    );
    assert.equal(answer.status, 200, answer.raw);
    const graph = (await tenant.admin.requests()).filter((r) => r.seq > graphBefore);
    assert.ok(
      graph.some(
        (r) =>
          r.method === 'GET' &&
          decodeURIComponent(r.path).toLowerCase().includes(admin.aadObjectId.toLowerCase()),
      ),
      `the handler looked the requester up in Graph: ${graph.map((r) => `${r.method} ${r.path}`).join(', ')}`,
    );
    assert.ok(openId.fetches.keys >= 1, 'the SDK fetched the local key set');
  });

  it('serves a valid token on an invoke: the card action is answered by the handler with a card', async () => {
    const graphBefore = await graphSeq();
    const activity = cardAction('reset.search', {
      user: admin,
      tenantId: tenant.tenantId,
      serviceUrl: connector.url,
      replyToId: `${now()}`,
      inputs: { query: bob.upn },
    });
    const answer = await post(
      botUrl,
      activity,
      `Bearer ${channelToken(trusted, { botId, serviceUrl: connector.url })}`,
    );
    assert.equal(answer.status, 200, answer.raw);
    const body = JSON.parse(answer.raw) as { statusCode: number; type: string; value: unknown };
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.ok(
      JSON.stringify(body.value).includes(bob.displayName),
      'the form names the target found in Graph',
    );
    const graph = (await tenant.admin.requests()).filter((r) => r.seq > graphBefore);
    assert.ok(graph.length > 0, 'the handler called Graph');
  });

  it('accepts a token inside the 5-minute clock tolerance (expired 2 minutes ago), as the SDK documents', async () => {
    const token = channelToken(trusted, {
      botId,
      serviceUrl: connector.url,
      notBefore: -3600,
      issuedAt: -3600,
      expiresIn: -120,
    });
    const activity = cardAction('reset.search', {
      user: admin,
      tenantId: tenant.tenantId,
      serviceUrl: connector.url,
      replyToId: `${now()}`,
      inputs: { query: bob.upn },
    });
    const answer = await post(botUrl, activity, `Bearer ${token}`);
    assert.equal(answer.status, 200, answer.raw);
  });
});

describe('security: the process refuses to start without what production needs', function () {
  this.timeout(60_000);

  /** A bot that did start (the protection is gone) is stopped, not left listening. */
  const started: ChildProcess[] = [];
  const spawnBot = (env: NodeJS.ProcessEnv) => {
    const run = runBot(env);
    started.push(run.child);
    return run;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map(stopProcess));
  });

  it('outside LOCAL_MODE with nothing configured: exit code 1 and one sentence per missing item', async () => {
    const { result } = spawnBot(cleanEnv({ LOCAL_MODE: 'false', PORT: '0', HOST: '127.0.0.1' }));
    const { code, ready, stderr } = await result;
    assert.equal(ready, false, 'it never listened');
    assert.equal(code, 1, stderr);
    const expected: [string, RegExp][] = [
      ['BOT_ID', /^- BOT_ID is missing/m],
      ['BOT_PASSWORD', /^- BOT_PASSWORD is missing/m],
      ['BOT_TENANT_ID', /^- BOT_TENANT_ID is missing/m],
      ['TENANT_ID', /^- TENANT_ID is missing/m],
      ['Graph credential', /^- GRAPH_CLIENT_ID is missing/m],
      ['MAIL_SENDER', /^- MAIL_SENDER is missing/m],
      ['secrets key', /^- LINK_ENCRYPTION_KEYS is missing/m],
      ['STORAGE_CONNECTION_STRING', /^- STORAGE_CONNECTION_STRING is missing/m],
    ];
    for (const [item, pattern] of expected) {
      const lines = stderr.split('\n').filter((line) => pattern.test(line));
      assert.equal(lines.length, 1, `one sentence for ${item}:\n${stderr}`);
      assert.match(lines[0], /\.$/, `a whole sentence for ${item}`);
    }
  });

  it('outside LOCAL_MODE a client-secret Graph credential needs its id and secret; BOT_ID alone is not enough', async () => {
    const { result } = spawnBot(
      cleanEnv({
        LOCAL_MODE: 'false',
        HOST: '127.0.0.1',
        PORT: '0',
        BOT_ID: randomUUID(),
        BOT_TYPE: 'MultiTenant',
        TENANT_ID: randomUUID(),
        GRAPH_AUTH: 'client-secret',
        MAIL_SENDER: 'helpdesk@contoso.com',
        PUBLIC_URL: 'https://bot.example',
        LINK_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
        STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      }),
    );
    const { code, ready, stderr } = await result;
    assert.equal(ready, false);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /^- GRAPH_AUTH=client-secret needs GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET\.$/m);
    assert.match(stderr, /^- BOT_PASSWORD is missing/m);
    assert.doesNotMatch(stderr, /BOT_ID is missing|TENANT_ID is missing|MAIL_SENDER|LINK_ENCRYPTION_KEYS/);
  });

  it('outside LOCAL_MODE an OpenID metadata override and an http PUBLIC_URL are refused at startup', async () => {
    const { result } = spawnBot(
      cleanEnv({
        LOCAL_MODE: 'false',
        HOST: '127.0.0.1',
        PORT: '0',
        BOT_ID: randomUUID(),
        BOT_PASSWORD: 'x',
        BOT_TENANT_ID: randomUUID(),
        BOT_OPENID_METADATA: 'http://127.0.0.1:9/.well-known/openid-configuration',
        TENANT_ID: randomUUID(),
        GRAPH_AUTH: 'client-secret',
        GRAPH_CLIENT_ID: randomUUID(),
        GRAPH_CLIENT_SECRET: 'x',
        MAIL_SENDER: 'helpdesk@contoso.com',
        PUBLIC_URL: 'http://bot.example',
        LINK_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
        STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      }),
    );
    const { code, ready, stderr } = await result;
    assert.equal(ready, false, 'it never listened');
    assert.equal(code, 1, stderr);
    const lines = stderr.split('\n').filter((line) => line.startsWith('- '));
    assert.equal(lines.length, 2, stderr);
    assert.ok(
      lines.some((line) => line.startsWith('- BOT_OPENID_METADATA is not accepted')),
      stderr,
    );
    assert.ok(
      lines.some((line) => line.startsWith('- PUBLIC_URL must be an https URL')),
      stderr,
    );
  });

  it('LOCAL_MODE on HOST=localhost is refused: loopback is an address, not a name', async () => {
    const { result } = spawnBot(
      cleanEnv({
        LOCAL_MODE: 'true',
        HOST: 'localhost',
        PORT: '0',
        TENANT_ID: randomUUID(),
        GRAPH_AUTH: 'client-secret',
        GRAPH_CLIENT_ID: randomUUID(),
        GRAPH_CLIENT_SECRET: 'x',
        MAIL_SENDER: 'helpdesk@contoso.com',
        LINK_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
      }),
    );
    const { code, ready, stderr } = await result;
    assert.equal(ready, false, 'it never listened');
    assert.equal(code, 1, stderr);
    assert.match(stderr, /HOST must be a loopback address \(it is "localhost"\)\./);
  });

  it('LOCAL_MODE bound to 0.0.0.0 is refused (anonymous traffic only on loopback)', async () => {
    const { result } = spawnBot(
      cleanEnv({
        LOCAL_MODE: 'true',
        HOST: '0.0.0.0',
        PORT: '0',
        TENANT_ID: randomUUID(),
        GRAPH_AUTH: 'client-secret',
        GRAPH_CLIENT_ID: randomUUID(),
        GRAPH_CLIENT_SECRET: 'x',
        MAIL_SENDER: 'helpdesk@contoso.com',
        LINK_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
      }),
    );
    const { code, ready, stderr } = await result;
    assert.equal(ready, false, 'it never listened');
    assert.equal(code, 1, stderr);
    const lines = stderr.split('\n').filter((line) => line.startsWith('- '));
    assert.equal(lines.length, 1, `only the loopback problem is reported:\n${stderr}`);
    assert.match(lines[0], /LOCAL_MODE=true .* HOST must be a loopback address \(it is "0\.0\.0\.0"\)\./);
  });
});
