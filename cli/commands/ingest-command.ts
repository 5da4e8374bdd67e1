import { hasErrorCode } from '../../contracts/errors.ts';
import { DEFAULT_STORE_URI, openEventStore } from '../../event-store/open-event-store.ts';
import { DEFAULT_CLICKHOUSE_URI, resolveClickHouseUri } from '../../projections/clickhouse/clickhouse-uri.ts';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { ALL_PROJECTIONS } from '../../projections/read-models/index.ts';
import { natsUrlOption } from '../api-options.ts';
import { cliError } from '../errors.ts';
import { withEventRelay } from '../event-relay-job.ts';
import { type IngestJobOptions, runIngestJob } from '../ingest-job.ts';
import { runIngestProjectJob } from '../ingest-project-job.ts';
import { createLogger } from '../logger.ts';
import { ledgerOption, parseOptions } from '../parse-options.ts';
import { createProgressBar } from '../progress-bar.ts';

export const INGEST_USAGE = `stellar-indexer ingest --source SRC --network NET [--from N] [--to M] [--store URI] [--follow] [--project] [--json]
  --source SRC            PATH: ledger files, a folder of them, or a data lake folder (Galexie layout)
                          https://…: a data lake over HTTP(S) (needs its .config.json; give --from)
                          rpc:https://…: Stellar RPC getLedgers (keeps ~7 days; see --lake)
  --lake LAKE             with rpc:, a data lake (https://… or a folder) for ledgers older than RPC keeps;
                          read from the lake as far as it goes, then handed off to RPC (hashes checked)
  --follow                with rpc:, keep ingesting new ledgers as they close (until Ctrl-C or --to)
  --poll-ms MS            with --follow, how often to ask RPC for new ledgers (default 5000)
  --parallel P            data lake over HTTP: objects fetched at the same time (default 8)
  --network NET           pubnet | testnet | futurenet | a network passphrase
  --from N, --to M        ledger range (inclusive); a rerun resumes after the last stored ledger
  --store URI             sqlite:PATH (default ${DEFAULT_STORE_URI}) | esdb://… | kurrentdb://…
  --skip-network-check    do not verify transaction hashes against the network (synthetic data only)
  --commit-ledgers K      commit at most K whole ledgers per store transaction (default 8)
  --decode-workers W      decode on W worker threads (default 0: the main thread)
  --project               also keep the ClickHouse read models current, in the same process (as \`project\`)
  --clickhouse URI        with --project: chdb:PATH (default ${DEFAULT_CLICKHOUSE_URI}) | http(s)://user:pass@host:8123/db
  --nats URL              publish each committed event to NATS (default $NATS_URL) for \`serve --nats\` replicas
  --json                  print a one-line JSON summary as the last line of stdout`;

export async function ingestCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      source: { type: 'string' },
      lake: { type: 'string' },
      follow: { type: 'boolean', default: false },
      'poll-ms': { type: 'string' },
      parallel: { type: 'string' },
      network: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      store: { type: 'string', default: DEFAULT_STORE_URI },
      json: { type: 'boolean', default: false },
      'skip-network-check': { type: 'boolean', default: false },
      'commit-ledgers': { type: 'string' },
      'decode-workers': { type: 'string' },
      project: { type: 'boolean', default: false },
      clickhouse: { type: 'string' },
      nats: { type: 'string' },
    },
    'ingest',
  );
  if (values.clickhouse !== undefined && values.project !== true)
    throw cliError('CLI_ERR_BAD_OPTION', 'ingest: --clickhouse needs --project', { option: 'clickhouse' });
  if (values.source === undefined)
    throw cliError('CLI_ERR_BAD_OPTION', 'ingest: --source is required', { option: 'source' });
  if (values.network === undefined)
    throw cliError('CLI_ERR_BAD_OPTION', 'ingest: --network is required', { option: 'network' });
  const from = ledgerOption(values.from, 'from');
  const to = ledgerOption(values.to, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw cliError('CLI_ERR_BAD_OPTION', `--from ${from} is after --to ${to}`, { option: 'from' });
  }
  const commitLedgers = ledgerOption(values['commit-ledgers'], 'commit-ledgers');
  if (commitLedgers === 0)
    throw cliError('CLI_ERR_BAD_OPTION', '--commit-ledgers must be at least 1', { option: 'commit-ledgers' });

  const pollIntervalMs = ledgerOption(values['poll-ms'], 'poll-ms');
  const parallelism = ledgerOption(values.parallel, 'parallel');
  if (parallelism === 0)
    throw cliError('CLI_ERR_BAD_OPTION', '--parallel must be at least 1', { option: 'parallel' });

  const progress = createProgressBar();
  const logger = createLogger();
  const job: IngestJobOptions = {
    source: values.source,
    lake: values.lake,
    follow: values.follow === true,
    remote: { pollIntervalMs, parallelism },
    storeUri: values.store as string,
    network: values.network,
    skipNetworkCheck: values['skip-network-check'] === true,
    from,
    to,
    commitLedgers,
    decodeWorkers: ledgerOption(values['decode-workers'], 'decode-workers'),
    logger,
    signal,
    onProgress: (p) => progress.update(p),
  };
  const connector = values.project === true ? createClickHouseConnector() : null;
  const natsUrl = natsUrlOption(values.nats, process.env);
  // The relay must see this run's appends as they happen: share one store instance with it.
  const store = natsUrl === undefined ? undefined : await openEventStore(job.storeUri);
  const run = async () => {
    const withStore = store === undefined ? job : { ...job, store };
    return connector === null
      ? await runIngestJob(withStore)
      : await runIngestProjectJob({
          ...withStore,
          clickhouseUri: resolveClickHouseUri(values.clickhouse, process.env),
          connector,
          projections: ALL_PROJECTIONS,
          projectLogger: logger,
        }).then(({ ingest, projections }) => ({ ...ingest, ...projections }));
  };
  try {
    const summary = store === undefined ? await run() : await withEventRelay({ natsUrl, store, logger }, run);
    progress.done();
    if (values.json === true) process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (error) {
    progress.done();
    // Stopped by SIGINT/SIGTERM (how a --follow run ends): report the interruption, not the source.
    if (signal.aborted && hasErrorCode(error, 'INGEST_ERR_SOURCE_ABORTED')) throw signal.reason;
    throw error;
  } finally {
    await connector?.close();
    await store?.close();
  }
}
