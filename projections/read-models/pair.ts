import type { AssetString } from '../../contracts/asset.ts';

/** Digits after the point of the exact-order price column, `Decimal(76, 38)`. */
export const PRICE_SCALE = 38;
const SCALE = 10n ** BigInt(PRICE_SCALE);

/**
 * Stable pair order: `native` first, then the asset strings in code-unit (byte) order, which is also
 * ClickHouse's String order. Returns a negative number when `a` is the base.
 */
export function compareAssets(a: AssetString, b: AssetString): number {
  if (a === b) return 0;
  if (a === 'native') return -1;
  if (b === 'native') return 1;
  return a < b ? -1 : 1;
}

export interface NormalizedTrade {
  readonly baseAsset: AssetString;
  readonly counterAsset: AssetString;
  readonly baseAmount: bigint;
  readonly counterAmount: bigint;
  /** True when the taker received the base asset (the maker or pool sold base). */
  readonly takerBoughtBase: boolean;
}

/** Puts a trade's two legs in pair order. `sold`/`bought` are from the maker's (or pool's) side. */
export function normalizePair(
  assetSold: AssetString,
  amountSold: bigint,
  assetBought: AssetString,
  amountBought: bigint,
): NormalizedTrade {
  return compareAssets(assetSold, assetBought) < 0
    ? {
        baseAsset: assetSold,
        counterAsset: assetBought,
        baseAmount: amountSold,
        counterAmount: amountBought,
        takerBoughtBase: true,
      }
    : {
        baseAsset: assetBought,
        counterAsset: assetSold,
        baseAmount: amountBought,
        counterAmount: amountSold,
        takerBoughtBase: false,
      };
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

export interface ExactPrice {
  /** counter / base, reduced. */
  readonly n: bigint;
  readonly d: bigint;
  /**
   * The fraction truncated to 38 decimals, as a decimal string. Two prices with denominators below
   * 2^63 differ by more than 10^-38, so comparing these decimals orders the fractions exactly.
   */
  readonly decimal: string;
}

/** Price of one base unit in counter units; null when the base amount is zero (nothing priced). */
export function exactPrice(counterAmount: bigint, baseAmount: bigint): ExactPrice | null {
  if (baseAmount <= 0n || counterAmount < 0n) return null;
  const g = gcd(counterAmount, baseAmount);
  const n = g === 0n ? 0n : counterAmount / g;
  const d = g === 0n ? 1n : baseAmount / g;
  const scaled = (n * SCALE) / d;
  const whole = scaled / SCALE;
  const fraction = (scaled % SCALE).toString().padStart(PRICE_SCALE, '0');
  return { n, d, decimal: `${whole}.${fraction}` };
}
