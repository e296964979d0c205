/**
 * The HTTP surface: POST /api/messages (Bot Framework), GET /healthz, and the one-time link pages
 * (GET shows whose password it is; only the POST reveals and burns it). Each route reads the one body it
 * needs, in memory and size-limited (src/web/requestBody.ts); there is no global body parser, so no
 * route ever writes an upload to disk.
 */
import { randomUUID } from 'node:crypto';
import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from './logger';
import type { ResetDeps } from './reset/deps';
import { peekLink, revealLink } from './reset/linkService';
import { errorPage, gonePage, passwordPage, revealPage, securityHeaders } from './web/linkPages';
import { BodyRefused, readBody } from './web/requestBody';
import type { Locale } from './i18n';

/** Largest activity accepted on /api/messages. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;
/** Largest link-page form: it carries one token of a few dozen characters. */
export const MAX_LINK_FORM_BYTES = 4 * 1024;

/** What the server needs. */
export interface ServerOptions {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  readonly deps: ResetDeps;
  readonly logger: Logger;
  /** Reports dependency health without secrets. */
  readonly health: () => Promise<Record<string, boolean>>;
}

/** Builds the restify server (not yet listening). */
export function createServer(options: ServerOptions): restify.Server {
  const { adapter, bot, deps, logger } = options;
  const server = restify.createServer({ name: 'password-reset-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    try {
      req.body = await readBody(req, 'json', MAX_ACTIVITY_BYTES);
    } catch (error) {
      refuseBody(res, logger, error, '/api/messages');
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const checks = await options.health().catch(() => ({ healthy: false }));
    const healthy = Object.values(checks).every(Boolean);
    res.header('Cache-Control', 'no-store');
    res.send(healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', checks });
  });

  server.get('/l/:token', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    await page(res, logger, async () => {
      const metadata = await peekLink(deps, token);
      if (!metadata) return [404, gonePage(localeOf(req))];
      return [
        200,
        revealPage({
          locale: metadata.locale,
          targetDisplayName: metadata.targetDisplayName,
          targetUpn: metadata.targetUpn,
          token,
          expiresAt: metadata.expiresAt,
        }),
      ];
    });
  });

  server.post('/l/:token', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    const correlationId = randomUUID();
    let form: Record<string, unknown>;
    try {
      form = await readBody(req, 'form', MAX_LINK_FORM_BYTES);
    } catch (error) {
      if (!(error instanceof BodyRefused)) throw error;
      logger.info({ route: 'POST /l/:token', status: error.status, reason: error.message }, 'body refused');
      res.header('Connection', 'close');
      await page(res, logger, async () => [error.status, errorPage(localeOf(req), correlationId)]);
      return;
    }
    await page(
      res,
      logger,
      async () => {
        const posted = form.token;
        // The hidden field must repeat the URL's token: a cross-site form cannot guess it.
        if (posted !== token) return [400, gonePage(localeOf(req))];
        const revealed = await revealLink(deps, token, correlationId);
        if (!revealed) return [404, gonePage(localeOf(req))];
        return [
          200,
          passwordPage({
            locale: revealed.metadata.locale,
            targetDisplayName: revealed.metadata.targetDisplayName,
            targetUpn: revealed.metadata.targetUpn,
            password: revealed.password,
            forceChange: revealed.forceChange,
          }),
        ];
      },
      correlationId,
    );
  });

  return server;
}

/** Answers a refused body (415, 413, 400) and closes the connection, so the rest of it is never read. */
function refuseBody(res: restify.Response, logger: Logger, error: unknown, route: string): void {
  if (!(error instanceof BodyRefused)) throw error;
  logger.info({ route, status: error.status, reason: error.message }, 'body refused');
  res.header('Connection', 'close');
  res.send(error.status, { error: error.message });
}

async function page(
  res: restify.Response,
  logger: Logger,
  render: () => Promise<[number, string]>,
  correlationId: string = randomUUID(),
): Promise<void> {
  let status: number;
  let html: string;
  try {
    [status, html] = await render();
  } catch (error) {
    logger.error({ err: error, correlationId }, 'link page failed');
    [status, html] = [503, errorPage('en', correlationId)];
  }
  for (const [name, value] of Object.entries(securityHeaders)) res.header(name, value);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

function localeOf(req: restify.Request): Locale {
  return /^ja\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'ja' : 'en';
}
