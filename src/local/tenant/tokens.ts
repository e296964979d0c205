/**
 * Access tokens as Entra issues them for client credentials: RS256 JWTs signed by a key pair made at
 * start, published through JWKS, carrying the app's granted application permissions in `roles`.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomUUID, sign, verify } from 'node:crypto';

/** The claims the tenant puts in (and reads from) an access token. */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  appid: string;
  azp: string;
  oid: string;
  sub: string;
  roles: string[];
  idtyp: 'app';
  ver: '1.0' | '2.0';
  uti: string;
  app_displayname: string;
}

/** Why a token was refused. */
export type TokenProblem = 'empty' | 'malformed' | 'signature' | 'expired' | 'audience' | 'tenant';

/** Signs and checks tokens with one RSA key. */
export class TokenService {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** Key id, derived from the public key like Entra's x5t-style ids. */
  readonly kid: string;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.kid = createHash('sha256')
      .update(this.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64url')
      .slice(0, 27);
  }

  /** Issues a signed token. */
  issue(claims: Omit<AccessTokenClaims, 'uti' | 'iat' | 'nbf'>, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const full: AccessTokenClaims = {
      ...claims,
      iat,
      nbf: iat - 300,
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
    };
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid, x5t: this.kid };
    const signingInput = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(full))}`;
    const signature = sign('RSA-SHA256', Buffer.from(signingInput), this.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  /** Checks a bearer token; returns its claims or the reason it fails. */
  check(
    token: string | undefined,
    expected: { audiences: readonly string[]; tenantId: string },
    now = Date.now(),
  ): { ok: true; claims: AccessTokenClaims } | { ok: false; problem: TokenProblem } {
    if (!token) return { ok: false, problem: 'empty' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, problem: 'malformed' };
    let claims: AccessTokenClaims;
    try {
      const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { alg?: string };
      if (header.alg !== 'RS256') return { ok: false, problem: 'signature' };
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as AccessTokenClaims;
    } catch {
      return { ok: false, problem: 'malformed' };
    }
    const valid = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      this.publicKey,
      Buffer.from(parts[2]!, 'base64url'),
    );
    if (!valid) return { ok: false, problem: 'signature' };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return { ok: false, problem: 'expired' };
    const audiences = expected.audiences.map((a) => a.replace(/\/+$/, '').toLowerCase());
    if (!audiences.includes(String(claims.aud).replace(/\/+$/, '').toLowerCase()))
      return { ok: false, problem: 'audience' };
    if (claims.tid !== expected.tenantId) return { ok: false, problem: 'tenant' };
    return { ok: true, claims };
  }

  /** The JWKS document. */
  jwks(issuer: string): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e, issuer }] };
  }
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
