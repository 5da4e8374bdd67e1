import type { AsOf } from './read-model-reader.ts';

export interface Window {
  /** Unix seconds, exclusive. */
  readonly start: number;
  /** Unix seconds, inclusive: the ledger's close time. */
  readonly end: number;
  /** Bound query parameters: the window and the ledger (rows of later ledgers never count). */
  readonly params: { readonly start: number; readonly end: number; readonly ledger: number };
  readonly values: { readonly windowStart: string; readonly windowEnd: string };
}

/** SQL for the window over a table with `ledger` and `close_time`: (start, end] and ledger <= L. */
export const WINDOW_SQL = `ledger <= {ledger:UInt32}
  AND close_time > toDateTime({start:Int64}, 'UTC') AND close_time <= toDateTime({end:Int64}, 'UTC')`;

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** The window of `seconds` ending at the ledger's close time (inclusive). */
export function windowAsOf(asOf: AsOf, seconds: number): Window {
  const end = Math.floor(Date.parse(asOf.closeTime) / 1000);
  const start = end - seconds;
  return {
    start,
    end,
    params: { start, end, ledger: asOf.ledger },
    values: { windowStart: iso(start), windowEnd: iso(end) },
  };
}
