/**
 * Composition root: config → logger → storage → directory → use-case deps → adapter → bot → server.
 * No logic lives here; `npm run start:bot` runs it, configured only by the environment.
 */
// First: telemetry, before any module it instruments is loaded.
import './telemetryBootstrap';
import { createAuditSink } from './auditSink';
import { BackgroundWork } from './backgroundWork';
import { PasswordResetBot } from './bot/passwordResetBot';
import { createAdapter } from './bot/adapter';
import { TeamsCards } from './bot/teamsCards';
import { ConfigError, loadConfig, type Config } from './config';
import { createGraphCredential } from './directory/credential';
import { GraphDirectory } from './directory/graphDirectory';
import { createLogger } from './logger';
import { AuditedRequestStore } from './reset/auditEvents';
import type { ResetDeps } from './reset/deps';
import { purgeExpiredLinks } from './reset/linkService';
import { startRecovery } from './reset/recovery';
import { checkReadiness } from './readiness';
import { createServer } from './server';
import { createTableStorage } from './storage/tables';
import { runningTelemetry } from './telemetry';

/** How long /readyz waits for storage and Entra before it calls them not ready. */
const READINESS_DEADLINE_MS = 5_000;

/** Starts the bot; resolves once it listens. */
export async function main(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel);
  const telemetry = runningTelemetry();
  if (telemetry) logger.info('Application Insights export enabled');
  const storage = createTableStorage(config.storage.connectionString, config.storage.tablePrefix, {
    logger,
    encryptionKeys: config.links.encryptionKeys,
  });
  await storage.ensureTables();

  const credential = createGraphCredential({ ...config.graph, tenantId: config.tenantId });
  const directory = new GraphDirectory({
    credential,
    endpoint: config.graph.endpoint,
    timeoutMs: config.graph.timeoutMs,
    logger,
    mailboxConcurrency: config.limits.mailConcurrency,
  });
  const adapter = createAdapter(config, logger.child({ name: 'bot' }));
  const botAppId = config.localMode ? '' : config.bot.id;
  const auditEvents = createAuditSink(logger);
  const deps: ResetDeps = {
    directory,
    // Every audit record the store writes also goes to the log and Application Insights (SIEM).
    requests: new AuditedRequestStore(storage.requests, auditEvents),
    auditEvents,
    audit: storage.audit,
    secrets: storage.secrets,
    rateLimiter: storage.rateLimiter,
    cards: new TeamsCards(adapter, botAppId),
    settings: {
      tenantId: config.tenantId,
      tenantName: config.mail.tenantName,
      mailSender: config.mail.sender,
      delivery: config.mail.delivery,
      publicUrl: config.links.publicUrl,
      linkTtlMs: config.links.ttlMs,
      requestTtlMs: config.limits.requestTtlMs,
      helpdeskContact: config.mail.helpdeskContact,
      allowedRecipientDomains: config.mail.allowedRecipientDomains,
      perRequesterPerHour: config.limits.perRequesterPerHour,
      perTargetPerDay: config.limits.perTargetPerDay,
      notifyTarget: config.mail.notifyTarget,
      recoverAfterMs: config.limits.recoverAfterMs,
      targetConcurrency: config.limits.mailConcurrency,
      approval: config.approval,
    },
    logger: logger.child({ name: 'reset' }),
    now: () => new Date(),
  };

  const background = new BackgroundWork(logger, config.limits.runConcurrency);
  const bot = new PasswordResetBot({ deps, background });
  const server = createServer({
    adapter,
    bot,
    deps,
    logger,
    readiness: () =>
      checkReadiness(
        {
          storage: () => storage.health(),
          graphToken: () => credential.getToken(config.graph.scope).then(Boolean),
        },
        READINESS_DEADLINE_MS,
      ),
    pages: {
      contact: config.mail.helpdeskContact || config.mail.sender,
      linkTtlHours: config.links.ttlMs / 3_600_000,
    },
  });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  logger.info({ url: `http://${config.host}:${address.port}`, localMode: config.localMode }, 'bot listening');
  // A machine-readable line for the launcher and tests.
  console.log(`BOT_READY ${JSON.stringify({ url: `http://${config.host}:${address.port}` })}`);

  // Requests orphaned by a crashed instance are finished here, at start and then periodically, so an
  // admin hears about every request within a minute or so of a restart.
  const stopRecovery = startRecovery(
    deps,
    (name, work) => background.run(name, work),
    config.limits.recoveryEveryMs,
  );
  const purge = setInterval(
    () =>
      background.run('housekeeping', async () => {
        await purgeExpiredLinks(deps);
        await storage.housekeeping();
      }),
    10 * 60_000,
  );
  purge.unref();

  const shutdown = async (signal: string): Promise<void> => {
    logger.info({ signal, inFlight: background.size }, 'shutting down');
    clearInterval(purge);
    stopRecovery();
    server.close();
    const left = await background.drain(25_000);
    logger.info({ left }, 'stopped');
    await telemetry?.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error('The bot could not start:', error instanceof Error ? error.message : error);
    }
    process.exit(1);
  });
}
