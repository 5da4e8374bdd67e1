/** Exact decimal text ↔ rationals, for percentages and prices. */

export interface Rational {
  readonly n: bigint;
  /** Always > 0. */
  readonly d: bigint;
}

/** `"-2.5"` → -25/10. The text is already checked (rules/values.ts readDecimal). */
export function parseDecimal(text: string): Rational {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  const d = 10n ** BigInt(fraction.length);
  const n = BigInt(whole) * d + BigInt(fraction === '' ? '0' : fraction);
  return { n: negative ? -n : n, d };
}

/** n/d with `digits` decimals, truncated toward zero, trailing zeros dropped. */
export function decimalOf(n: bigint, d: bigint, digits: number): string {
  const negative = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const scale = 10n ** BigInt(digits);
  const scaled = (an * scale) / ad;
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  const text = fraction === '' ? whole.toString() : `${whole}.${fraction}`;
  return negative && text !== '0' ? `-${text}` : text;
}
