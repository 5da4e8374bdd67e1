import type { ProjectionTable } from '../../contracts/projection.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

/** Candle intervals: name and length in seconds (buckets align on the Unix epoch, so on UTC days). */
export const CANDLE_INTERVALS: readonly (readonly [string, number])[] = [
  ['1m', 60],
  ['5m', 300],
  ['1h', 3600],
  ['1d', 86400],
];

/**
 * OHLCV per pair, interval and bucket. Open/close are argMin/argMax of the exact price over the
 * chain order of the trade (operation TOID, then claim-atom index), so any insertion order and any
 * split into batches give the same candle; high/low are min/max of the same Decimal(76, 38) price.
 */
const CREATE_CANDLES = `CREATE TABLE IF NOT EXISTS {{candles}} (
  base_asset LowCardinality(String),
  counter_asset LowCardinality(String),
  interval LowCardinality(String),
  bucket DateTime('UTC'),
  open AggregateFunction(argMin, Decimal(76, 38), Tuple(UInt64, UInt32)),
  high SimpleAggregateFunction(max, Decimal(76, 38)),
  low SimpleAggregateFunction(min, Decimal(76, 38)),
  close AggregateFunction(argMax, Decimal(76, 38), Tuple(UInt64, UInt32)),
  base_volume SimpleAggregateFunction(sum, Int128),
  counter_volume SimpleAggregateFunction(sum, Int128),
  trade_count SimpleAggregateFunction(sum, UInt64)
) ENGINE = AggregatingMergeTree
ORDER BY (base_asset, counter_asset, interval, bucket)
${MERGE_TREE_SETTINGS}`;

const intervalArray = CANDLE_INTERVALS.map(([name, seconds]) => `('${name}', ${seconds})`).join(', ');

/** Trades that moved nothing on one side have no meaningful price and stay out of candles. */
const CREATE_CANDLES_MV = `CREATE MATERIALIZED VIEW IF NOT EXISTS {{candles_mv}} TO {{candles}} AS
SELECT
  base_asset,
  counter_asset,
  iv.1 AS interval,
  toDateTime(intDiv(toUInt32(close_time), iv.2) * iv.2, 'UTC') AS bucket,
  argMinState(assumeNotNull(price), (op_id, trade_index)) AS open,
  max(assumeNotNull(price)) AS high,
  min(assumeNotNull(price)) AS low,
  argMaxState(assumeNotNull(price), (op_id, trade_index)) AS close,
  sum(base_amount) AS base_volume,
  sum(counter_amount) AS counter_volume,
  count() AS trade_count
FROM {{trades}}
ARRAY JOIN [${intervalArray}] AS iv
WHERE base_amount > 0 AND counter_amount > 0 AND price IS NOT NULL
GROUP BY base_asset, counter_asset, interval, bucket`;

/** Readers get finished candles: the partial states of every insert merged per bucket. */
const CANDLES_READER = `SELECT
  base_asset,
  counter_asset,
  interval,
  bucket,
  argMinMerge(open) AS open,
  max(high) AS high,
  min(low) AS low,
  argMaxMerge(close) AS close,
  sum(base_volume) AS base_volume,
  sum(counter_volume) AS counter_volume,
  sum(trade_count) AS trade_count
FROM {{candles}}
GROUP BY base_asset, counter_asset, interval, bucket`;

/** The candle tables, created after `trades` in the trades projection (the view reads its inserts). */
export const CANDLE_TABLES: readonly ProjectionTable[] = [
  { name: 'candles', kind: 'view', create: CREATE_CANDLES, readerQuery: CANDLES_READER },
  { name: 'candles_mv', kind: 'view', create: CREATE_CANDLES_MV, internal: true },
];
