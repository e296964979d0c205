import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { envKeys, placeholders, readText, ROOT } from './helpers';

const bicep = readText('infra/azure.bicep');
const parameters = JSON.parse(readText('infra/azure.parameters.json')) as {
  parameters: Record<string, unknown>;
};
const script = readText('infra/grant-permissions.sh');

/** Settings src/config.ts reads that production deliberately leaves unset, each with its reason. */
const NOT_NEEDED_IN_PRODUCTION: Record<string, string> = {
  HOST: 'the default 0.0.0.0 is right behind App Service',
  PORT: 'App Service injects PORT itself',
  BOT_PASSWORD: 'BOT_TYPE=UserAssignedMSI has no client secret',
  GRAPH_CLIENT_SECRET: 'GRAPH_AUTH=managed-identity has no client secret',
  GRAPH_CERTIFICATE_PATH: 'GRAPH_AUTH=managed-identity uses no certificate',
  LOCAL_TENANT_FILE: 'the local tenant never runs in production',
  BOT_OPENID_METADATA: 'refused outside LOCAL_MODE; production uses the Bot Framework default',
};

/** Names src/config.ts reads, taken from its str/int/bool/url/oneOf calls. */
function configSettings(): string[] {
  const source = readText('src/config.ts');
  const names = [...source.matchAll(/\b(?:str|int|bool|url|oneOf(?:<[^>]*>)?)\(\s*'([A-Z][A-Z0-9_]*)'/g)].map(
    (m) => m[1] ?? '',
  );
  return [...new Set(names)];
}

/** The body of the first `key: [ ... ]` array in the template, bracket-matched. */
function arrayBlock(text: string, key: string): string {
  const start = text.indexOf(`${key}: [`);
  assert.ok(start >= 0, `${key} not found`);
  let depth = 0;
  for (let i = text.indexOf('[', start); i < text.length; i++) {
    if (text[i] === '[') depth++;
    if (text[i] === ']' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error(`${key} is not closed`);
}

/** App setting name → value expression, as written in the template. */
function appSettings(): Map<string, string> {
  const block = arrayBlock(bicep, 'appSettings');
  return new Map(
    [...block.matchAll(/\{\s*name:\s*'([A-Za-z0-9_]+)'\s*,\s*value:\s*(.+?)\s*\}\s*$/gm)].map((m) => [
      m[1] ?? '',
      m[2] ?? '',
    ]),
  );
}

const declaredParams = new Map(
  [...bicep.matchAll(/^param\s+([A-Za-z][A-Za-z0-9_]*)\s+(\w+)(\s*=)?/gm)].map((m) => [
    m[1] ?? '',
    m[3] !== undefined,
  ]),
);
const outputs = [...bicep.matchAll(/^output\s+([A-Za-z_][A-Za-z0-9_]*)\s/gm)].map((m) => m[1] ?? '');

describe('infra/azure.bicep and its parameters', () => {
  it('declares every parameter the parameters file sets', () => {
    const names = Object.keys(parameters.parameters);
    assert.ok(names.length > 5);
    for (const name of names) assert.ok(declaredParams.has(name), `${name} is not a param of azure.bicep`);
  });

  it('gets every parameter without a default from the parameters file', () => {
    for (const [name, hasDefault] of declaredParams) {
      if (!hasDefault) assert.ok(name in parameters.parameters, `${name} has no default and no value`);
    }
  });

  it('sets every setting src/config.ts reads, or lists it here as not needed in production', () => {
    const settings = appSettings();
    const read = configSettings();
    assert.ok(read.length >= 25, `only ${read.length} settings found: the extraction is broken`);
    for (const name of read) {
      if (name in NOT_NEEDED_IN_PRODUCTION) {
        assert.ok(!settings.has(name), `${name} is set although listed as not needed`);
      } else {
        assert.ok(settings.has(name), `${name} is read by src/config.ts but not set in the web app`);
      }
    }
    // The list stays honest: everything on it is really read by the config.
    for (const name of Object.keys(NOT_NEEDED_IN_PRODUCTION))
      assert.ok(read.includes(name), `${name} is stale`);
  });

  it('configures the production identity: Bot Framework and Graph through the user-assigned managed identity', () => {
    const settings = appSettings();
    assert.equal(settings.get('BOT_TYPE'), "'UserAssignedMSI'");
    assert.equal(settings.get('GRAPH_AUTH'), "'managed-identity'");
    assert.equal(settings.get('LOCAL_MODE'), "'false'");
    assert.equal(settings.get('BOT_ID'), 'identity.properties.clientId');
    assert.equal(settings.get('GRAPH_CLIENT_ID'), 'identity.properties.clientId');
    assert.match(bicep, /msaAppType:\s*'UserAssignedMSI'/);
    assert.match(bicep, /msaAppMSIResourceId:\s*identity\.id/);
    assert.match(bicep, /endpoint:\s*'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    assert.match(bicep, /name:\s*'MsTeamsChannel'[\s\S]*?isEnabled:\s*true/);
  });

  it('reads secrets through Key Vault references with the user-assigned identity', () => {
    const settings = appSettings();
    for (const name of ['LINK_ENCRYPTION_KEYS', 'STORAGE_CONNECTION_STRING']) {
      assert.match(
        settings.get(name) ?? '',
        /^'@Microsoft\.KeyVault\(SecretUri=\$\{\w+\.properties\.secretUri\}\)'$/,
        name,
      );
    }
    assert.match(bicep, /keyVaultReferenceIdentity:\s*identity\.id/);
    assert.match(bicep, /enableRbacAuthorization:\s*true/);
    assert.match(bicep, /enableSoftDelete:\s*true/);
    assert.match(bicep, /@secure\(\)\s*\n(@\w+\([^)]*\)\s*\n)*param linkEncryptionKeys string/);
  });

  it('hardens the web app and the storage account', () => {
    for (const pattern of [
      /linuxFxVersion:\s*'NODE\|22-lts'/,
      /httpsOnly:\s*true/,
      /alwaysOn:\s*true/,
      /healthCheckPath:\s*'\/healthz'/,
      /ftpsState:\s*'Disabled'/,
      /minTlsVersion:\s*'1\.2'/,
      /appCommandLine:\s*'node --max-old-space-size=128 --require \.\/dist\/src\/telemetryBootstrap\.js dist\/src\/index\.js'/,
      /kind:\s*'StorageV2'/,
      /allowBlobPublicAccess:\s*false/,
      /minimumTlsVersion:\s*'TLS1_2'/,
      /supportsHttpsTrafficOnly:\s*true/,
    ]) {
      assert.match(bicep, pattern);
    }
  });

  it('points App Service’s health check at liveness (/healthz), not at readiness', () => {
    assert.match(bicep, /healthCheckPath:\s*'\/healthz'/);
    assert.doesNotMatch(bicep, /healthCheckPath:\s*'\/readyz'/);
  });

  it('sends the App Service console, HTTP and platform logs to the Log Analytics workspace it creates, where Application Insights also keeps its data', () => {
    const block = /resource (\w+) 'Microsoft\.Insights\/diagnosticSettings@[\w-]+' = \{([\s\S]*?)\n\}/.exec(
      bicep,
    );
    assert.ok(block, 'a diagnostic setting exists');
    const body = block[2] ?? '';
    assert.match(body, /scope:\s*webApp\b/, 'on the web app');
    assert.match(body, /workspaceId:\s*logAnalytics\.id\b/, 'to the workspace of this template');
    const categories = [...body.matchAll(/\{\s*category:\s*'(\w+)',\s*enabled:\s*true\s*\}/g)].map(
      (m) => m[1],
    );
    for (const category of ['AppServiceConsoleLogs', 'AppServiceHTTPLogs', 'AppServicePlatformLogs']) {
      assert.ok(categories.includes(category), `${category} is sent (${categories.join(', ')})`);
    }
    assert.match(bicep, /resource logAnalytics 'Microsoft\.OperationalInsights\/workspaces@/);
    assert.match(bicep, /WorkspaceResourceId:\s*logAnalytics\.id/, 'Application Insights is workspace-based');
    assert.equal(
      appSettings().get('APPLICATIONINSIGHTS_CONNECTION_STRING'),
      'appInsights.properties.ConnectionString',
    );
  });

  it('gives the identity its data roles: table, blob and Key Vault secrets', () => {
    for (const role of [
      '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', // Storage Table Data Contributor
      'ba92f5b4-2d11-453d-a403-e96b0029c9fe', // Storage Blob Data Contributor
      '4633458b-17de-408a-b874-0445c86b69e6', // Key Vault Secrets User
    ]) {
      assert.ok(bicep.includes(`'${role}'`), role);
    }
    assert.equal([...bicep.matchAll(/principalId:\s*identity\.properties\.principalId/g)].length, 3);
  });

  it('holds no hard-coded secret', () => {
    const code = bicep.replace(/^\s*\/\/.*$/gm, '');
    const literals = [...code.matchAll(/'([^'\n]*)'/g)].map((m) => m[1] ?? '');
    for (const literal of literals) {
      // A base64 key of 32+ characters has digits and both cases; resource type names have no digits runs like that.
      for (const run of literal.match(/[A-Za-z0-9+/]{32,}={0,2}/g) ?? []) {
        assert.ok(
          !/\d/.test(run) || !/[a-z]/.test(run) || !/[A-Z]/.test(run),
          `"${literal}" looks like a key`,
        );
      }
      assert.doesNotMatch(
        literal,
        /(AccountKey|SharedAccessSignature|InstrumentationKey|password)=(?!\$\{)/i,
      );
    }
    for (const [name, value] of Object.entries(parameters.parameters)) {
      const text = JSON.stringify(value);
      if (/(keys?|secret|password|connectionString)$/i.test(name))
        assert.match(text, /^\{"value":"\$\{\{SECRET_[A-Z_]+\}\}"\}$/, name);
    }
  });

  it('outputs every value that m365agents.yml, the manifest and the grant script take from provision', () => {
    const yml = readText('m365agents.yml').replace(/^\s*#.*$/gm, '');
    const written = [...yml.matchAll(/^\s+\w+:\s+([A-Z][A-Z0-9_]+)\s*$/gm)].map((m) => m[1] ?? '');
    const devEnv = envKeys(readText('env/.env.dev'));
    const consumed = [...placeholders(yml), ...placeholders(readText('appPackage/manifest.json')), 'BOT_ID'];
    const builtIns = ['AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'TEAMSFX_ENV'];
    for (const name of consumed) {
      if (builtIns.includes(name) || devEnv.get(name)) continue;
      assert.ok(
        outputs.includes(name) || written.includes(name),
        `${name} is used after provision but nothing provisions it`,
      );
    }
    assert.ok(outputs.includes('BOT_AZURE_APP_SERVICE_RESOURCE_ID') && outputs.includes('BOT_DOMAIN'));
    // Every output lands in a documented slot of env/.env.dev.
    for (const name of outputs) assert.ok(devEnv.has(name), `output ${name} is not declared in env/.env.dev`);
  });
});

describe('infra/grant-permissions.sh', () => {
  it('is valid bash', () => {
    execFileSync('bash', ['-n', join(ROOT, 'infra/grant-permissions.sh')]);
  });

  it('grants every Graph application permission the code needs', () => {
    for (const permission of [
      'User.Read.All',
      'User-PasswordProfile.ReadWrite.All',
      'RoleManagement.Read.Directory',
      'PrivilegedEligibilitySchedule.Read.AzureADGroup',
      'GroupMember.Read.All',
      'AdministrativeUnit.Read.All',
      'Domain.Read.All',
      'User.RevokeSessions.All',
      'UserAuthMethod-TAP.ReadWrite.All',
      'Policy.Read.AuthenticationMethod',
    ]) {
      assert.match(script, new RegExp(`^\\s+'${permission.replace(/\./g, '\\.')}'`, 'm'), permission);
    }
    // Mail.Send goes through Exchange RBAC for Applications unless explicitly asked for tenant-wide.
    assert.match(script, /\$entra_mail_send && PERMISSIONS\+=\('Mail\.Send'\)/);
  });

  it('assigns Privileged Authentication Administrator tenant-wide, checking first', () => {
    assert.match(script, /PRIV_AUTH_ADMIN='7be44c8a-adaf-4e2a-84d6-ab2649e08a13'/);
    assert.match(script, /roleManagement\/directory\/roleAssignments\?\\\$filter=principalId eq/);
    assert.match(script, /"directoryScopeId\\":\\"\/\\"/);
  });

  it('prints the Exchange Online commands that limit Mail.Send to the helpdesk mailbox', () => {
    assert.match(script, /New-ServicePrincipal -AppId \$\{client_id\} -ObjectId \$\{sp_id\}/);
    assert.match(
      script,
      /New-ManagementScope -Name "[^"]+" -RecipientRestrictionFilter "PrimarySmtpAddress -eq '\$\{sender\}'"/,
    );
    assert.match(
      script,
      /New-ManagementRoleAssignment .*-App \$\{sp_id\} -Role "Application Mail\.Send" -CustomResourceScope/,
    );
    assert.match(script, /Test-ServicePrincipalAuthorization/);
  });
});
