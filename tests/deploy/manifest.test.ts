import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  buildAppPackage,
  bundledSchemaPath,
  fillPlaceholders,
  loadEnvironment,
  parseEnvFile,
  validateManifest,
} from '../../scripts/package-app';
import { decodePng, placeholders, readText, readZip, ROOT } from './helpers';

type Json = Record<string, unknown>;
const run = promisify(execFile);

const SAMPLE: Record<string, string> = {
  TEAMS_APP_ID: '3f2b1c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
  BOT_ID: '0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9',
  BOT_DOMAIN: 'pwresetdev-abc123.azurewebsites.net',
};

const manifestText = readText('appPackage/manifest.json');
const manifest = JSON.parse(manifestText) as Json;

function filled(file: string, values = SAMPLE): Json {
  return JSON.parse(fillPlaceholders(readText(`appPackage/${file}`), values, file)) as Json;
}

function newestBundledVersion(): string {
  const dir = join(
    dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build',
    'json-schemas',
    'teams',
  );
  const versions = readdirSync(dir)
    .map((name) => /^v(\d+)\.(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [Number(m[1]), Number(m[2])] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const newest = versions[versions.length - 1];
  assert.ok(newest, 'no bundled Teams schema found');
  return `${newest[0]}.${newest[1]}`;
}

describe('Teams app manifest', () => {
  it('uses the newest manifest schema that @microsoft/app-manifest bundles', () => {
    const newest = newestBundledVersion();
    assert.equal(manifest['manifestVersion'], newest);
    assert.equal(
      manifest['$schema'],
      `https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`,
    );
  });

  it('takes its ids and domain from exactly the Toolkit placeholders', () => {
    assert.deepEqual(placeholders(manifestText).sort(), ['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    assert.equal(manifest['id'], '${{TEAMS_APP_ID}}');
    assert.deepEqual(manifest['validDomains'], ['${{BOT_DOMAIN}}']);
  });

  it('validates offline against the bundled schema once filled, together with its localization files', async () => {
    const problems = await validateManifest(filled('manifest.json'), {
      'en-us.json': filled('en-us.json'),
      'ja-jp.json': filled('ja-jp.json'),
    });
    assert.deepEqual(problems, []);
  });

  it('reports schema violations: the validation can fail', async () => {
    const broken = filled('manifest.json', { ...SAMPLE, BOT_ID: 'not-a-guid' });
    const problems = await validateManifest(broken, {});
    assert.ok(
      problems.some((p) => p.includes('/bots/0/botId')),
      problems.join('\n'),
    );

    const badLoc = { ...filled('ja-jp.json'), 'bots[0].commandLists[9].commands[0].title': 'x' };
    const locProblems = await validateManifest(filled('manifest.json'), { 'ja-jp.json': badLoc });
    assert.ok(
      locProblems.some((p) => p.startsWith('ja-jp.json')),
      locProblems.join('\n'),
    );
  });

  it('declares a conversational bot in personal, team and group chat with a command list per scope', () => {
    const bots = manifest['bots'] as Json[];
    assert.equal(bots.length, 1);
    const bot = bots[0] as Json;
    assert.equal(bot['botId'], '${{BOT_ID}}');
    assert.deepEqual([...(bot['scopes'] as string[])].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(bot['isNotificationOnly'], false);
    assert.equal(bot['supportsFiles'], false);
    const lists = bot['commandLists'] as { scopes: string[]; commands: { title: string }[] }[];
    assert.deepEqual(lists.map((l) => l.scopes.join()).sort(), ['groupChat', 'personal', 'team']);
    for (const list of lists) {
      assert.deepEqual(
        list.commands.map((c) => c.title),
        ['help', 'reset password for', 'temporary access pass for', 'audit', 'form'],
      );
    }
  });

  it('names the product as agreed and localizes it into Japanese', () => {
    assert.deepEqual(manifest['name'], {
      short: 'Password Reset',
      full: 'Password Reset for Microsoft 365 helpdesk',
    });
    const info = manifest['localizationInfo'] as Json;
    assert.equal(info['defaultLanguageTag'], 'en-us');
    assert.deepEqual(info['additionalLanguages'], [{ languageTag: 'ja-jp', file: 'ja-jp.json' }]);
    const en = filled('en-us.json');
    const ja = filled('ja-jp.json');
    assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort(), 'ja-jp.json covers the same strings');
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) {
      assert.match(String(ja[key]), /[\u3040-\u30ff]/, `${key} is Japanese`);
    }
    // The English strings of the default language file agree with the manifest itself.
    assert.equal(en['name.full'], (manifest['name'] as Json)['full']);
    assert.equal(en['description.full'], (manifest['description'] as Json)['full']);
  });
});

describe('Teams app icons', () => {
  const color = decodePng(readFileSync(join(ROOT, 'appPackage/color.png')));
  const outline = decodePng(readFileSync(join(ROOT, 'appPackage/outline.png')));

  it('are 192×192 (colour) and 32×32 (outline)', () => {
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
  });

  it('colour icon: opaque in the middle, with more than one colour (a symbol, not a plain square)', () => {
    const at = (x: number, y: number): string =>
      color.rgba.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 4).toString('hex');
    assert.equal(color.rgba[(96 * 192 + 96) * 4 + 3], 255);
    const colours = new Set<string>();
    for (let y = 0; y < 192; y += 4) for (let x = 0; x < 192; x += 4) colours.add(at(x, y));
    assert.ok(colours.size > 2, `only ${colours.size} colours`);
  });

  it('outline icon: alpha channel, some fully transparent pixels, and only white where anything is drawn', () => {
    assert.equal(outline.colourType, 6, 'RGBA');
    let transparent = 0;
    let drawn = 0;
    for (let i = 0; i < 32 * 32; i++) {
      const [r, g, b, a] = outline.rgba.subarray(i * 4, i * 4 + 4);
      if (a === 0) {
        transparent++;
        continue;
      }
      drawn++;
      assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${i % 32},${Math.floor(i / 32)} is not white`);
    }
    assert.ok(transparent > 0, 'no fully transparent pixel');
    assert.ok(drawn > 32, 'almost nothing is drawn');
  });
});

describe('npm run package', () => {
  const expected = ['color.png', 'en-us.json', 'ja-jp.json', 'manifest.json', 'outline.png'];

  it('writes appPackage/build/appPackage.local.zip holding exactly the expected files, filled', async () => {
    const { stdout } = await run('npm', ['run', 'package', '--', '--env', 'local'], { cwd: ROOT });
    assert.match(stdout, /appPackage\.local\.zip/);
    const entries = readZip(readFileSync(join(ROOT, 'appPackage/build/appPackage.local.zip')));
    assert.deepEqual(entries.map((e) => e.name).sort(), expected);
    const local = parseEnvFile(readText('env/.env.local'));
    const packed = JSON.parse(
      entries.find((e) => e.name === 'manifest.json')?.data.toString('utf8') ?? '{}',
    ) as Json;
    assert.equal(packed['id'], local['TEAMS_APP_ID']);
    assert.equal(((packed['bots'] as Json[])[0] as Json)['botId'], local['BOT_ID']);
    for (const entry of entries)
      assert.ok(!entry.data.toString('latin1').includes('${{'), `${entry.name} is filled`);
    const icon = entries.find((e) => e.name === 'color.png')?.data;
    assert.ok(
      icon?.equals(readFileSync(join(ROOT, 'appPackage/color.png'))),
      'icons are copied byte for byte',
    );
  });

  it('fails with a sentence naming the missing variable', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pkg-'));
    try {
      await assert.rejects(
        buildAppPackage({ root: ROOT, envName: 'test', values: { ...SAMPLE, BOT_DOMAIN: '' }, outDir: out }),
        (error: Error) =>
          error.message.startsWith('BOT_DOMAIN is not set') && error.message.includes('manifest.json'),
      );
      assert.deepEqual(readdirSync(out), [], 'no zip is written');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses the dev environment of a clean clone (ids come from provision) and names what is missing', async () => {
    const devOnly = { TEAMSFX_ENV: 'dev', ...parseEnvFile(readText('env/.env.dev')) };
    const out = mkdtempSync(join(tmpdir(), 'pkg-'));
    try {
      await assert.rejects(
        buildAppPackage({ root: ROOT, envName: 'dev', values: devOnly, outDir: out }),
        /TEAMS_APP_ID is not set/,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('rejects unknown or unsafe environment names', () => {
    assert.throws(() => loadEnvironment(ROOT, 'nope'), /env\/\.env\.nope does not exist/);
    assert.throws(() => loadEnvironment(ROOT, '../etc'), /not an environment name/);
  });

  it('knows where the bundled schema of the manifest version lives', () => {
    assert.ok(
      bundledSchemaPath(String(manifest['manifestVersion']), 'MicrosoftTeams.schema.json').endsWith('.json'),
    );
    assert.throws(() => bundledSchemaPath('0.1', 'MicrosoftTeams.schema.json'), /bundles no schema/);
  });
});
