import assert from 'node:assert/strict';
import {
  ClientSecretCredential,
  ClientCertificateCredential,
  ManagedIdentityCredential,
} from '@azure/identity';
import { createGraphCredential, graphScope, isKnownAuthority } from '../../src/directory/credential';

const base = {
  endpoint: 'https://graph.microsoft.com',
  clientId: '11111111-1111-1111-1111-111111111111',
  clientSecret: 'not-a-real-secret',
  certificatePath: '/tmp/does-not-matter.pem',
  authorityHost: 'https://login.microsoftonline.com',
  tenantId: '22222222-2222-2222-2222-222222222222',
};

describe('directory/credential', () => {
  it('builds the .default scope from the endpoint', () => {
    assert.equal(graphScope('https://graph.microsoft.com'), 'https://graph.microsoft.com/.default');
    assert.equal(graphScope('https://127.0.0.1:4443/'), 'https://127.0.0.1:4443/.default');
  });

  it('knows public and sovereign authorities, and nothing else', () => {
    assert.equal(isKnownAuthority('https://login.microsoftonline.com'), true);
    assert.equal(isKnownAuthority('https://login.microsoftonline.us/'), true);
    assert.equal(isKnownAuthority('https://login.chinacloudapi.cn'), true);
    assert.equal(isKnownAuthority('https://127.0.0.1:4443'), false);
    assert.equal(isKnownAuthority('https://login.microsoftonline.com.evil.example'), false);
    assert.equal(isKnownAuthority('not a url'), false);
  });

  it('maps each GRAPH_AUTH mode to its @azure/identity class', () => {
    assert.ok(createGraphCredential({ ...base, auth: 'client-secret' }) instanceof ClientSecretCredential);
    assert.ok(createGraphCredential({ ...base, auth: 'certificate' }) instanceof ClientCertificateCredential);
    assert.ok(
      createGraphCredential({ ...base, auth: 'managed-identity' }) instanceof ManagedIdentityCredential,
    );
  });
});
