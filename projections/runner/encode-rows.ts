import type { StoredEvent } from '../../contracts/event-store.ts';
import { projectionError } from '../errors.ts';
import type { Worker } from './worker.ts';

export interface EncodedTable {
  /** Logical name, part of the deduplication token. */
  readonly table: string;
  readonly physical: string;
  /** JSONEachRow body: one row per line. */
  readonly lines: string;
  readonly count: number;
}

export interface EncodedBatch {
  /** Tables with rows, in the projection's declared order: a redo sends the same blocks. */
  readonly tables: readonly EncodedTable[];
  readonly rows: number;
}

/**
 * The rows a worker's projection makes of a batch of events, as JSONEachRow text per table. Pure and
 * deterministic: the same events always give byte-identical bodies. Bigints become decimal strings.
 */
export function encodeBatch(worker: Worker, events: readonly StoredEvent[]): EncodedBatch {
  const lines = new Map<string, string[]>();
  for (const name of worker.tables.keys()) lines.set(name, []);
  const { projection } = worker;
  let rows = 0;
  for (const event of events) {
    if (!worker.types.has(event.type)) continue;
    let produced: ReturnType<typeof projection.rowsFor>;
    try {
      produced = projection.rowsFor(event);
    } catch (cause) {
      throw rowsError(worker, event, `rowsFor threw: ${(cause as Error)?.message ?? String(cause)}`, cause);
    }
    if (!Array.isArray(produced)) throw rowsError(worker, event, 'rowsFor must return an array');
    for (const group of produced) {
      const target = lines.get(group.table);
      if (target === undefined) {
        throw rowsError(
          worker,
          event,
          `rowsFor returned rows for "${group.table}", which is not a table of kind 'table' of this projection (${[...worker.tables.keys()].join(', ')})`,
        );
      }
      for (const row of group.rows) {
        target.push(jsonLine(row, worker, event));
        rows += 1;
      }
    }
  }
  const tables: EncodedTable[] = [];
  for (const [table, list] of lines) {
    if (list.length === 0) continue;
    tables.push({
      table,
      physical: worker.tables.get(table) as string,
      lines: list.join('\n'),
      count: list.length,
    });
  }
  return { tables, rows };
}

const bigintAsString = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;

function jsonLine(row: Record<string, unknown>, worker: Worker, event: StoredEvent): string {
  try {
    return JSON.stringify(row);
  } catch (first) {
    // Most rows have no bigint: try the fast path first, fall back to the replacer.
    try {
      return JSON.stringify(row, bigintAsString);
    } catch {
      throw rowsError(worker, event, `a row cannot be written as JSON: ${(first as Error).message}`, first);
    }
  }
}

function rowsError(worker: Worker, event: StoredEvent, why: string, cause?: unknown) {
  return projectionError('PROJ_ERR_ROWS', `projection "${worker.projection.name}": ${why}`, {
    details: {
      projection: worker.projection.name,
      eventType: event.type,
      eventId: event.id,
      position: event.position.toString(),
      ledger: event.ledger,
    },
    cause,
  });
}
