import type { StoredEvent } from '../../contracts/event-store.ts';
import { readModelError } from './errors.ts';

const INTEGER = /^-?\d+$/;

/** An integer decimal string, checked: it goes into an Int64/Int128 column as is, never as a float. */
export function integerString(projection: string, event: StoredEvent, field: string, value: unknown): string {
  if (typeof value === 'string' && INTEGER.test(value)) return value;
  throw readModelError(
    'READMODEL_ERR_BAD_AMOUNT',
    `projection ${projection}: event ${event.id} field ${field} is ${JSON.stringify(value)}, not an integer decimal string; re-ingest its ledger`,
    { projection, eventId: event.id, position: event.position.toString(), field },
  );
}

/** Same, but null stays null. */
export const optionalIntegerString = (
  projection: string,
  event: StoredEvent,
  field: string,
  value: unknown,
): string | null =>
  value === null || value === undefined ? null : integerString(projection, event, field, value);
