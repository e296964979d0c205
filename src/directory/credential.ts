/**
 * The app's credential for Microsoft Graph, chosen by GRAPH_AUTH. The same @azure/identity classes run
 * in production and against the local tenant; only the authority host differs.
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type ClientSecretCredentialOptions,
  type GetTokenOptions,
  type TokenCredential,
} from '@azure/identity';
import { graphCloudScope } from './graphClouds';

/** How the app signs in to Graph (GRAPH_AUTH). */
export type GraphAuth = 'managed-identity' | 'certificate' | 'client-secret';

/**
 * What the credential factory needs from configuration (src/config.ts passes its `graph` settings and the
 * tenant id; the directory does not depend on the configuration module).
 */
export interface GraphCredentialConfig {
  readonly endpoint: string;
  /** The `.default` scope Entra issues the Graph token for: the Graph cloud's, or GRAPH_SCOPE. */
  readonly scope: string;
  readonly auth: GraphAuth;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly certificatePath: string;
  readonly authorityHost: string;
  readonly tenantId: string;
}

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

/** How long MSAL holds back after a 5xx from the token endpoint that named no Retry-After. */
const TOKEN_OUTAGE_RETRY_AFTER_S = 5;

/** An HTTP pipeline policy of the Azure SDK, as @azure/identity's options take one. */
type PipelinePolicyEntry = NonNullable<ClientSecretCredentialOptions['additionalPolicies']>[number];

/**
 * MSAL throttles a token request after a 429 or 5xx for the answer's Retry-After, or for a whole minute
 * when there is none, refusing meanwhile without calling the endpoint. That protects Entra and is kept;
 * but Entra answers an outage with 5xx and no Retry-After, and a minute of "did not answer" after it is
 * back is a minute of admins locked out (MSAL.NET does not throttle confidential clients on 5xx at all).
 * This policy gives such an answer a Retry-After of a few seconds, so MSAL's throttle is that long; a
 * Retry-After Entra does send (429, or a 5xx with one) is left as it is. Placed per call, after the SDK's
 * own retries.
 */
const tokenOutageRetryAfter: PipelinePolicyEntry = {
  position: 'perCall',
  policy: {
    name: 'tokenOutageRetryAfter',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status >= 500 && response.status < 600 && !response.headers.has('retry-after'))
        response.headers.set('retry-after', String(TOKEN_OUTAGE_RETRY_AFTER_S));
      return response;
    },
  },
};

function credentialFor(config: GraphCredentialConfig): TokenCredential {
  const authority = {
    authorityHost: config.authorityHost,
    disableInstanceDiscovery: !isKnownAuthority(config.authorityHost),
    additionalPolicies: [tokenOutageRetryAfter],
  };
  switch (config.auth) {
    case 'managed-identity':
      return new ManagedIdentityCredential({
        clientId: config.clientId,
        additionalPolicies: [tokenOutageRetryAfter],
      });
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

/** How long before expiry a token is renewed (MSAL itself treats the last five minutes as expired). */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * One app token shared by every Graph call of the process: one acquisition in flight at a time, renewed
 * in the background before it expires (or at Entra's `refresh_in`), and kept in use while a renewal
 * fails, so an outage of the token endpoint shorter than the token's remaining life goes unnoticed.
 *
 * @azure/identity asks MSAL, which caches tokens and also caches failures: after a 429 or 5xx from the
 * token endpoint it refuses the same request for the endpoint's Retry-After (60 s without one, shortened
 * for 5xx by {@link tokenOutageRetryAfter}). This class works with that: it calls the credential only
 * when its own token needs renewing, once at a time, and lets MSAL's throttle stand. What fails is surfaced as {@link TokenUnavailableError}
 * (retryable: "Microsoft 365 did not answer") unless the token endpoint refused the app's credential.
 */
export class SharedTokenCredential implements TokenCredential {
  private cached: AccessToken | null = null;
  private inFlight: Promise<AccessToken> | null = null;

  constructor(
    private readonly inner: TokenCredential,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current token, renewed as described above. */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const token = this.cached;
    const now = this.now();
    if (token && token.expiresOnTimestamp - now > RENEW_BEFORE_MS / 5) {
      if (now >= renewAt(token)) void this.acquire(scopes, options).catch(() => undefined);
      return token;
    }
    return this.acquire(scopes, options);
  }

  private acquire(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.inFlight ??= this.inner
      .getToken(scopes, { ...options, abortSignal: undefined })
      .then((token) => {
        if (!token) throw new TokenUnavailableError('the token endpoint returned no token');
        this.cached = token;
        return token;
      })
      .catch((error: unknown) => {
        throw classifyTokenError(error);
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }
}

/** When a token should be renewed: Entra's refresh_in if it sent one, else five minutes before expiry. */
function renewAt(token: AccessToken): number {
  return Math.min(token.refreshAfterTimestamp ?? Infinity, token.expiresOnTimestamp - RENEW_BEFORE_MS);
}

/** The token endpoint did not answer usefully (5xx, 429, timeout, network): try again later. */
class TokenUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenUnavailableError';
  }
}

/** The token endpoint refused the app itself (wrong secret, unknown app, no consent): an operator's job. */
export class CredentialRejectedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialRejectedError';
  }
}

/**
 * Entra's answers that mean "this app's credential is refused". @azure/identity reports server errors,
 * throttling and network failures all as AuthenticationRequiredError, so the AADSTS code in the message
 * is what tells them apart; anything not listed is taken as the endpoint being unavailable (retryable).
 */
const REJECTED =
  /\b(invalid_client|unauthorized_client|AADSTS7000215|AADSTS7000222|AADSTS700016|AADSTS90002|AADSTS700027|AADSTS500011)\b/;

function classifyTokenError(error: unknown): Error {
  if (error instanceof TokenUnavailableError || error instanceof CredentialRejectedError) return error;
  const text =
    error instanceof Error
      ? `${error.message} ${String((error as { errorResponse?: unknown }).errorResponse ?? '')}`
      : String(error);
  if (REJECTED.test(text))
    return new CredentialRejectedError('the token endpoint refused the app credential', { cause: error });
  return new TokenUnavailableError('the token endpoint did not answer', { cause: error });
}
