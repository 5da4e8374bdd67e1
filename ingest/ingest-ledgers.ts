import type { Checkpoint } from '../contracts/checkpoint.ts';
import { hasErrorCode } from '../contracts/errors.ts';
import type { EventStore, LedgerCommit } from '../contracts/event-store.ts';
import type { LedgerSource, RawLedger } from '../contracts/ledger-source.ts';
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

/** Where to start: right after the checkpoint; a requested start beyond it would leave a gap. */
function startLedger(
  checkpoint: Checkpoint | null,
  from: number | undefined,
  checkpointName: string,
): number | undefined {
  if (checkpoint === null) return from;
  const next = checkpoint.ledger + 1;
  if (from !== undefined && from > next) {
    throw ingestError(
      'INGEST_ERR_LEDGER_GAP',
      `the store ends at ledger ${checkpoint.ledger} but --from is ${from}: ledgers ${next}..${from - 1} would be missing. Omit --from or use --from ${next}`,
      { checkpoint: checkpointName, storedLedger: checkpoint.ledger, from },
    );
  }
  return next;
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

/**
 * Reads ledgers from the source, decodes them, checks each one continues the stored chain, and
 * commits events and checkpoint together. Exactly once: a rerun after any crash starts right after
 * the last committed ledger.
 */
export async function ingestLedgers(options: IngestLedgersOptions): Promise<IngestStats> {
  const { store, source, checkpointName, logger } = options;
  const maxLedgers = options.maxLedgersPerCommit ?? 8;
  const maxEvents = options.maxEventsPerCommit ?? 20_000;
  const stats = emptyStats();
  await refuseOtherNetwork(store, options.networkLabel);
  let stored = await store.readCheckpoint(checkpointName);
  const from = startLedger(stored, options.from, checkpointName);
  const to = options.to;
  if (to !== undefined && from !== undefined && from > to) {
    logger.info({ checkpoint: stored, to }, 'nothing to do: the store already holds the requested range');
    return stats;
  }
  logger.info(
    { source: source.description, from: from ?? 'first available', to: to ?? 'last available' },
    'ingest start',
  );

  let pending: LedgerCommit[] = [];
  let pendingEvents = 0;
  let pendingLedgers: LedgerEvents[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await store.commitLedgers(pending);
    for (const ledger of pendingLedgers) addLedger(stats, ledger);
    const last = pendingLedgers[pendingLedgers.length - 1] as LedgerEvents;
    logger.debug({ ledger: last.sequence, ledgers: pending.length, events: pendingEvents }, 'committed');
    pending = [];
    pendingLedgers = [];
    pendingEvents = 0;
    options.onProgress?.({ stats, lastLedger: last.sequence, targetLedger: to ?? null });
  };

  // The chain tip as this run sees it: committed, or queued to be committed in the next flush.
  let tip = stored;
  try {
    await readInto();
  } catch (error) {
    if (!isUpToDate(error, stored, to) || stats.ledgers > 0 || pending.length > 0) throw error;
    logger.info({ checkpoint: stored }, 'nothing to do: the store already holds every ledger the source has');
  }
  stored = tip;
  logger.info({ ...stats, checkpoint: stored }, 'ingest done');
  return stats;

  async function readInto(): Promise<void> {
    const origins = new Map<number, string>();
    const decoded = mapOrdered(
      source.read({ from, to, signal: options.signal }),
      (raw) => {
        origins.set(raw.sequence, raw.origin);
        return options.decode(raw);
      },
      options.decodeConcurrency ?? 1,
    );
    for await (const ledger of decoded) {
      options.signal?.throwIfAborted();
      const origin = origins.get(ledger.sequence) ?? source.description;
      origins.delete(ledger.sequence);
      if (tip !== null) {
        if (ledger.sequence !== tip.ledger + 1) {
          throw ingestError(
            'INGEST_ERR_LEDGER_GAP',
            `expected ledger ${tip.ledger + 1} after ${tip.ledger} but the source gave ${ledger.sequence}: ledgers are missing from the source`,
            { file: origin, ledger: ledger.sequence, expected: tip.ledger + 1 },
          );
        }
        if (ledger.previousHash !== tip.hash) {
          throw ingestError(
            'INGEST_ERR_HASH_MISMATCH',
            `ledger ${ledger.sequence} says the previous ledger's hash is ${ledger.previousHash}, but the stored ledger ${tip.ledger} has hash ${tip.hash}: the source holds another chain`,
            { file: origin, ledger: ledger.sequence },
          );
        }
      }
      const checkpoint: Checkpoint = { ledger: ledger.sequence, hash: ledger.hash };
      pending.push({ checkpointName, expected: tip, checkpoint, events: ledger.events });
      pendingLedgers.push(ledger);
      pendingEvents += ledger.events.length;
      tip = checkpoint;
      if (pending.length >= maxLedgers || pendingEvents >= maxEvents) await flush();
    }
    await flush();
  }
}

/** A resumed run whose source ends exactly at the stored checkpoint has nothing new: not an error. */
function isUpToDate(error: unknown, stored: Checkpoint | null, to: number | undefined): boolean {
  if (!hasErrorCode(error, 'INGEST_ERR_SOURCE_RANGE') || stored === null || to !== undefined) return false;
  return error.details.last === stored.ledger;
}
