import { DEFAULT_STORE_URI } from '../../event-store/open-event-store.ts';
import { cliError } from '../errors.ts';
import { runIngestJob } from '../ingest-job.ts';
import { createLogger } from '../logger.ts';
import { ledgerOption, parseOptions } from '../parse-options.ts';
import { createProgressBar } from '../progress-bar.ts';

export const INGEST_USAGE = `stellar-indexer ingest --source PATH --network NET [--from N] [--to M] [--store URI] [--json]
  --source PATH           ledger files, a folder of them, or a data lake folder (Galexie layout)
  --network NET           pubnet | testnet | futurenet | a network passphrase
  --from N, --to M        ledger range (inclusive); a rerun resumes after the last stored ledger
  --store URI             sqlite:PATH (default ${DEFAULT_STORE_URI}) | esdb://… | kurrentdb://…
  --skip-network-check    do not verify transaction hashes against the network (synthetic data only)
  --commit-ledgers K      commit at most K whole ledgers per store transaction (default 8)
  --decode-workers W      decode on W worker threads (default: one per core; 0 = main thread)
  --json                  print a one-line JSON summary as the last line of stdout`;

export async function ingestCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      source: { type: 'string' },
      network: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      store: { type: 'string', default: DEFAULT_STORE_URI },
      json: { type: 'boolean', default: false },
      'skip-network-check': { type: 'boolean', default: false },
      'commit-ledgers': { type: 'string' },
      'decode-workers': { type: 'string' },
    },
    'ingest',
  );
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

  const progress = createProgressBar();
  try {
    const stats = await runIngestJob({
      source: values.source,
      storeUri: values.store as string,
      network: values.network,
      skipNetworkCheck: values['skip-network-check'] === true,
      from,
      to,
      commitLedgers,
      decodeWorkers: ledgerOption(values['decode-workers'], 'decode-workers'),
      logger: createLogger(),
      signal,
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    if (values.json === true) process.stdout.write(`${JSON.stringify(stats)}\n`);
    return 0;
  } catch (error) {
    progress.done();
    throw error;
  }
}
