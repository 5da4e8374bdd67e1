import { readPoolReservesAsOf } from '../../projections/read-models/liquidity-pools.ts';
import type { ReadModelCondition } from '../rules/rule-types.ts';
import type { AsOf, ConditionResult, ReadModelReader } from './read-model-reader.ts';

type PoolReserves = Extract<ReadModelCondition, { type: 'poolReserves' }>;

/**
 * A pool's reserve of one asset as of the ledger (its last recorded change at or before it, from the
 * `liquidity_pools` read model) strictly below `below`. A pool with no recorded change yet does not hold.
 */
export async function evaluatePoolReserves(
  reader: ReadModelReader,
  c: PoolReserves,
  asOf: AsOf,
): Promise<ConditionResult> {
  const row = await readPoolReservesAsOf(reader, {
    pool: c.pool,
    asset: c.asset as never,
    ledger: asOf.ledger,
  });
  if (row === null)
    return {
      holds: false,
      reason: `pool ${c.pool} has no recorded change holding ${c.asset} up to ledger ${asOf.ledger}`,
      values: { pool: c.pool, asset: c.asset, below: c.below },
    };
  const holds = BigInt(row.reserve) < BigInt(c.below);
  return {
    holds,
    reason: `pool ${row.pool_address} holds ${row.reserve} ${c.asset} at ledger ${asOf.ledger} (last change at ledger ${row.ledger}), ${holds ? '<' : '>='} ${c.below}`,
    values: {
      pool: row.pool_address,
      asset: c.asset,
      reserve: row.reserve,
      otherAsset: row.other_asset,
      otherReserve: row.other_reserve,
      totalShares: row.total_shares,
      changedAtLedger: String(row.ledger),
      below: c.below,
    },
  };
}
