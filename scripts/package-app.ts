/**
 * Builds the Teams app package: `npm run package [-- --env local|dev]` (default local).
 * Reads env/.env.<name> (and env/.env.<name>.user when present), fills every ${{VAR}} in the manifest
 * and its localization files, validates them offline against the schemas bundled in
 * @microsoft/app-manifest, and writes appPackage/build/appPackage.<name>.zip.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** A packaging failure with a sentence a person can act on. */
export class PackageError extends Error {
  readonly code = 'APP_PACKAGE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

// --- CRC-32 (IEEE 802.3), shared by the zip writer and the PNG encoder ---

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of `data`, as an unsigned 32-bit number. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// --- A minimal zip writer: deflated entries, no directories, no zip64 ---

/** One file to put in a zip archive. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

// A fixed timestamp (1980-01-01 00:00) keeps the archive byte-for-byte reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Builds a zip archive holding `entries` in the given order. */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes stay 0
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// --- Environment files and placeholders ---

/** Parses a dotenv-style file: KEY=VALUE lines, `#` comments, optional single or double quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key = '', rawValue = ''] = match;
    let value = rawValue.trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? '';
    else value = value.replace(/\s+#.*$/, '').trim();
    values[key] = value;
  }
  return values;
}

/** Reads env/.env.<name> and then env/.env.<name>.user (which wins), like the Toolkit does. */
export function loadEnvironment(root: string, envName: string): Record<string, string> {
  if (!/^[A-Za-z0-9_-]+$/.test(envName)) {
    throw new PackageError(`"${envName}" is not an environment name: use letters, digits, "-" or "_".`);
  }
  const file = join(root, 'env', `.env.${envName}`);
  if (!existsSync(file)) {
    throw new PackageError(`env/.env.${envName} does not exist: create it or pick another --env.`);
  }
  const values = { TEAMSFX_ENV: envName, ...parseEnvFile(readFileSync(file, 'utf8')) };
  const userFile = `${file}.user`;
  if (existsSync(userFile)) Object.assign(values, parseEnvFile(readFileSync(userFile, 'utf8')));
  return values;
}

/** Replaces every ${{VAR}} in `text`; throws naming the first variable that is missing or empty. */
export function fillPlaceholders(
  text: string,
  values: Readonly<Record<string, string>>,
  source: string,
): string {
  return text.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') {
      throw new PackageError(
        `${name} is not set, but ${source} uses \${{${name}}}: set it in the environment file ` +
          `(run provision first for values it writes).`,
      );
    }
    // The value lands inside a JSON string, so it is escaped as one.
    return JSON.stringify(value).slice(1, -1);
  });
}

// --- Validation against the bundled schemas ---

type Json = Record<string, unknown>;

const SCHEMA_ROOT = join(
  dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
);

/** Path of the bundled schema for a manifest version, e.g. ('1.30', 'MicrosoftTeams.schema.json'). */
export function bundledSchemaPath(version: string, file: string): string {
  const path = join(SCHEMA_ROOT, 'teams', `v${version}`, file);
  if (!existsSync(path)) {
    throw new PackageError(`@microsoft/app-manifest bundles no schema for manifest version ${version}.`);
  }
  return path;
}

/** Validates a filled manifest (and its localization files) offline; returns one line per problem. */
export async function validateManifest(
  manifest: Json,
  localizations: Readonly<Record<string, Json>>,
): Promise<string[]> {
  const version = String(manifest['manifestVersion'] ?? '');
  const schema = JSON.parse(
    readFileSync(bundledSchemaPath(version, 'MicrosoftTeams.schema.json'), 'utf8'),
  ) as Json;
  // The library's signature is typed for its generated manifest types; the JSON is checked at run time.
  const validate = AppManifestUtils.validateAgainstSchema as unknown as (
    m: Json,
    s: Json,
  ) => Promise<string[]>;
  const problems = (await validate(manifest, schema)).map((p) => `manifest.json: ${p}`);
  const locSchema = JSON.parse(
    readFileSync(bundledSchemaPath(version, 'MicrosoftTeams.Localization.schema.json'), 'utf8'),
  ) as Json;
  // The library cannot compile the localization schema: one of its patterns is not valid in Unicode
  // mode. The same draft-04 engine the library uses validates it here, with Unicode regexps off.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strict: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validateLoc = ajv.compile(locSchema);
  for (const [file, loc] of Object.entries(localizations)) {
    if (validateLoc(loc)) continue;
    for (const e of validateLoc.errors ?? []) {
      problems.push(`${file}: ${e.instancePath} ${e.message ?? ''}. Details: ${JSON.stringify(e.params)}`);
    }
  }
  return problems;
}

