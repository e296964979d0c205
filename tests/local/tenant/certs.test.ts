import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureCertificates } from '../../../src/local/tenant/certs';

describe('local tenant certificates', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tenant-certs-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a CA and a server certificate for 127.0.0.1, ::1 and localhost signed by it', async () => {
    const paths = await ensureCertificates(dir);
    const ca = new X509Certificate(await readFile(paths.caPath));
    const server = new X509Certificate(await readFile(paths.certPath));
    assert.equal(ca.ca, true);
    assert.equal(server.ca, false);
    assert.ok(server.verify(ca.publicKey));
    assert.ok(server.checkIP('127.0.0.1'));
    assert.ok(server.checkIP('::1'));
    assert.equal(server.checkHost('localhost'), 'localhost');
    assert.ok(path.isAbsolute(paths.caPath));
  });

  it('reuses the CA and the server certificate on the next start', async () => {
    const first = await ensureCertificates(dir);
    const before = await Promise.all([readFile(first.caPath, 'utf8'), readFile(first.certPath, 'utf8')]);
    const second = await ensureCertificates(dir);
    const after = await Promise.all([readFile(second.caPath, 'utf8'), readFile(second.certPath, 'utf8')]);
    assert.deepEqual(after, before);
  });

  it('renews a server certificate that the CA did not sign, keeping the CA', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'tenant-certs-other-'));
    try {
      const foreign = await ensureCertificates(other);
      const mine = await ensureCertificates(dir);
      const caBefore = await readFile(mine.caPath, 'utf8');
      await import('node:fs/promises').then((fs) => fs.copyFile(foreign.certPath, mine.certPath));
      await ensureCertificates(dir);
      const ca = new X509Certificate(await readFile(mine.caPath));
      assert.equal(await readFile(mine.caPath, 'utf8'), caBefore);
      assert.ok(new X509Certificate(await readFile(mine.certPath)).verify(ca.publicKey));
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
