import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiquidityPoolUpdated } from '../../contracts/events/liquidity-pool-updated.ts';
import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';
import { evaluateHistory } from '../../triggers/engine/evaluate-history.ts';
import { parseRulesText } from '../../triggers/rules/parse-rules.ts';
import type { TestClickHouse } from '../projections/helpers/test-clickhouse.ts';
import {
  type LedgerInfo,
  projectedP26Store,
  storedOfType,
  type TempStore,
} from './helpers/trigger-fixture.ts';

let t: TempStore;
let tch: TestClickHouse;
let ch: ClickHouse;
let ledgers: LedgerInfo[];
let updates: LiquidityPoolUpdated[];

beforeAll(async () => {
  ({ temp: t, clickhouse: tch, ledgers } = await projectedP26Store('trigger-pools-'));
  ch = await tch.connector.open(tch.uri, { readOnly: true });
  updates = (await storedOfType(t.store, ['LiquidityPoolUpdated'])).map(
    (e) => e.payload as LiquidityPoolUpdated,
  );
});
afterAll(async () => {
  await ch?.release();
  await tch?.close();
  await t?.close();
});

describe('poolReserves rule on the real fixture ledgers', () => {
  it('holds exactly at the ledgers where the pool last recorded a reserve below the level', async () => {
    // The pool changed most often, its asset A, and a level between its smallest and largest reserve.
    const counts = new Map<string, number>();
    for (const u of updates) counts.set(u.data.poolId, (counts.get(u.data.poolId) ?? 0) + 1);
    const [pool] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
    const mine = updates.filter((u) => u.data.poolId === pool);
    expect(mine.length).toBeGreaterThan(3);
    const asset = mine[0]?.data.assetA as string;
    const reserves = mine.map((u) => BigInt(u.data.reserveA)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const below = (reserves[Math.floor(reserves.length / 2)] as bigint) + 1n;

    // Independently: the last update at or before each ledger, compared with the level.
    const expected = ledgers
      .filter((l) => {
        const last = mine.filter((u) => u.ledger <= l.ledger).at(-1);
        return last !== undefined && BigInt(last.data.reserveA) < below;
      })
      .map((l) => l.ledger);
    expect(expected.length).toBeGreaterThan(0);

    const rules = parseRulesText(
      `rules:\n  - name: low-pool\n    kind: readModel\n    rearm: always\n    condition:\n      poolReserves: { pool: "${pool}", asset: "${asset}", below: "${below}" }\n`,
      'pools.yaml',
    );
    const first = ledgers[0]?.ledger as number;
    const last = ledgers.at(-1)?.ledger as number;
    const result = await evaluateHistory({ store: t.store, clickhouse: ch, rules, from: first, to: last });
    expect(result.firings.map((f) => f.ledger)).toEqual(expected);
    const sample = result.firings[0];
    const lastBefore = mine.filter((u) => u.ledger <= (sample?.ledger ?? 0)).at(-1);
    expect(sample?.data.values.reserve).toBe(lastBefore?.data.reserveA);
    expect(sample?.data.values.below).toBe(String(below));
  });
});
