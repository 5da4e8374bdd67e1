import type { Row } from '../resolvers/rows.ts';

const SECONDS = { '1m': 60, '5m': 300, '1h': 3600, '1d': 86_400 } as const;

export interface Candle {
  readonly baseAsset: string;
  readonly counterAsset: string;
  readonly interval: string;
  readonly bucket: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly baseVolume: string;
  readonly counterVolume: string;
  readonly tradeCount: number;
}

export interface CandleState {
  readonly bucketStart: number;
  readonly candle: Candle;
}

/** Prices are decimals with the same 38 fraction digits, so comparing them as scaled bigints is exact. */
const scaled = (price: string): bigint => BigInt(price.replace('.', ''));

/** Adds one trade row (trades read model shape, in chain order) to the candle of its bucket. */
export function foldCandle(state: CandleState | null, row: Row, interval: keyof typeof SECONDS): CandleState {
  const seconds = SECONDS[interval];
  const at = Number(row.close_time);
  const bucketStart = at - (at % seconds);
  const price = String(row.price);
  const base = BigInt(String(row.base_amount));
  const counter = BigInt(String(row.counter_amount));
  if (state === null || state.bucketStart !== bucketStart) {
    return {
      bucketStart,
      candle: {
        baseAsset: String(row.base_asset),
        counterAsset: String(row.counter_asset),
        interval,
        bucket: new Date(bucketStart * 1000).toISOString().replace('.000Z', 'Z'),
        open: price,
        high: price,
        low: price,
        close: price,
        baseVolume: base.toString(),
        counterVolume: counter.toString(),
        tradeCount: 1,
      },
    };
  }
  const c = state.candle;
  return {
    bucketStart,
    candle: {
      ...c,
      high: scaled(price) > scaled(c.high) ? price : c.high,
      low: scaled(price) < scaled(c.low) ? price : c.low,
      close: price,
      baseVolume: (BigInt(c.baseVolume) + base).toString(),
      counterVolume: (BigInt(c.counterVolume) + counter).toString(),
      tradeCount: c.tradeCount + 1,
    },
  };
}
