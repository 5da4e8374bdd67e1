import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProjectJob } from '../../cli/project-job.ts';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { ALL_PROJECTIONS } from '../../projections/read-models/index.ts';
import { physicalName } from '../../projections/runner/generation-schema.ts';
import { silentLogger } from '../../projections/runner/runner-logger.ts';
import { createRunnerState } from '../../projections/runner/runner-state.ts';
import { fixtureLedgers, writeFixtureStore } from './helpers/fixture-store.ts';
import { dumpReadModels, type ReadModelDump } from './helpers/read-model-dump.ts';
import { runProjectChild } from './helpers/spawn-child.ts';
import { createTestClickHouse } from './helpers/test-clickhouse.ts';
import { TEST_PROJECTIONS } from './helpers/test-projections.ts';

const PROJECTIONS = [...TEST_PROJECTIONS, ...ALL_PROJECTIONS];
const BATCH_EVENTS = '3000';
let dir: string;
let storePath: string;
let clean: ReadModelDump;
let cleanSummary: unknown;
let expectedSums: Map<string, { total: bigint; transfers: number }>;

async function dumpOf(uri: string) {
  const connector = createClickHouseConnector();
  try {
    const ch = await connector.open(uri);
    return await dumpReadModels(ch, PROJECTIONS);
  } finally {
    await connector.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projection-crash-'));
  const ledgers = (await fixtureLedgers()).slice(0, 5);
  storePath = path.join(dir, 'events.db');
  await writeFixtureStore(storePath, ledgers);
  expectedSums = new Map();
  for (const l of ledgers) {
    for (const e of l.events) {
      if (e.type !== 'TokenTransferred') continue;
      const d = (e.payload as { data: { asset: string | null; contractId: string | null; amount: string } })
        .data;
      const asset = d.asset ?? d.contractId ?? '';
      const sum = expectedSums.get(asset) ?? { total: 0n, transfers: 0 };
      expectedSums.set(asset, { total: sum.total + BigInt(d.amount), transfers: sum.transfers + 1 });
    }
  }

  // The reference: one uninterrupted run, in this process.
  const ch = await createTestClickHouse(path.join(dir, 'clean'));
  cleanSummary = await runProjectJob({
    storeUri: `sqlite:${storePath}`,
    clickhouseUri: ch.uri,
    connector: ch.connector,
    projections: PROJECTIONS,
    maxBatchEvents: Number(BATCH_EVENTS),
    logger: silentLogger,
  });
  await ch.connector.close();
  clean = await dumpOf(ch.uri);
  await ch.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('projection runner killed between insert and checkpoint', () => {
  it('reruns the interrupted batch with the same tokens: no duplicate in any table or view, same totals', async () => {
    const ch = await createTestClickHouse(path.join(dir, 'crashed'));

    // 1. SIGKILL right after the second batch of trades was inserted (which feeds the candles
    //    materialized view's sums), before the checkpoint.
    const first = await runProjectChild([storePath, ch.uri, BATCH_EVENTS], {
      STELLAR_INDEXER_FAULT: 'after-insert:trades:2',
    });
    expect(first.signal).toBe('SIGKILL');
    {
      const handle = await ch.open();
      const state = createRunnerState(handle);
      const checkpoint = await state.checkpoint('trades', 1);
      const intent = await state.intent('trades', 1);
      expect(intent).not.toBeNull();
      expect(checkpoint).not.toBeNull();
      // The intent is beyond the checkpoint, and its rows are already stored: a real "inserted but
      // not checkpointed" state, the one a naive rerun would double-count.
      expect(intent?.to).toBeGreaterThan(checkpoint?.position as bigint);
      const [stored] = await handle.query<{ n: string }>(
        `SELECT toString(count()) AS n FROM ${physicalName('trades', 1)}`,
      );
      expect(Number(stored?.n)).toBeGreaterThan(checkpoint?.rows as number);
      await handle.release();
      await ch.connector.close();
    }

    // 2. Killed again between the tables of one batch of a two-table read model (the rerun first
    //    redoes the batch cut short above: that is batch 1 of this process).
    const second = await runProjectChild([storePath, ch.uri, BATCH_EVENTS], {
      STELLAR_INDEXER_FAULT: 'after-table:ledger_stats_test:2',
    });
    expect(second.signal).toBe('SIGKILL');

    // 3. A plain rerun finishes.
    const last = await runProjectChild([storePath, ch.uri, BATCH_EVENTS]);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    const summary = JSON.parse(last.stdout.trim().split('\n').pop() as string) as {
      projections: Record<string, { position: string; rows: number }>;
    };
    const cleanProjections = (cleanSummary as typeof summary).projections;
    for (const p of PROJECTIONS) {
      expect(summary.projections[p.name]?.position).toBe(cleanProjections[p.name]?.position);
      expect(summary.projections[p.name]?.rows).toBe(cleanProjections[p.name]?.rows);
    }

    const crashed = await dumpOf(ch.uri);
    expect(Object.keys(crashed.views).sort()).toEqual(Object.keys(clean.views).sort());
    for (const view of Object.keys(clean.views))
      expect({ view, ...crashed.views[view] }).toEqual({ view, ...clean.views[view] });
    for (const table of Object.keys(clean.tables)) {
      expect({ table, rows: crashed.tables[table] }).toEqual({ table, rows: clean.tables[table] });
    }

    // The materialized view's sums are exact: equal to the sums of the stored amounts, computed here.
    const handle = await ch.open();
    const sums = await handle.query<{ asset: string; total: string; transfers: string }>(
      'SELECT asset, toString(total) AS total, toString(transfers) AS transfers FROM transfer_sums_test',
    );
    expect(sums.length).toBe(expectedSums.size);
    for (const row of sums) {
      const expected = expectedSums.get(row.asset);
      expect({ asset: row.asset, total: row.total, transfers: Number(row.transfers) }).toEqual({
        asset: row.asset,
        total: expected?.total.toString(),
        transfers: expected?.transfers,
      });
    }
    await handle.release();
    await ch.close();
  });
});
