import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradeExecuted } from '../../contracts/events/trade-executed.ts';
import { tradesProjection } from '../../projections/read-models/trades.ts';
import { createReadModelHarness, type ReadModelHarness, unevenBatches } from './helpers/harness.ts';
import { factsOfType, loadFixtureEvents } from './helpers/stored-events.ts';

/** Independent of the projection: pair order native first, then byte order of the asset strings. */
function pairOf(t: TradeExecuted) {
  const { assetSold, assetBought } = t.data;
  const soldIsBase =
    assetSold === 'native' ||
    (assetBought !== 'native' && Buffer.compare(Buffer.from(assetSold), Buffer.from(assetBought)) < 0);
  const sold = BigInt(t.data.amountSold);
  const bought = BigInt(t.data.amountBought);
  return soldIsBase
    ? { base: assetSold, counter: assetBought, baseAmount: sold, counterAmount: bought }
    : { base: assetBought, counter: assetSold, baseAmount: bought, counterAmount: sold };
}

/** floor(n / d · 10^38) as ClickHouse prints a Decimal(76, 38): trailing zeros dropped. */
function decimal38(n: bigint, d: bigint): string {
  const scaled = (n * 10n ** 38n) / d;
  const s = scaled.toString().padStart(39, '0');
  const fraction = s.slice(-38).replace(/0+$/, '');
  return fraction === '' ? s.slice(0, -38) : `${s.slice(0, -38)}.${fraction}`;
}

interface Candle {
  open: string;
  high: string;
  low: string;
  close: string;
  base_volume: string;
  counter_volume: string;
  trade_count: string;
}

let h: ReadModelHarness;
let trades: TradeExecuted[];

beforeAll(async () => {
  const { facts, events } = await loadFixtureEvents();
  trades = factsOfType(facts, 'TradeExecuted');
  h = await createReadModelHarness([tradesProjection]);
  const batches = unevenBatches(events, [7000, 3100, 12000, 900, 5000]);
  for (const [i, batch] of batches.entries()) await h.insertBatch(batch, `b${i}`);
  // The runner re-sends a batch after a crash with the same token: nothing may count twice.
  const again = batches[2];
  if (again !== undefined) await h.insertBatch(again, 'b2');
});

afterAll(async () => {
  await h?.close();
});

