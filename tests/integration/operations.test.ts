/**
 * Operating the bot against real processes: liveness (`/healthz`) and readiness (`/readyz`) with and
 * without storage, a
 * graceful SIGTERM that lets an in-flight reset finish, structured JSON logs whose correlation ids and
 * Graph request-ids match the audit trail and the tenant's log, and the production build (`npm run build`,
 * then plain `node`, no tsx) answering health and chat.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Verbs } from '../../src/cards/verbs';
import { t } from '../../src/i18n';
import { freePort } from '../../src/local/stack';
import { message } from '../support/activities';
import { fetchPage, postActivity } from '../support/botClient';
import { cardOf } from '../support/connector';
import {
  answeredCard,
  assertConfirmation,
  assertResetting,
  finalCard,
  openForm,
  passwordMails,
  recipientsOf,
  submitForm,
} from './flows';
import {
  cardActions,
  cardText,
  graphCalls,
  patchesOf,
  sendMails,
  useHarness,
  type Harness,
  type Person,
} from './harness';

const ROOT = path.resolve(__dirname, '..', '..');

/** GET /healthz (liveness) or /readyz (readiness) as JSON. */
async function health(
  botUrl: string,
  probe: '/healthz' | '/readyz' = '/readyz',
): Promise<{
  status: number;
  body: { status?: string; checks?: Record<string, boolean> };
  raw: string;
  cacheControl: string;
}> {
  const page = await fetchPage(`${botUrl}${probe}`);
  return {
    status: page.status,
    body: JSON.parse(page.text) as { status?: string; checks?: Record<string, boolean> },
    raw: page.text,
    cacheControl: String(page.headers['cache-control'] ?? ''),
  };
}

/** A loopback TCP proxy that can be cut (every connection dropped, port closed) and restored on the same port. */
async function cuttableProxy(
  targetPort: number,
): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = async (): Promise<void> => {
    server = net.createServer((client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server!.address() as net.AddressInfo).port;
  };
  const close = async (): Promise<void> => {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await listen();
  return { port, cut: close, restore: listen, stop: close };
}

/** Runs a command to completion; rejects with its output when it fails. */
async function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

/** Waits for a child's exit; resolves with its code and signal. */
function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode, at: Date.now() });
  }
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
}