/** Localization files the manifest names (default language file first, when it has one). */
export function localizationFiles(manifest: Json): string[] {
  const info = (manifest['localizationInfo'] ?? {}) as {
    defaultLanguageFile?: string;
    additionalLanguages?: { file: string }[];
  };
  const files = [info.defaultLanguageFile, ...(info.additionalLanguages ?? []).map((l) => l.file)];
  return files.filter((f): f is string => typeof f === 'string' && f.length > 0);
}

/** What `buildAppPackage` produced. */
export interface PackageResult {
  readonly zipPath: string;
  readonly files: readonly string[];
}

/** Fills, validates and zips the app package of one environment. */
export async function buildAppPackage(options: {
  root: string;
  envName: string;
  values?: Readonly<Record<string, string>>;
  outDir?: string;
}): Promise<PackageResult> {
  const appDir = join(options.root, 'appPackage');
  const values = options.values ?? loadEnvironment(options.root, options.envName);
  const manifestText = fillPlaceholders(
    readFileSync(join(appDir, 'manifest.json'), 'utf8'),
    values,
    'manifest.json',
  );
  const manifest = JSON.parse(manifestText) as Json;

  const texts: Record<string, string> = { 'manifest.json': manifestText };
  const localizations: Record<string, Json> = {};
  for (const file of localizationFiles(manifest)) {
    const text = fillPlaceholders(readFileSync(join(appDir, file), 'utf8'), values, file);
    texts[file] = text;
    localizations[file] = JSON.parse(text) as Json;
  }
  const problems = await validateManifest(manifest, localizations);
  if (problems.length > 0) {
    throw new PackageError(`The filled manifest does not match its schema:\n- ${problems.join('\n- ')}`);
  }

  const icons = (manifest['icons'] ?? {}) as { color?: string; outline?: string };
  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from(texts['manifest.json'] ?? '', 'utf8') },
  ];
  for (const icon of [icons.color, icons.outline]) {
    if (!icon) continue;
    const path = join(appDir, icon);
    if (!existsSync(path))
      throw new PackageError(`The manifest names the icon ${icon}, but appPackage/${icon} is missing.`);
    entries.push({ name: icon, data: readFileSync(path) });
  }
  for (const file of Object.keys(localizations)) {
    entries.push({ name: file, data: Buffer.from(texts[file] ?? '', 'utf8') });
  }

  const outDir = options.outDir ?? join(appDir, 'build');
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${options.envName}.zip`);
  writeFileSync(zipPath, createZip(entries));
  return { zipPath, files: entries.map((e) => e.name) };
}

/** Reads `--env NAME` or `--env=NAME` from the command line; local when absent. */
export function envNameFromArgs(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--env') return args[i + 1] ?? DEFAULT_ENV;
    if (arg.startsWith('--env=')) return arg.slice('--env='.length);
  }
  return DEFAULT_ENV;
}

/**
 * `local` needs no provisioning, so a bare `npm run package` works from a clean clone; a deployment
 * names its environment (`npm run package -- --env dev`) once provisioning has filled its ids.
 */
const DEFAULT_ENV = 'local';

if (require.main === module) {
  const root = resolve(__dirname, '..');
  const envName = envNameFromArgs(process.argv.slice(2));
  buildAppPackage({ root, envName }).then(
    (result) => console.log(`Wrote ${result.zipPath} (${result.files.join(', ')}).`),
    (error: unknown) => {
      console.error(error instanceof PackageError ? error.message : error);
      process.exitCode = 1;
    },
  );
}
