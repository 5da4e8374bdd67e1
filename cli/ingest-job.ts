import type { EventStore } from '../contracts/event-store.ts';
import { networkLabel, resolveNetwork } from '../contracts/network.ts';
import { openEventStore } from '../event-store/open-event-store.ts';
import { networkId } from '../ingest/decode/transaction-hash.ts';
import { createDecodePool } from '../ingest/decode-pool/decode-pool.ts';
import { decodeRawLedger } from '../ingest/decode-raw-ledger.ts';
import { type IngestLogger, type IngestProgress, ingestLedgers } from '../ingest/ingest-ledgers.ts';
import type { IngestStats } from '../ingest/ingest-stats.ts';
import { toLedgerEvents } from '../ingest/ledger-events.ts';
import type { HttpClientOptions } from '../ingest/remote/http/http-client.ts';
import { openLedgerSource } from '../ingest/remote/open-ledger-source.ts';
import type { RpcTip } from '../ingest/sources/rpc/rpc-source.ts';

/**
 * Decoding stays on the main thread by default: a worker costs seconds to start (it loads the SDK and
 * the TypeScript sources anew) and pays for copying every ledger in and every event out; see the
 * README's benchmark notes for when workers pay off.
 */
export const DEFAULT_DECODE_WORKERS = 0;

/** Progress with the network tip, when the source knows it (RPC): `lagLedgers` = tip - last ledger. */
export interface IngestJobProgress extends IngestProgress {
  readonly tipLedger: number | null;
  readonly lagLedgers: number | null;
}

/** Tuning of remote sources (RPC, data lake over HTTP); tests use short backoffs and polls. */
export interface RemoteSourceSettings {
  readonly http?: Omit<HttpClientOptions, 'onRetry'> | undefined;
  readonly parallelism?: number | undefined;
  readonly pageLimit?: number | undefined;
  readonly pollIntervalMs?: number | undefined;
  /** A following run logs its lag at most this often (default 10 s). */
  readonly lagLogIntervalMs?: number | undefined;
}

export interface IngestJobOptions {
  /** A path, `https://…` (a data lake over HTTP) or `rpc:https://…` (Stellar RPC getLedgers). */
  readonly source: string;
  /** With an rpc: source, a data lake (`https://…` or a folder) to backfill what RPC no longer keeps. */
  readonly lake?: string | undefined;
  /** With an rpc: source, keep ingesting new ledgers as they close (until stopped, or --to). */
  readonly follow?: boolean | undefined;
  readonly remote?: RemoteSourceSettings | undefined;
  readonly storeUri: string;
  /** An already open store to append to (not closed here); else `storeUri` is opened and closed. */
  readonly store?: EventStore;
  /** `pubnet`, `testnet`, `futurenet` or a passphrase. */
  readonly network: string;
  readonly skipNetworkCheck?: boolean;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  /** Whole ledgers per store transaction (default 8; 1 with `follow`). */
  readonly commitLedgers?: number | undefined;
  /** Decode on this many worker threads; 0 decodes on the main thread (the default). */
  readonly decodeWorkers?: number | undefined;
  readonly logger: IngestLogger & { warn?(obj: object, msg?: string): void };
  readonly onProgress?: (progress: IngestJobProgress) => void;
  readonly signal?: AbortSignal;
}

/** Wires a source, the decoder and a store into one ingest run: what `stellar-indexer ingest` does. */
export async function runIngestJob(options: IngestJobOptions): Promise<IngestStats> {
  const network = resolveNetwork(options.network);
  const label = networkLabel(network);
  const { logger } = options;
  const remote = options.remote ?? {};
  let tip: RpcTip | null = null;
  const source = await openLedgerSource({
    source: options.source,
    lake: options.lake,
    follow: options.follow,
    http: remote.http,
    parallelism: remote.parallelism,
    pageLimit: remote.pageLimit,
    pollIntervalMs: remote.pollIntervalMs,
    onTip: (heard) => {
      tip = heard;
    },
    logger: {
      info: (obj, msg) => logger.info(obj, msg),
      debug: (obj, msg) => logger.debug(obj, msg),
      warn: (obj, msg) => (logger.warn ?? logger.info).call(logger, obj, msg),
    },
    signal: options.signal,
  });
  const commitLedgers = options.commitLedgers ?? (options.follow === true ? 1 : undefined);
  const lagLogMs = remote.lagLogIntervalMs ?? 10_000;
  let lastLagLog = Number.NEGATIVE_INFINITY;
  const onProgress = (progress: IngestProgress): void => {
    const tipLedger = source.knowsTip ? ((tip as RpcTip | null)?.latestLedger ?? null) : null;
    const lagLedgers = tipLedger === null ? null : Math.max(0, tipLedger - progress.lastLedger);
    if (options.follow === true && performance.now() - lastLagLog >= lagLogMs) {
      lastLagLog = performance.now();
      logger.info({ ledger: progress.lastLedger, tipLedger, lagLedgers }, 'following the network tip');
    }
    options.onProgress?.({ ...progress, tipLedger, lagLedgers });
  };
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
          logger,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          onProgress,
          // A following run commits each ledger as it arrives, so the store is never ledgers behind the
          // tip while the source waits for the next one.
          ...(commitLedgers === undefined ? {} : { maxLedgersPerCommit: commitLedgers }),
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
