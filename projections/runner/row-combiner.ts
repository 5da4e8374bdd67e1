import type { ProjectionTable } from '../../contracts/projection.ts';

/**
 * An optional part of a table of kind 'table' whose engine folds rows by key anyway
 * (AggregatingMergeTree with SimpleAggregateFunction columns, SummingMergeTree): the runner folds a
 * batch's rows of one key into one row before the insert, exactly as a merge would fold them, so
 * ClickHouse parses, sorts and stores one row where it would get dozens. Readers see the same
 * results; only the number of rows inserted (the `rows` of a checkpoint) is smaller.
 */
export interface RowCombiner {
  /** Rows of a batch with the same key become one. */
  key(row: Record<string, unknown>): string;
  /**
   * Folds `row` into `into` (a copy of the first row of the key, owned by the runner) as the
   * table's aggregate functions would: a missing field is the column default.
   */
  fold(into: Record<string, unknown>, row: Record<string, unknown>): void;
}

/** A projection table that may carry a combiner (the contract's table plus this runner option). */
export interface CombinableTable extends ProjectionTable {
  readonly combine?: RowCombiner;
}

export const combinerOf = (table: ProjectionTable): RowCombiner | null =>
  (table as CombinableTable).combine ?? null;

/** Whether a decimal integer text (no leading zeros, optional '-') is above another. */
function decimalAbove(a: string, b: string): boolean {
  const negA = a.startsWith('-');
  const negB = b.startsWith('-');
  if (negA !== negB) return negB;
  if (a.length !== b.length) return negA ? a.length < b.length : a.length > b.length;
  return negA ? a < b : a > b;
}

const INTEGER = /^-?(0|[1-9]\d*)$/;
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The larger of two values as ClickHouse `max` orders them: numbers and integer texts by value,
 * other texts by their UTF-8 bytes. A missing value loses (the defaults, 0 and '', are the least
 * value of the unsigned and string columns this is used for).
 */
export function maxValue(a: unknown, b: unknown): unknown {
  if (a === undefined || a === null) return b;
  if (b === undefined || b === null) return a;
  if (typeof a === 'number' && typeof b === 'number') return b > a ? b : a;
  if (typeof a === 'string' && typeof b === 'string') {
    if (INTEGER.test(a) && INTEGER.test(b)) return decimalAbove(b, a) ? b : a;
    if (NON_ASCII.test(a) || NON_ASCII.test(b))
      return Buffer.compare(Buffer.from(b), Buffer.from(a)) > 0 ? b : a;
    return b > a ? b : a;
  }
  return BigInt(b as string) > BigInt(a as string) ? b : a;
}

/**
 * The smaller of two values as ClickHouse `min` orders them. A missing value wins: it stands for the
 * default (0 or ''), the least value of the unsigned and string columns this is used for.
 */
export function minValue(a: unknown, b: unknown): unknown {
  if (a === undefined || a === null || b === undefined || b === null) return undefined;
  return maxValue(a, b) === a ? b : a;
}

/** The exact sum of two counts (numbers while they stay safe integers, else decimal text). */
export function sumValue(a: unknown, b: unknown): unknown {
  if (a === undefined || a === null) return b;
  if (b === undefined || b === null) return a;
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return (BigInt(a as number | string | bigint) + BigInt(b as number | string | bigint)).toString();
}
