/**
 * Real clients for the tenant tests: @azure/identity's ClientSecretCredential with the authority on the
 * local tenant, and @microsoft/microsoft-graph-client with or without its retry middleware.
 */
import { ClientSecretCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { RunningTenant } from '../../support/tenant';

/** One application of the seed, by display name. */
export function app(tenant: RunningTenant, displayName: string): { clientId: string; clientSecret: string } {
  const found = tenant.seed.applications.find((a) => a.displayName === displayName);
  if (!found) throw new Error(`No application ${displayName} in the seed.`);
  return found;
}

/** A credential exactly as the bot builds it, pointed at the local tenant. */
export function credential(tenant: RunningTenant, clientId: string, secret: string): ClientSecretCredential {
  return new ClientSecretCredential(tenant.tenantId, clientId, secret, {
    authorityHost: tenant.url,
    disableInstanceDiscovery: true,
  });
}

/** A Graph client for an app; `retry: false` leaves the retry handler out so faults are seen as they are. */
export function graphClient(
  tenant: RunningTenant,
  appName = 'Password Reset Bot',
  options: { retry?: boolean; scope?: string } = {},
): Client {
  const { clientId, clientSecret } = app(tenant, appName);
  const authProvider = new TokenCredentialAuthenticationProvider(credential(tenant, clientId, clientSecret), {
    scopes: [options.scope ?? 'https://graph.microsoft.com/.default'],
  });
  const customHosts = new Set([new URL(tenant.url).hostname]);
  if (options.retry === false) {
    const auth = new AuthenticationHandler(authProvider);
    auth.setNext(new HTTPMessageHandler());
    return Client.initWithMiddleware({
      middleware: auth,
      baseUrl: tenant.url,
      customHosts,
      defaultVersion: 'v1.0',
    });
  }
  if (options.retry === true) {
    const auth = new AuthenticationHandler(authProvider);
    const retry = new RetryHandler(new RetryHandlerOptions(0, 2));
    const http = new HTTPMessageHandler();
    auth.setNext(retry);
    retry.setNext(http);
    return Client.initWithMiddleware({
      middleware: auth,
      baseUrl: tenant.url,
      customHosts,
      defaultVersion: 'v1.0',
    });
  }
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: tenant.url,
    customHosts,
    defaultVersion: 'v1.0',
  });
}

/** Error details the Graph client exposes. */
export interface GraphFailure {
  statusCode: number;
  code: string;
  message: string;
  body: string;
  headers?: Headers;
}

/** Runs a call expected to fail and returns Graph's error as the client saw it. */
export async function failure(call: Promise<unknown>): Promise<GraphFailure> {
  try {
    await call;
  } catch (error) {
    const e = error as { statusCode: number; code: string; message: string; body: string; headers?: Headers };
    return { statusCode: e.statusCode, code: e.code, message: e.message, body: e.body, headers: e.headers };
  }
  throw new Error('The call succeeded; a failure was expected.');
}
