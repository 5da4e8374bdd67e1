import type { StoredEvent } from '../../contracts/event-store.ts';
import type { SqliteContext } from './context.ts';
import { rowToEvent } from './row-to-event.ts';
import { loadSegment, segmentEvent } from './segment-decode.ts';
import { mapSqliteError } from './sqlite-errors.ts';

/** `readLastEvent`: the later of the events table's last row and the last segment's last event. */
export function createReadLastEvent(ctx: SqliteContext) {
  const { st, path } = ctx;
  const readLast = ctx.db.transaction((): StoredEvent | null => {
    const row = st.readLast.get();
    const head = st.lastSegment.get();
    if (head === undefined || (row !== undefined && row.position > head.last_position)) {
      return row === undefined ? null : rowToEvent(row, path);
    }
    return segmentEvent(loadSegment(st, head, path), head.count - 1, ctx.types, path);
  });

  return async (): Promise<StoredEvent | null> => {
    ctx.assertOpen('readLastEvent');
    try {
      return readLast();
    } catch (error) {
      throw mapSqliteError(error, 'readLastEvent', path);
    }
  };
}
