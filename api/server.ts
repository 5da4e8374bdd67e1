import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import type { EventStore } from '../contracts/event-store.ts';
import type { ClickHouse } from '../projections/clickhouse/clickhouse.ts';
import type { RuleRegistry } from '../triggers/rules/rule-registry.ts';
import { createAuthenticator, credentialsOf } from './auth/authenticate.ts';
import type { ApiKeyStore } from './auth/key-store.ts';
import { ANONYMOUS, type Authentication } from './auth/principal.ts';
import { type ApiConfig, resolveApiConfig } from './config.ts';
import type { ApiDeps } from './context.ts';
import { apiError } from './errors.ts';
import { graphql } from './graphql-cjs.ts';
import { formatErrors, withCode } from './graphql-errors.ts';
import { costRule } from './limits/cost-rule.ts';
import { registerFeedMetrics } from './live/feed-metrics.ts';
import { createInProcessFeed, type LiveFeed } from './live/live-feed.ts';
import { registerHealthRoutes } from './ops/health-routes.ts';
import { createApiMetrics } from './ops/metrics.ts';
import { createStatusSource, type StatusSource } from './ops/status.ts';
import { createResolvers } from './resolvers/index.ts';
import { loaders } from './resolvers/loaders.ts';
import { SCHEMA_SDL } from './schema/index.ts';

/** Query fields that return a page (their `first` multiplies the cost of what they select). */
const CONNECTION_FIELDS: ReadonlySet<string> = new Set([
  'ledgers',
  'transactions',
  'operations',
  'payments',
  'trades',
  'candles',
  'tokenTransfers',
  'contractEvents',
  'assetActivity',
]);

export interface ApiServerOptions {
  readonly store: EventStore;
  /** A read-only handle is enough (open it through the process's one ClickHouse connector). */
  readonly ch: ClickHouse;
  readonly config?: Partial<ApiConfig>;
  /** pino logger; none: silent. */
  readonly logger?: FastifyBaseLogger;
  /** API keys; null: only JWTs (or anonymous access) authenticate. */
  readonly keys?: ApiKeyStore | null;
  /** Live events; default: an in-process feed tailing `store` (closed with the server). */
  readonly feed?: LiveFeed;
  readonly status?: StatusSource;
  /** Trigger rules the API manages (putTriggerRule, deleteTriggerRule); none: those fields are unavailable. */
  readonly ruleRegistry?: RuleRegistry | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authentication;
  }
}

/**
 * The GraphQL API: queries over the ClickHouse read models, subscriptions over the event store, health,
 * readiness and metrics routes. Returns the fastify instance, ready to `listen` or `inject`.
 */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const config = resolveApiConfig(options.config);
  const { store, ch } = options;
  const ownFeed = options.feed === undefined;
  const feed =
    options.feed ??
    (await createInProcessFeed({ store, ...(options.logger ? { logger: options.logger } : {}) }));
  const status = options.status ?? createStatusSource({ store, ch, network: config.network });
  const metrics = createApiMetrics(status);
  registerFeedMetrics(metrics.registry, feed);
  const deps: ApiDeps = {
    store,
    ch,
    config,
    feed,
    status,
    metrics,
    ruleRegistry: options.ruleRegistry ?? null,
  };
  const authenticate = await createAuthenticator({ keys: options.keys ?? null, jwt: config.jwt });

  const app = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    bodyLimit: config.bodyLimit,
  }) as unknown as FastifyInstance;

  app.decorateRequest('auth', null as never);
  app.addHook('onRequest', async (request) => {
    request.auth = await authenticate(credentialsOf(request.headers as Record<string, unknown>));
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins] });
  }
  await app.register(rateLimit, {
    global: true,
    max: (request) => request.auth?.principal?.rateLimit ?? config.rateLimit,
    timeWindow: config.rateLimitWindowMs,
    keyGenerator: (request) => request.auth?.principal?.id ?? `ip:${request.ip}`,
    // Thrown into mercurius's error handler, which reports it as a GraphQL error with this status.
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        apiError(
          'API_ERR_RATE_LIMITED',
          `rate limit of ${context.max} requests per ${context.after} exceeded; retry in ${context.after}`,
          { details: { retryAfterMs: context.ttl } },
        ),
        { statusCode: 429 },
      ),
  });

  const limits = { ...config, connectionFields: CONNECTION_FIELDS };
  await app.register(mercurius, {
    schema: SCHEMA_SDL,
    resolvers: createResolvers(),
    loaders: loaders as never,
    graphiql: config.graphiql,
    path: '/graphql',
    allowBatchedQueries: false,
    validationRules: [costRule(limits)],
    errorFormatter: formatErrors as never,
    context: (request) => ({ deps, principal: request.auth.principal, authError: request.auth.error }),
    subscription: {
      keepAlive: config.keepAliveMs === 0 ? undefined : config.keepAliveMs,
      context: (socket, request) => ({
        deps,
        socket,
        principal: (request as { auth?: Authentication }).auth?.principal ?? null,
        authError: (request as { auth?: Authentication }).auth?.error ?? null,
      }),
      onConnect: async (data: { payload?: unknown }) => {
        const credentials = credentialsOf(data.payload as Record<string, unknown> | undefined);
        if (credentials.apiKey === undefined && credentials.bearer === undefined) return true;
        const auth = (await authenticate(credentials)) ?? ANONYMOUS;
        return { principal: auth.principal, authError: auth.error };
      },
    },
  });
  // graphql-js does not validate subscriptions: run the schema rules and the limits here.
  app.graphql.addHook('preSubscriptionExecution', async (schema, document) => {
    const errors = graphql.validate(schema, document, [...graphql.specifiedRules, costRule(limits)]);
    const first = errors[0];
    if (first !== undefined) {
      const coded = withCode(first);
      throw apiError(
        coded.extensions.code === 'API_ERR_QUERY_TOO_DEEP'
          ? 'API_ERR_QUERY_TOO_DEEP'
          : coded.extensions.code === 'API_ERR_QUERY_TOO_COMPLEX'
            ? 'API_ERR_QUERY_TOO_COMPLEX'
            : 'API_ERR_BAD_QUERY',
        first.message,
      );
    }
  });
  registerHealthRoutes(app, { store, ch, status, metrics, config });
  app.addHook('onClose', async () => {
    if (ownFeed) await feed.close();
  });
  return app;
}