describe('trades read model', () => {
  it('holds every claim atom once, order book and pool', async () => {
    const rows = await h.query<{ kind: string; n: string }>(
      'SELECT kind, count() n FROM trades GROUP BY kind ORDER BY kind',
    );
    const expected = { liquidity_pool: 0, orderbook: 0 };
    for (const t of trades) expected[t.data.kind] += 1;
    expect(rows).toEqual([
      { kind: 'liquidity_pool', n: String(expected.liquidity_pool) },
      { kind: 'orderbook', n: String(expected.orderbook) },
    ]);
    expect(trades.length).toBeGreaterThan(1500);
  });

  it('has the trade count and base/counter volume per pair computed from the facts', async () => {
    const expected = new Map<string, { n: number; base: bigint; counter: bigint }>();
    for (const t of trades) {
      const p = pairOf(t);
      const key = `${p.base}|${p.counter}`;
      const e = expected.get(key) ?? { n: 0, base: 0n, counter: 0n };
      e.n += 1;
      e.base += p.baseAmount;
      e.counter += p.counterAmount;
      expected.set(key, e);
    }
    const rows = await h.query<{
      base_asset: string;
      counter_asset: string;
      n: string;
      b: string;
      c: string;
    }>(
      'SELECT base_asset, counter_asset, count() n, sum(base_amount) b, sum(counter_amount) c FROM trades GROUP BY base_asset, counter_asset',
    );
    const actual = new Map(
      rows.map((r) => [
        `${r.base_asset}|${r.counter_asset}`,
        { n: Number(r.n), base: BigInt(r.b), counter: BigInt(r.c) },
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it('stores the exact price counter/base as a reduced fraction and its decimal', async () => {
    const rows = await h.query<{
      id: string;
      price_n: string | null;
      price_d: string | null;
      price: string | null;
    }>('SELECT id, price_n, price_d, price FROM trades');
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const t of trades) {
      const p = pairOf(t);
      const row = byId.get(t.id);
      if (p.baseAmount === 0n) {
        expect(row?.price).toBeNull();
        continue;
      }
      const n = BigInt(row?.price_n ?? '-1');
      const d = BigInt(row?.price_d ?? '-1');
      expect(n * p.baseAmount).toBe(d * p.counterAmount);
      expect(row?.price).toBe(decimal38(p.counterAmount, p.baseAmount));
    }
  });
});

describe('candles read model', () => {
  const busiest = (): [string, TradeExecuted[]] => {
    const byPair = new Map<string, TradeExecuted[]>();
    for (const t of trades) {
      const p = pairOf(t);
      if (p.baseAmount === 0n || p.counterAmount === 0n) continue;
      const key = `${p.base}|${p.counter}`;
      byPair.set(key, [...(byPair.get(key) ?? []), t]);
    }
    return [...byPair].sort((a, b) => b[1].length - a[1].length)[0] as [string, TradeExecuted[]];
  };

  /** Facts are in chain order: the first trade of a bucket opens it, the last closes it. */
  function expectedCandles(pairTrades: readonly TradeExecuted[], seconds: number): Map<string, Candle> {
    const out = new Map<string, Candle & { hi: [bigint, bigint]; lo: [bigint, bigint] }>();
    for (const t of pairTrades) {
      const p = pairOf(t);
      const bucketSec = Math.floor(Date.parse(t.closeTime) / 1000 / seconds) * seconds;
      const bucket = new Date(bucketSec * 1000).toISOString().replace('T', ' ').slice(0, 19);
      const price = decimal38(p.counterAmount, p.baseAmount);
      const c = out.get(bucket);
      if (c === undefined) {
        out.set(bucket, {
          open: price,
          high: price,
          low: price,
          close: price,
          base_volume: p.baseAmount.toString(),
          counter_volume: p.counterAmount.toString(),
          trade_count: '1',
          hi: [p.counterAmount, p.baseAmount],
          lo: [p.counterAmount, p.baseAmount],
        });
        continue;
      }
      c.close = price;
      // Compare the fractions exactly: a/b > c/d ⇔ a·d > c·b.
      if (p.counterAmount * c.hi[1] > c.hi[0] * p.baseAmount) {
        c.hi = [p.counterAmount, p.baseAmount];
        c.high = price;
      }
      if (p.counterAmount * c.lo[1] < c.lo[0] * p.baseAmount) {
        c.lo = [p.counterAmount, p.baseAmount];
        c.low = price;
      }
      c.base_volume = (BigInt(c.base_volume) + p.baseAmount).toString();
      c.counter_volume = (BigInt(c.counter_volume) + p.counterAmount).toString();
      c.trade_count = String(Number(c.trade_count) + 1);
    }
    return new Map([...out].map(([k, { hi: _hi, lo: _lo, ...candle }]) => [k, candle]));
  }

  for (const [interval, seconds] of [
    ['1m', 60],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86400],
  ] as const) {
    it(`gives open/high/low/close and volumes of the busiest pair at ${interval} equal to the raw trades`, async () => {
      const [pair, pairTrades] = busiest();
      const [base, counter] = pair.split('|') as [string, string];
      expect(pairTrades.length).toBeGreaterThan(100);
      const rows = await h.query<Candle & { bucket: string }>(
        `SELECT toString(bucket) bucket, open, high, low, close, base_volume, counter_volume, trade_count
         FROM candles WHERE base_asset = '${base}' AND counter_asset = '${counter}' AND interval = '${interval}'
         ORDER BY bucket`,
      );
      const actual = new Map(rows.map(({ bucket, ...c }) => [bucket, c]));
      expect(actual).toEqual(expectedCandles(pairTrades, seconds));
    });
  }

  it('spreads the busiest pair over several minutes, each fed by more than one batch', async () => {
    const [pair] = busiest();
    const [base, counter] = pair.split('|') as [string, string];
    const parts = await h.query<{ parts: string }>(
      `SELECT count() parts FROM candles_test WHERE base_asset = '${base}' AND counter_asset = '${counter}' AND interval = '1m'`,
    );
    const minutes = await h.query<{ n: string }>(
      `SELECT count() n FROM candles WHERE base_asset = '${base}' AND counter_asset = '${counter}' AND interval = '1m'`,
    );
    expect(Number(minutes[0]?.n)).toBeGreaterThan(1);
    expect(Number(parts[0]?.parts)).toBeGreaterThan(Number(minutes[0]?.n));
  });

  it('counts every priced trade once per interval across all pairs', async () => {
    const priced = trades.filter((t) => t.data.amountSold !== '0' && t.data.amountBought !== '0').length;
    const rows = await h.query<{ interval: string; n: string }>(
      'SELECT interval, sum(trade_count) n FROM candles GROUP BY interval ORDER BY interval',
    );
    expect(rows.map((r) => Number(r.n))).toEqual([priced, priced, priced, priced]);
  });
});
