import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Projection } from '../../contracts/projection.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import type { LedgerEvents } from '../../ingest/ledger-events.ts';
import { applyMigrations } from '../../projections/migrations/apply-migrations.ts';
import { type BatchInfo, createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import { createRunnerState } from '../../projections/runner/runner-state.ts';
import { appendLedgers, fixtureLedgers } from './helpers/fixture-store.ts';
import { dumpReadModels, type ReadModelDump } from './helpers/read-model-dump.ts';
import { createTestClickHouse } from './helpers/test-clickhouse.ts';
import {
  ledgerStatsProjection,
  TEST_PROJECTIONS,
  transferTotalsProjection,
} from './helpers/test-projections.ts';

let ledgers: LedgerEvents[];
let oneRun: ReadModelDump;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ledgers = (await fixtureLedgers()).slice(0, 10);
});

/** Closes stores and ClickHouse of this test: chDB opens one directory per process at a time. */
async function closeAll(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

afterEach(closeAll);

async function setup(label: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `projection-runner-${label}-`));
  const store = createSqliteEventStore({ path: path.join(dir, 'events.db') });
  const test = await createTestClickHouse(dir);
  const ch = await test.open();
  cleanups.push(async () => {
    await store.close();
    await test.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { store, ch };
}

const eventCount = (ls: readonly LedgerEvents[]): number => ls.reduce((n, l) => n + l.events.length, 0);

describe('projection runner', () => {
  it('catches up in bounded batches; runs over a growing store equal one run; a rerun writes nothing', async () => {
    const whole = await setup('whole');
    await appendLedgers(whole.store, ledgers);
    const summary = await createProjectionRunner({ ...whole, projections: TEST_PROJECTIONS }).run();
    oneRun = await dumpReadModels(whole.ch, TEST_PROJECTIONS);
    const head = String(eventCount(ledgers));
    expect(summary.projections.transfer_totals_test).toMatchObject({
      position: head,
      generation: 1,
      lagEvents: 0,
    });
    expect(summary.projections.ledger_stats_test?.position).toBe(head);
    const transfers = ledgers.flatMap((l) => l.events).filter((e) => e.type === 'TokenTransferred').length;
    expect(summary.projections.transfer_totals_test?.rows).toBe(transfers);
    expect(oneRun.tables.transfers_test).toBe(String(transfers));
    await closeAll();

    const grown = await setup('grown');
    const batches: BatchInfo[] = [];
    const runner = createProjectionRunner({
      ...grown,
      projections: TEST_PROJECTIONS,
      maxBatchEvents: 2500,
      onBatch: (info) => {
        batches.push(info);
      },
    });
    for (const [from, to] of [
      [0, 3],
      [3, 4],
      [4, 10],
    ]) {
      await appendLedgers(grown.store, ledgers.slice(from, to));
      await runner.run();
    }
    expect(await dumpReadModels(grown.ch, TEST_PROJECTIONS)).toEqual(oneRun);
    // Count bound: no batch holds more than 2,500 store events, and batches tile the store.
    expect(batches.every((b) => b.events <= 2500)).toBe(true);
    for (let i = 1; i < batches.length; i++) expect(batches[i]?.after).toBe(batches[i - 1]?.to);
    expect(batches[batches.length - 1]?.to).toBe(BigInt(head));

    const again = await runner.run();
    expect(again.projections.transfer_totals_test).toMatchObject({ position: head, written: 0 });
    expect(again.projections.ledger_stats_test).toMatchObject({ position: head, written: 0 });
    expect(await dumpReadModels(grown.ch, TEST_PROJECTIONS)).toEqual(oneRun);
  });

  it('follows the store as ledgers arrive, reports lag in events and seconds, and stops cleanly', async () => {
    const { store, ch } = await setup('follow');
    await appendLedgers(store, ledgers.slice(0, 4));
    const seen: BatchInfo[] = [];
    const runner = createProjectionRunner({
      store,
      ch,
      projections: TEST_PROJECTIONS,
      maxBatchEvents: 2000,
      pollIntervalMs: 50,
      onBatch: (info) => {
        seen.push(info);
      },
    });
    const stop = new AbortController();
    const running = runner.run({ follow: true, signal: stop.signal });
    const head = BigInt(eventCount(ledgers));
    const caughtUpTo = async (position: bigint): Promise<void> => {
      for (let i = 0; i < 600; i++) {
        const status = runner.status();
        if (status.length === 2 && status.every((s) => s.position === position)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `runner did not reach ${position}: ${JSON.stringify(runner.status(), (_, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
      );
    };
    await caughtUpTo(BigInt(eventCount(ledgers.slice(0, 4))));
    for (const i of [4, 6, 8]) await appendLedgers(store, ledgers.slice(i, i + 2));
    await caughtUpTo(head);
    for (const s of runner.status()) {
      expect(s).toMatchObject({ status: 'live', head, lagEvents: 0n, lagSeconds: 0 });
    }
    // While catching up, the lag was visible: store head minus position, and ledger close times apart.
    const lagging = seen.flatMap((b) => b.workers).filter((w) => w.lagEvents > 0n);
    expect(lagging.length).toBeGreaterThan(0);
    expect(lagging.some((w) => (w.lagSeconds ?? 0) > 0)).toBe(true);
    for (const w of lagging) expect(w.lagEvents).toBe(w.head - w.position);

    stop.abort();
    const summary = await running;
    expect(summary.projections.ledger_stats_test).toMatchObject({ position: String(head), lagEvents: 0 });
    expect(await dumpReadModels(ch, TEST_PROJECTIONS)).toEqual(oneRun);
    // Stored checkpoints match: a restart would begin at the head.
    const state = createRunnerState(ch);
    for (const name of ['transfer_totals_test', 'ledger_stats_test']) {
      expect((await state.checkpoint(name, 1))?.position).toBe(head);
    }
  });

  it('applies its migrations once and records them', async () => {
    const { ch } = await setup('migrations');
    expect(await applyMigrations(ch)).toEqual([1, 2, 3]);
    expect(await applyMigrations(ch)).toEqual([]);
    const rows = await ch.query<{ version: number; name: string }>(
      'SELECT version, name FROM _projection_migrations FINAL ORDER BY version',
    );
    expect(rows).toEqual([
      { version: 1, name: 'generations' },
      { version: 2, name: 'checkpoints' },
      { version: 3, name: 'intents' },
    ]);
    const tables = await ch.query<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, '_projection_') ORDER BY name",
    );
    expect(tables.map((t) => t.name)).toEqual([
      '_projection_checkpoints',
      '_projection_generations',
      '_projection_intents',
      '_projection_migrations',
    ]);
  });

  it('refuses bad projections with typed errors that name the projection, table or event', async () => {
    const { store, ch } = await setup('errors');
    await appendLedgers(store, ledgers.slice(0, 1));
    const run = (projections: readonly Projection[]) =>
      createProjectionRunner({ store, ch, projections }).run();

    await expect(
      run([transferTotalsProjection, { ...ledgerStatsProjection, name: 'transfer_totals_test' }]),
    ).rejects.toMatchObject({
      code: 'PROJ_ERR_DEFINITION',
      details: { projection: 'transfer_totals_test' },
    });
    const typo: Projection = {
      ...ledgerStatsProjection,
      name: 'typo_test',
      tables: [
        {
          name: 'typo_rows',
          kind: 'table',
          create: 'CREATE TABLE {{typo_rows}} (x UInt8) ENGINE = MergeTree ORDER BY x',
        },
      ],
      rowsFor: () => [{ table: 'typo_rowz', rows: [{ x: 1 }] }],
    };
    await expect(run([typo])).rejects.toMatchObject({
      code: 'PROJ_ERR_ROWS',
      message: expect.stringContaining('"typo_rowz"'),
      details: { projection: 'typo_test', eventType: 'LedgerClosed' },
    });
    const innerView: Projection = {
      ...typo,
      name: 'inner_test',
      tables: [
        {
          name: 'inner_rows',
          kind: 'table',
          create: 'CREATE TABLE {{inner_rows}} (x UInt8) ENGINE = MergeTree ORDER BY x',
        },
        {
          name: 'inner_mv',
          kind: 'view',
          internal: true,
          create:
            'CREATE MATERIALIZED VIEW {{inner_mv}} ENGINE = MergeTree ORDER BY x AS SELECT x FROM {{inner_rows}}',
        },
      ],
    };
    await expect(run([innerView])).rejects.toMatchObject({
      code: 'PROJ_ERR_SCHEMA',
      details: { table: 'inner_mv' },
    });
    const extraField: Projection = {
      ...typo,
      name: 'extra_test',
      tables: [
        {
          name: 'extra_rows',
          kind: 'table',
          create: 'CREATE TABLE {{extra_rows}} (x UInt8) ENGINE = MergeTree ORDER BY x',
        },
      ],
      rowsFor: () => [{ table: 'extra_rows', rows: [{ x: 1, y: 2 }] }],
    };
    await expect(run([extraField])).rejects.toMatchObject({
      code: 'PROJ_ERR_CLICKHOUSE_QUERY',
      message: expect.stringMatching(/^insert \d+ rows into extra_rows__g1 failed: /),
      details: { projection: 'extra_test', table: 'extra_rows', generation: 1 },
    });
    const badSql: Projection = {
      ...typo,
      name: 'bad_sql_test',
      tables: [
        {
          name: 'bad_sql_rows',
          kind: 'table',
          create: 'CREATE TABLE {{bad_sql_rows}} (x Nope) ENGINE = MergeTree ORDER BY x',
        },
      ],
    };
    await expect(run([badSql])).rejects.toMatchObject({
      code: 'PROJ_ERR_CLICKHOUSE_QUERY',
      details: { projection: 'bad_sql_test', table: 'bad_sql_rows', clickhouseError: 'UNKNOWN_TYPE' },
    });
  });
});
