import type { ApiContext } from '../context.ts';
import { oneOfArg } from '../read/args.ts';
import type { PageArgs } from '../read/connection.ts';
import { type ListSpec, readList } from '../read/read-list.ts';
import { type PairInput, pairArg, type TimeRangeArgs, timeRange } from './filters.ts';
import { bool, num, type Row, str, strOrNull, time } from './rows.ts';

export const tradeNode = (r: Row) => ({
  id: str(r.id),
  ledger: num(r.ledger),
  closeTime: time(r.close_time),
  txHash: str(r.tx_hash),
  kind: str(r.kind),
  buyer: str(r.buyer),
  seller: strOrNull(r.seller),
  offerId: strOrNull(r.offer_id),
  liquidityPoolId: strOrNull(r.liquidity_pool_id),
  baseAsset: str(r.base_asset),
  counterAsset: str(r.counter_asset),
  baseAmount: str(r.base_amount),
  counterAmount: str(r.counter_amount),
  takerBoughtBase: bool(r.taker_bought_base),
  priceN: strOrNull(r.price_n),
  priceD: strOrNull(r.price_d),
  price: strOrNull(r.price),
});

const TRADES: ListSpec<Row, ReturnType<typeof tradeNode>> = {
  list: 'trades',
  from: 'trades',
  select: '* EXCEPT price_f64',
  sort: [
    { sql: 'op_id', type: 'UInt64' },
    { sql: 'trade_index', type: 'UInt32' },
  ],
  keyOf: (r) => [str(r.op_id), str(r.trade_index)],
  nodeOf: tradeNode,
};

export const candleNode = (r: Row) => ({
  baseAsset: str(r.base_asset),
  counterAsset: str(r.counter_asset),
  interval: str(r.interval),
  bucket: time(r.bucket),
  open: str(r.open),
  high: str(r.high),
  low: str(r.low),
  close: str(r.close),
  baseVolume: str(r.base_volume),
  counterVolume: str(r.counter_volume),
  tradeCount: num(r.trade_count),
});

const CANDLES: ListSpec<Row, ReturnType<typeof candleNode>> = {
  list: 'candles',
  from: 'candles',
  select: '*',
  sort: [{ sql: 'bucket', type: 'DateTime' }],
  keyOf: (r) => [str(r.bucket)],
  nodeOf: candleNode,
};

export const CANDLE_INTERVALS = ['1m', '5m', '1h', '1d'] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

const INTERVAL_NAMES: Record<string, CandleInterval> = {
  ONE_MINUTE: '1m',
  FIVE_MINUTES: '5m',
  ONE_HOUR: '1h',
  ONE_DAY: '1d',
};

/** The GraphQL enum name (or the read model's own `1m`…) as the read model's interval. */
export const intervalArg = (value: string): CandleInterval =>
  INTERVAL_NAMES[value] ?? oneOfArg(value, CANDLE_INTERVALS, 'interval');

interface TradesArgs extends PageArgs, TimeRangeArgs {
  readonly pair: PairInput;
}

interface CandlesArgs extends TradesArgs {
  readonly interval: string;
}

function pairFilters(args: TradesArgs, timeColumn: string) {
  const pair = pairArg(args.pair);
  const params: Record<string, unknown> = { base: pair.base, counter: pair.counter };
  const filters = ['base_asset = {base:String}', 'counter_asset = {counter:String}'];
  timeRange(args, timeColumn, filters, params);
  return { filters, params };
}

export const tradeResolvers = {
  trades: (_: unknown, args: TradesArgs, ctx: ApiContext) => {
    const { filters, params } = pairFilters(args, 'close_time');
    return readList(ctx.deps.ch, ctx.deps.config, TRADES, filters, params, args);
  },
  candles: (_: unknown, args: CandlesArgs, ctx: ApiContext) => {
    const { filters, params } = pairFilters(args, 'bucket');
    params.interval = intervalArg(args.interval);
    filters.push('interval = {interval:String}');
    return readList(ctx.deps.ch, ctx.deps.config, CANDLES, filters, params, args);
  },
};
