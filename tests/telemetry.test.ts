import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import { packageBin } from '../src/local/packageBin';
import { ensureCertificates } from '../src/local/tenant/certs';

const run = promisify(execFile);
const TSX = packageBin('tsx', 'tsx');
const PROBE = path.resolve(__dirname, 'fixtures', 'telemetryProbe.ts');

async function probe(connectionString: string): Promise<{ started: boolean; loaded: boolean }> {
  const { caPath } = await ensureCertificates();
  const { stdout } = await run(TSX.command, [...TSX.args, PROBE, connectionString], {
    timeout: 60_000,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath, APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { started: boolean; loaded: boolean };
}

describe('telemetry', () => {
  it('loads nothing and sends nothing without a connection string', async () => {
    assert.deepEqual(await probe(''), { started: false, loaded: false });
  });

  it('exports to Application Insights ingestion when a connection string is set', async () => {
    const received: string[] = [];
    // The exporter always speaks HTTPS; the local CA signs a loopback certificate for it.
    const { certPath, keyPath } = await ensureCertificates();
    const ingestion = https.createServer(
      { cert: readFileSync(certPath), key: readFileSync(keyPath) },
      (req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        req.on('end', () => {
          received.push(`${req.method} ${req.url} ${body}`);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
        });
      },
    );
    await new Promise<void>((resolve) => ingestion.listen(0, '127.0.0.1', resolve));
    const port = (ingestion.address() as { port: number }).port;
    try {
      const result = await probe(
        `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`,
      );
      assert.deepEqual(result, { started: true, loaded: true });
      assert.ok(
        received.some((line) => line.includes('/track') && line.includes('probe-span')),
        `the span reached ingestion: ${received.map((r) => r.slice(0, 120)).join(' | ')}`,
      );
    } finally {
      ingestion.close();
    }
  });
});
