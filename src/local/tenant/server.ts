/**
 * The local tenant's HTTPS server: loopback only, one handler that logs every Graph and Entra request,
 * applies faults, and hands off to the Entra, Graph or admin routes.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { handleAdmin, isLoopbackPeer } from './admin';
import type { CertificatePaths } from './certs';
import { entraFaultResponse, handleEntra, isEntraPath } from './entra';
import { handleGraph } from './graph';
import {
  DropConnection,
  faultResponse,
  type GraphContext,
  graphError,
  type GraphResponse,
} from './graphCore';
import type { TenantState } from './state';

/** A started tenant server. */
export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

/** Starts the HTTPS server on a loopback host. */
export async function startServer(
  state: TenantState,
  certs: CertificatePaths,
  options: { host: string; port: number },
): Promise<RunningServer> {
  const [key, cert] = await Promise.all([readFile(certs.keyPath), readFile(certs.certPath)]);
  let baseUrl = '';
  const server = createServer({ key, cert }, (req, res) => {
    handle(state, baseUrl, req, res).catch((error: unknown) => {
      if (error instanceof DropConnection) {
        req.socket.destroy();
        return;
      }
      process.stderr.write(`local tenant: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'InternalServerError', message: 'Unexpected error in the local tenant.' },
          }),
        );
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `https://${host}:${address.port}`;
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: baseUrl,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headerMap(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function handle(
  state: TenantState,
  baseUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', baseUrl);
  const rawBody = await readBody(req);

  if (url.pathname.startsWith('/_admin') || url.pathname.replace(/\/+$/, '') === '/outbox') {
    if (!isLoopbackPeer(req.socket.remoteAddress)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end('The admin API answers loopback callers only.');
      return;
    }
    const answer = await handleAdmin(state, method, url, rawBody);
    if (answer) {
      res.writeHead(answer.status, {
        'Content-Type': answer.contentType,
        'Cache-Control': 'no-store',
        ...(answer.contentType.startsWith('text/html')
          ? {
              'Content-Security-Policy':
                "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src * data:",
            }
          : {}),
      });
      res.end(answer.body);
      return;
    }
  }

  const headers = headerMap(req);
  const requestId = randomUUID();
  const clientRequestId = headers['client-request-id'] ?? requestId;
  const seq = state.seq();
  const started = Date.now();
  let status = 0;
  let appId: string | undefined;
  try {
    const decision = state.faults.decide(method, url.pathname);
    if (decision.latencyMs > 0) await delay(decision.latencyMs);
    if (decision.outcome?.kind === 'drop') {
      status = 0;
      throw new DropConnection();
    }
    const ctx: GraphContext = { state, baseUrl, requestId, clientRequestId, seq };
    let response: GraphResponse;
    if (decision.outcome?.kind === 'status' && isEntraPath(url.pathname)) {
      response = entraFaultResponse(
        decision.outcome.status,
        decision.outcome.retryAfterSeconds,
        clientRequestId,
      );
    } else if (decision.outcome?.kind === 'status') {
      response = faultResponse(ctx, decision.outcome.status, decision.outcome.retryAfterSeconds);
    } else {
      const entra = await handleEntra(
        state,
        baseUrl,
        method,
        url.pathname,
        headers,
        rawBody,
        clientRequestId,
      );
      if (entra) {
        response = { status: entra.status, headers: entra.headers, body: entra.body };
      } else {
        response = await graphRequest(ctx, method, url, headers, rawBody);
        appId = ctx.app?.clientId;
      }
    }
    status = response.status;
    const out: Record<string, string> = {
      'request-id': requestId,
      'client-request-id': clientRequestId,
      'x-ms-ags-diagnostic': JSON.stringify({
        ServerInfo: {
          DataCenter: 'Local',
          Slice: 'E',
          Ring: '0',
          ScaleUnit: '000',
          RoleInstance: 'LOCAL-TENANT',
        },
      }),
      'Strict-Transport-Security': 'max-age=31536000',
      'Cache-Control': 'no-cache',
      ...response.headers,
    };
    if (response.body === undefined || response.status === 204) {
      res.writeHead(response.status, out);
      res.end();
    } else {
      res.writeHead(response.status, out);
      res.end(JSON.stringify(response.body));
    }
  } finally {
    state.record({
      seq,
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status,
      durationMs: Date.now() - started,
      at: new Date(started).toISOString(),
      requestId,
      clientRequestId,
      ...(appId ? { appId } : {}),
    });
  }
}

async function graphRequest(
  ctx: GraphContext,
  method: string,
  url: URL,
  headers: Record<string, string | undefined>,
  rawBody: string,
): Promise<GraphResponse> {
  const m = /^\/(v1\.0|beta)(\/.*)?$/i.exec(url.pathname);
  if (!m) {
    if (url.pathname === '/' && method === 'GET') {
      return {
        status: 200,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: undefined,
        ...indexPage(ctx),
      };
    }
    const first = url.pathname.split('/').filter(Boolean)[0] ?? '';
    return graphError(ctx, 400, 'BadRequest', `Invalid version: ${first}`);
  }
  let body: unknown;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return graphError(
        ctx,
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
  }
  return handleGraph(ctx, {
    method,
    version: m[1]!.toLowerCase() === 'beta' ? 'beta' : 'v1.0',
    path: (m[2] ?? '/').replace(/\/+$/, '') || '/',
    query: url.searchParams,
    headers,
    body,
  });
}

function indexPage(ctx: GraphContext): Partial<GraphResponse> {
  return {
    body: {
      name: `${ctx.state.directory.tenantName} local tenant`,
      tenantId: ctx.state.directory.tenantId,
      graph: `${ctx.baseUrl}/v1.0`,
      authority: `${ctx.baseUrl}/${ctx.state.directory.tenantId}`,
      outbox: `${ctx.baseUrl}/outbox`,
    },
    headers: { 'Content-Type': 'application/json' },
  };
}
