import type { StoredEvent } from '../../contracts/event-store.ts';
import type { SqliteContext } from './context.ts';
import { rowToEvent } from './row-to-event.ts';
import { mapSqliteError } from './sqlite-errors.ts';
import type { EventRow } from './statements.ts';

/** One page: the events found after the cursor, and whether more committed rows are ready right away. */
export interface PageBatch {
  readonly events: readonly StoredEvent[];
  readonly more: boolean;
}

/** Rows per query: memory stays flat however large the store is. */
export const PAGE_SIZE = 1_000;
/** Positions scanned per query when filtering by type, so a rare type costs many small queries, not one huge one. */
export const TYPE_WINDOW = 20_000;

/**
 * Reads the events table forward from `after` one page at a time; the returned function owns the
 * cursor. `more` says whether committed rows remain past the page.
 *
 * Positions are handed out inside write transactions, which SQLite runs one at a time, so a row that
 * becomes visible later always has a position above every row visible now: a cursor never skips one.
 */
export function createPageReader(
  ctx: SqliteContext,
  options: { after: bigint; types?: readonly string[] | undefined },
): (max: number) => PageBatch {
  const { st, path } = ctx;
  let cursor = Number(options.after);
  const typesJson = options.types === undefined ? undefined : JSON.stringify(options.types);
  const toEvents = (rows: readonly EventRow[]): StoredEvent[] => rows.map((row) => rowToEvent(row, path));

  const readUnfiltered = (max: number): PageBatch => {
    const rows = st.readAfter.all(cursor, max);
    const last = rows[rows.length - 1];
    if (last !== undefined) cursor = last.position;
    return { events: toEvents(rows), more: rows.length === max };
  };

  const readFiltered = (max: number, types: string): PageBatch => {
    const head = st.lastPosition.get() ?? 0;
    if (head <= cursor) return { events: [], more: false };
    const upTo = cursor + TYPE_WINDOW;
    const rows = st.readAfterOfTypes.all(cursor, upTo, types, max);
    const last = rows[rows.length - 1];
    if (rows.length === max && last !== undefined) {
      cursor = last.position;
      return { events: toEvents(rows), more: true };
    }
    // The whole window up to the head seen above was scanned (rows past that head may also have come back).
    cursor = Math.max(last?.position ?? cursor, Math.min(upTo, head));
    return { events: toEvents(rows), more: upTo < head };
  };

  return (max) => {
    ctx.assertOpen('readAll');
    if (max <= 0 || options.types?.length === 0) return { events: [], more: false };
    try {
      return typesJson === undefined ? readUnfiltered(max) : readFiltered(max, typesJson);
    } catch (error) {
      throw mapSqliteError(error, 'readAll', path);
    }
  };
}
