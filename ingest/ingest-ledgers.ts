import type { Checkpoint } from '../contracts/checkpoint.ts';
import { hasErrorCode } from '../contracts/errors.ts';
import type { EventStore } from '../contracts/event-store.ts';
import type { LedgerSource, RawLedger } from '../contracts/ledger-source.ts';
import { createCommitBatcher } from './commit-batcher.ts';
import { checkContinuity, startLedger } from './continuity.ts';
import { ingestError } from './errors.ts';
import { addLedger, emptyStats, type IngestStats } from './ingest-stats.ts';
import type { LedgerEvents } from './ledger-events.ts';
import { mapOrdered } from './ordered-map.ts';

export interface IngestLogger {
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface IngestProgress {
  readonly stats: IngestStats;
  readonly lastLedger: number;
  /** Last ledger the run aims for, when known. */
  readonly targetLedger: number | null;
}

export interface IngestLedgersOptions {
  readonly source: LedgerSource;
  readonly store: EventStore;
  /** Checkpoint name, e.g. `ingest:pubnet`: one per network and store. */
  readonly checkpointName: string;
  /** The network label every fact carries; a store holding another network's facts is refused. */
  readonly networkLabel: string;
  readonly decode: (raw: RawLedger) => LedgerEvents | Promise<LedgerEvents>;
  /** Ledgers decoded ahead of the store, in parallel when the decoder runs on workers (default 1). */
  readonly decodeConcurrency?: number;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly logger: IngestLogger;
  readonly onProgress?: (progress: IngestProgress) => void;
  readonly signal?: AbortSignal;
  /** Commit at most this many ledgers per store transaction (default 8). */
  readonly maxLedgersPerCommit?: number;
  /** …and at most this many events (default 20,000). */
  readonly maxEventsPerCommit?: number;
}

async function refuseOtherNetwork(store: EventStore, networkLabel: string): Promise<void> {
  const last = await store.readLastEvent();
  const network = (last?.payload as { network?: unknown } | undefined)?.network;
  if (typeof network === 'string' && network !== networkLabel) {
    throw ingestError(
      'INGEST_ERR_NETWORK_CHANGED',
      `the store holds facts of network "${network}", not "${networkLabel}": use a separate --store for each network`,
      { storedNetwork: network, network: networkLabel },
    );
  }
}

/** A resumed run whose source ends exactly at the stored checkpoint has nothing new: not an error. */
function isUpToDate(error: unknown, stored: Checkpoint | null, to: number | undefined): boolean {
  if (!hasErrorCode(error, 'INGEST_ERR_SOURCE_RANGE') || stored === null || to !== undefined) return false;
  return error.details.last === stored.ledger;
}

/**
 * Reads ledgers from the source, decodes them, checks each one continues the stored chain, and
 * commits events and checkpoint together. Exactly once: a rerun after any crash starts right after
 * the last committed ledger.
 */
export async function ingestLedgers(options: IngestLedgersOptions): Promise<IngestStats> {
  const { store, source, checkpointName, logger, to } = options;
  const stats = emptyStats();
  await refuseOtherNetwork(store, options.networkLabel);
  const stored = await store.readCheckpoint(checkpointName);
  const from = startLedger(stored, options.from, checkpointName);
  if (to !== undefined && from !== undefined && from > to) {
    logger.info({ checkpoint: stored, to }, 'nothing to do: the store already holds the requested range');
    return stats;
  }
  logger.info(
    { source: source.description, from: from ?? 'first available', to: to ?? 'last available' },
    'ingest start',
  );

  const batcher = createCommitBatcher({
    store,
    checkpointName,
    tip: stored,
    maxLedgers: options.maxLedgersPerCommit ?? 8,
    maxEvents: options.maxEventsPerCommit ?? 20_000,
    onCommitted(ledgers) {
      for (const ledger of ledgers) addLedger(stats, ledger);
      const last = ledgers[ledgers.length - 1] as LedgerEvents;
      logger.debug({ ledger: last.sequence, ledgers: ledgers.length }, 'committed');
      options.onProgress?.({ stats, lastLedger: last.sequence, targetLedger: to ?? null });
    },
  });

  const origins = new Map<number, string>();
  const decoded = mapOrdered(
    source.read({ from, to, signal: options.signal }),
    (raw) => {
      origins.set(raw.sequence, raw.origin);
      return options.decode(raw);
    },
    options.decodeConcurrency ?? 1,
  );
  try {
    for await (const ledger of decoded) {
      options.signal?.throwIfAborted();
      const origin = origins.get(ledger.sequence) ?? source.description;
      origins.delete(ledger.sequence);
      checkContinuity(batcher.tip, ledger, origin);
      await batcher.add(ledger);
    }
    await batcher.flush();
  } catch (error) {
    if (!isUpToDate(error, stored, to) || stats.ledgers > 0 || batcher.queued > 0) {
      // Whole ledgers decoded before a bad one are still good: keep them, unless the store failed.
      if (!(hasErrorCode(error) && error.code.startsWith('STORE_ERR_'))) await batcher.flush();
      throw error;
    }
    logger.info({ checkpoint: stored }, 'nothing to do: the store already holds every ledger the source has');
  }
  logger.info({ ...stats, checkpoint: batcher.tip }, 'ingest done');
  return stats;
}
