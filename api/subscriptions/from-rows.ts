import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection } from '../../contracts/projection.ts';
import type { Row } from '../resolvers/rows.ts';

/**
 * The row a read model makes of one event, in table `table`: subscription items are built from the
 * same rows the queries read, so a delivered item and a queried one agree field for field.
 */
export function rowOf(projection: Projection, table: string, event: StoredEvent): Row | null {
  for (const rows of projection.rowsFor(event)) {
    if (rows.table === table && rows.rows[0] !== undefined) return rows.rows[0] as Row;
  }
  return null;
}
