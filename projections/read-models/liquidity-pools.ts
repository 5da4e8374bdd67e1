import { StrKey } from '@stellar/stellar-sdk';
import type { AssetString } from '../../contracts/asset.ts';
import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { integerString } from './amounts.ts';
import { factOf, unixSeconds } from './event-facts.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'liquidity_pools';

/**
 * One row per LiquidityPoolUpdated: a pool's reserves as one operation left them. Keyed by pool,
 * then the operation's TOID (chain order), so a pool's history is one narrow range and a fact
 * inserted again collapses into its row.
 */
const CREATE = `CREATE TABLE IF NOT EXISTS {{liquidity_pools}} (
  pool_id String,
  op_id UInt64,
  id String,
  ledger UInt32,
  close_time DateTime('UTC'),
  tx_hash String,
  op_index UInt32,
  change LowCardinality(String),
  pool_address String,
  asset_a LowCardinality(String),
  asset_b LowCardinality(String),
  fee UInt32,
  reserve_a Int128,
  reserve_b Int128,
  total_shares Int128,
  trust_line_count Int64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (pool_id, op_id)
${MERGE_TREE_SETTINGS}`;

const READER = 'SELECT * FROM {{liquidity_pools}} FINAL';

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const pool = factOf(NAME, event, 'LiquidityPoolUpdated');
  if (pool === null) return [];
  const d = pool.data;
  const amount = (field: keyof typeof d, value: unknown): string =>
    integerString(NAME, event, `data.${field}`, value);
  return [
    {
      table: NAME,
      rows: [
        {
          pool_id: d.poolId,
          op_id: pool.id.slice(0, pool.id.indexOf('-')),
          id: pool.id,
          ledger: pool.ledger,
          close_time: unixSeconds(pool.closeTime),
          tx_hash: pool.txHash ?? '',
          op_index: d.operationIndex,
          change: d.change,
          pool_address: d.poolAddress,
          asset_a: d.assetA,
          asset_b: d.assetB,
          fee: d.fee,
          reserve_a: amount('reserveA', d.reserveA),
          reserve_b: amount('reserveB', d.reserveB),
          total_shares: amount('totalPoolShares', d.totalPoolShares),
          trust_line_count: amount('poolSharesTrustLineCount', d.poolSharesTrustLineCount),
          version: event.position.toString(),
        },
      ],
    },
  ];
}

/**
 * `liquidity_pools`: every state a liquidity pool entry was left in by an operation (created,
 * updated, restored, removed), with both assets, exact reserves, total shares and share trust lines.
 * The latest row of a pool up to a ledger is its state as of that ledger (POOL_RESERVES_AS_OF_SQL).
 */
export const liquidityPoolsProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['LiquidityPoolUpdated'],
  tables: [{ name: NAME, kind: 'table', create: CREATE, readerQuery: READER }],
  rowsFor,
};

/**
 * Reserves of pool `{pool:String}` (hex id) in asset `{asset:String}` as of ledger
 * `{ledger:UInt32}`: the pool's latest row with `ledger <= {ledger}`, no row when the pool had no
 * recorded change by then or does not hold that asset. `reserve` is the asset's reserve,
 * `other_asset`/`other_reserve` the other side, all integers as decimal strings. A `removed` pool
 * reports its last state (zero reserves).
 */
export const POOL_RESERVES_AS_OF_SQL = `SELECT pool_id, pool_address, ledger, toString(op_id) AS op_id,
  formatDateTime(close_time, '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS close_time, change, fee,
  {asset:String} AS asset,
  toString(if(asset_a = {asset:String}, reserve_a, reserve_b)) AS reserve,
  if(asset_a = {asset:String}, asset_b, asset_a) AS other_asset,
  toString(if(asset_a = {asset:String}, reserve_b, reserve_a)) AS other_reserve,
  toString(total_shares) AS total_shares
FROM liquidity_pools
WHERE pool_id = {pool:String} AND ledger <= {ledger:UInt32}
  AND (asset_a = {asset:String} OR asset_b = {asset:String})
ORDER BY op_id DESC
LIMIT 1`;

/** A row of POOL_RESERVES_AS_OF_SQL. */
export interface PoolReservesRow {
  readonly pool_id: string;
  readonly pool_address: string;
  readonly ledger: number;
  readonly op_id: string;
  /** ISO-8601 UTC, second precision. */
  readonly close_time: string;
  readonly change: string;
  readonly fee: number;
  readonly asset: AssetString;
  readonly reserve: string;
  readonly other_asset: AssetString;
  readonly other_reserve: string;
  readonly total_shares: string;
}

const HEX_POOL_ID = /^[0-9a-f]{64}$/;

/**
 * The hex id the table keys pools by, from a hex id (any case) or an `L…` strkey; null when `pool`
 * is neither (validate rule input with it before querying).
 */
export function liquidityPoolIdHex(pool: string): string | null {
  const lower = pool.toLowerCase();
  if (HEX_POOL_ID.test(lower)) return lower;
  if (!StrKey.isValidLiquidityPool(pool)) return null;
  return Buffer.from(StrKey.decodeLiquidityPool(pool)).toString('hex');
}

/** What POOL_RESERVES_AS_OF_SQL runs on: a ClickHouse handle or a trigger ReadModelReader. */
export interface PoolReservesReader {
  query<T>(sql: string, options?: { params?: Record<string, unknown> }): Promise<T[]>;
}

/**
 * Reserves of `pool` (hex or `L…`) in `asset` (`native` or `CODE:ISSUER`) as of `ledger`; null when
 * the pool id is not one, the pool had no recorded change up to that ledger, or it does not hold
 * the asset.
 */
export async function readPoolReservesAsOf(
  reader: PoolReservesReader,
  query: { readonly pool: string; readonly asset: AssetString; readonly ledger: number },
): Promise<PoolReservesRow | null> {
  const pool = liquidityPoolIdHex(query.pool);
  if (pool === null) return null;
  const [row] = await reader.query<PoolReservesRow>(POOL_RESERVES_AS_OF_SQL, {
    params: { pool, asset: query.asset, ledger: query.ledger },
  });
  return row ?? null;
}
