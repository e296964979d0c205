/**
 * A loopback proxy in front of the recording connector that can hold the bot's card updates of chosen
 * conversations, so a test can kill the bot while a card update is in flight. A held update whose caller
 * died is dropped, never forwarded: the connector then sees only what a real one would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The running proxy. */
export interface HoldingProxy {
  /** Base URL to use as the activities' `serviceUrl`. */
  readonly url: string;
  /** From now on, PUT updates into this conversation wait until released (or their caller dies). */
  hold(conversationId: string): void;
  /** How many updates of this conversation are being held right now. */
  held(conversationId: string): number;
  /** Stops holding everything; waiting updates are forwarded if their caller is still there. */
  releaseAll(): void;
  stop(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1, port 0, forwarding to `target` (the recording connector's URL). */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const holding = new Set<string>();
  const waiting = new Map<string, Set<() => void>>();
  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void => {
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const match = /^\/v3\/conversations\/([^/]+)\/activities\/[^/]+$/.exec(
        new URL(req.url ?? '/', 'http://x').pathname,
      );
      const conversationId = match ? decodeURIComponent(match[1]) : '';
      if (req.method !== 'PUT' || !holding.has(conversationId)) return forward(req, res, body);
      const queue = waiting.get(conversationId) ?? new Set<() => void>();
      waiting.set(conversationId, queue);
      const go = (): void => {
        queue.delete(go);
        if (!res.destroyed && !req.socket.destroyed) forward(req, res, body);
      };
      queue.add(go);
      // The caller was killed: this update never reached the service.
      res.on('close', () => queue.delete(go));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hold: (conversationId) => void holding.add(conversationId),
    held: (conversationId) => waiting.get(conversationId)?.size ?? 0,
    releaseAll() {
      holding.clear();
      for (const queue of waiting.values()) for (const go of [...queue]) go();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
