/**
 * The Entra (login.microsoftonline.com) endpoints the Azure SDK uses: v2.0 OpenID metadata, JWKS and
 * the token endpoint for client credentials, plus the resource-owner password grant (so a test can
 * sign in as a user and see Entra's answer, "password expired" included).
 */
import { randomUUID } from 'node:crypto';
import { GRAPH_AUDIENCES } from './graph';
import { verifyPassword } from './passwords';
import type { TenantState } from './state';

/** A plain HTTP-ish answer. */
export interface EntraResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const json = (status: number, body: unknown): EntraResponse => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' },
  body,
});

function entraError(
  status: number,
  error: string,
  code: number,
  description: string,
  correlationId: string,
): EntraResponse {
  const traceId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return json(status, {
    error,
    // Entra separates the trailer with CRLFs, as its JSON bodies show.
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

/** Entra's paths under /{tenant}/: OpenID metadata, keys, token. */
const ENTRA_PATH =
  /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|discovery\/v2\.0\/keys|discovery\/keys|oauth2\/v2\.0\/token)$/i;

/** True for a path one of Entra's endpoints serves (so a fault on it answers in Entra's words). */
export function isEntraPath(path: string): boolean {
  return ENTRA_PATH.test(path);
}

/**
 * An injected fault as Entra answers it: throttling and outages are `temporarily_unavailable` (429 with
 * AADSTS90055, 5xx with AADSTS90033, Entra's transient error), anything else a malformed request; with
 * `Retry-After` when the fault gives one.
 */
export function entraFaultResponse(
  status: number,
  retryAfterSeconds: number | undefined,
  correlationId: string,
): EntraResponse {
  const answer =
    status === 429
      ? entraError(
          status,
          'temporarily_unavailable',
          90055,
          'There are too many incoming requests. Please try again later.',
          correlationId,
        )
      : status >= 500
        ? entraError(
            status,
            'temporarily_unavailable',
            90033,
            'A transient error has occurred. Please try again.',
            correlationId,
          )
        : entraError(
            status,
            'invalid_request',
            9002313,
            'Invalid request. Request is malformed or invalid.',
            correlationId,
          );
  if (retryAfterSeconds !== undefined) answer.headers['Retry-After'] = String(retryAfterSeconds);
  return answer;
}

/** True when `segment` names this tenant (its id or one of its domains). */
function isThisTenant(state: TenantState, segment: string): boolean {
  const s = segment.toLowerCase();
  return s === state.directory.tenantId || state.directory.domains.some((d) => d.name.toLowerCase() === s);
}

/** Routes /{tenant}/... Entra requests; null when the path is not an Entra path. */
export async function handleEntra(
  state: TenantState,
  baseUrl: string,
  method: string,
  path: string,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  correlationId: string,
): Promise<EntraResponse | null> {
  const m = ENTRA_PATH.exec(path);
  if (!m) return null;
  const [, tenantSegment, endpoint] = m as unknown as [string, string, string];
  if (!isThisTenant(state, tenantSegment)) {
    return entraError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      correlationId,
    );
  }
  const tid = state.directory.tenantId;
  const issuer = `${baseUrl}/${tid}/v2.0`;
  const lower = endpoint.toLowerCase();
  if (lower.endsWith('openid-configuration')) {
    if (method !== 'GET') return json(405, { error: 'method_not_allowed' });
    return json(200, {
      token_endpoint: `${baseUrl}/${tid}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${baseUrl}/${tid}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
      authorization_endpoint: `${baseUrl}/${tid}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${baseUrl}/${tid}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${baseUrl}/${tid}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
      ],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    });
  }
  if (lower.includes('keys')) {
    if (method !== 'GET') return json(405, { error: 'method_not_allowed' });
    return json(200, state.tokens.jwks(issuer));
  }
  if (method !== 'POST') {
    return entraError(
      405,
      'invalid_request',
      900561,
      'The endpoint only accepts POST requests. Received a GET request.',
      correlationId,
    );
  }
  return token(state, tenantSegment, headers, rawBody, correlationId);
}

