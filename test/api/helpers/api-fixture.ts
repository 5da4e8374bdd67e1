import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runIngestJob } from '../../../cli/ingest-job.ts';
import type { EventStore } from '../../../contracts/event-store.ts';
import { createSqliteEventStore } from '../../../event-store/sqlite/create-sqlite-event-store.ts';
import type { ClickHouse } from '../../../projections/clickhouse/clickhouse.ts';
import {
  type ClickHouseConnector,
  createClickHouseConnector,
} from '../../../projections/clickhouse/connector.ts';
import { ALL_PROJECTIONS } from '../../../projections/read-models/index.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { PUBNET_P26_DIR } from '../../helpers/fixtures.ts';

const quiet = { info() {}, debug() {}, warn() {} };

export interface ApiFixture {
  readonly dir: string;
  readonly storePath: string;
  readonly store: EventStore;
  readonly connector: ClickHouseConnector;
  readonly ch: ClickHouse;
  readonly clickhouseUri: string;
  /** Ingests more fixture ledgers (`from`..`to`) into the store, as `ingest` does. */
  ingest(from: number, to: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A temp dir with a SQLite store holding the real pubnet fixture ledgers (ingested as `ingest` does,
 * `from`..`to` inclusive when given) and, unless `project` is false, every read model built in chDB.
 */
export async function createApiFixture(
  label: string,
  options: { readonly from?: number; readonly to?: number; readonly project?: boolean } = {},
): Promise<ApiFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `api-${label}-`));
  const storePath = path.join(dir, 'events.db');
  const store = createSqliteEventStore({ path: storePath });
  await runIngestJob({
    source: PUBNET_P26_DIR(),
    storeUri: `sqlite:${storePath}`,
    store,
    network: 'pubnet',
    from: options.from,
    to: options.to,
    logger: quiet,
  });
  const connector = createClickHouseConnector();
  const clickhouseUri = `chdb:${path.join(dir, 'clickhouse')}`;
  const ch = await connector.open(clickhouseUri);
  if (options.project !== false) {
    await createProjectionRunner({ store, ch, projections: ALL_PROJECTIONS }).run();
  }
  return {
    dir,
    storePath,
    store,
    connector,
    ch,
    clickhouseUri,
    async ingest(from, to) {
      await runIngestJob({
        source: PUBNET_P26_DIR(),
        storeUri: `sqlite:${storePath}`,
        store,
        network: 'pubnet',
        from,
        to,
        logger: quiet,
      });
    },
    async close() {
      await ch.release();
      await connector.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
