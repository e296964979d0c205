/**
 * Local TLS for the tenant: a self-signed CA made once and reused (so NODE_EXTRA_CA_CERTS stays valid
 * across restarts), and a server certificate for 127.0.0.1, localhost and ::1 signed by it.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';

/** Where the PEM files live. */
export interface CertificatePaths {
  readonly caPath: string;
  readonly certPath: string;
  readonly keyPath: string;
}

/** The default folder, relative to the repository root (git-ignored). */
export const DEFAULT_CERT_DIR = path.resolve(__dirname, '../../../.local/certs');

const DAY_MS = 86_400_000;

/** Creates the CA (once) and a valid server certificate in `dir`; returns absolute paths. */
export async function ensureCertificates(dir: string = DEFAULT_CERT_DIR): Promise<CertificatePaths> {
  const root = path.resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const paths = {
    caPath: path.join(root, 'ca.pem'),
    caKeyPath: path.join(root, 'ca-key.pem'),
    certPath: path.join(root, 'server.pem'),
    keyPath: path.join(root, 'server-key.pem'),
  };

  // Several processes (test files, the launcher) may start at once; one of them creates, the others wait.
  const lock = path.join(root, '.lock');
  await acquire(lock);
  try {
    await createMissing(paths);
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
  return { caPath: paths.caPath, certPath: paths.certPath, keyPath: paths.keyPath };
}

async function createMissing(paths: {
  caPath: string;
  caKeyPath: string;
  certPath: string;
  keyPath: string;
}): Promise<void> {
  let ca = await readPair(paths.caPath, paths.caKeyPath);
  if (!ca || !stillValid(ca.cert, 30)) {
    const notBeforeDate = new Date(Date.now() - DAY_MS);
    const made = await generate([{ name: 'commonName', value: 'Password Reset Bot local tenant CA' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + 3650 * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    ca = { cert: made.cert, key: made.private };
    await writeAtomic(paths.caKeyPath, ca.key);
    await writeAtomic(paths.caPath, ca.cert);
  }

  const server = await readPair(paths.certPath, paths.keyPath);
  if (!server || !stillValid(server.cert, 7) || !signedBy(server.cert, ca.cert)) {
    const notBeforeDate = new Date(Date.now() - DAY_MS);
    const made = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + 397 * DAY_MS),
      ca: { key: ca.key, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    });
    await writeAtomic(paths.keyPath, made.private);
    await writeAtomic(paths.certPath, made.cert);
  }
}

async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than 30 s belongs to a process that died mid-way.
      const info = await stat(lock).catch(() => null);
      if (info && Date.now() - info.mtimeMs > 30_000) await rmdir(lock).catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the certificate lock ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function readPair(certPath: string, keyPath: string): Promise<{ cert: string; key: string } | null> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return { cert, key };
  } catch {
    return null;
  }
}

function stillValid(pem: string, marginDays: number): boolean {
  try {
    const cert = new X509Certificate(pem);
    return new Date(cert.validTo).getTime() - Date.now() > marginDays * DAY_MS;
  } catch {
    return false;
  }
}

function signedBy(pem: string, caPem: string): boolean {
  try {
    return new X509Certificate(pem).verify(new X509Certificate(caPem).publicKey);
  } catch {
    return false;
  }
}

// Several test processes may start at once: write to a temp name and rename so no reader sees half a file.
async function writeAtomic(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, content, { mode: 0o600 });
  await rename(temp, file);
}
