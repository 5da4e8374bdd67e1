import type { TradeExecuted } from '../../../contracts/events/trade-executed.ts';

export interface PairTrade {
  readonly id: string;
  readonly ledger: number;
  readonly seconds: number;
  readonly base: string;
  readonly counter: string;
  readonly baseAmount: bigint;
  readonly counterAmount: bigint;
}

/** Independent of the projection: native first, then byte order of the asset strings. */
export function pairTrade(t: TradeExecuted): PairTrade {
  const { assetSold, assetBought } = t.data;
  const soldIsBase =
    assetSold === 'native' ||
    (assetBought !== 'native' && Buffer.compare(Buffer.from(assetSold), Buffer.from(assetBought)) < 0);
  const sold = BigInt(t.data.amountSold);
  const bought = BigInt(t.data.amountBought);
  return {
    id: t.id,
    ledger: t.ledger,
    seconds: Date.parse(t.closeTime) / 1000,
    ...(soldIsBase
      ? { base: assetSold, counter: assetBought, baseAmount: sold, counterAmount: bought }
      : { base: assetBought, counter: assetSold, baseAmount: bought, counterAmount: sold }),
  };
}

/** The pair with the most trades, and its trades in chain order. */
export function busiestPair(trades: readonly PairTrade[]): { pair: string; trades: PairTrade[] } {
  const byPair = new Map<string, PairTrade[]>();
  for (const t of trades) {
    const key = `${t.base}/${t.counter}`;
    byPair.set(key, [...(byPair.get(key) ?? []), t]);
  }
  const [pair, list] = [...byPair].sort((a, b) => b[1].length - a[1].length)[0] as [string, PairTrade[]];
  return { pair, trades: list };
}

/** Trades of the window (end - seconds, end] of ledgers up to `ledger`. */
export const inWindow = (
  trades: readonly PairTrade[],
  ledger: number,
  end: number,
  seconds: number,
): PairTrade[] => trades.filter((t) => t.ledger <= ledger && t.seconds > end - seconds && t.seconds <= end);
