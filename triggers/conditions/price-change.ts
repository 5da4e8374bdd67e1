import type { ReadModelCondition } from '../rules/rule-types.ts';
import { decimalOf, parseDecimal } from './decimal.ts';
import { orientPair } from './pair-order.ts';
import type { AsOf, ConditionResult, ReadModelReader } from './read-model-reader.ts';
import { WINDOW_SQL, windowAsOf } from './window.ts';

type PriceChange = Extract<ReadModelCondition, { type: 'priceChange' }>;

/** First and last priced trade of the window in chain order, (op_id, trade_index). */
const SQL = `SELECT
  toString(argMin(assumeNotNull(price_n), (op_id, trade_index))) AS first_n,
  toString(argMin(assumeNotNull(price_d), (op_id, trade_index))) AS first_d,
  toString(argMax(assumeNotNull(price_n), (op_id, trade_index))) AS last_n,
  toString(argMax(assumeNotNull(price_d), (op_id, trade_index))) AS last_d,
  argMin(id, (op_id, trade_index)) AS first_id,
  argMax(id, (op_id, trade_index)) AS last_id,
  toString(count()) AS trades
FROM trades
WHERE base_asset = {base:String} AND counter_asset = {counter:String} AND ${WINDOW_SQL}
  AND price_n > 0 AND price_d > 0`;

interface Row {
  first_n: string;
  first_d: string;
  last_n: string;
  last_d: string;
  first_id: string;
  last_id: string;
  trades: string;
}

/** Digits kept in the values (the comparison itself is exact). */
const PRICE_DIGITS = 38;
const PERCENT_DIGITS = 8;

/**
 * Change of the pair's price (counter per base, as the rule writes the pair) from the first to the
 * last trade of the window, compared exactly: with p0 = a0/b0, p1 = a1/b1 and X = xn/xd percent,
 * `change >= X` ⇔ 100·a1·b0·xd >= a0·b1·(100·xd + xn). No trade in the window: does not hold.
 */
export async function evaluatePriceChange(
  reader: ReadModelReader,
  c: PriceChange,
  asOf: AsOf,
): Promise<ConditionResult> {
  const pair = orientPair(c.pair);
  const window = windowAsOf(asOf, c.windowSeconds);
  const [row] = await reader.query<Row>(SQL, {
    params: { base: pair.base, counter: pair.counter, ...window.params },
  });
  const op = c.gtePercent === undefined ? '<=' : '>=';
  const threshold = (c.gtePercent ?? c.ltePercent) as string;
  if (row === undefined || row.trades === '0') {
    return {
      holds: false,
      reason: `no trade of ${pair.text} in the ${c.windowSeconds} s to ledger ${asOf.ledger}: no price change to compare`,
      values: {
        pair: pair.text,
        trades: '0',
        [op === '>=' ? 'gtePercent' : 'ltePercent']: threshold,
        ...window.values,
      },
    };
  }
  // The read model's price is counter/base in its own order; the rule's is the inverse when swapped.
  const [a0, b0] = pair.swapped
    ? [BigInt(row.first_d), BigInt(row.first_n)]
    : [BigInt(row.first_n), BigInt(row.first_d)];
  const [a1, b1] = pair.swapped
    ? [BigInt(row.last_d), BigInt(row.last_n)]
    : [BigInt(row.last_n), BigInt(row.last_d)];
  const x = parseDecimal(threshold);
  const left = 100n * a1 * b0 * x.d;
  const right = a0 * b1 * (100n * x.d + x.n);
  const holds = op === '>=' ? left >= right : left <= right;
  const changePercent = decimalOf((a1 * b0 - a0 * b1) * 100n, a0 * b1, PERCENT_DIGITS);
  return {
    holds,
    reason: `price of ${pair.text} moved ${changePercent}% over ${c.windowSeconds} s to ledger ${asOf.ledger} (${row.trades} trades), ${holds ? '' : 'not '}${op} ${threshold}%`,
    values: {
      pair: pair.text,
      firstPrice: decimalOf(a0, b0, PRICE_DIGITS),
      lastPrice: decimalOf(a1, b1, PRICE_DIGITS),
      changePercent,
      firstTrade: row.first_id,
      lastTrade: row.last_id,
      trades: row.trades,
      [op === '>=' ? 'gtePercent' : 'ltePercent']: threshold,
      ...window.values,
    },
  };
}
