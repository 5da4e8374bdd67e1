import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProjectJob } from '../../../cli/project-job.ts';
import type { EventStore, StoredEvent } from '../../../contracts/event-store.ts';
import type { LedgerClosed } from '../../../contracts/events/ledger-closed.ts';
import { createSqliteEventStore } from '../../../event-store/sqlite/create-sqlite-event-store.ts';
import type { LedgerEvents } from '../../../ingest/ledger-events.ts';
import type { ClickHouseConnector } from '../../../projections/clickhouse/connector.ts';
import { tokenTransfersProjection, tradesProjection } from '../../../projections/read-models/index.ts';
import { liquidityPoolsProjection } from '../../../projections/read-models/liquidity-pools.ts';
import { silentLogger } from '../../../projections/runner/runner-logger.ts';
import { appendLedgers, fixtureLedgers } from '../../projections/helpers/fixture-store.ts';
import { createTestClickHouse, type TestClickHouse } from '../../projections/helpers/test-clickhouse.ts';

/** The read models the trigger conditions query. */
export const TRIGGER_PROJECTIONS = [tradesProjection, tokenTransfersProjection, liquidityPoolsProjection];

export const USDC = 'USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN';

/** The 20 real pubnet P26 ledgers, decoded once per test file. */
let decoded: Promise<LedgerEvents[]> | undefined;
export const p26Ledgers = (): Promise<LedgerEvents[]> => {
  decoded ??= fixtureLedgers();
  return decoded;
};

export interface TempStore {
  readonly dir: string;
  readonly storePath: string;
  readonly store: EventStore;
  close(): Promise<void>;
}

/** A fresh temp dir with a SQLite store holding `ledgers`, appended as ingest commits them. */
export async function createTempStore(prefix: string, ledgers: readonly LedgerEvents[]): Promise<TempStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const storePath = path.join(dir, 'events.db');
  const store = createSqliteEventStore({ path: storePath });
  await appendLedgers(store, ledgers);
  return {
    dir,
    storePath,
    store,
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every stored event of these types, in store order (read straight from the store). */
export async function storedOfType(store: EventStore, types: readonly string[]): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll({ types })) out.push(e);
  return out;
}

export interface LedgerInfo {
  readonly ledger: number;
  readonly closeTime: string;
  /** Unix seconds. */
  readonly seconds: number;
}

/** The stored ledgers, in order, with their close times. */
export async function storedLedgers(store: EventStore): Promise<LedgerInfo[]> {
  return (await storedOfType(store, ['LedgerClosed'])).map((e) => {
    const closed = e.payload as LedgerClosed;
    return {
      ledger: closed.ledger,
      closeTime: closed.closeTime,
      seconds: Date.parse(closed.closeTime) / 1000,
    };
  });
}

/** A value as a bigint (amounts are decimal strings). */
export const big = (v: unknown): bigint => BigInt(v as string);

/** Folds the store into the trigger read models once (catch up, then return), as `project --once`. */
export async function projectOnce(
  connector: ClickHouseConnector,
  store: EventStore,
  clickhouseUri: string,
): Promise<void> {
  await runProjectJob({
    store,
    clickhouseUri,
    connector,
    projections: TRIGGER_PROJECTIONS,
    logger: silentLogger,
  });
}

export interface ProjectedP26Store {
  readonly temp: TempStore;
  readonly clickhouse: TestClickHouse;
  readonly ledgers: LedgerInfo[];
}

/** The P26 fixture ledgers in a temp store, folded into the trigger read models in a fresh chDB. */
export async function projectedP26Store(prefix: string): Promise<ProjectedP26Store> {
  const temp = await createTempStore(prefix, await p26Ledgers());
  let clickhouse: TestClickHouse | undefined;
  try {
    clickhouse = await createTestClickHouse(temp.dir);
    await projectOnce(clickhouse.connector, temp.store, clickhouse.uri);
    return { temp, clickhouse, ledgers: await storedLedgers(temp.store) };
  } catch (error) {
    await clickhouse?.close();
    await temp.close();
    throw error;
  }
}
