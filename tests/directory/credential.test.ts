import assert from 'node:assert/strict';
import {
  ClientSecretCredential,
  ClientCertificateCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';
import { loadConfig } from '../../src/config';
import { createGraphCredential, graphScope, isKnownAuthority } from '../../src/directory/credential';
import { GraphDirectory } from '../../src/directory/graphDirectory';
import { silentLogger } from '../../src/logger';
import { useTenant, type RunningTenant } from '../support/tenant';

const base = {
  endpoint: 'https://graph.microsoft.com',
  scope: 'https://graph.microsoft.com/.default',
  clientId: '11111111-1111-1111-1111-111111111111',
  clientSecret: 'not-a-real-secret',
  certificatePath: '/tmp/does-not-matter.pem',
  authorityHost: 'https://login.microsoftonline.com',
  tenantId: '22222222-2222-2222-2222-222222222222',
};

/** A credential that only records the scopes it is asked for. */
function recordingCredential(): TokenCredential & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    getToken: async (scopes: string | string[]): Promise<AccessToken> => {
      asked.push([scopes].flat());
      return { token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

/** The claims of a JWT, unverified (the tenant's tests verify signatures). */
function claimsOf(token: string): { aud?: string; appid?: string } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    aud?: string;
  };
}

describe('directory/credential', () => {
  it('asks for the credential’s configured scope, else for the Graph cloud’s of the endpoint', () => {
    const bound = createGraphCredential({
      ...base,
      auth: 'client-secret',
      scope: 'https://graph.microsoft.us/.default',
    });
    assert.equal(graphScope(bound, 'https://127.0.0.1:4443'), 'https://graph.microsoft.us/.default');
    const plain = recordingCredential();
    assert.equal(graphScope(plain, 'https://graph.microsoft.com/'), 'https://graph.microsoft.com/.default');
    assert.equal(
      graphScope(plain, 'https://microsoftgraph.chinacloudapi.cn'),
      'https://microsoftgraph.chinacloudapi.cn/.default',
    );
    // Any other host has no Graph resource: the scope names it, and Entra refuses it (AADSTS500011).
    assert.equal(graphScope(plain, 'https://127.0.0.1:4443/'), 'https://127.0.0.1:4443/.default');
  });

  it('knows public and sovereign authorities, and nothing else', () => {
    assert.equal(isKnownAuthority('https://login.microsoftonline.com'), true);
    assert.equal(isKnownAuthority('https://login.microsoftonline.us/'), true);
    assert.equal(isKnownAuthority('https://login.chinacloudapi.cn'), true);
    assert.equal(isKnownAuthority('https://127.0.0.1:4443'), false);
    assert.equal(isKnownAuthority('https://login.microsoftonline.com.evil.example'), false);
    assert.equal(isKnownAuthority('not a url'), false);
  });

  it('maps each GRAPH_AUTH mode to its @azure/identity class, bound to the configured scope', () => {
    const secret = createGraphCredential({ ...base, auth: 'client-secret' });
    assert.ok(secret instanceof ClientSecretCredential);
    assert.equal(secret.graphScope, base.scope);
    assert.ok(createGraphCredential({ ...base, auth: 'certificate' }) instanceof ClientCertificateCredential);
    assert.ok(
      createGraphCredential({ ...base, auth: 'managed-identity' }) instanceof ManagedIdentityCredential,
    );
  });

  describe('through the real @azure/identity credential against the local tenant', function () {
    this.timeout(60_000);
    let t: RunningTenant;
    useTenant((started) => (t = started));

    /** The bot's environment for the local tenant, as the local stack sets it. */
    const env = (extra: Record<string, string> = {}): Record<string, string> => {
      const app = t.seed.applications.find((a) => a.displayName === 'Password Reset Bot');
      assert.ok(app);
      return {
        LOCAL_MODE: 'true',
        TENANT_ID: t.tenantId,
        MAIL_SENDER: 'helpdesk@contoso.com',
        LINK_ENCRYPTION_KEYS: Buffer.alloc(32, 7).toString('base64'),
        GRAPH_ENDPOINT: t.url,
        GRAPH_AUTHORITY_HOST: t.url,
        GRAPH_AUTH: 'client-secret',
        GRAPH_CLIENT_ID: app.clientId,
        GRAPH_CLIENT_SECRET: app.clientSecret,
        ...extra,
      };
    };

    it('gets a token for Graph’s audience with GRAPH_SCOPE, and Graph answers through the transport', async () => {
      const config = loadConfig(env({ GRAPH_SCOPE: 'https://graph.microsoft.com/.default' }));
      const credential = createGraphCredential({ ...config.graph, tenantId: config.tenantId });
      const token = await credential.getToken(config.graph.scope);
      assert.equal(claimsOf(token?.token ?? '').aud, 'https://graph.microsoft.com');
      const directory = new GraphDirectory({
        credential,
        endpoint: config.graph.endpoint,
        logger: silentLogger(),
      });
      const { targets } = await directory.readProfiles({
        targets: [{ id: 'bob@contoso.com', upn: 'bob@contoso.com' }],
      });
      assert.equal(
        targets.get('bob@contoso.com')?.user.userPrincipalName ??
          [...targets.values()][0]?.user.userPrincipalName,
        'bob@contoso.com',
      );
    });

    it('stops at startup without GRAPH_SCOPE, instead of asking Entra for the loopback URL', () => {
      assert.throws(() => loadConfig(env()), /GRAPH_SCOPE is missing/);
    });

    it('a credential without a configured scope asks for the endpoint’s URL and is refused, as by Entra', async () => {
      const config = loadConfig(env({ GRAPH_SCOPE: 'https://graph.microsoft.com/.default' }));
      const plain = new ClientSecretCredential(
        config.tenantId,
        config.graph.clientId,
        config.graph.clientSecret,
        {
          authorityHost: config.graph.authorityHost,
          disableInstanceDiscovery: true,
        },
      );
      await assert.rejects(plain.getToken(graphScope(plain, t.url)), /AADSTS500011/);
    });

    it('after a 503 without Retry-After, MSAL holds back for seconds, not its default minute, and never asks early', async () => {
      const config = loadConfig(env({ GRAPH_SCOPE: 'https://graph.microsoft.com/.default' }));
      const credential = createGraphCredential({ ...config.graph, tenantId: config.tenantId });
      const tokenRequests = async () =>
        (await t.admin.requests()).filter((r) => /oauth2\/v2\.0\/token$/.test(r.path)).length;
      await t.admin.addFault({ path: '/oauth2/v2\\.0/token$', kind: 'status', status: 503 });
      await assert.rejects(credential.getToken(config.graph.scope), /AADSTS90033/);
      const afterOutage = await tokenRequests();
      await t.admin.clearFaults();
      const recovered = Date.now();
      // MSAL's throttle stands: asked again at once, it refuses without calling the endpoint.
      await assert.rejects(credential.getToken(config.graph.scope));
      assert.equal(await tokenRequests(), afterOutage, 'asked the endpoint while throttled');
      let token = null;
      while (!token && Date.now() - recovered < 20_000) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        token = await credential.getToken(config.graph.scope).catch(() => null);
      }
      const took = Date.now() - recovered;
      assert.ok(token, 'no token 20 s after the endpoint came back');
      assert.ok(took <= 7_000, `a token again only ${took} ms after the endpoint came back`);
    });
  });
});