async function token(
  state: TenantState,
  tenantSegment: string,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  correlationId: string,
): Promise<EntraResponse> {
  const form = new URLSearchParams(rawBody);
  let clientId = form.get('client_id') ?? '';
  let clientSecret = form.get('client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(headers['authorization'] ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    clientId = decodeURIComponent(id ?? '');
    clientSecret = decodeURIComponent(secret ?? '');
  }
  const grant = form.get('grant_type') ?? '';
  if (grant !== 'client_credentials' && grant !== 'password') {
    return entraError(
      400,
      'unsupported_grant_type',
      70003,
      'The app requested an unsupported grant type.',
      correlationId,
    );
  }
  if (!clientId) {
    return entraError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
      correlationId,
    );
  }
  const dir = state.directory;
  const app = dir.application(clientId);
  if (!app) {
    return entraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${dir.tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      correlationId,
    );
  }
  const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const resourceScope = scopes.find((s) => s.toLowerCase().endsWith('/.default'));
  if (!resourceScope) {
    return entraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scopes.join(' ') || '(none)'} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      correlationId,
    );
  }
  const resource = resourceScope.slice(0, -'/.default'.length).replace(/\/+$/, '');
  // Like Entra, tokens exist only for resources the directory knows: Graph (by its URL or app id, even
  // though Graph is served here from a loopback URL) and the tenant's own apps (api://{clientId}). A
  // scope built from this server's URL names no resource, so it gets AADSTS500011 as it would in Entra.
  const audiences = [
    ...GRAPH_AUDIENCES,
    ...[...dir.applications.values()].map((a) => `api://${a.clientId}`),
  ].map((a) => a.toLowerCase());
  if (!audiences.includes(resource.toLowerCase())) {
    return entraError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantSegment}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      correlationId,
    );
  }
  const lifetime = state.tokenLifetimeSeconds;
  const now = Date.now();
  const base = {
    aud: resource,
    iss: `https://sts.windows.net/${dir.tenantId}/`,
    exp: Math.floor(now / 1000) + lifetime,
    tid: dir.tenantId,
    appid: app.clientId,
    azp: app.clientId,
    app_displayname: app.displayName,
    ver: '1.0' as const,
  };
  if (grant === 'client_credentials') {
    if (clientSecret !== app.clientSecret) {
      return entraError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
        correlationId,
      );
    }
    const accessToken = state.tokens.issue(
      {
        ...base,
        oid: app.servicePrincipalId,
        sub: app.servicePrincipalId,
        roles: [...app.permissions],
        idtyp: 'app',
      },
      now,
    );
    return json(200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    });
  }
  // Resource-owner password grant: the way a test proves a user's password is now the shown one.
  const user = dir.findUser(form.get('username') ?? '');
  const password = form.get('password') ?? '';
  if (!user) {
    return entraError(
      400,
      'invalid_grant',
      50034,
      `The user account {EUII Hidden} does not exist in the ${dir.tenantId} directory. To sign into this application, the account must be added to the directory.`,
      correlationId,
    );
  }
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
    return entraError(
      400,
      'invalid_grant',
      50126,
      'Error validating credentials due to invalid username or password.',
      correlationId,
    );
  }
  if (!user.accountEnabled) {
    return entraError(400, 'invalid_grant', 50057, 'The user account is disabled.', correlationId);
  }
  if (user.forceChangePasswordNextSignIn) {
    return entraError(400, 'invalid_grant', 50055, 'The password is expired.', correlationId);
  }
  const accessToken = state.tokens.issue(
    { ...base, oid: user.id, sub: user.id, roles: [], idtyp: 'app' },
    now,
  );
  return json(200, {
    token_type: 'Bearer',
    scope: resourceScope,
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: accessToken,
  });
}
