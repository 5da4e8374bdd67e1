import { createSecretKey, type KeyObject } from 'node:crypto';
import { importSPKI, jwtVerify } from 'jose';
import type { JwtConfig } from '../config.ts';
import { apiError } from '../errors.ts';
import type { ApiKeyStore } from './key-store.ts';
import { ANONYMOUS, type Authentication } from './principal.ts';

/** Credentials as a request carries them: `x-api-key`, or `Authorization: Bearer <key or JWT>`. */
export interface Credentials {
  readonly apiKey?: string | undefined;
  readonly bearer?: string | undefined;
}

export type Authenticator = (credentials: Credentials) => Promise<Authentication>;

export function credentialsOf(source: Record<string, unknown> | null | undefined): Credentials {
  if (source === null || source === undefined) return {};
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) {
      const v = source[name];
      if (typeof v === 'string' && v.length > 0) return v;
    }
    return undefined;
  };
  const authorization = pick('authorization', 'Authorization');
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  return { apiKey: pick('x-api-key', 'apiKey', 'X-Api-Key'), bearer };
}

/** Checks an API key against the key table, or a JWT (HS256 or RS256) against the configured key. */
export async function createAuthenticator(options: {
  readonly keys: ApiKeyStore | null;
  readonly jwt: JwtConfig;
}): Promise<Authenticator> {
  const { keys, jwt } = options;
  const hsKey: KeyObject | null =
    jwt.hs256Secret === undefined ? null : createSecretKey(Buffer.from(jwt.hs256Secret, 'utf8'));
  const rsKey = jwt.rs256PublicKey === undefined ? null : await importSPKI(jwt.rs256PublicKey, 'RS256');
  const refuse = (message: string, reason: string): Authentication => ({
    principal: null,
    error: apiError('API_ERR_UNAUTHENTICATED', message, { details: { reason } }),
  });

  const checkKey = (key: string): Authentication => {
    if (keys === null) return refuse('API keys are not enabled on this server', 'no-key-store');
    const result = keys.check(key);
    if (result.status === 'valid')
      return {
        principal: { kind: 'key', id: `key:${result.record.id}`, rateLimit: result.record.rateLimit },
        error: null,
      };
    return refuse(
      result.status === 'revoked'
        ? 'the API key was revoked; create a new one with `stellar-indexer keys create`'
        : 'the API key is not known to this server; check the x-api-key header',
      result.status,
    );
  };

  const checkJwt = async (token: string): Promise<Authentication> => {
    const algorithms = [...(hsKey === null ? [] : ['HS256']), ...(rsKey === null ? [] : ['RS256'])];
    if (algorithms.length === 0)
      return refuse('JWT authentication is not configured on this server', 'no-jwt');
    try {
      const { payload, protectedHeader } = await jwtVerify(
        token,
        async (header) => {
          const key = header.alg === 'RS256' ? rsKey : header.alg === 'HS256' ? hsKey : null;
          if (key === null)
            throw apiError('API_ERR_UNAUTHENTICATED', `JWT algorithm ${header.alg} is not accepted`);
          return key;
        },
        {
          algorithms,
          ...(jwt.issuer === undefined ? {} : { issuer: jwt.issuer }),
          ...(jwt.audience === undefined ? {} : { audience: jwt.audience }),
        },
      );
      void protectedHeader;
      const limit = typeof payload.rate_limit === 'number' ? payload.rate_limit : null;
      return {
        principal: { kind: 'jwt', id: `jwt:${payload.sub ?? 'anonymous'}`, rateLimit: limit },
        error: null,
      };
    } catch (cause) {
      return refuse(`the JWT was refused: ${(cause as Error).message}`, 'bad-jwt');
    }
  };

  return async (credentials) => {
    if (credentials.apiKey !== undefined) return checkKey(credentials.apiKey);
    if (credentials.bearer !== undefined) {
      return credentials.bearer.startsWith('sik_')
        ? checkKey(credentials.bearer)
        : checkJwt(credentials.bearer);
    }
    return ANONYMOUS;
  };
}
