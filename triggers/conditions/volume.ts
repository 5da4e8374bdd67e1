import type { ReadModelCondition } from '../rules/rule-types.ts';
import { orientPair } from './pair-order.ts';
import type { AsOf, ConditionResult, ReadModelReader } from './read-model-reader.ts';
import { WINDOW_SQL, windowAsOf } from './window.ts';

type Volume = Extract<ReadModelCondition, { type: 'volume' }>;

const SQL = `SELECT toString(sum(base_amount)) AS base, toString(sum(counter_amount)) AS counter, toString(count()) AS trades
FROM trades
WHERE base_asset = {base:String} AND counter_asset = {counter:String} AND ${WINDOW_SQL}`;

/** Traded volume of one side of a pair over the window (`trades` read model), compared with gte. */
export async function evaluateVolume(
  reader: ReadModelReader,
  c: Volume,
  asOf: AsOf,
): Promise<ConditionResult> {
  const pair = orientPair(c.pair);
  const window = windowAsOf(asOf, c.windowSeconds);
  const [row] = await reader.query<{ base: string; counter: string; trades: string }>(SQL, {
    params: { base: pair.base, counter: pair.counter, ...window.params },
  });
  // `side` is relative to the pair as written; the read model may hold it the other way round.
  const readModelSide = (c.side === 'base') !== pair.swapped ? 'base' : 'counter';
  const volume = BigInt(row?.[readModelSide] ?? '0');
  const holds = volume >= BigInt(c.gte);
  const asset = c.side === 'base' ? c.pair.base : c.pair.counter;
  const trades = row?.trades ?? '0';
  return {
    holds,
    reason: `${c.side} volume of ${pair.text} over ${c.windowSeconds} s to ledger ${asOf.ledger} is ${volume} ${asset} in ${trades} trades, ${holds ? '>=' : '<'} ${c.gte}`,
    values: {
      pair: pair.text,
      side: c.side,
      asset,
      volume: volume.toString(),
      trades,
      gte: c.gte,
      ...window.values,
    },
  };
}
