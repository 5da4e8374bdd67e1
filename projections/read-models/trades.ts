import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { integerString } from './amounts.ts';
import { CANDLE_TABLES } from './candles.ts';
import { factOf, unixSeconds, withoutLeadingZeros } from './event-facts.ts';
import { exactPrice, normalizePair } from './pair.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'trades';

/**
 * Every claim atom (order book and liquidity pool) of successful transactions. The key starts with
 * the pair so per-pair dashboards read a narrow range; (op_id, trade_index) is the trade id.
 */
const CREATE = `CREATE TABLE IF NOT EXISTS {{trades}} (
  base_asset LowCardinality(String),
  counter_asset LowCardinality(String),
  op_id UInt64,
  trade_index UInt32,
  id String,
  ledger UInt32,
  close_time DateTime('UTC'),
  tx_hash String,
  kind LowCardinality(String),
  buyer String,
  seller Nullable(String),
  offer_id Nullable(Int64),
  liquidity_pool_id Nullable(String),
  base_amount Int128,
  counter_amount Int128,
  taker_bought_base Bool,
  price_n Nullable(Int128),
  price_d Nullable(Int128),
  price Nullable(Decimal(76, 38)),
  price_f64 Nullable(Float64),
  version UInt64,
  INDEX idx_buyer buyer TYPE bloom_filter GRANULARITY 4
) ENGINE = ReplacingMergeTree(version)
ORDER BY (base_asset, counter_asset, op_id, trade_index)
${MERGE_TREE_SETTINGS}`;

const READER = 'SELECT * FROM {{trades}} FINAL';

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const trade = factOf(NAME, event, 'TradeExecuted');
  if (trade === null) return [];
  const d = trade.data;
  const pair = normalizePair(
    d.assetSold,
    BigInt(integerString(NAME, event, 'data.amountSold', d.amountSold)),
    d.assetBought,
    BigInt(integerString(NAME, event, 'data.amountBought', d.amountBought)),
  );
  const price = exactPrice(pair.counterAmount, pair.baseAmount);
  return [
    {
      table: NAME,
      rows: [
        {
          base_asset: pair.baseAsset,
          counter_asset: pair.counterAsset,
          op_id: withoutLeadingZeros(trade.id.slice(0, trade.id.indexOf('-'))),
          trade_index: d.index,
          id: trade.id,
          ledger: trade.ledger,
          close_time: unixSeconds(trade.closeTime),
          version: event.position.toString(),
          tx_hash: trade.txHash ?? '',
          kind: d.kind,
          buyer: d.buyer,
          seller: d.seller,
          offer_id: d.offerId,
          liquidity_pool_id: d.liquidityPoolId,
          base_amount: pair.baseAmount.toString(),
          counter_amount: pair.counterAmount.toString(),
          taker_bought_base: pair.takerBoughtBase,
          price_n: price?.n.toString() ?? null,
          price_d: price?.d.toString() ?? null,
          price: price?.decimal ?? null,
          // For charts only; every sum and comparison uses the exact columns.
          price_f64: price === null ? null : Number(price.decimal),
        },
      ],
    },
  ];
}

/**
 * `trades` (and `candles`, kept from it by a materialized view): every claim atom with a normalized
 * pair, base and counter amounts, and the exact price counter/base.
 */
export const tradesProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['TradeExecuted'],
  tables: [{ name: NAME, kind: 'table', create: CREATE, readerQuery: READER }, ...CANDLE_TABLES],
  rowsFor,
};
