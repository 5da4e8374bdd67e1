import type { EventStore } from '../contracts/event-store.ts';
import type { Projection } from '../contracts/projection.ts';
import { openEventStore } from '../event-store/open-event-store.ts';
import type { ClickHouseConnector } from '../projections/clickhouse/connector.ts';
import { faultHookFromEnv } from '../projections/runner/fault-hook.ts';
import {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type RunSummary,
} from '../projections/runner/projection-runner.ts';
import type { RunnerLogger } from '../projections/runner/runner-logger.ts';

export interface ProjectJobOptions {
  /** The store to read; opened from `storeUri` (and closed) when not given. */
  readonly store?: EventStore;
  readonly storeUri?: string;
  readonly clickhouseUri: string;
  /** The process's one connector (chDB allows one client per data directory and process). */
  readonly connector: ClickHouseConnector;
  readonly projections: readonly Projection[];
  readonly follow?: boolean;
  readonly rebuild?: readonly string[] | 'all';
  readonly maxBatchEvents?: number | undefined;
  readonly logger: RunnerLogger;
  readonly signal?: AbortSignal;
  /** With follow: catch up with everything stored once this aborts, then return. */
  readonly drain?: AbortSignal;
  /** Environment for the test-only STELLAR_INDEXER_FAULT hook. */
  readonly env?: NodeJS.ProcessEnv;
  readonly onBatch?: ProjectionRunnerOptions['onBatch'];
  /** Receives the runner before it starts, e.g. for a metrics endpoint reading `status()` (lag). */
  readonly onRunner?: (runner: ProjectionRunner) => void;
}

/** Wires a store, ClickHouse and the read models into one runner run: what `stellar-indexer project` does. */
export async function runProjectJob(options: ProjectJobOptions): Promise<RunSummary> {
  const fault = faultHookFromEnv((options.env ?? process.env).STELLAR_INDEXER_FAULT);
  const ch = await options.connector.open(options.clickhouseUri);
  try {
    const store = options.store ?? (await openEventStore(options.storeUri as string));
    try {
      const runner = createProjectionRunner({
        store,
        ch,
        projections: options.projections,
        logger: options.logger,
        fault,
        ...(options.maxBatchEvents === undefined ? {} : { maxBatchEvents: options.maxBatchEvents }),
        ...(options.onBatch === undefined ? {} : { onBatch: options.onBatch }),
      });
      options.onRunner?.(runner);
      return await runner.run({
        follow: options.follow === true,
        ...(options.rebuild === undefined ? {} : { rebuild: options.rebuild }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.drain === undefined ? {} : { drain: options.drain }),
      });
    } finally {
      if (options.store === undefined) await store.close();
    }
  } finally {
    await ch.release();
  }
}
