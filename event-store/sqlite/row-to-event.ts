import type { StoredEvent } from '../../contracts/event-store.ts';
import { STORE_ERR_CORRUPT, storeError } from '../errors.ts';
import type { EventRow } from './statements.ts';

export function rowToEvent(row: EventRow, path: string): StoredEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch (cause) {
    throw storeError(
      STORE_ERR_CORRUPT,
      `Payload of event at position ${row.position} (stream ${row.stream}, revision ${row.revision}) in ${path} is not valid JSON; inspect the row`,
      { details: { path, position: row.position, stream: row.stream, revision: row.revision }, cause },
    );
  }
  return {
    position: BigInt(row.position),
    stream: row.stream,
    revision: BigInt(row.revision),
    type: row.type,
    id: row.id,
    ledger: row.ledger,
    payload,
  };
}
