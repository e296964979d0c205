/**
 * Audit integrity and storage outages: a request's hash chain catches one edited record (both `verify()`
 * and the `npm run audit:verify` CLI name it), and while storage is unreachable nothing is reset and the
 * admin is told it is temporarily unavailable; once it is back the same bot process carries on, no restart.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { TableClient } from '@azure/data-tables';
import { errorText } from '../../src/i18n';
import type { ExtraBot } from '../../src/local/stack';
import { auditRowKey } from '../../src/storage/auditRows';
import { openAuditStorage } from '../../src/storage/tables';
import { graphCalls } from '../integration/harness';
import {
  answerCard,
  auditVerifyCli,
  cardText,
  deliver,
  isResetting,
  openForm,
  startReliability,
  submitActivity,
  waitFinalCard,
  type RelEnv,
} from './support';

/** A TCP proxy to Azurite that can be cut (every connection dropped, new ones refused) and restored. */
async function startCuttableProxy(targetPort: number) {
  let up = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!up) return client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      up = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      up = true;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('reliability: audit integrity and storage outages', function () {
  this.timeout(180_000);
  let env: RelEnv;

  before(async () => {
    env = await startReliability({ users: 6, admins: 1 });
  });
  after(async () => {
    await env?.stop();
  });

  it('names the one record edited in Azurite, through verify() and the CLI', async () => {
    for (const target of env.seed.users.slice(0, 2)) {
      const form = await openForm(env, env.bots[0], env.seed.admins[0], target);
      const since = env.connector.mark();
      assert.ok(answerCard(await deliver(env, env.bots[0], submitActivity(env, form))));
      await waitFinalCard(env, form, since);
    }
    const before = await auditVerifyCli(env);
    assert.equal(before.code, 0, before.output);
    const records = Number(/OK: (\d+) records/.exec(before.output)?.[1]);
    assert.ok(records >= 8, `${records} records after two resets`);

    // Change who was reset in one record in the middle of one request's chain, as someone with storage
    // keys could.
    const { audit } = openAuditStorage(env.stack.storageConnectionString, 'pwreset');
    const [entry] = (await audit.list({ limit: 1 })).entries;
    assert.ok(entry, 'the newest request is listed');
    const chain = await audit.history(entry.requestId);
    const tampered = Math.ceil(chain.length / 2);
    const table = TableClient.fromConnectionString(env.stack.storageConnectionString, 'pwresetRequests', {
      allowInsecureConnection: true,
    });
    const row = await table.getEntity<Record<string, unknown>>(entry.requestId, auditRowKey(tampered));
    assert.equal(typeof row.targetUpn, 'string');
    await table.updateEntity(
      { partitionKey: entry.requestId, rowKey: auditRowKey(tampered), targetUpn: 'someone.else@contoso.com' },
      'Merge',
    );

    const result = await audit.verify();
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, [
      `request ${entry.requestId}: records: hash does not match the record content`,
    ]);
    const cli = await auditVerifyCli(env);
    assert.equal(cli.code, 1, cli.output);
    assert.match(cli.output, new RegExp(`request ${entry.requestId}: records: hash does not match`));

    // Put it back: the chain verifies again (the test changed exactly one field of one record).
    await table.updateEntity(
      { partitionKey: entry.requestId, rowKey: auditRowKey(tampered), targetUpn: row.targetUpn },
      'Merge',
    );
    assert.equal((await auditVerifyCli(env)).code, 0);
  });

  it('resets nothing and says "temporarily unavailable" while storage is cut, then resumes without a restart', async () => {
    const tableEndpoint = /TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)\//.exec(
      env.stack.storageConnectionString,
    );
    assert.ok(tableEndpoint, env.stack.storageConnectionString);
    const proxy = await startCuttableProxy(Number(tableEndpoint[1]));
    let bot: ExtraBot | null = null;
    try {
      bot = await env.stack.startExtraBot({
        STORAGE_CONNECTION_STRING: env.stack.storageConnectionString.replace(
          tableEndpoint[0],
          `TableEndpoint=http://127.0.0.1:${proxy.port}/`,
        ),
      });
      const target = env.seed.users[3];
      const form = await openForm(env, bot.url, env.seed.admins[0], target);
      const mark = (await env.admin.requests()).reduce((max, r) => Math.max(max, r.seq), 0);

      proxy.cut();
      const started = Date.now();
      const answer = await deliver(env, bot.url, submitActivity(env, form));
      const card = answerCard(answer);
      assert.ok(card, `a card, not an error: ${answer.raw.slice(0, 300)}`);
      assert.ok(
        cardText(card).includes(errorText('en', 'STORAGE_UNAVAILABLE')),
        `told it is unavailable: ${cardText(card)}`,
      );
      assert.ok(Date.now() - started < 15_000, 'answered in time for Teams');
      const during = (await env.admin.requests()).filter((r) => r.seq > mark);
      assert.equal(graphCalls(during, 'PATCH', /^\/v1\.0\/users\//).length, 0, 'nothing was reset');
      assert.equal(graphCalls(during, 'POST', /\/sendMail$/).length, 0, 'nothing was mailed');

      proxy.restore();
      const pid = bot.process.pid;
      const since = env.connector.mark();
      const again = await deliver(env, bot.url, submitActivity(env, form));
      assert.ok(
        isResetting(answerCard(again), target),
        `the same press works once storage is back: ${again.raw.slice(0, 300)}`,
      );
      const final = await waitFinalCard(env, form, since);
      assert.ok(cardText(final).includes(target.upn) || cardText(final).includes(target.displayName));
      assert.equal(bot.process.pid, pid);
      assert.equal(bot.process.exitCode, null, 'the same bot process carried on');
    } finally {
      await bot?.stop();
      await proxy.stop();
    }
    const result = await auditVerifyCli(env);
    assert.equal(result.code, 0, result.output);
  });
});
