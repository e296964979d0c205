/**
 * Telemetry: nothing is loaded or sent without a connection string; with one, the running bot sends to
 * Application Insights ingestion (a loopback stand-in) the incoming activity as a request, its Graph and
 * storage calls as dependencies of the same operation, and its log lines, all findable by the audit's
 * correlation id; link tokens and passwords never leave the process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { t } from '../src/i18n';
import { packageBin } from '../src/local/packageBin';
import { ensureCertificates } from '../src/local/tenant/certs';
import {
  assertConfirmation,
  finalCard,
  linkIn,
  openForm,
  passwordMails,
  recipientsOf,
  revealPassword,
  submitForm,
} from './integration/flows';
import { startHarness, type Harness } from './integration/harness';
import { fetchPage } from './support/botClient';
import { startIngestion, type Envelope, type Ingestion } from './support/ingestion';

const run = promisify(execFile);
const TSX = packageBin('tsx', 'tsx');
const PROBE = path.resolve(__dirname, 'fixtures', 'telemetryProbe.ts');

async function probe(connectionString: string): Promise<{ started: boolean; loaded: boolean }> {
  const { caPath } = await ensureCertificates();
  const { stdout } = await run(TSX.command, [...TSX.args, PROBE], {
    timeout: 60_000,
    env: {
      ...process.env,
      APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString,
      NODE_EXTRA_CA_CERTS: caPath,
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
    },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { started: boolean; loaded: boolean };
}

/** Polls `find` until it returns something, or fails with `what` after `timeoutMs`. */
async function eventually<T>(what: string, find: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`never received: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const ofType = (envelopes: Envelope[], baseType: string): Envelope[] =>
  envelopes.filter((e) => e.data?.baseType === baseType);
const operationOf = (envelope: Envelope): string => envelope.tags?.['ai.operation.id'] ?? '';
const propertiesOf = (envelope: Envelope): Record<string, string> =>
  envelope.data?.baseData?.properties ?? {};
const field = (envelope: Envelope, name: string): string => String(envelope.data?.baseData?.[name] ?? '');

describe('telemetry', () => {
  it('loads nothing and sends nothing without a connection string', async () => {
    assert.deepEqual(await probe(''), { started: false, loaded: false });
  });

  it('exports to Application Insights ingestion when a connection string is set', async () => {
    const ingestion = await startIngestion();
    try {
      assert.deepEqual(await probe(ingestion.connectionString), { started: true, loaded: true });
      assert.ok(
        ingestion.bodies().some((line) => line.includes('/track') && line.includes('probe-span')),
        `the span reached ingestion: ${ingestion
          .bodies()
          .map((r) => r.slice(0, 120))
          .join(' | ')}`,
      );
    } finally {
      await ingestion.stop();
    }
  });

  describe('of the running bot', function () {
    this.timeout(120_000);
    let ingestion: Ingestion;
    let h: Harness;

    before(async function () {
      this.timeout(120_000);
      ingestion = await startIngestion();
      h = await startHarness({
        APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
        // Successful Graph calls are logged at debug; this test follows one of them into ingestion.
        LOG_LEVEL: 'debug',
      });
    });

    after(async function () {
      this.timeout(30_000);
      await h?.stop();
      await ingestion?.stop();
    });

    it('records each activity as a request carrying the audit’s correlation id, its Graph and storage calls as dependencies of it, and its log lines; no link token or password leaves', async () => {
      const { helpdesk, bob } = h.people;
      const form = await openForm(h, helpdesk, bob.upn);
      const seq = h.connector.mark();
      await submitForm(h, helpdesk, form);
      assertConfirmation(await finalCard(h, form, seq), 'en', bob, form.requestId);
      const [mail] = passwordMails(
        await h.admin.outbox(),
        t('en', 'mail.link.subject', { name: bob.displayName }),
        recipientsOf(form),
      );
      assert.ok(mail, 'the link mail went');
      const link = linkIn(h, mail);
      const token = link.split('/l/')[1] ?? '';
      const password = await revealPassword(link, bob);
      assert.equal((await fetchPage(`${h.stack.botUrl}/healthz`)).status, 200);

      const audit = await h.auditRecords(form.requestId);
      const submitted = audit.find((r) => r.action === 'submitted');
      assert.ok(submitted?.correlationId, 'the submit is audited with its correlation id');
      const storageHost = new URL(/TableEndpoint=([^;]+)/.exec(h.stack.storageConnectionString)?.[1] ?? '')
        .host;

      // The submit's invoke, as a request named by its route and tagged with the audit's correlation id.
      const request = await eventually('the submit as a request', () =>
        ofType(ingestion.envelopes(), 'RequestData').find(
          (e) => propertiesOf(e).correlationId === submitted.correlationId,
        ),
      );
      assert.equal(field(request, 'name'), 'POST /api/messages');
      assert.equal(field(request, 'responseCode'), '200');
      const operation = operationOf(request);
      assert.match(operation, /^[0-9a-f]{32}$/);

      // The work after the invoke was answered (re-authorization, then the reset, sign-out and mail) is two
      // Graph $batch calls of that same operation: the reads, then the changes.
      const batches = await eventually(
        'the re-authorization and the reset as dependencies of the submit',
        () => {
          const found = ofType(ingestion.envelopes(), 'RemoteDependencyData').filter(
            (e) =>
              operationOf(e) === operation &&
              field(e, 'data').startsWith(`${h.stack.tenantUrl}/v1.0/$batch`) &&
              field(e, 'name') === 'POST /v1.0/$batch',
          );
          return found.length >= 2 ? found : undefined;
        },
      );
      assert.deepEqual(
        batches.map((e) => field(e, 'resultCode')),
        batches.map(() => '200'),
      );
      // It ran after the invoke was answered, inside the background work that the submit started.
      const work = await eventually('the background work span of the submit', () =>
        ofType(ingestion.envelopes(), 'RemoteDependencyData').find(
          (e) => operationOf(e) === operation && field(e, 'name') === 'background work',
        ),
      );
      assert.match(propertiesOf(work).work ?? '', /^reset\.submit /);
      assert.equal(field(request, 'name'), 'POST /api/messages');
      // Its storage calls, recorded once each by the Azure SDK (not a second time by the http module).
      const storageCalls = ofType(ingestion.envelopes(), 'RemoteDependencyData').filter(
        (e) => operationOf(e) === operation && field(e, 'data').startsWith(`http://${storageHost}/`),
      );
      assert.ok(storageCalls.length > 0, 'storage calls of the submit are dependencies of it');
      // A second recording of the same request would be a child span of the SDK's, with the same name.
      const byId = new Map(storageCalls.map((e) => [field(e, 'id'), field(e, 'name')]));
      const doubled = storageCalls.filter(
        (e) => byId.get(e.tags?.['ai.operation.parentId'] ?? '') === field(e, 'name'),
      );
      assert.deepEqual(
        doubled.map((e) => field(e, 'name')),
        [],
        'no storage call is recorded twice',
      );
      const cloudRoles = new Set(ingestion.envelopes().map((e) => e.tags?.['ai.cloud.role']));
      assert.deepEqual([...cloudRoles], ['password-reset-bot'], 'every item names the service');
      // The log line of that Graph call, in the same operation, with the correlation id as a property.
      const log = await eventually('the submit’s “graph call” log lines', () =>
        ofType(ingestion.envelopes(), 'MessageData').find(
          (e) =>
            operationOf(e) === operation &&
            field(e, 'message') === 'graph call' &&
            propertiesOf(e).correlationId === submitted.correlationId,
        ),
      );
      assert.ok(log);

      // The link pages are recorded under their route, never under their URL.
      const pages = await eventually('both link pages as requests', () => {
        const found = ofType(ingestion.envelopes(), 'RequestData').filter((e) =>
          ['GET /l/:token', 'POST /l/:token'].includes(field(e, 'name')),
        );
        return found.length >= 2 ? found : undefined;
      });
      for (const page of pages) assert.doesNotMatch(field(page, 'url'), new RegExp(token));
      assert.ok(
        !ofType(ingestion.envelopes(), 'RequestData').some((e) => /\/healthz|\/readyz/.test(field(e, 'url'))),
        'health probes are not recorded',
      );
      const everything = ingestion.bodies().join('\n');
      assert.ok(token.length >= 20 && !everything.includes(token), 'no link token reached ingestion');
      assert.ok(password.length >= 8 && !everything.includes(password), 'no password reached ingestion');
    });

    it('sends every audit record as a custom event (PasswordResetAudit) with its entry’s outcome, never a password', async () => {
      const { helpdesk, bob } = h.people;
      const form = await openForm(h, helpdesk, bob.upn);
      const seq = h.connector.mark();
      await submitForm(h, helpdesk, form);
      await finalCard(h, form, seq);
      const records = await h.auditRecords(form.requestId);
      const events = await eventually('the audit records as custom events', () => {
        const found = ofType(ingestion.envelopes(), 'EventData').filter(
          (e) => field(e, 'name') === 'PasswordResetAudit' && propertiesOf(e).requestId === form.requestId,
        );
        return found.length >= records.length ? found : undefined;
      });
      assert.deepEqual(events.map((e) => propertiesOf(e).action).sort(), records.map((r) => r.action).sort());
      const mailed = events.find((e) => propertiesOf(e).action === 'mail-accepted')!;
      assert.equal(propertiesOf(mailed).outcome, 'mailed');
      assert.equal(propertiesOf(mailed).targetUpn, bob.upn);
      assert.equal(propertiesOf(mailed).requesterUpn, helpdesk.mail);
      assert.ok(propertiesOf(mailed).recipients?.includes('@'));
      const [mail] = passwordMails(
        await h.admin.outbox(),
        t('en', 'mail.link.subject', { name: bob.displayName }),
        recipientsOf(form),
      );
      const password = await revealPassword(linkIn(h, mail!), bob);
      assert.ok(!ingestion.bodies().join('\n').includes(password), 'no password reached ingestion');
    });

    it('keeps the console one JSON object per line: the SDKs’ own warnings included', () => {
      const lines = h.botLogLines().filter((line) => line.trim() && !line.startsWith('BOT_READY '));
      assert.ok(lines.length > 10, 'the bot logged');
      const notJson = lines.filter((line) => {
        try {
          const parsed = JSON.parse(line) as unknown;
          return !parsed || typeof parsed !== 'object' || Array.isArray(parsed);
        } catch {
          return true;
        }
      });
      assert.deepEqual(notJson.slice(0, 5), [], 'every line on stdout and stderr is one JSON object');
    });

    it('flushes on SIGTERM: the last log line of the process reaches ingestion', async function () {
      this.timeout(60_000);
      const bot = h.stack.botProcess();
      const exited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));
      bot.kill('SIGTERM');
      assert.equal(await exited, 0);
      const stopped = ofType(ingestion.envelopes(), 'MessageData').find(
        (e) => field(e, 'message') === 'stopped',
      );
      assert.ok(stopped, 'the "stopped" line, written just before the exporter shuts down, was sent');
    });
  });
});
