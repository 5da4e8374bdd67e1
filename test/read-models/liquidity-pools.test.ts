import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StrKey } from '@stellar/stellar-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestJob } from '../../cli/ingest-job.ts';
import type { StoredEvent } from '../../contracts/event-store.ts';
import type { LiquidityPoolUpdated } from '../../contracts/events/index.ts';
import { openEventStore } from '../../event-store/open-event-store.ts';
import {
  liquidityPoolIdHex,
  liquidityPoolsProjection,
  type PoolReservesReader,
  readPoolReservesAsOf,
} from '../../projections/read-models/liquidity-pools.ts';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { createReadModelHarness, type ReadModelHarness, unevenBatches } from './helpers/harness.ts';

const silent = { info() {}, debug() {} };
let dir: string;
let h: ReadModelHarness;
let events: StoredEvent[];
/** The LiquidityPoolUpdated facts of the store, in store order. */
let facts: LiquidityPoolUpdated[];
let reader: PoolReservesReader;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liquidity-pools-'));
  const storeUri = `sqlite:${path.join(dir, 'events.db')}`;
  await runIngestJob({ source: PUBNET_P26_DIR(), storeUri, network: 'pubnet', logger: silent });
  const store = await openEventStore(storeUri);
  events = [];
  try {
    for await (const event of store.readAll({ types: ['LiquidityPoolUpdated'] })) events.push(event);
  } finally {
    await store.close();
  }
  facts = events.map((e) => e.payload as LiquidityPoolUpdated);
  h = await createReadModelHarness([liquidityPoolsProjection]);
  const batches = unevenBatches(events, [300, 41, 500, 7]);
  for (const [i, batch] of batches.entries()) await h.insertBatch(batch, `b${i}`);
  reader = {
    async query<T>(sql: string, options?: { params?: Record<string, unknown> }): Promise<T[]> {
      const result = await h.client.query({
        query: sql,
        format: 'JSONEachRow',
        ...(options?.params === undefined ? {} : { query_params: options.params }),
      });
      return (await result.json()) as T[];
    },
  };
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

/** The last fact of each pool with ledger <= `ledger`, computed from the store's events alone. */
function lastByPool(ledger = Number.MAX_SAFE_INTEGER): Map<string, LiquidityPoolUpdated> {
  const out = new Map<string, LiquidityPoolUpdated>();
  for (const f of facts) if (f.ledger <= ledger) out.set(f.data.poolId, f);
  return out;
}

interface LatestRow {
  pool_id: string;
  id: string;
  ledger: number;
  asset_a: string;
  asset_b: string;
  fee: number;
  reserve_a: string;
  reserve_b: string;
  total_shares: string;
  trust_line_count: string;
}

const LATEST = `SELECT pool_id, argMax(id, op_id) AS id, argMax(ledger, op_id) AS ledger,
  any(asset_a) AS asset_a, any(asset_b) AS asset_b, any(fee) AS fee,
  toString(argMax(reserve_a, op_id)) AS reserve_a, toString(argMax(reserve_b, op_id)) AS reserve_b,
  toString(argMax(total_shares, op_id)) AS total_shares,
  toString(argMax(trust_line_count, op_id)) AS trust_line_count
FROM liquidity_pools GROUP BY pool_id ORDER BY pool_id`;

describe('liquidity_pools read model', () => {
  it('holds one row per LiquidityPoolUpdated of the store, once, even after a replay', async () => {
    expect(facts.length).toBe(961);
    const count = async () => (await h.query<{ n: string }>('SELECT count() n FROM liquidity_pools'))[0]?.n;
    expect(await count()).toBe('961');
    // A replay from the start, in other batches with other tokens: the same rows, still once each.
    for (const [i, batch] of unevenBatches(events, [123, 900]).entries()) await h.insertBatch(batch, `r${i}`);
    expect(await count()).toBe('961');
  });

  it("each pool's latest reserves equal the last LiquidityPoolUpdated of that pool in the store", async () => {
    const expected = [...lastByPool().values()]
      .map((f) => ({
        pool_id: f.data.poolId,
        id: f.id,
        ledger: f.ledger,
        asset_a: f.data.assetA,
        asset_b: f.data.assetB,
        fee: f.data.fee,
        reserve_a: f.data.reserveA,
        reserve_b: f.data.reserveB,
        total_shares: f.data.totalPoolShares,
        trust_line_count: f.data.poolSharesTrustLineCount,
      }))
      .sort((a, b) => (a.pool_id < b.pool_id ? -1 : 1));
    expect(expected.length).toBeGreaterThan(20);
    expect(await h.query<LatestRow>(LATEST)).toEqual(expected);
  });

  it('readPoolReservesAsOf: the latest row at or before a ledger, for either asset, by hex or L… id', async () => {
    // The pools changed most often, asked as of several ledgers, including between their changes.
    const counts = new Map<string, number>();
    for (const f of facts) counts.set(f.data.poolId, (counts.get(f.data.poolId) ?? 0) + 1);
    const busiest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3);
    let compared = 0;
    for (const [pool] of busiest) {
      for (const ledger of [63092982, 63092987, 63092990, 63092995, 63093001]) {
        const last = lastByPool(ledger).get(pool);
        const first = facts.find((f) => f.data.poolId === pool);
        if (first === undefined) throw new Error('pool without facts');
        for (const asset of [first.data.assetA, first.data.assetB]) {
          const row = await readPoolReservesAsOf(reader, { pool, asset, ledger });
          if (last === undefined) {
            expect(row).toBeNull();
            continue;
          }
          const isA = asset === last.data.assetA;
          expect(row).toEqual({
            pool_id: pool,
            pool_address: last.data.poolAddress,
            ledger: last.ledger,
            op_id: last.id.split('-')[0],
            close_time: last.closeTime.replace('.000Z', 'Z'),
            change: last.data.change,
            fee: last.data.fee,
            asset,
            reserve: isA ? last.data.reserveA : last.data.reserveB,
            other_asset: isA ? last.data.assetB : last.data.assetA,
            other_reserve: isA ? last.data.reserveB : last.data.reserveA,
            total_shares: last.data.totalPoolShares,
          });
          compared += 1;
        }
      }
      const address = StrKey.encodeLiquidityPool(Buffer.from(pool, 'hex'));
      const asset = facts.find((f) => f.data.poolId === pool)?.data.assetA ?? '';
      expect(await readPoolReservesAsOf(reader, { pool: address, asset, ledger: 63093001 })).toEqual(
        await readPoolReservesAsOf(reader, { pool: pool.toUpperCase(), asset, ledger: 63093001 }),
      );
    }
    expect(compared).toBeGreaterThan(10);
    const [pool] = busiest[0] ?? [''];
    expect(await readPoolReservesAsOf(reader, { pool, asset: 'XYZ:GNOPE', ledger: 63093001 })).toBeNull();
    expect(await readPoolReservesAsOf(reader, { pool, asset: 'native', ledger: 63092981 })).toBeNull();
    expect(await readPoolReservesAsOf(reader, { pool: 'not-a-pool', asset: 'native', ledger: 1 })).toBeNull();
    expect(liquidityPoolIdHex('GBGRBCUB6L7LH4JQ6EPDP7REH2DDACMCUQI76M3P6DM52QWU2Z5LIEVW')).toBeNull();
  });
});
