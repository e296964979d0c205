/**
 * The app's credential for Microsoft Graph, chosen by GRAPH_AUTH. The same @azure/identity classes run
 * in production and against the local tenant; only the authority host differs.
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { Config } from '../config';
import { graphCloudScope } from './graphClouds';

/** What the credential factory reads from configuration. */
export type GraphCredentialConfig = Config['graph'] & { readonly tenantId: string };

/**
 * The app's credential for Graph, carrying the scope its tokens are asked for: the Graph cloud's, or
 * GRAPH_SCOPE where the endpoint is not Graph's own host (the local tenant).
 */
export type GraphCredential = TokenCredential & { readonly graphScope: string };

/** True when `credential` knows the scope it was configured for. */
export function isGraphCredential(credential: TokenCredential): credential is GraphCredential {
  return typeof (credential as Partial<GraphCredential>).graphScope === 'string';
}

/**
 * The scope a Graph call asks for: the credential's own, else the Graph cloud's of `endpoint`, else
 * `{endpoint}/.default` (which Entra refuses, AADSTS500011, as it should an unconfigured host).
 */
export function graphScope(credential: TokenCredential, endpoint: string): string {
  if (isGraphCredential(credential)) return credential.graphScope;
  return graphCloudScope(endpoint) ?? `${endpoint.replace(/\/+$/, '')}/.default`;
}

/** Entra's public, US Government, legacy German and China authority hosts. */
const KNOWN_AUTHORITIES = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.microsoftonline.de',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/**
 * True for Entra's public and sovereign cloud authorities. Any other host (the local tenant, a test
 * double) has no instance-discovery endpoint, so MSAL must not ask login.microsoftonline.com about it.
 */
export function isKnownAuthority(authorityHost: string): boolean {
  let host: string;
  try {
    host = new URL(authorityHost).hostname.toLowerCase();
  } catch {
    return false;
  }
  return KNOWN_AUTHORITIES.has(host);
}

/** Builds the credential for the configured GRAPH_AUTH mode, bound to the configured scope. */
export function createGraphCredential(config: GraphCredentialConfig): GraphCredential {
  return Object.assign(credentialFor(config), { graphScope: config.scope });
}

function credentialFor(config: GraphCredentialConfig): TokenCredential {
  const authority = {
    authorityHost: config.authorityHost,
    disableInstanceDiscovery: !isKnownAuthority(config.authorityHost),
  };
  switch (config.auth) {
    case 'managed-identity':
      return new ManagedIdentityCredential({ clientId: config.clientId });
    case 'certificate':
      return new ClientCertificateCredential(
        config.tenantId,
        config.clientId,
        { certificatePath: config.certificatePath },
        authority,
      );
    case 'client-secret':
      return new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, authority);
  }
}
