import type { StoredEvent } from './event-store.ts';

/**
 * A read model: folds store events into ClickHouse tables. The runner owns batching, checkpoints,
 * idempotence and blue/green rebuilds; a projection only says which tables it has and which rows an
 * event becomes.
 *
 * Table names in `schema()` are placeholders `{{name}}` (e.g. `{{trades}}`) that the runner resolves
 * to the physical table of the generation being written (`trades__g3`); readers use the stable name
 * (`trades`), a view the runner points at the live generation.
 */
export interface Projection {
  /** Stable name, e.g. `trades`; also the checkpoint name. */
  readonly name: string;
  /** Bump when the schema or the folding changes: a new version needs a rebuild. */
  readonly version: number;
  /** Only events of these types are read. */
  readonly eventTypes: readonly string[];
  /** Logical tables this projection writes (placeholders without braces), in creation order. */
  readonly tables: readonly ProjectionTable[];
  /** Rows for one event: table (logical name) → rows. Pure; same event, same rows. */
  rowsFor(event: StoredEvent): readonly ProjectionRows[];
}

export interface ProjectionTable {
  /** Logical name, e.g. `trades`. */
  readonly name: string;
  /**
   * CREATE statements with `{{table}}` placeholders for this and sibling tables. Materialized views
   * are declared here too, with kind 'view' tables, so a rebuild recreates them per generation.
   */
  readonly create: string;
  /** `table` gets rows from rowsFor; `view` is a materialized view / derived table, no direct rows. */
  readonly kind: 'table' | 'view';
  /** Exposed to readers under the stable name, with FINAL when it is a Replacing/Aggregating table. */
  readonly readerQuery?: string;
  /**
   * True for objects readers never query (a materialized view's trigger, e.g. `candles_mv`): the
   * runner creates and drops them with the generation but exposes no stable view for them.
   */
  readonly internal?: boolean;
}

export interface ProjectionRows {
  readonly table: string;
  readonly rows: readonly Record<string, unknown>[];
}
