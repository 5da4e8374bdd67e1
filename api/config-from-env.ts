import fs from 'node:fs';
import type { ApiConfig } from './config.ts';

/** API settings from the environment (options given on the command line win over these). */
export function apiConfigFromEnv(env: NodeJS.ProcessEnv): Partial<ApiConfig> {
  const int = (name: string): number | undefined => (env[name] === undefined ? undefined : Number(env[name]));
  const list = (name: string): string[] | undefined =>
    env[name]
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const anonymous = env.API_ANONYMOUS;
  const publicKeyFile = env.API_JWT_PUBLIC_KEY_FILE;
  const config: Record<string, unknown> = {
    maxPageSize: int('API_MAX_PAGE_SIZE'),
    maxDepth: int('API_MAX_DEPTH'),
    maxComplexity: int('API_MAX_COMPLEXITY'),
    bodyLimit: int('API_BODY_LIMIT'),
    rateLimit: int('API_RATE_LIMIT'),
    subscriberQueueSize: int('API_SUBSCRIBER_QUEUE'),
    corsOrigins: list('API_CORS_ORIGINS'),
    graphiql:
      env.API_GRAPHIQL === undefined ? undefined : env.API_GRAPHIQL === '1' || env.API_GRAPHIQL === 'true',
    anonymous: anonymous === undefined ? undefined : anonymous === 'all' ? 'all' : list('API_ANONYMOUS'),
    jwt: {
      hs256Secret: env.API_JWT_SECRET,
      rs256PublicKey:
        env.API_JWT_PUBLIC_KEY ??
        (publicKeyFile === undefined ? undefined : fs.readFileSync(publicKeyFile, 'utf8')),
      issuer: env.API_JWT_ISSUER,
      audience: env.API_JWT_AUDIENCE,
    },
  };
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Partial<ApiConfig>;
}
