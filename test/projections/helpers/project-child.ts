/**
 * The projection runner in a child process, wired as `stellar-indexer project --once` wires it, over
 * the test read models and every real one:
 *   node --import tsx project-child.ts STORE_PATH CLICKHOUSE_URI BATCH_EVENTS
 * STELLAR_INDEXER_FAULT makes it SIGKILL itself at a chosen point. Prints the run summary as JSON.
 */
import { runProjectJob } from '../../../cli/project-job.ts';
import { createClickHouseConnector } from '../../../projections/clickhouse/connector.ts';
import { ALL_PROJECTIONS } from '../../../projections/read-models/index.ts';
import { silentLogger } from '../../../projections/runner/runner-logger.ts';
import { TEST_PROJECTIONS } from './test-projections.ts';

const [storePath, clickhouseUri, batchEvents] = process.argv.slice(2);
if (storePath === undefined || clickhouseUri === undefined) {
  throw new TypeError('usage: project-child.ts STORE_PATH CLICKHOUSE_URI [BATCH_EVENTS]');
}
const connector = createClickHouseConnector();
try {
  const summary = await runProjectJob({
    storeUri: `sqlite:${storePath}`,
    clickhouseUri,
    connector,
    projections: [...TEST_PROJECTIONS, ...ALL_PROJECTIONS],
    maxBatchEvents: batchEvents === undefined ? undefined : Number(batchEvents),
    logger: silentLogger,
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await connector.close();
}
