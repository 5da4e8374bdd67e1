import type { EventStore } from '../contracts/event-store.ts';
import { networkLabel, resolveNetwork } from '../contracts/network.ts';
import { openEventStore } from '../event-store/open-event-store.ts';
import { networkId } from '../ingest/decode/transaction-hash.ts';
import { createDecodePool } from '../ingest/decode-pool/decode-pool.ts';
import { decodeRawLedger } from '../ingest/decode-raw-ledger.ts';
import { type IngestLogger, type IngestProgress, ingestLedgers } from '../ingest/ingest-ledgers.ts';
import type { IngestStats } from '../ingest/ingest-stats.ts';
import { toLedgerEvents } from '../ingest/ledger-events.ts';
import { openLocalLedgerSource } from '../ingest/sources/open-local-source.ts';

/**
 * Decoding stays on the main thread by default: a worker costs seconds to start (it loads the SDK and
 * the TypeScript sources anew) and pays for copying every ledger in and every event out; see the
 * README's benchmark notes for when workers pay off.
 */
export const DEFAULT_DECODE_WORKERS = 0;

export interface IngestJobOptions {
  readonly source: string;
  readonly storeUri: string;
  /** An already open store to append to (not closed here); else `storeUri` is opened and closed. */
  readonly store?: EventStore;
  /** `pubnet`, `testnet`, `futurenet` or a passphrase. */
  readonly network: string;
  readonly skipNetworkCheck?: boolean;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly commitLedgers?: number | undefined;
  /** Decode on this many worker threads; 0 decodes on the main thread (the default). */
  readonly decodeWorkers?: number | undefined;
  readonly logger: IngestLogger;
  readonly onProgress?: (progress: IngestProgress) => void;
  readonly signal?: AbortSignal;
}

/** Wires a source, the decoder and a store into one ingest run: what `stellar-indexer ingest` does. */
export async function runIngestJob(options: IngestJobOptions): Promise<IngestStats> {
  const network = resolveNetwork(options.network);
  const label = networkLabel(network);
  const source = await openLocalLedgerSource(options.source);
  try {
    const store = options.store ?? (await openEventStore(options.storeUri));
    try {
      const settings = {
        networkLabel: label,
        networkId: networkId(network.passphrase),
        skipNetworkCheck: options.skipNetworkCheck === true,
      };
      const workers = options.decodeWorkers ?? DEFAULT_DECODE_WORKERS;
      const pool = workers > 0 ? createDecodePool({ size: workers, settings }) : null;
      try {
        return await ingestLedgers({
          source,
          store,
          checkpointName: `ingest:${label}`,
          networkLabel: label,
          decode:
            pool === null
              ? (raw) => toLedgerEvents(decodeRawLedger(raw, settings))
              : (raw) => pool.decode(raw),
          decodeConcurrency: pool === null ? 1 : pool.size * 2,
          from: options.from,
          to: options.to,
          logger: options.logger,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
          ...(options.commitLedgers === undefined ? {} : { maxLedgersPerCommit: options.commitLedgers }),
        });
      } finally {
        await pool?.close();
      }
    } finally {
      if (options.store === undefined) await store.close();
    }
  } finally {
    await source.close();
  }
}
