/**
 * The canary scan ("The password stays out of everything but the mail", SECURITY.md): a generated password
 * must appear in no activity the bot sent, no invoke response, no bot log line, no audit record and no
 * stored entity. Each secret is looked for in the encodings it could leak in (plain, JSON-escaped, URL-
 * encoded, HTML-escaped, base64).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TableClient, TableServiceClient } from '@azure/data-tables';

/** Where the scan looks. */
export interface CanarySources {
  /** Raw bodies of every call the bot made to the connector. */
  readonly connectorBodies: readonly string[];
  /** Raw bodies of every answer the bot gave to /api/messages (invoke responses included). */
  readonly botAnswers: readonly string[];
  /** The stack's data folder: every `bot*.log` file in it is scanned. */
  readonly logDir: string;
  /** Azurite: every entity of every table in the account is scanned. */
  readonly storageConnectionString: string;
}

/** One place a secret was found. */
export interface CanaryFinding {
  readonly where: string;
  /** Which secret (by index) and in which encoding. */
  readonly secret: number;
  readonly encoding: string;
}

/** What was scanned, so a test can prove the scan was not vacuous. */
export interface CanaryReport {
  readonly findings: CanaryFinding[];
  readonly scanned: {
    connector: number;
    answers: number;
    logBytes: number;
    tables: string[];
    entities: number;
  };
}

/** The forms in which a secret could leak. */
export function encodingsOf(secret: string): Record<string, string> {
  const html = secret
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
  return {
    plain: secret,
    json: JSON.stringify(secret).slice(1, -1),
    url: encodeURIComponent(secret),
    form: new URLSearchParams({ x: secret }).toString().slice(2),
    html,
    base64: Buffer.from(secret, 'utf8').toString('base64'),
    base64url: Buffer.from(secret, 'utf8').toString('base64url'),
  };
}

/** Scans every source for every secret. */
export async function canaryScan(secrets: readonly string[], sources: CanarySources): Promise<CanaryReport> {
  if (secrets.length === 0)
    throw new Error('canary: no secrets to look for (the test never learned a password)');
  const haystacks: { where: string; text: string }[] = [];
  sources.connectorBodies.forEach((text, index) =>
    haystacks.push({ where: `connector call ${index + 1}`, text }),
  );
  sources.botAnswers.forEach((text, index) => haystacks.push({ where: `bot answer ${index + 1}`, text }));

  let logBytes = 0;
  for (const file of readdirSync(sources.logDir).filter((name) => /^bot.*\.log$/.test(name))) {
    const text = readFileSync(path.join(sources.logDir, file), 'utf8');
    logBytes += text.length;
    text.split('\n').forEach((line, index) => haystacks.push({ where: `${file}:${index + 1}`, text: line }));
  }

  const tables: string[] = [];
  let entities = 0;
  const service = TableServiceClient.fromConnectionString(sources.storageConnectionString, {
    allowInsecureConnection: true,
  });
  for await (const table of service.listTables()) {
    if (!table.name) continue;
    tables.push(table.name);
    const client = TableClient.fromConnectionString(sources.storageConnectionString, table.name, {
      allowInsecureConnection: true,
    });
    for await (const entity of client.listEntities()) {
      entities += 1;
      haystacks.push({
        where: `table ${table.name} ${entity.partitionKey}/${entity.rowKey}`,
        text: JSON.stringify(entity),
      });
    }
  }

  const findings: CanaryFinding[] = [];
  secrets.forEach((secret, index) => {
    for (const [encoding, needle] of Object.entries(encodingsOf(secret))) {
      for (const haystack of haystacks) {
        if (haystack.text.includes(needle)) findings.push({ where: haystack.where, secret: index, encoding });
      }
    }
  });
  return {
    findings,
    scanned: {
      connector: sources.connectorBodies.length,
      answers: sources.botAnswers.length,
      logBytes,
      tables,
      entities,
    },
  };
}

/** Counts the places a harmless marker (e.g. a request id) appears, to prove each source was read. */
export async function markerSeen(
  marker: string,
  sources: CanarySources,
): Promise<{ connector: boolean; answers: boolean; logs: boolean; storage: boolean }> {
  const report = await canaryScan([marker], sources);
  const where = report.findings.filter((f) => f.encoding === 'plain').map((f) => f.where);
  return {
    connector: where.some((w) => w.startsWith('connector')),
    answers: where.some((w) => w.startsWith('bot answer')),
    logs: where.some((w) => /^bot.*\.log:/.test(w)),
    storage: where.some((w) => w.startsWith('table')),
  };
}
