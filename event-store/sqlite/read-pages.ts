import type { StoredEvent } from '../../contracts/event-store.ts';
import type { SqliteContext } from './context.ts';
import { rowToEvent } from './row-to-event.ts';
import { loadSegment, type Segment, segmentEvent, segmentHasType } from './segment-decode.ts';
import { mapSqliteError } from './sqlite-errors.ts';
import type { SegmentHead } from './statements.ts';

/** One page: the events found after the cursor, and whether more committed positions remain past it. */
export interface PageBatch {
  readonly events: readonly StoredEvent[];
  readonly more: boolean;
}

/**
 * Events per page: memory stays flat however large the store is (plus one decoded segment). A page's
 * payloads are parsed together and live until the reader passes them, so a small page keeps few of
 * them alive at each young-generation collection: with 1,000, a projection replay spent twice as
 * long in the garbage collector copying parsed pages.
 */
export const PAGE_SIZE = 250;
/** Positions a filtered page starts scanning, so a rare type costs many short steps, not one long one. */
export const TYPE_WINDOW = 20_000;

/**
 * Reads the store forward from `after` one page at a time, merging the events table and the ledger
 * segments in position order; the returned function owns the cursor.
 *
 * Each page runs in one read transaction, so the two tables are seen at the same instant. Positions are
 * handed out inside write transactions, which SQLite runs one at a time, so anything that becomes
 * visible later has a position above everything visible now: the cursor never skips an event.
 *
 * With a type filter, a segment whose `types` has none of the wanted types is skipped without reading
 * its payloads, and only matching payloads are parsed.
 */
export function createPageReader(
  ctx: SqliteContext,
  options: { after: bigint; types?: readonly string[] | undefined },
): (max: number) => PageBatch {
  const { st, path, types: dictionary } = ctx;
  const filter =
    options.types === undefined ? undefined : { names: options.types, json: JSON.stringify(options.types) };
  let cursor = Number(options.after);
  let wanted: ReadonlySet<number> = new Set();
  let resolved = false;
  /** The last segment decoded: a page often ends inside one, and segments never change. */
  let segment: Segment | undefined;

  const load = (head: SegmentHead): Segment => {
    if (segment?.last !== head.last_position) segment = loadSegment(st, head, path);
    return segment;
  };

  /** Adds the segment's events after the cursor to `out` (matching ones only when filtering). */
  const takeFromSegment = (seg: Segment, out: StoredEvent[], max: number): void => {
    const { types } = seg;
    let i = cursor + 1 - seg.first;
    for (; i < seg.count && out.length < max; i++) {
      if (filter !== undefined && !wanted.has(types.charCodeAt(i))) continue;
      out.push(segmentEvent(seg, i, dictionary, path));
    }
    cursor = seg.first + i - 1;
  };

  /** Adds events-table rows in (cursor, upTo] to `out`. */
  const takeRows = (upTo: number, out: StoredEvent[], max: number): void => {
    const room = max - out.length;
    const rows =
      filter === undefined
        ? st.readRange.all(cursor, upTo, room)
        : st.readRangeOfTypes.all(cursor, upTo, filter.json, room);
    for (const row of rows) out.push(rowToEvent(row, path));
    const last = rows[rows.length - 1];
    cursor = rows.length === room && last !== undefined ? last.position : upTo;
  };

  const readPage = ctx.db.transaction((max: number): PageBatch => {
    const head = st.lastPosition.get() ?? 0;
    if (head <= cursor) return { events: [], more: false };
    if (filter !== undefined && !resolved) {
      const found = dictionary.charsOf(filter.names);
      wanted = found.chars;
      resolved = found.complete;
    }
    const horizon = filter === undefined ? head : Math.min(cursor + TYPE_WINDOW, head);
    const out: StoredEvent[] = [];
    while (out.length < max && cursor < horizon) {
      if (segment !== undefined && segment.first <= cursor + 1 && cursor < segment.last) {
        takeFromSegment(segment, out, max);
        continue;
      }
      const next = st.segmentAfter.get(cursor);
      const nextFirst = next?.first_position ?? Number.POSITIVE_INFINITY;
      if (cursor + 1 < nextFirst) {
        takeRows(Math.min(nextFirst - 1, horizon), out, max);
      } else if (next !== undefined && filter !== undefined && !segmentHasType(next.types, wanted)) {
        cursor = next.last_position;
      } else if (next !== undefined) {
        takeFromSegment(load(next), out, max);
      }
    }
    return { events: out, more: cursor < head };
  });

  return (max) => {
    ctx.assertOpen('readAll');
    if (max <= 0 || options.types?.length === 0) return { events: [], more: false };
    try {
      return readPage(max);
    } catch (error) {
      throw mapSqliteError(error, 'readAll', path);
    }
  };
}
