/**
 * The HTTP surface: POST /api/messages (Bot Framework), GET /healthz (liveness: the process serves),
 * GET /readyz (readiness: storage and a Graph token), the one-time link pages (GET shows whose
 * password it is; only the POST reveals and burns it), and the pages the Teams manifest links to
 * (`/`, `/privacy`, `/terms`). Each route reads the one body it needs, in memory and size-limited
 * (src/web/requestBody.ts); there is no global body parser, so no route ever writes an upload to disk.
 */
import { randomUUID } from 'node:crypto';
import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from './logger';
import type { ReadinessReport } from './readiness';
import { annotateActiveSpan } from './telemetry';
import type { ResetDeps } from './reset/deps';
import { peekLink, revealLink } from './reset/linkService';
import {
  INFO_PATHS,
  aboutPage,
  infoPageHeaders,
  privacyPage,
  termsPage,
  type InfoPageFacts,
} from './web/infoPages';
import { downloadHeaders, exportPage } from './web/exportPages';
import { errorPage, gonePage, passwordPage, revealPage, securityHeaders } from './web/linkPages';
import { BodyRefused, readBody } from './web/requestBody';
import { TAP_REVEAL_WORDS, tapPassPage } from './web/tapPages';
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
  /** Checks the dependencies a reset needs (never throws, never reports a secret). */
  readonly readiness: () => Promise<ReadinessReport>;
  /** What the website, privacy and terms pages say about this deployment. */
  readonly pages: InfoPageFacts;
}

/** Builds the restify server (not yet listening). */
export function createServer(options: ServerOptions): restify.Server {
  const { adapter, bot, deps, logger } = options;
  const server = restify.createServer({ name: 'password-reset-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));

  // Names each request's span by its route (never by a URL that may hold a link token).
  server.use((req, _res, next) => {
    const route = req.getRoute();
    annotateActiveSpan({ 'http.route': route ? String(route.path) : undefined });
    next();
  });

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    try {
      req.body = await readBody(req, 'json', MAX_ACTIVITY_BYTES);
    } catch (error) {
      refuseBody(res, logger, error, '/api/messages');
      return;
    }
    // The bot's correlation id is the activity id: the audit and the logs of this turn carry it too.
    const activityId = (req.body as { id?: unknown } | undefined)?.id;
    annotateActiveSpan({ correlationId: typeof activityId === 'string' ? activityId : undefined });
    await adapter.process(req, res, (context) => bot.run(context));
  });

  // Liveness: answers as long as the process serves requests; App Service's health check uses it.
  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.header('Cache-Control', 'no-store');
    res.send(200, { status: 'ok' });
  });

  // Readiness: whether a reset could run now (storage answers, Entra issues a Graph token).
  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    const checks = await options.readiness().catch((): ReadinessReport => ({}));
    const ready = Object.keys(checks).length > 0 && Object.values(checks).every(Boolean);
    res.header('Cache-Control', 'no-store');
    res.send(ready ? 200 : 503, { status: ready ? 'ok' : 'degraded', checks });
  });

  // The manifest's developer.websiteUrl, privacyUrl and termsOfUseUrl.
  const infoPages = [
    [INFO_PATHS.about, aboutPage],
    [INFO_PATHS.privacy, privacyPage],
    [INFO_PATHS.terms, termsPage],
  ] as const;
  for (const [path, render] of infoPages) {
    server.get(path, async (req: restify.Request, res: restify.Response) => {
      const locale = localeOf(req);
      for (const [name, value] of Object.entries(infoPageHeaders)) res.header(name, value);
      res.writeHead(200, { 'Content-Language': locale });
      res.end(render(locale, options.pages));
    });
  }

  server.get('/l/:token', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    await page(res, logger, async () => {
      const metadata = await peekLink(deps, token);
      if (!metadata) return [404, gonePage(localeOf(req))];
      if (metadata.file) {
        const { locale, targetDisplayName: name, targetUpn: upn, expiresAt } = metadata;
        return [200, exportPage({ locale, name, upn, entries: metadata.file.entries, token, expiresAt })];
      }
      return [
        200,
        revealPage({
          locale: metadata.locale,
          targetDisplayName: metadata.targetDisplayName,
          targetUpn: metadata.targetUpn,
          token,
          expiresAt: metadata.expiresAt,
          ...(metadata.kind === 'tap' ? { words: TAP_REVEAL_WORDS } : {}),
        }),
      ];
    });
  });

  server.post('/l/:token', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    const correlationId = randomUUID();
    annotateActiveSpan({ correlationId });
    let form: Record<string, unknown>;
    try {
      form = await readBody(req, 'form', MAX_LINK_FORM_BYTES);
    } catch (error) {
      const refused = refusedBody(res, logger, error, 'POST /l/:token');
      await page(res, logger, async () => [refused.status, errorPage(localeOf(req), correlationId)]);
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
        if (revealed.metadata.kind === 'tap')
          return [200, tapPassPage({ metadata: revealed.metadata, pass: revealed.password })];
        // An audit export: the file itself, once.
        if (revealed.metadata.file) return { file: revealed.metadata.file.name, body: revealed.password };
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

/**
 * A refused body (415, 413, 400): logged, and the connection closes after the answer, so the rest of the
 * body is never read. Returns the refusal for the route to answer in its own form; rethrows anything else.
 */
function refusedBody(res: restify.Response, logger: Logger, error: unknown, route: string): BodyRefused {
  if (!(error instanceof BodyRefused)) throw error;
  logger.info({ route, status: error.status, reason: error.message }, 'body refused');
  res.header('Connection', 'close');
  return error;
}

/** Answers a refused body of a JSON route. */
function refuseBody(res: restify.Response, logger: Logger, error: unknown, route: string): void {
  const refused = refusedBody(res, logger, error, route);
  res.send(refused.status, { error: refused.message });
}

async function page(
  res: restify.Response,
  logger: Logger,
  render: () => Promise<[number, string] | { file: string; body: string }>,
  correlationId: string = randomUUID(),
): Promise<void> {
  let status: number;
  let html: string;
  try {
    const rendered = await render();
    if (!Array.isArray(rendered)) {
      for (const [name, value] of Object.entries(downloadHeaders(rendered.file))) res.header(name, value);
      res.writeHead(200);
      res.end(rendered.body);
      return;
    }
    [status, html] = rendered;
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
