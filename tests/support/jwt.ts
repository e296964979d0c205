/**
 * A stand-in for the Bot Framework token service: RSA signing keys made with node:crypto, served as OpenID
 * metadata + JWKS on loopback (the URL the SDK fetches through `BotOpenIdMetadata`), and JWTs minted by
 * hand so tests can forge every part of them (header, claims, signature).
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer Bot Framework channel tokens carry. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/** An RSA signing key with the id the JWKS names it by. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Channel ids the key is endorsed for (Bot Framework's JWKS extension). */
  readonly endorsements: readonly string[];
}

/** Generates an RSA-2048 key for RS256. */
export function rsaKey(kid: string, endorsements: readonly string[] = ['msteams']): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey, endorsements };
}

/** The running OpenID metadata server. */
export interface OpenIdServer {
  /** What to put into BOT_OPENID_METADATA. */
  readonly metadataUrl: string;
  /** How many times the SDK fetched the metadata document and the key set. */
  readonly fetches: { metadata: number; keys: number };
  stop(): Promise<void>;
}

/** Serves `/v1/.well-known/openidconfiguration` and its `jwks_uri` for `keys` on 127.0.0.1, port 0. */
export async function startOpenIdServer(keys: readonly SigningKey[]): Promise<OpenIdServer> {
  const fetches = { metadata: 0, keys: 0 };
  let base = '';
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (req.url === '/v1/.well-known/openidconfiguration') {
      fetches.metadata += 1;
      return send(200, {
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: `${base}/v1/authorize`,
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (req.url === '/v1/.well-known/keys') {
      fetches.keys += 1;
      return send(200, {
        keys: keys.map((key) => ({
          ...(key.publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
          kid: key.kid,
          kty: 'RSA',
          use: 'sig',
          endorsements: key.endorsements,
        })),
      });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    fetches,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How a token is signed: RS256 with a private key, HS256 with any bytes, or not at all. */
export type Signer =
  | { readonly alg: 'RS256'; readonly key: KeyObject }
  | { readonly alg: 'HS256'; readonly secret: Buffer | string }
  | { readonly alg: 'none' };

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Encodes and signs a JWT by hand, so any header or claim can be forged. */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signer: Signer,
): string {
  const input = `${b64url({ ...header, alg: signer.alg, typ: 'JWT' })}.${b64url(payload)}`;
  switch (signer.alg) {
    case 'RS256':
      return `${input}.${sign('sha256', Buffer.from(input), signer.key).toString('base64url')}`;
    case 'HS256':
      return `${input}.${createHmac('sha256', signer.secret).update(input).digest('base64url')}`;
    case 'none':
      return `${input}.`;
  }
}

/** Claims of a Bot Framework channel token, each overridable (undefined removes it). */
export interface ChannelClaims {
  readonly botId: string;
  readonly serviceUrl: string;
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Seconds relative to now. */
  readonly issuedAt?: number;
  readonly notBefore?: number;
  readonly expiresIn?: number;
}

/** The claims the Bot Connector service puts into a token it sends to a bot. */
export function channelClaims(options: ChannelClaims): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    serviceurl: options.serviceUrl,
    nbf: now + (options.notBefore ?? -60),
    exp: now + (options.expiresIn ?? 3600),
    iat: now + (options.issuedAt ?? -60),
    iss: CHANNEL_ISSUER,
    aud: options.botId,
    ...options.overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

/** A valid RS256 channel token signed with `key`. */
export function channelToken(key: SigningKey, options: ChannelClaims): string {
  return signJwt({ kid: key.kid, x5t: key.kid }, channelClaims(options), {
    alg: 'RS256',
    key: key.privateKey,
  });
}

/** The public key as PEM texts a verifier may hold (PKCS#1 is what the SDK builds from the JWKS). */
export function publicPems(key: SigningKey): string[] {
  return [
    key.publicKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  ];
}
