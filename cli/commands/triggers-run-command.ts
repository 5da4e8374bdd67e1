import { networkLabel, resolveNetwork } from '../../contracts/network.ts';
import { DEFAULT_STORE_URI, openEventStore } from '../../event-store/open-event-store.ts';
import { DEFAULT_CLICKHOUSE_URI, resolveClickHouseUri } from '../../projections/clickhouse/clickhouse-uri.ts';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { openDeliveryState } from '../../triggers/deliver/delivery-state.ts';
import { natsUrlOption } from '../api-options.ts';
import { createLogger } from '../logger.ts';
import { ledgerOption, parseOptions } from '../parse-options.ts';
import { DEFAULT_TRIGGERS_STATE, runTriggersJob } from '../triggers-job.ts';

export const TRIGGERS_RUN_USAGE = `stellar-indexer triggers run [--rules FILE] [--store URI] [--clickhouse URI] [--nats URL] [--state PATH] [--network NET] [--from N]
  runs the trigger engine and its deliveries until Ctrl-C: each firing is appended to the store (stream
  "triggers", a TriggerFired fact with id rule:ledger), then published to JetStream on triggers.<rule>
  (Nats-Msg-Id = that id) and POSTed, signed, to the webhooks its rule names. Rules created through the
  GraphQL API (same --state file) are picked up within 2 s.
  --rules FILE            YAML or JSON rules and webhooks (format: triggers/README.md)
  --nats URL              JetStream (default $NATS_URL); none: an in-process bus (webhooks still work)
  --state PATH            engine, delivery and API-rule state (default ${DEFAULT_TRIGGERS_STATE})
  --from N                first ledger to evaluate when there is no saved state (default: the next one)
  --store URI             default ${DEFAULT_STORE_URI}; --clickhouse URI default ${DEFAULT_CLICKHOUSE_URI}
stellar-indexer triggers dead-letters [--state PATH] [--sink SINK] [--limit N]
  prints the deliveries that gave up (JSON lines): firing, sink, attempts, last error`;

export async function triggersRun(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      rules: { type: 'string' },
      store: { type: 'string', default: DEFAULT_STORE_URI },
      clickhouse: { type: 'string' },
      nats: { type: 'string' },
      state: { type: 'string', default: DEFAULT_TRIGGERS_STATE },
      network: { type: 'string', default: 'pubnet' },
      from: { type: 'string' },
    },
    'triggers run',
  );
  const logger = createLogger();
  const connector = createClickHouseConnector();
  const store = await openEventStore(values.store as string);
  try {
    await runTriggersJob({
      store,
      connector,
      clickhouseUri: resolveClickHouseUri(values.clickhouse, process.env),
      rulesFile: values.rules,
      statePath: values.state as string,
      natsUrl: natsUrlOption(values.nats, process.env),
      network: networkLabel(resolveNetwork(values.network as string)),
      from: ledgerOption(values.from, 'from'),
      logger,
      signal,
    });
    return 0;
  } finally {
    await store.close();
    await connector.close();
  }
}

export async function triggersDeadLetters(args: readonly string[]): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      state: { type: 'string', default: DEFAULT_TRIGGERS_STATE },
      sink: { type: 'string' },
      limit: { type: 'string', default: '100' },
    },
    'triggers dead-letters',
  );
  const state = openDeliveryState(values.state as string);
  try {
    const rows = state.listDeadLetters({
      ...(values.sink === undefined ? {} : { sink: values.sink }),
      limit: ledgerOption(values.limit, 'limit') ?? 100,
    });
    for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
    return 0;
  } finally {
    state.close();
  }
}
