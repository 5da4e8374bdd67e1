/**
 * What read-model conditions need from ClickHouse: rows of a SELECT with `{name:Type}` parameters,
 * 64-bit and wider integers as strings. A `ClickHouse` handle (projections/clickhouse) is one.
 */
export interface ReadModelReader {
  query<T = Record<string, unknown>>(
    sql: string,
    options?: { params?: Record<string, unknown> },
  ): Promise<T[]>;
}

/** The ledger a condition is evaluated as of. */
export interface AsOf {
  readonly ledger: number;
  /** The ledger's close time, ISO-8601 UTC. */
  readonly closeTime: string;
}

/** The outcome of one condition at one ledger. */
export interface ConditionResult {
  readonly holds: boolean;
  /** One sentence a person can read, whether it holds or not. */
  readonly reason: string;
  /** What was measured and compared, as exact decimal strings (and the window, as ISO times). */
  readonly values: { readonly [name: string]: string };
}
