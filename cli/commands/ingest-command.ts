import { resolveNetwork, networkLabel } from '../../contracts/network.ts';
import { DEFAULT_STORE_URI, openEventStore } from '../../event-store/open-event-store.ts';
import { networkId } from '../../ingest/decode/transaction-hash.ts';
import { decodeRawLedger } from '../../ingest/decode-raw-ledger.ts';
import { ingestLedgers } from '../../ingest/ingest-ledgers.ts';
import { openLocalLedgerSource } from '../../ingest/sources/open-local-source.ts';
import { cliError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { ledgerOption, parseOptions } from '../parse-options.ts';
import { createProgressBar } from '../progress-bar.ts';

export const INGEST_USAGE = `stellar-indexer ingest --source PATH --network NET [--from N] [--to M] [--store URI] [--json]
  --source PATH           ledger files, a folder of them, or a data lake folder (Galexie layout)
  --network NET           pubnet | testnet | futurenet | a network passphrase
  --from N, --to M        ledger range (inclusive); a rerun resumes after the last stored ledger
  --store URI             sqlite:PATH (default ${DEFAULT_STORE_URI}) | esdb://… | kurrentdb://…
  --skip-network-check    do not verify transaction hashes against the network (synthetic data only)
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
    },
    'ingest',
  );
  if (values.source === undefined) throw cliError('CLI_ERR_BAD_OPTION', 'ingest: --source is required', { option: 'source' });
  if (values.network === undefined) throw cliError('CLI_ERR_BAD_OPTION', 'ingest: --network is required', { option: 'network' });
  const from = ledgerOption(values.from, 'from');
  const to = ledgerOption(values.to, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw cliError('CLI_ERR_BAD_OPTION', `--from ${from} is after --to ${to}`, { option: 'from' });
  }
  const network = resolveNetwork(values.network);
  const label = networkLabel(network);
  const logger = createLogger();
  const source = await openLocalLedgerSource(values.source);
  const store = await openEventStore(values.store as string);
  const progress = createProgressBar();
  try {
    const settings = {
      networkLabel: label,
      networkId: networkId(network.passphrase),
      skipNetworkCheck: values['skip-network-check'] === true,
    };
    const stats = await ingestLedgers({
      source,
      store,
      checkpointName: `ingest:${label}`,
      networkLabel: label,
      decode: (raw) => decodeRawLedger(raw, settings),
      from,
      to,
      logger,
      signal,
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    if (values.json === true) process.stdout.write(`${JSON.stringify(stats)}\n`);
    return 0;
  } finally {
    progress.done();
    await source.close();
    await store.close();
  }
}
