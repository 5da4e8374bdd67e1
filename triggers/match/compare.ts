import type { FieldTest, IntegerTest } from '../rules/rule-types.ts';

const INTEGER = /^-?\d+$/;

/** An integer field as bigint (from a decimal string, a safe integer or a bigint); else undefined. */
export function integerOf(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && INTEGER.test(value)) return BigInt(value);
  return undefined;
}

/** Text form of a scalar field for eq/ne/in/prefix (objects and arrays have none). */
export function textOf(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Exact integer comparison; a missing or non-integer field never holds. */
export function integerTestHolds(value: unknown, test: IntegerTest): boolean {
  const n = integerOf(value);
  if (n === undefined) return false;
  if (test.eq !== undefined && n !== BigInt(test.eq)) return false;
  if (test.ne !== undefined && n === BigInt(test.ne)) return false;
  if (test.gt !== undefined && !(n > BigInt(test.gt))) return false;
  if (test.gte !== undefined && !(n >= BigInt(test.gte))) return false;
  if (test.lt !== undefined && !(n < BigInt(test.lt))) return false;
  if (test.lte !== undefined && !(n <= BigInt(test.lte))) return false;
  return true;
}

/**
 * Every operator of the test holds: eq/ne/in/prefix on the text form (integers compare exactly as
 * integers when both sides are integers), gt/gte/lt/lte as exact integers.
 */
export function fieldTestHolds(value: unknown, test: FieldTest): boolean {
  const text = textOf(value);
  if (text === undefined) return false;
  const n = integerOf(value);
  const same = (expected: string): boolean => {
    const e = integerOf(expected);
    return n !== undefined && e !== undefined ? n === e : text === expected;
  };
  if (test.eq !== undefined && !same(test.eq)) return false;
  if (test.ne !== undefined && same(test.ne)) return false;
  if (test.in !== undefined && !test.in.some(same)) return false;
  if (test.prefix !== undefined && !text.startsWith(test.prefix)) return false;
  const { gt, gte, lt, lte } = test;
  if (gt !== undefined || gte !== undefined || lt !== undefined || lte !== undefined) {
    return integerTestHolds(value, { gt, gte, lt, lte });
  }
  return true;
}
