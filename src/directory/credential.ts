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

/** What the credential factory reads from configuration. */
export type GraphCredentialConfig = Config['graph'] & { readonly tenantId: string };

/** The OAuth scope of app-only Graph calls (`https://graph.microsoft.com/.default`). */
export function graphScope(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/.default`;
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

/** Builds the TokenCredential for the configured GRAPH_AUTH mode. */
export function createGraphCredential(config: GraphCredentialConfig): TokenCredential {
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
