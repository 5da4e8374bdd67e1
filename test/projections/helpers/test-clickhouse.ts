import { randomBytes } from 'node:crypto';
import type { ClickHouse } from '../../../projections/clickhouse/clickhouse.ts';
import {
  type ClickHouseConnector,
  createClickHouseConnector,
} from '../../../projections/clickhouse/connector.ts';

export interface TestClickHouse {
  /** A fresh ClickHouse for one test: a chDB directory, or a new database on CLICKHOUSE_URL. */
  readonly uri: string;
  readonly connector: ClickHouseConnector;
  open(): Promise<ClickHouse>;
  /** Closes the clients (so another chDB directory can be opened) and drops a server database. */
  close(): Promise<void>;
}

/**
 * Embedded chDB in `dir` by default. With CLICKHOUSE_URL (e.g. http://default:@localhost:8123) every
 * test gets its own database on that server instead, dropped at the end.
 */
export async function createTestClickHouse(dir: string): Promise<TestClickHouse> {
  const server = process.env.CLICKHOUSE_URL;
  const connector = createClickHouseConnector();
  if (server === undefined || server === '') {
    const uri = `chdb:${dir}/clickhouse`;
    return { uri, connector, open: () => connector.open(uri), close: () => connector.close() };
  }
  const base = new URL(server);
  base.pathname = '';
  const root = base.toString().replace(/\/$/, '');
  const database = `stellar_indexer_test_${randomBytes(6).toString('hex')}`;
  const admin = await connector.open(root);
  await admin.command(`CREATE DATABASE ${database}`);
  await admin.release();
  const uri = `${root}/${database}`;
  return {
    uri,
    connector,
    open: () => connector.open(uri),
    async close() {
      const cleanup = await connector.open(root);
      await cleanup.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
      await cleanup.release();
      await connector.close();
    },
  };
}
