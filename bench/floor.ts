/**
 * The floor the bot is compared with: what a perfect client needs for the same work at the same Graph
 * latency, measured in the same run. It is the project's own Graph adapter (the same batches the bot
 * sends, with a token fetched beforehand) doing the least the work allows, one after another, and
 * nothing else: one read round trip for the requester's and the users' profiles, then per user one
 * write round trip (PATCH, sign-out, password mail, notice mail), at most as many users at once as the
 * sending mailbox accepts (4), then one card update to the Bot Connector. No storage, no Teams turn, no
 * queue: the bot pays for those and the floor does not.
 */
import http from 'node:http';
import { createGraphCredential } from '../src/directory/credential';
import { GraphDirectory } from '../src/directory/graphDirectory';
import { silentLogger } from '../src/logger';
import { generatePassword } from '../src/policy/password';
import type { Change } from '../src/reset/ports';
import type { BenchEnv } from './env';
import type { SeedPerson } from './seed';

/** Outlook's limit of concurrent requests per mailbox. */
export const MAILBOX_CONCURRENCY = 4;

/** A perfect client for the floor. */
export interface PerfectClient {
  /** ms for: read profiles, write each user (4 at a time), update one card. */
  reset(requester: SeedPerson, targets: readonly SeedPerson[]): Promise<number>;
}

/** Builds the client from the bot's own Graph settings and warms its token and connections up. */
export async function perfectClient(env: BenchEnv, warmUser: SeedPerson): Promise<PerfectClient> {
  const { botEnv } = env.stack;
  const directory = new GraphDirectory({
    credential: createGraphCredential({
      auth: 'client-secret',
      clientId: botEnv.GRAPH_CLIENT_ID,
      clientSecret: botEnv.GRAPH_CLIENT_SECRET,
      certificatePath: '',
      authorityHost: botEnv.GRAPH_AUTHORITY_HOST,
      endpoint: botEnv.GRAPH_ENDPOINT,
      scope: botEnv.GRAPH_SCOPE,
      tenantId: botEnv.TENANT_ID,
    }),
    endpoint: botEnv.GRAPH_ENDPOINT,
    logger: silentLogger(),
    mailboxConcurrency: MAILBOX_CONCURRENCY,
  });
  const sender = botEnv.MAIL_SENDER;
  const card = await postedCard(env);
  // The token, the TLS connection and the tenant's domain answer, as the bot has them after its first reset.
  await directory.readProfiles({
    requester: { id: warmUser.id },
    targets: [{ id: warmUser.id, upn: warmUser.upn }],
  });

  const changesFor = (target: SeedPerson): Change[] => [
    { kind: 'reset-password', password: generatePassword(16), forceChange: true },
    { kind: 'revoke-sessions' },
    {
      kind: 'send-mail',
      sender,
      mail: { to: [target.otherMail], subject: `Password of ${target.displayName}`, html: MAIL_BODY },
    },
    {
      kind: 'send-mail',
      sender,
      mail: { to: [target.upn], subject: 'Your password was reset', html: MAIL_BODY },
      afterPrevious: true,
    },
  ];

  return {
    async reset(requester, targets) {
      const started = performance.now();
      await directory.readProfiles({
        requester: { id: requester.id },
        targets: targets.map((target) => ({ id: target.id, upn: target.upn })),
      });
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(MAILBOX_CONCURRENCY, targets.length) }, async () => {
          while (next < targets.length) {
            const target = targets[next++];
            const outcomes = await directory.applyChanges(target.id, changesFor(target));
            if (outcomes.some((o) => o.status !== 'done'))
              throw new Error(`the floor's reset of ${target.upn} did not go through`);
          }
        }),
      );
      await card.update();
      return performance.now() - started;
    },
  };
}

/** About the size of the bot's mail bodies (a few kilobytes of HTML). */
const MAIL_BODY = `<html><body>${'<p>A one-time link to the new password follows.</p>'.repeat(40)}</body></html>`;

/** A card posted once to the recording connector; `update` replaces it with a card of the bot's size. */
async function postedCard(env: BenchEnv): Promise<{ update(): Promise<void> }> {
  const conversation = `a:1bench${Date.now()}`;
  const activity = (text: string) => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: text.repeat(60) }],
        },
      },
    ],
  });
  const posted = await send(
    env.connector.url,
    'POST',
    `/v3/conversations/${conversation}/activities`,
    activity('posted '),
  );
  const id = (JSON.parse(posted) as { id: string }).id;
  return {
    update: async () =>
      void (await send(
        env.connector.url,
        'PUT',
        `/v3/conversations/${conversation}/activities/${id}`,
        activity('updated '),
      )),
  };
}

function send(base: string, method: string, path: string, body: unknown): Promise<string> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      {
        method,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
