import { apiError } from './errors.ts';

/** Root fields anyone may query without credentials when `anonymous` is not `all`. */
export const DEFAULT_ANONYMOUS_OPERATIONS: readonly string[] = ['_meta'];

export interface JwtConfig {
  /** HS256 shared secret. */
  readonly hs256Secret?: string | undefined;
  /** RS256 public key, PEM (SPKI). */
  readonly rs256PublicKey?: string | undefined;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
}

export interface ApiConfig {
  /** Network label the store holds (`pubnet`…), shown by `_meta` and used for the ingest checkpoint. */
  readonly network: string;
  readonly maxPageSize: number;
  readonly defaultPageSize: number;
  readonly maxDepth: number;
  /** Fields counted over the whole document, connections multiplied by their page size. */
  readonly maxComplexity: number;
  /** Largest request body, bytes. */
  readonly bodyLimit: number;
  /** Requests per `rateLimitWindowMs` per API key / JWT subject / address. */
  readonly rateLimit: number;
  readonly rateLimitWindowMs: number;
  /** Root fields queryable without credentials, or `all` for an open API. */
  readonly anonymous: readonly string[] | 'all';
  /** Origins allowed by CORS; empty disables CORS headers; `*` allows any. */
  readonly corsOrigins: readonly string[];
  readonly graphiql: boolean;
  readonly jwt: JwtConfig;
  /** Events a subscriber may have waiting before it is cut off as too slow. */
  readonly subscriberQueueSize: number;
  /** A subscriber whose queue overflowed and that reads nothing for this long is cut off, ms. */
  readonly subscriberStallMs: number;
  /** /readyz fails when the slowest read model is more than this many store events behind. */
  readonly readyMaxLagEvents: number;
  /** websocket keep-alive, ms (0: off). */
  readonly keepAliveMs: number;
}

export const DEFAULT_API_CONFIG: ApiConfig = Object.freeze({
  network: 'pubnet',
  maxPageSize: 200,
  defaultPageSize: 50,
  maxDepth: 8,
  maxComplexity: 5_000,
  bodyLimit: 64 * 1024,
  rateLimit: 600,
  rateLimitWindowMs: 60_000,
  anonymous: DEFAULT_ANONYMOUS_OPERATIONS,
  corsOrigins: [],
  graphiql: false,
  jwt: {},
  subscriberQueueSize: 5_000,
  subscriberStallMs: 10_000,
  readyMaxLagEvents: 100_000,
  keepAliveMs: 30_000,
});

const POSITIVE: readonly (keyof ApiConfig)[] = [
  'maxPageSize',
  'defaultPageSize',
  'maxDepth',
  'maxComplexity',
  'bodyLimit',
  'rateLimit',
  'rateLimitWindowMs',
  'subscriberQueueSize',
  'subscriberStallMs',
  'readyMaxLagEvents',
];

/** Defaults filled in, every problem reported in one API_ERR_BAD_CONFIG, the result frozen. */
export function resolveApiConfig(partial: Partial<ApiConfig> = {}): ApiConfig {
  const config: ApiConfig = { ...DEFAULT_API_CONFIG, ...partial, jwt: { ...partial.jwt } };
  const problems: string[] = [];
  for (const key of POSITIVE) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      problems.push(`${key} must be a whole number ≥ 1, got ${String(value)}`);
  }
  if (config.defaultPageSize > config.maxPageSize)
    problems.push(`defaultPageSize ${config.defaultPageSize} exceeds maxPageSize ${config.maxPageSize}`);
  if (!Number.isInteger(config.keepAliveMs) || config.keepAliveMs < 0)
    problems.push(`keepAliveMs must be a whole number ≥ 0, got ${config.keepAliveMs}`);
  if (config.jwt.hs256Secret !== undefined && config.jwt.hs256Secret.length < 32)
    problems.push('jwt.hs256Secret must be at least 32 characters (API_JWT_SECRET)');
  if (config.jwt.rs256PublicKey !== undefined && !config.jwt.rs256PublicKey.includes('BEGIN PUBLIC KEY'))
    problems.push('jwt.rs256PublicKey must be a PEM SPKI public key (API_JWT_PUBLIC_KEY)');
  if (problems.length > 0) {
    throw apiError('API_ERR_BAD_CONFIG', `the API configuration is not usable: ${problems.join('; ')}`, {
      details: { problems: problems.length },
    });
  }
  return Object.freeze(config);
}
