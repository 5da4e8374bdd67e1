import type { xdr } from '@stellar/stellar-sdk';
import type { Fraction } from '../../../contracts/asset.ts';
import { decodeError } from '../errors.ts';

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * n/d reduced to lowest terms with a positive denominator (zero is `0/1`). A zero denominator throws
 * INGEST_ERR_XDR_INVALID_VALUE.
 */
export function fraction(n: bigint, d: bigint): Fraction {
  if (d === 0n) {
    throw decodeError(
      'INGEST_ERR_XDR_INVALID_VALUE',
      `fraction ${n}/0 has a zero denominator: the XDR value is invalid; re-fetch the ledger data`,
      { field: 'fraction.d', numerator: n.toString() },
    );
  }
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  return { n: ((sign * n) / g).toString(), d: ((sign * d) / g).toString() };
}

/** An XDR Price (int32 n over int32 d) as an exact reduced fraction. */
export const priceToFraction = (p: xdr.Price): Fraction => fraction(BigInt(p.n), BigInt(p.d));
