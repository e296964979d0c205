/**
 * A loopback stand-in for Application Insights' ingestion endpoint (Breeze `/v2.1/track`): HTTPS with
 * the local CA's certificate (the exporter only speaks HTTPS), accepting every envelope and keeping it,
 * raw and parsed, for the telemetry tests.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { ensureCertificates } from '../../src/local/tenant/certs';

/** One telemetry item as the Azure Monitor exporter sends it. */
export interface Envelope {
  readonly name: string;
  readonly time: string;
  readonly tags?: Record<string, string>;
  readonly data?: {
    readonly baseType?: string;
    readonly baseData?: Record<string, unknown> & { properties?: Record<string, string> };
  };
}

/** A running ingestion endpoint. */
export interface Ingestion {
  /** A connection string that sends everything here. */
  readonly connectionString: string;
  /** Every envelope received so far. */
  envelopes(): Envelope[];
  /** Every request body received so far, as text (to prove what never left the process). */
  bodies(): string[];
  stop(): Promise<void>;
}

/** Starts the endpoint on a free loopback port. */
export async function startIngestion(): Promise<Ingestion> {
  const { certPath, keyPath } = await ensureCertificates();
  const bodies: string[] = [];
  const envelopes: Envelope[] = [];
  const server = https.createServer(
    { cert: readFileSync(certPath), key: readFileSync(keyPath) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        bodies.push(`${req.method} ${req.url} ${text}`);
        let accepted = 0;
        try {
          const parsed = JSON.parse(text) as Envelope | Envelope[];
          for (const envelope of [parsed].flat()) {
            envelopes.push(envelope);
            accepted += 1;
          }
        } catch {
          // Not JSON: kept in bodies only.
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: accepted, itemsAccepted: accepted, errors: [] }));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    connectionString: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`,
    envelopes: () => [...envelopes],
    bodies: () => [...bodies],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
