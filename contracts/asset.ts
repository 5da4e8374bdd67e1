/**
 * Assets as canonical strings: `native`, or `CODE:ISSUER` (SEP-11), or `pool:<hex id>` for
 * liquidity-pool shares in trust lines. Amounts everywhere are integer stroops as decimal strings.
 */
export type AssetString = string;

/** An exact fraction, numerator over denominator, as decimal strings (reduced to lowest terms). */
export interface Fraction {
  readonly n: string;
  readonly d: string;
}
