import { apiConfigFromEnv } from '../../api/config-from-env.ts';
import { networkLabel, resolveNetwork } from '../../contracts/network.ts';
import { DEFAULT_STORE_URI, openEventStore } from '../../event-store/open-event-store.ts';
import { DEFAULT_CLICKHOUSE_URI, resolveClickHouseUri } from '../../projections/clickhouse/clickhouse-uri.ts';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { ALL_PROJECTIONS } from '../../projections/read-models/index.ts';
import { API_OPTIONS, API_USAGE, natsUrlOption, portOption } from '../api-options.ts';
import { cliError } from '../errors.ts';
import { withEventRelay } from '../event-relay-job.ts';
import { runIngestJob } from '../ingest-job.ts';
import { createLogger } from '../logger.ts';
import { parseOptions } from '../parse-options.ts';
import { runProjectJob } from '../project-job.ts';
import { serveApi } from '../serve-api.ts';
import { runTriggersJob } from '../triggers-job.ts';

export const START_USAGE = `stellar-indexer start --source SRC [--network NET] [--store URI] [--clickhouse URI] [--port P] [--public]
  the whole pipeline in one process: ingest from --source, keep the read models current, serve the API;
  runs until Ctrl-C (ingest stops when a finite source is exhausted, projections and the API keep running)
  --source SRC            as for ingest: a folder/file of ledgers, a data lake (https://…), or rpc:https://…
                          (required: this build has no reachable default network endpoint)
  --network NET           pubnet (default) | testnet | futurenet | a passphrase
  --rules FILE            trigger rules and webhooks (YAML/JSON, triggers/README.md); firings go to JetStream
                          with --nats/NATS_URL (else an in-process bus), to webhooks and to GraphQL triggerFired
  --store URI             default ${DEFAULT_STORE_URI}; --clickhouse URI default ${DEFAULT_CLICKHOUSE_URI}
${API_USAGE}`;

export async function startCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      source: { type: 'string' },
      rules: { type: 'string' },
      network: { type: 'string', default: 'pubnet' },
      store: { type: 'string', default: DEFAULT_STORE_URI },
      clickhouse: { type: 'string' },
      ...API_OPTIONS,
    },
    'start',
  );
  if (values.source === undefined) {
    throw cliError(
      'CLI_ERR_BAD_OPTION',
      'start: --source is required (the public network endpoints are not reachable from here); e.g. --source ../shared/fixtures/ledger-close-meta/pubnet/p26-63092982-63093001',
      { option: 'source' },
    );
  }
  const logger = createLogger();
  const network = values.network as string;
  const clickhouseUri = resolveClickHouseUri(values.clickhouse, process.env);
  const connector = createClickHouseConnector();
  const store = await openEventStore(values.store as string);
  const stop = new AbortController();
  const stopAll = AbortSignal.any([signal, stop.signal]);
  try {
    const source = values.source;
    const natsUrl = natsUrlOption(values.nats, process.env);
    const ingesting = runIngestJob({
      source,
      follow: source.startsWith('rpc:'),
      storeUri: values.store as string,
      store,
      network,
      logger,
      signal: stopAll,
    }).then((stats) =>
      logger.info({ ...stats }, 'ingest: source exhausted; projections and the API keep running'),
    );
    const projecting = runProjectJob({
      store,
      clickhouseUri,
      connector,
      projections: ALL_PROJECTIONS,
      follow: true,
      logger,
      signal: stopAll,
    });
    const serving = serveApi({
      store,
      connector,
      clickhouseUri,
      config: {
        ...apiConfigFromEnv(process.env),
        network: networkLabel(resolveNetwork(network)),
        ...(values.public === true ? { anonymous: 'all' as const } : {}),
        ...(values.graphiql === true ? { graphiql: true } : {}),
      },
      keysPath: values.keys as string,
      host: values.host as string,
      port: portOption(values.port as string),
      logger,
      signal: stopAll,
      natsUrl,
      triggersStatePath: values['triggers-state'] as string,
    });
    // Triggers: rules from --rules plus those created through the API; firings are appended to the
    // store (and so reach the relay and GraphQL) and delivered to JetStream (or the in-process bus) and webhooks.
    const triggering = runTriggersJob({
      store,
      connector,
      clickhouseUri,
      rulesFile: values.rules,
      statePath: values['triggers-state'] as string,
      natsUrl,
      network: networkLabel(resolveNetwork(network)),
      logger,
      signal: stopAll,
    });
    // A failure of any stage stops the others and is the command's error.
    const failed = (error: unknown): never => {
      stop.abort();
      throw error;
    };
    // With NATS, the relay publishes every stored event for API replicas elsewhere, as long as this runs.
    await withEventRelay({ natsUrl, store, logger }, () =>
      Promise.all([
        ingesting.catch(failed),
        projecting.catch(failed),
        serving.catch(failed),
        triggering.catch(failed),
      ]),
    );
    return 0;
  } finally {
    stop.abort();
    await store.close();
    await connector.close();
  }
}
