/**
 * Builds the Teams app package: `npm run package [-- --env local|dev]` (default local).
 * Reads env/.env.<name> (and env/.env.<name>.user when present), fills every ${{VAR}} in the manifest
 * and its localization files, validates them offline against the schemas bundled in
 * @microsoft/app-manifest, and writes appPackage/build/appPackage.<name>.zip.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppManifestUtils } from '@microsoft/app-manifest';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import dotenv from 'dotenv';
import { zipSync, type Zippable } from 'fflate';

/** A packaging failure with a sentence a person can act on. */
export class PackageError extends Error {
  readonly code = 'APP_PACKAGE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

// --- The zip: fflate, with fixed timestamps so the archive is byte-for-byte reproducible ---

/** One file to put in a zip archive. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

// Zip's DOS timestamps start in 1980; one fixed instant keeps every build of the same input identical.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Builds a zip archive (deflated entries, UTF-8 names) holding `entries` in the given order. */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const files: Zippable = {};
  for (const entry of entries) files[entry.name] = [new Uint8Array(entry.data), { level: 9 }];
  return Buffer.from(zipSync(files, { mtime: FIXED_MTIME }));
}

// --- Environment files and placeholders ---

/** Parses a dotenv file with dotenv itself, the parser the Toolkit uses for env/.env.* files. */
export function parseEnvFile(text: string): Record<string, string> {
  return dotenv.parse(text);
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
  const { values } = parseArgs({
    args: [...args],
    options: { env: { type: 'string', default: DEFAULT_ENV } },
    strict: true,
  });
  return values.env;
}

/**
 * `local` needs no provisioning, so a bare `npm run package` works from a clean clone; a deployment
 * names its environment (`npm run package -- --env dev`) once provisioning has filled its ids.
 */
const DEFAULT_ENV = 'local';

if (require.main === module) {
  const root = resolve(__dirname, '..');
  Promise.resolve()
    .then(() => buildAppPackage({ root, envName: envNameFromArgs(process.argv.slice(2)) }))
    .then(
      (result) => console.log(`Wrote ${result.zipPath} (${result.files.join(', ')}).`),
      (error: unknown) => {
        // PackageError and parseArgs's "Unknown option" both carry a sentence meant for a person.
        console.error(error instanceof Error ? error.message : error);
        process.exitCode = 1;
      },
    );
}
