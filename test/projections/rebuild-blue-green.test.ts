import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Projection } from '../../contracts/projection.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import type { LedgerEvents } from '../../ingest/ledger-events.ts';
import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';
import { ALL_PROJECTIONS } from '../../projections/read-models/index.ts';
import { type BatchInfo, createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import { createRunnerState } from '../../projections/runner/runner-state.ts';
import { appendLedgers, fixtureLedgers } from './helpers/fixture-store.ts';
import { dumpReadModels } from './helpers/read-model-dump.ts';
import { createTestClickHouse, type TestClickHouse } from './helpers/test-clickhouse.ts';
import {
  ledgerStatsProjection,
  TEST_PROJECTIONS,
  transferTotalsProjection,
} from './helpers/test-projections.ts';

let ledgers: LedgerEvents[];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ledgers = (await fixtureLedgers()).slice(0, 8);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(label: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `projection-rebuild-${label}-`));
  const store = createSqliteEventStore({ path: path.join(dir, 'events.db') });
  const test: TestClickHouse = await createTestClickHouse(dir);
  const ch = await test.open();
  cleanups.push(async () => {
    await store.close();
    await test.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { store, ch };
}

async function generationObjects(ch: ClickHouse): Promise<string[]> {
  const rows = await ch.query<{ name: string }>(
    "SELECT name FROM system.tables WHERE database = currentDatabase() AND match(name, '__g[0-9]+$') ORDER BY name",
  );
  return rows.map((r) => r.name);
}

describe('blue/green rebuild', () => {
  it('rebuilds every read model from position 0 into new tables equal to the incremental ones; readers never see a half-built table', async () => {
    const { store, ch } = await setup('all');
    const projections: readonly Projection[] = [...TEST_PROJECTIONS, ...ALL_PROJECTIONS];
    // Incremental: the store grows between runs, in small batches.
    await appendLedgers(store, ledgers.slice(0, 5));
    const runner = createProjectionRunner({ store, ch, projections, maxBatchEvents: 4000 });
    await runner.run();
    await appendLedgers(store, ledgers.slice(5));
    await runner.run();
    const incremental = await dumpReadModels(ch, projections);
    expect(Object.values(incremental.live).every((g) => g === 1)).toBe(true);
    expect(Object.keys(incremental.views).length).toBeGreaterThan(projections.length);

    // While the new generation builds, every reader view still answers with the complete old result.
    let buildingBatches = 0;
    const onBatch = async (info: BatchInfo): Promise<void> => {
      if (!info.workers.some((w) => w.status === 'building') || info.caughtUp) return;
      buildingBatches += 1;
      const during = await dumpReadModels(ch, projections);
      expect(during.views).toEqual(incremental.views);
      expect(during.live).toEqual(incremental.live);
    };
    const rebuilt = createProjectionRunner({ store, ch, projections, maxBatchEvents: 5000, onBatch });
    const summary = await rebuilt.run({ rebuild: 'all' });
    expect(buildingBatches).toBeGreaterThan(1);

    const after = await dumpReadModels(ch, projections);
    for (const p of projections) {
      expect(after.live[p.name]).toBe(2);
      expect(summary.projections[p.name]).toMatchObject({ generation: 2, status: 'live', lagEvents: 0 });
    }
    // Table by table: the rebuilt read models equal the incremental ones.
    for (const view of Object.keys(incremental.views)) {
      expect({ view, ...after.views[view] }).toEqual({ view, ...incremental.views[view] });
    }
    expect(after.tables).toEqual(incremental.tables);
    // The old generation's tables are gone; only the live ones remain.
    const objects = await generationObjects(ch);
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.every((name) => name.endsWith('__g2'))).toBe(true);
    const generations = await createRunnerState(ch).generations();
    expect(generations.filter((g) => g.generation === 1).map((g) => g.status)).toEqual(
      projections.map(() => 'dropped'),
    );
  });

  it('a new version rebuilds on its own, an interrupted rebuild resumes where it stopped, and --rebuild NAME touches only NAME', async () => {
    const { store, ch } = await setup('version');
    await appendLedgers(store, ledgers);
    await createProjectionRunner({ store, ch, projections: TEST_PROJECTIONS }).run();
    const v1 = await dumpReadModels(ch, TEST_PROJECTIONS);

    // Version 2 of transfer_totals_test: a new generation builds; stop it after its first batch.
    const v2: Projection = { ...transferTotalsProjection, version: 2 };
    const stop = new AbortController();
    const batches: BatchInfo[] = [];
    const interrupted = createProjectionRunner({
      store,
      ch,
      projections: [v2, ledgerStatsProjection],
      maxBatchEvents: 3000,
      onBatch: (info) => {
        batches.push(info);
        stop.abort();
      },
    });
    await interrupted.run({ signal: stop.signal });
    expect(batches.length).toBe(1);
    expect(batches[0]?.workers.map((w) => [w.projection, w.generation, w.status])).toEqual([
      ['transfer_totals_test', 2, 'building'],
    ]);
    // Readers still see version 1, complete.
    expect((await dumpReadModels(ch, TEST_PROJECTIONS)).views).toEqual(v1.views);

    // The next run continues generation 2 from its checkpoint, not from 0, then swaps it in.
    const resumed: BatchInfo[] = [];
    const summary = await createProjectionRunner({
      store,
      ch,
      projections: [v2, ledgerStatsProjection],
      maxBatchEvents: 3000,
      onBatch: (info) => {
        resumed.push(info);
      },
    }).run();
    expect(resumed[0]?.after).toBe(batches[0]?.to);
    expect(summary.projections.transfer_totals_test).toMatchObject({ generation: 2, status: 'live' });
    expect(summary.projections.ledger_stats_test).toMatchObject({
      generation: 1,
      status: 'live',
      written: 0,
    });
    const afterV2 = await dumpReadModels(ch, TEST_PROJECTIONS);
    expect(afterV2.views).toEqual(v1.views);

    // Rebuilding one read model leaves the other's generation alone.
    const only = await createProjectionRunner({ store, ch, projections: [v2, ledgerStatsProjection] }).run({
      rebuild: ['ledger_stats_test'],
    });
    expect(only.projections.ledger_stats_test?.generation).toBe(2);
    expect(only.projections.transfer_totals_test?.generation).toBe(2);
    expect(only.projections.transfer_totals_test?.written).toBe(0);
    expect((await dumpReadModels(ch, TEST_PROJECTIONS)).views).toEqual(v1.views);
  });
});