describe('integration: health, graceful shutdown, structured logs and the production build', function () {
  this.timeout(60_000);
  let h: Harness;

  // Debug: the structured-log test reads the per-call Graph lines, which are debug since info is for
  // what an operator must see.
  useHarness({ LOG_LEVEL: 'debug' }, (started) => (h = started));

  /** A plain seed user by UPN. */
  const person = (upn: string): Person => {
    const found = [...h.people.plain, h.people.bob].find((p) => p.upn === upn);
    assert.ok(found, `${upn} is a plain target of the seed`);
    return found;
  };

  /** Values of the bot's configuration that must never be served. */
  const secretsOf = (env: Readonly<Record<string, string>>): string[] => {
    const accountKey = /AccountKey=([^;]+)/.exec(env.STORAGE_CONNECTION_STRING)?.[1];
    return [env.GRAPH_CLIENT_SECRET, ...env.LINK_ENCRYPTION_KEYS.split(','), accountKey ?? ''].filter(
      (s) => s && s.length >= 8,
    );
  };

  describe('GET /healthz and GET /readyz', () => {
    it('/healthz says only that the process serves: 200 ok, uncached, nothing about dependencies', async () => {
      const answer = await health(h.stack.botUrl, '/healthz');
      assert.equal(answer.status, 200, answer.raw);
      assert.deepEqual(answer.body, { status: 'ok' });
      assert.match(answer.cacheControl, /no-store/);
    });

    it('/readyz answers 200 ok with storage and Graph token checks, uncached, and no secret in it', async () => {
      const answer = await health(h.stack.botUrl);
      assert.equal(answer.status, 200, answer.raw);
      assert.deepEqual(answer.body, { status: 'ok', checks: { storage: true, graphToken: true } });
      assert.match(answer.cacheControl, /no-store/);
      for (const secret of secretsOf(h.stack.botEnv))
        assert.ok(!answer.raw.includes(secret), 'a configured secret is in the health answer');
      assert.ok(!/eyJ[A-Za-z0-9_-]{10,}/.test(answer.raw), 'no token in the health answer');
    });

    it('/readyz answers 503 degraded with storage:false while storage is unreachable, and ok again once it is back; /healthz stays 200 throughout', async function () {
      this.timeout(90_000);
      const azuritePort = Number(/127\.0\.0\.1:(\d+)/.exec(h.stack.storageConnectionString)?.[1]);
      assert.ok(azuritePort > 0, 'the stack uses a loopback Azurite');
      const proxy = await cuttableProxy(azuritePort);
      try {
        const viaProxy = h.stack.storageConnectionString
          .split(`127.0.0.1:${azuritePort}`)
          .join(`127.0.0.1:${proxy.port}`);
        const bot = await h.stack.startExtraBot({ STORAGE_CONNECTION_STRING: viaProxy });
        try {
          assert.equal((await health(bot.url)).status, 200, 'healthy through the proxy');
          await proxy.cut();
          const started = Date.now();
          const degraded = await health(bot.url);
          assert.equal(degraded.status, 503, degraded.raw);
          assert.deepEqual(degraded.body, {
            status: 'degraded',
            checks: { storage: false, graphToken: true },
          });
          assert.ok(Date.now() - started < 10_000, 'the check gives up within its deadline');
          for (const secret of secretsOf(h.stack.botEnv)) assert.ok(!degraded.raw.includes(secret));
          const alive = await health(bot.url, '/healthz');
          assert.equal(
            alive.status,
            200,
            `a storage outage must not get the instance recycled: ${alive.raw}`,
          );
          assert.equal(
            (await health(h.stack.botUrl)).status,
            200,
            'the instance with working storage stays healthy',
          );
          await proxy.restore();
          const back = await health(bot.url);
          assert.equal(back.status, 200, back.raw);
        } finally {
          await bot.stop();
        }
      } finally {
        await proxy.stop();
      }
    });
  });

  describe('the pages the Teams manifest links to', () => {
    it('answers developer.websiteUrl, privacyUrl and termsOfUseUrl of appPackage/manifest.json, in English and Japanese', async () => {
      // BOT_DOMAIN is the bot's host; App Service terminates TLS, the bot itself speaks plain HTTP.
      const host = new URL(h.stack.botUrl).host;
      const manifest = JSON.parse(
        readFileSync(path.join(ROOT, 'appPackage', 'manifest.json'), 'utf8').replace(
          /\$\{\{BOT_DOMAIN\}\}/g,
          host,
        ),
      ) as { developer: Record<string, string> };
      const urls = ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'].map((key) => manifest.developer[key] ?? '');
      assert.deepEqual(
        urls.map((url) => new URL(url).host),
        [host, host, host],
        'the manifest points at the bot',
      );
      const titles = ['page.about.title', 'page.privacy.title', 'page.terms.title'] as const;
      for (const [index, url] of urls.entries()) {
        const local = url.replace(/^https:/, 'http:');
        const en = await fetchPage(local);
        assert.equal(en.status, 200, `${url}: HTTP ${en.status}`);
        assert.match(String(en.headers['content-type']), /^text\/html/);
        assert.ok(en.text.includes(t('en', titles[index] ?? 'page.about.title')), `${url} in English`);
        const ja = await fetchPage(local, { headers: { 'Accept-Language': 'ja-JP,ja;q=0.9' } });
        assert.equal(ja.status, 200);
        assert.equal(ja.headers['content-language'], 'ja');
        assert.ok(ja.text.includes(t('ja', titles[index] ?? 'page.about.title')), `${url} in Japanese`);
      }
    });
  });

  describe('graceful shutdown', () => {
    it('on SIGTERM, finishes the in-flight reset (PATCH, mail, card) and then exits with code 0', async function () {
      this.timeout(90_000);
      const { helpdesk } = h.people;
      const target = person('carol@contoso.com');
      const form = await openForm(h, helpdesk, target.upn);
      const mark = await h.graphMark();
      const seq = h.connector.mark();
      await h.admin.addFault({
        method: 'PATCH',
        path: '^/v1\\.0/users/[^/]+$',
        kind: 'latency',
        latencyMs: 3_000,
        count: 1,
      });
      const bot = h.stack.botProcess();
      const exited = exitOf(bot);
      try {
        assertResetting(answeredCard(await submitForm(h, helpdesk, form)), 'en', target);
        const signalled = Date.now();
        bot.kill('SIGTERM');
        const exit = await Promise.race([
          exited,
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('the bot did not exit within 40 s of SIGTERM')), 40_000),
          ),
        ]);
        assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, 'a clean exit');
        assert.ok(
          exit.at - signalled >= 2_000,
          `it waited for the slow PATCH (exited after ${exit.at - signalled} ms)`,
        );

        const log = await h.graphSince(mark);
        const patches = patchesOf(log, target);
        assert.deepEqual(
          patches.map((r) => r.status),
          [204],
          'the PATCH completed',
        );
        const mails = passwordMails(
          await h.admin.outbox(),
          t('en', 'mail.link.subject', { name: target.displayName }),
          recipientsOf(form),
        );
        assert.equal(mails.length, 1, 'the password mail went');
        assert.ok(
          sendMails(log).every((r) => r.status === 202),
          'every sendMail was accepted',
        );
        const update = h.connector
          .callsSince(seq)
          .find((c) => c.kind === 'update' && c.activityId === form.cardId);
        assert.ok(update, 'the card was replaced');
        assert.ok(update.at <= exit.at, 'before the process exited');
        assertConfirmation(await finalCard(h, form, seq), 'en', target, form.requestId);
        assert.equal((await h.storedRequest(form.requestId))?.state, 'done');
      } finally {
        await h.admin.clearFaults();
        await h.stack.restartBot();
      }
      assert.equal((await health(h.stack.botUrl)).status, 200, 'the restarted bot is healthy');
      const lines = h
        .botLogLines()
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const stopped = lines.find((l) => l.msg === 'stopped');
      assert.ok(
        lines.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM' && Number(l.inFlight) >= 1),
        'shutdown logged with the work in flight',
      );
      assert.equal(stopped?.left, 0, 'nothing was left unfinished');
    });
  });

  describe('structured logs', () => {
    it('writes one JSON object per line; the submit’s lines carry its correlation id and Graph request-ids that the audit and tenant share', async () => {
      const { helpdesk } = h.people;
      const target = person('liam.obrien@contoso.com');
      const form = await openForm(h, helpdesk, target.upn);
      const mark = await h.graphMark();
      const seq = h.connector.mark();
      await submitForm(h, helpdesk, form);
      assertConfirmation(await finalCard(h, form, seq), 'en', target, form.requestId);

      const lines = h.botLogLines().filter((line) => !line.startsWith('BOT_READY '));
      assert.ok(lines.length > 10, 'the bot logged');
      const notJson: string[] = [];
      const entries: Record<string, unknown>[] = [];
      for (const line of lines) {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(line);
        } catch {
          // reported below, after the correlation checks
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
          notJson.push(line.slice(0, 200));
          continue;
        }
        const entry = parsed as Record<string, unknown>;
        assert.equal(typeof entry.level, 'string', `a level: ${line.slice(0, 200)}`);
        assert.equal(typeof entry.time, 'string', 'a time');
        assert.equal(typeof entry.msg, 'string', 'a message');
        entries.push(entry);
      }

      const audit = await h.auditRecords(form.requestId);
      const submitted = audit.find((r) => r.action === 'submitted');
      assert.ok(submitted?.correlationId, 'the submit is audited with a correlation id');
      const correlationId = submitted.correlationId;
      for (const record of audit.filter((r) => r.action !== 'requested')) {
        assert.equal(
          record.correlationId,
          correlationId,
          `${record.action} carries the submit's correlation id`,
        );
      }
      const ofSubmit = entries.filter((e) => e.correlationId === correlationId);
      assert.ok(
        ofSubmit.length >= 3,
        `the submit's Graph calls are logged with its correlation id (${ofSubmit.length})`,
      );

      const tenantLog = await h.graphSince(mark);
      const checks: [string, string, RegExp][] = [
        ['reset', 'PATCH', /^\/v1\.0\/users\/[^/]+$/],
        ['sessions-revoked', 'POST', /\/revokeSignInSessions$/],
        ['mail-accepted', 'POST', /\/sendMail$/],
      ];
      for (const [action, method, pattern] of checks) {
        const record = audit.find((r) => r.action === action);
        assert.ok(record, `${action} is audited`);
        const ids = record.graphRequestIds ?? [];
        assert.equal(ids.length, 1, `${action} records one Graph request-id`);
        const served = graphCalls(tenantLog, method, pattern).map((r) => r.requestId);
        assert.ok(
          served.includes(ids[0]),
          `${action}: the audit's request-id ${ids[0]} is the one the tenant answered with (${served.join(', ')})`,
        );
        assert.ok(
          ofSubmit.some((e) => e.requestId === ids[0] && e.msg === 'graph call'),
          `${action}: the bot's log line for that call carries request-id ${ids[0]} and the correlation id`,
        );
      }
      assert.deepEqual(notJson, [], 'every line the bot wrote (stdout and stderr) is one JSON object');
    });
  });

  describe('the production build', () => {
    let outDir = '';
    let bot: ChildProcess | null = null;

    after(async () => {
      if (bot && bot.exitCode === null && bot.signalCode === null) {
        const exit = exitOf(bot);
        bot.kill('SIGTERM');
        await exit;
      }
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    });

    it('`npm run build` compiles; `node` runs it without tsx, answers /healthz and /readyz and handles help and a reset request', async function () {
      this.timeout(180_000);
      // .local is git-ignored and inside the repository, so the build finds node_modules exactly as dist/ would.
      mkdirSync(path.join(ROOT, '.local'), { recursive: true });
      outDir = mkdtempSync(path.join(ROOT, '.local', 'prod-build-'));
      await run('npm', ['run', 'build', '--', '--outDir', outDir], 150_000);
      const entry = path.join(outDir, 'src', 'index.js');
      assert.ok(existsSync(entry), 'the build wrote src/index.js');
      assert.ok(!existsSync(path.join(outDir, 'src', 'local')), 'the local stack is not part of the build');
      assert.ok(!existsSync(path.join(outDir, 'tests')), 'nor are the tests');

      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...h.stack.botEnv,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      };
      delete env.NODE_OPTIONS; // nothing may preload tsx: this is plain Node running JavaScript
      // As App Service starts it (appCommandLine, npm run start:prod): telemetry preloaded, then the bot.
      const bootstrap = path.join(outDir, 'src', 'telemetryBootstrap.js');
      assert.ok(existsSync(bootstrap), 'the build wrote src/telemetryBootstrap.js');
      const child = spawn(process.execPath, ['--require', bootstrap, entry], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      bot = child;
      let output = '';
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the built bot did not start:\n${output}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const line = output.split('\n').find((l) => l.startsWith('BOT_READY '));
          if (line) {
            clearTimeout(timer);
            resolve((JSON.parse(line.slice('BOT_READY '.length)) as { url: string }).url);
          }
        });
        child.once('exit', (code) => reject(new Error(`the built bot exited with ${code}:\n${output}`)));
      });

      assert.equal((await health(url, '/healthz')).status, 200);
      const answer = await health(url);
      assert.equal(answer.status, 200, answer.raw);
      assert.deepEqual(answer.body, { status: 'ok', checks: { storage: true, graphToken: true } });

      const { helpdesk, bob } = h.people;
      const say = async (text: string) => {
        const seq = h.connector.mark();
        const activity = message(text, { user: helpdesk, tenantId: h.tenantId, serviceUrl: h.connector.url });
        const posted = await postActivity(url, activity, 30_000);
        assert.equal(posted.status, 200, posted.raw);
        return h.connector.callsSince(seq).map((c) => cardOf(c.body));
      };
      const help = await say('help');
      assert.ok(
        help.some((card) => cardText(card).includes(t('en', 'help.title'))),
        'help is answered',
      );
      const reset = await say(`reset password for ${bob.upn}`);
      const form = reset.find((card) => cardActions(card).some((a) => a.verb === Verbs.submit));
      assert.ok(
        form,
        `a form, through Graph, from the built code: ${reset.map((c) => cardText(c)).join(' | ')}`,
      );
      assert.ok(cardText(form).includes(t('en', 'form.title.one', { name: bob.displayName })));

      const exit = exitOf(child);
      child.kill('SIGTERM');
      assert.equal((await exit).code, 0, 'the built bot stops cleanly');
      const notJson = output.split('\n').filter((line) => {
        if (!line.trim() || line.startsWith('BOT_READY ')) return false;
        try {
          return typeof JSON.parse(line) !== 'object';
        } catch {
          return true;
        }
      });
      assert.deepEqual(notJson, [], 'every line the built bot wrote is one JSON object');
    });
  });
});
