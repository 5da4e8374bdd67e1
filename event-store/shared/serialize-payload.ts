import type { NewEvent } from '../../contracts/event-store.ts';
import { STORE_ERR_PAYLOAD, storeError } from '../errors.ts';

/**
 * The payload as JSON text, serialized once. A bigint, a cycle or an undefined payload cannot be stored:
 * that is the caller's bug, reported with the event's type and id.
 */
export function serializePayload(event: NewEvent, stream: string): string {
  if (typeof event.payloadJson === 'string') return event.payloadJson;
  let text: string | undefined;
  try {
    text = JSON.stringify(event.payload);
  } catch (cause) {
    throw storeError(
      STORE_ERR_PAYLOAD,
      `Payload of event ${event.type}/${event.id} in stream ${stream} cannot be serialized as JSON (${describe(cause)}); encode bigints as decimal strings before storing`,
      { details: { stream, type: event.type, id: event.id, ledger: event.ledger ?? null }, cause },
    );
  }
  if (text === undefined) {
    throw storeError(
      STORE_ERR_PAYLOAD,
      `Payload of event ${event.type}/${event.id} in stream ${stream} is undefined or a function; give a JSON value`,
      { details: { stream, type: event.type, id: event.id, ledger: event.ledger ?? null } },
    );
  }
  return text;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
