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

/** The seed id of a user, by UPN. */
export function userId(tenant: RunningTenant, upn: string): string {
  const user = tenant.seed.users.find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase());
  if (!user) throw new Error(`No user ${upn} in the seed.`);
  return user.id;
}

/** The seed id of a group or administrative unit, by display name. */
export function objectId(tenant: RunningTenant, displayName: string): string {
  const found = [...(tenant.seed.groups ?? []), ...(tenant.seed.administrativeUnits ?? [])].find(
    (o) => o.displayName === displayName,
  );
  if (!found) throw new Error(`No group or unit ${displayName} in the seed.`);
  return found.id;
}

/** A raw HTTPS call with the tenant's CA, for what the Graph client hides (headers, bodies, no token). */
export async function raw(
  tenant: RunningTenant,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are asserted field by field
  json: () => any;
}> {
  const { request } = await import('node:https');
  const { readFileSync } = await import('node:fs');
  const ca = readFileSync(tenant.caPath);
  return new Promise((resolve, reject) => {
    const req = request(`${tenant.url}${path}`, { method, ca, headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A token for an app straight from the token endpoint (client credentials). */
export async function tokenFor(
  tenant: RunningTenant,
  appName: string,
  scope = 'https://graph.microsoft.com/.default',
): Promise<string> {
  const { clientId, clientSecret } = app(tenant, appName);
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
    scope,
  });
  const res = await raw(tenant, 'POST', `/${tenant.tenantId}/oauth2/v2.0/token`, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.text}`);
  return res.json().access_token as string;
}
