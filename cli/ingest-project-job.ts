import type { Projection } from '../contracts/projection.ts';
import { openEventStore } from '../event-store/open-event-store.ts';
import type { IngestStats } from '../ingest/ingest-stats.ts';
import type { ClickHouseConnector } from '../projections/clickhouse/connector.ts';
import type { RunSummary } from '../projections/runner/projection-runner.ts';
import type { RunnerLogger } from '../projections/runner/runner-logger.ts';
import { type IngestJobOptions, runIngestJob } from './ingest-job.ts';
import { runProjectJob } from './project-job.ts';

export interface IngestProjectJobOptions extends IngestJobOptions {
  readonly clickhouseUri: string;
  readonly connector: ClickHouseConnector;
  readonly projections: readonly Projection[];
  readonly projectLogger: RunnerLogger;
}

/**
 * `ingest … --project`: both stages in one process over one store instance. The runner follows the
 * store while ingest appends (the store wakes it on each commit); when ingest is done the runner
 * catches up with the last ledger and stops. A failure of either stage stops the other.
 */
export async function runIngestProjectJob(
  options: IngestProjectJobOptions,
): Promise<{ ingest: IngestStats; projections: RunSummary }> {
  const store = await openEventStore(options.storeUri);
  try {
    const drain = new AbortController();
    const stopProjection = new AbortController();
    const stopIngest = new AbortController();
    const outer = options.signal === undefined ? [] : [options.signal];
    const projecting = runProjectJob({
      store,
      clickhouseUri: options.clickhouseUri,
      connector: options.connector,
      projections: options.projections,
      follow: true,
      drain: drain.signal,
      signal: AbortSignal.any([...outer, stopProjection.signal]),
      logger: options.projectLogger,
    });
    let projectionError: unknown = null;
    projecting.catch((error: unknown) => {
      projectionError = error;
      stopIngest.abort();
    });
    let ingest: IngestStats;
    try {
      ingest = await runIngestJob({
        ...options,
        store,
        signal: AbortSignal.any([...outer, stopIngest.signal]),
      });
    } catch (error) {
      stopProjection.abort();
      await projecting.catch(() => undefined);
      throw projectionError ?? error;
    }
    drain.abort();
    return { ingest, projections: await projecting };
  } finally {
    await store.close();
  }
}
