import { DEFAULT_STORE_URI } from '../../event-store/open-event-store.ts';
import { DEFAULT_CLICKHOUSE_URI, resolveClickHouseUri } from '../../projections/clickhouse/clickhouse-uri.ts';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { ALL_PROJECTIONS } from '../../projections/read-models/index.ts';
import { cliError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { ledgerOption, parseOptions } from '../parse-options.ts';
import { runProjectJob } from '../project-job.ts';

export const PROJECT_USAGE = `stellar-indexer project [--store URI] [--clickhouse URI] [--once|--follow] [--rebuild [NAME…]] [--json]
  --store URI             event store to read: sqlite:PATH (default ${DEFAULT_STORE_URI}) | esdb://… | kurrentdb://…
  --clickhouse URI        chdb:PATH (embedded, default ${DEFAULT_CLICKHOUSE_URI}) | http(s)://user:pass@host:8123/db;
                          CLICKHOUSE_URL is used when the option is absent
  --once                  catch up with the store, then stop (the default)
  --follow                catch up, then keep the read models current as events arrive (stop with Ctrl-C)
  --rebuild [NAME…]       rebuild the named read models (all when no name) into new tables from position 0,
                          swapped in for readers when caught up
  --batch-events N        at most N store events per batch (default 50000)
  --json                  print {"projections":{name:{"position","rows",…}}} as the last line of stdout`;

/** `--rebuild=a,b` and `--rebuild a b`: the names become positionals. */
function splitRebuild(args: readonly string[]): string[] {
  return args.flatMap((a) =>
    a.startsWith('--rebuild=') ? ['--rebuild', a.slice('--rebuild='.length)] : [a],
  );
}

export async function projectCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseOptions(
    splitRebuild(args),
    {
      store: { type: 'string', default: DEFAULT_STORE_URI },
      clickhouse: { type: 'string' },
      once: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      'batch-events': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    'project',
  );
  if (values.once === true && values.follow === true)
    throw cliError('CLI_ERR_BAD_OPTION', 'project: --once and --follow exclude each other', {
      option: 'follow',
    });
  const names = positionals.flatMap((p) => p.split(',')).filter((n) => n.length > 0);
  if (names.length > 0 && values.rebuild !== true) {
    throw cliError('CLI_ERR_BAD_OPTION', `project: unexpected argument "${positionals[0]}"`, {
      option: 'rebuild',
    });
  }
  const known = ALL_PROJECTIONS.map((p) => p.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw cliError(
      'CLI_ERR_BAD_OPTION',
      `project: --rebuild ${unknown.join(', ')}: no such read model; read models: ${known.join(', ')}`,
      { option: 'rebuild' },
    );
  }
  const batchEvents = ledgerOption(values['batch-events'], 'batch-events');
  if (batchEvents === 0)
    throw cliError('CLI_ERR_BAD_OPTION', '--batch-events must be at least 1', { option: 'batch-events' });

  const logger = createLogger();
  const connector = createClickHouseConnector();
  try {
    const summary = await runProjectJob({
      storeUri: values.store as string,
      clickhouseUri: resolveClickHouseUri(values.clickhouse, process.env),
      connector,
      projections: ALL_PROJECTIONS,
      follow: values.follow === true,
      ...(values.rebuild === true ? { rebuild: names.length === 0 ? 'all' : names } : {}),
      maxBatchEvents: batchEvents,
      logger,
      signal,
    });
    logger.info(summary, 'projections done');
    if (values.json === true) process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } finally {
    await connector.close();
  }
}
