import { apiConfigFromEnv } from '../../api/config-from-env.ts';
import { networkLabel, resolveNetwork } from '../../contracts/network.ts';
import { DEFAULT_STORE_URI, openEventStore } from '../../event-store/open-event-store.ts';
import { DEFAULT_CLICKHOUSE_URI, resolveClickHouseUri } from '../../projections/clickhouse/clickhouse-uri.ts';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { API_OPTIONS, API_USAGE, natsUrlOption, portOption } from '../api-options.ts';
import { createLogger } from '../logger.ts';
import { parseOptions } from '../parse-options.ts';
import { serveApi } from '../serve-api.ts';

export const SERVE_USAGE = `stellar-indexer serve [--store URI] [--clickhouse URI] [--network NET] [--port P] [--public]
  GraphQL API (POST /graphql, websocket subscriptions), /healthz, /readyz, /metrics over the store and read models
  --store URI             sqlite:PATH (default ${DEFAULT_STORE_URI}) | esdb://… | kurrentdb://…
  --clickhouse URI        chdb:PATH (default ${DEFAULT_CLICKHOUSE_URI}) | http(s)://user:pass@host:8123/db
  --network NET           the network the store holds (default pubnet)
${API_USAGE}`;

export async function serveCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      store: { type: 'string', default: DEFAULT_STORE_URI },
      clickhouse: { type: 'string' },
      network: { type: 'string', default: 'pubnet' },
      ...API_OPTIONS,
    },
    'serve',
  );
  const logger = createLogger();
  const connector = createClickHouseConnector();
  const store = await openEventStore(values.store as string);
  try {
    await serveApi({
      store,
      connector,
      clickhouseUri: resolveClickHouseUri(values.clickhouse, process.env),
      config: {
        ...apiConfigFromEnv(process.env),
        network: networkLabel(resolveNetwork(values.network as string)),
        ...(values.public === true ? { anonymous: 'all' as const } : {}),
        ...(values.graphiql === true ? { graphiql: true } : {}),
      },
      keysPath: values.keys as string,
      host: values.host as string,
      port: portOption(values.port as string),
      logger,
      signal,
      natsUrl: natsUrlOption(values.nats, process.env),
      triggersStatePath: values['triggers-state'] as string,
    });
    return 0;
  } finally {
    await store.close();
    await connector.close();
  }
}
