import type { StoredEvent } from '../../contracts/event-store.ts';
import type { InsertFormat } from '../clickhouse/clickhouse.ts';
import { projectionError } from '../errors.ts';
import { combinerOf, type RowCombiner } from './row-combiner.ts';
import type { TableEncoder } from './table-encoder.ts';
import type { Worker } from './worker.ts';

/** One insert block: consecutive rows of one table of a batch, in one format. */
export interface EncodedTable {
  /** Logical name, part of the deduplication token. */
  readonly table: string;
  readonly physical: string;
  readonly format: InsertFormat;
  /** The insert's column list (TabSeparated), or null (JSONEachRow names its fields). */
  readonly columns: readonly string[] | null;
  /** The rows, each ended by a line end. */
  readonly body: string;
  readonly count: number;
  /** 0, or the number of format changes before this block among the table's rows of the batch. */
  readonly part: number;
}

export interface EncodedBatch {
  /**
   * Blocks with rows, in the projection's declared table order and, per table, in row order: a redo
   * of the same events sends the same blocks.
   */
  readonly tables: readonly EncodedTable[];
  readonly rows: number;
}

/** Folds one batch's events, as they are read, into a worker's insert blocks. */
export interface BatchEncoder {
  readonly worker: Worker;
  /** Adds the rows of one event (of one of the worker's types). */
  add(event: StoredEvent): void;
  finish(): EncodedBatch;
}

interface TableState {
  readonly table: string;
  readonly physical: string;
  readonly encoder: TableEncoder | null;
  readonly combiner: RowCombiner | null;
  /** With a combiner: the batch's rows by key, folded, in order of each key's first row. */
  readonly combined: Map<string, Record<string, unknown>>;
  format: InsertFormat;
  /** The latest lines, not joined yet (at most LINES_PER_CHUNK). */
  lines: string[];
  /** Earlier lines of the current block, joined LINES_PER_CHUNK at a time. */
  chunks: string[];
  count: number;
  readonly blocks: EncodedTable[];
}

/**
 * Lines are joined this many at a time: joined while young, the line strings die in the next
 * scavenge, instead of surviving a whole batch as hundreds of thousands of small objects that every
 * collection copies or marks.
 */
const LINES_PER_CHUNK = 256;

/** The lines, each ended by '\n', as one flat string (`lines` is used up). */
function joinLines(lines: string[]): string {
  lines.push('');
  return lines.join('\n');
}

/**
 * The rows a worker's projection makes of a batch of events, as insert text per table. Pure and
 * deterministic: the same events always give the same blocks. Rows go as TabSeparated where the
 * table has an encoder and the row fits it exactly, else as JSONEachRow (bigints as decimal strings).
 */
