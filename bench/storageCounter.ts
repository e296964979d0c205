/**
 * A counting HTTP proxy in front of Azurite, for the bench's storage figures: a bot instance whose
 * connection string names this proxy has every storage call (an entity-group transaction is one `$batch`
 * call) recorded with its method, path, query and time, then forwarded unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One storage call as the proxy saw it. */
export interface StorageCall {
  readonly seq: number;
  readonly method: string;
  /** Path and query, URL-decoded (table, keys, filter). */
  readonly target: string;
  readonly at: number;
}

/** The running proxy. */
export interface StorageCounter {
  readonly port: number;
  /** Calls after `since` (a seq, exclusive). */
  callsSince(since: number): StorageCall[];
  mark(): number;
  stop(): Promise<void>;
}

/** Starts the proxy on a free loopback port, forwarding to Azurite's Table port on loopback. */
export async function startStorageCounter(azuritePort: number): Promise<StorageCounter> {
  const calls: StorageCall[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const call: StorageCall = {
      seq: calls.length + 1,
      method: req.method ?? 'GET',
      target: safeDecode(req.url ?? '/'),
      at: Date.now(),
    };
    calls.push(call);
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: azuritePort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: `127.0.0.1:${azuritePort}` },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    callsSince: (since) => calls.filter((call) => call.seq > since),
    mark: () => calls.length,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The recovery pass that every instance runs on a timer (a query for claimed requests), not a submit's. */
export function isRecoverySweep(call: StorageCall): boolean {
  return call.method === 'GET' && /state eq 'claimed'/.test(call.target);
}
