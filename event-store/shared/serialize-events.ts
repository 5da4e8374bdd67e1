import type { NewEvent } from '../../contracts/event-store.ts';
import { STORE_ERR_INVALID_ARGUMENT, storeError } from '../errors.ts';
import { serializePayload } from './serialize-payload.ts';

/** Checks each event's type, id and ledger, and serializes its payload once; before any write. */
export function serializeEvents(stream: string, events: readonly NewEvent[]): string[] {
  if (!Array.isArray(events)) {
    throw storeError(STORE_ERR_INVALID_ARGUMENT, `Events for stream ${stream} must be an array`, {
      details: { stream },
    });
  }
  const payloads = new Array<string>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as NewEvent;
    validateEvent(event, stream, i);
    payloads[i] = serializePayload(event, stream);
  }
  return payloads;
}

/** Checks one event's type, id and ledger; `index` is its place in the caller's list, for the message. */
export function validateEvent(event: NewEvent, stream: string, index: number): void {
  const problem =
    typeof event !== 'object' || event === null
      ? 'is not an object'
      : typeof event.type !== 'string' || event.type.length === 0
        ? 'has no type'
        : typeof event.id !== 'string' || event.id.length === 0
          ? `${event.type} has no id`
          : event.ledger !== undefined && (!Number.isSafeInteger(event.ledger) || event.ledger < 0)
            ? `${event.type}/${event.id} has ledger ${String(event.ledger)}, not a non-negative integer`
            : undefined;
  if (problem !== undefined) {
    throw storeError(STORE_ERR_INVALID_ARGUMENT, `Event #${index} for stream ${stream} ${problem}`, {
      details: { stream, index },
    });
  }
}