export function createBatchEncoder(worker: Worker): BatchEncoder {
  const states = new Map<string, TableState>();
  for (const [table, physical] of worker.tables) {
    const encoder = worker.encoders.get(table) ?? null;
    const definition = worker.projection.tables.find((t) => t.name === table);
    states.set(table, {
      table,
      physical,
      encoder,
      combiner: definition === undefined ? null : combinerOf(definition),
      combined: new Map(),
      format: encoder === null ? 'JSONEachRow' : 'TabSeparated',
      lines: [],
      chunks: [],
      count: 0,
      blocks: [],
    });
  }
  const { projection } = worker;
  let rows = 0;

  function write(state: TableState, row: Record<string, unknown>, event: StoredEvent | null): void {
    const tsv = state.encoder === null ? null : state.encoder.line(row);
    if (tsv !== null) push(state, 'TabSeparated', tsv);
    else push(state, 'JSONEachRow', jsonLine(row, worker, event));
    rows += 1;
  }
  function combine(
    state: TableState,
    combiner: RowCombiner,
    row: Record<string, unknown>,
    event: StoredEvent,
  ): void {
    try {
      const key = combiner.key(row);
      const into = state.combined.get(key);
      if (into === undefined) state.combined.set(key, { ...row });
      else combiner.fold(into, row);
    } catch (cause) {
      throw rowsError(
        worker,
        event,
        `rows of "${state.table}" cannot be combined: ${(cause as Error)?.message ?? String(cause)}`,
        cause,
      );
    }
  }

  function close(state: TableState): void {
    if (state.count === 0) return;
    if (state.lines.length > 0) state.chunks.push(joinLines(state.lines));
    state.blocks.push({
      table: state.table,
      physical: state.physical,
      format: state.format,
      columns: state.format === 'TabSeparated' ? (state.encoder as TableEncoder).columns : null,
      body: state.chunks.length === 1 ? (state.chunks[0] as string) : state.chunks.join(''),
      count: state.count,
      part: state.blocks.length,
    });
    state.lines = [];
    state.chunks = [];
    state.count = 0;
  }
  function push(state: TableState, format: InsertFormat, line: string): void {
    if (state.format !== format) {
      close(state);
      state.format = format;
    }
    state.lines.push(line);
    state.count += 1;
    if (state.lines.length === LINES_PER_CHUNK) {
      state.chunks.push(joinLines(state.lines));
      state.lines = [];
    }
  }

  return {
    worker,
    add(event) {
      let produced: ReturnType<typeof projection.rowsFor>;
      try {
        produced = projection.rowsFor(event);
      } catch (cause) {
        throw rowsError(worker, event, `rowsFor threw: ${(cause as Error)?.message ?? String(cause)}`, cause);
      }
      if (!Array.isArray(produced)) throw rowsError(worker, event, 'rowsFor must return an array');
      for (const group of produced) {
        const state = states.get(group.table);
        if (state === undefined) {
          throw rowsError(
            worker,
            event,
            `rowsFor returned rows for "${group.table}", which is not a table of kind 'table' of this projection (${[...worker.tables.keys()].join(', ')})`,
          );
        }
        const { combiner } = state;
        for (const row of group.rows) {
          if (combiner === null) write(state, row, event);
          else combine(state, combiner, row, event);
        }
      }
    },
    finish() {
      const tables: EncodedTable[] = [];
      for (const state of states.values()) {
        for (const row of state.combined.values()) write(state, row, null);
        state.combined.clear();
        close(state);
        tables.push(...state.blocks);
      }
      return { tables, rows };
    },
  };
}

/** The blocks of a batch of events already in memory. */
export function encodeBatch(worker: Worker, events: readonly StoredEvent[]): EncodedBatch {
  const encoder = createBatchEncoder(worker);
  for (const event of events) if (worker.types.has(event.type)) encoder.add(event);
  return encoder.finish();
}

const bigintAsString = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;

const NON_ASCII = /[\u0080-\uffff]/g;
const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One JSON line, in ASCII (see table-encoder.ts on why the insert text stays ASCII). */
function jsonLine(row: Record<string, unknown>, worker: Worker, event: StoredEvent | null): string {
  let line: string;
  try {
    line = JSON.stringify(row);
  } catch (first) {
    // Most rows have no bigint: try the fast path first, fall back to the replacer.
    try {
      line = JSON.stringify(row, bigintAsString);
    } catch {
      throw rowsError(worker, event, `a row cannot be written as JSON: ${(first as Error).message}`, first);
    }
  }
  NON_ASCII.lastIndex = 0;
  return NON_ASCII.test(line) ? line.replace(NON_ASCII, unicodeEscape) : line;
}

/** `event` is null for a row folded from several events (a combined row). */
function rowsError(worker: Worker, event: StoredEvent | null, why: string, cause?: unknown) {
  return projectionError('PROJ_ERR_ROWS', `projection "${worker.projection.name}": ${why}`, {
    details: {
      projection: worker.projection.name,
      eventType: event?.type,
      eventId: event?.id,
      position: event?.position.toString(),
      ledger: event?.ledger,
    },
    cause,
  });
}
