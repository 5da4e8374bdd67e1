import type { IndexerError } from '../../contracts/errors.ts';
import type { NewEvent } from '../../contracts/event-store.ts';
import { STORE_ERR_DUPLICATE_EVENT, storeError } from '../errors.ts';

/** The first event whose (type, id) already appeared earlier in the same batch, if any. */
export function findDuplicateInBatch(events: Iterable<NewEvent>): NewEvent | undefined {
  const seen = new Set<string>();
  for (const event of events) {
    const key = `${event.type}\u0000${event.id}`;
    if (seen.has(key)) return event;
    seen.add(key);
  }
  return undefined;
}

export function duplicateEventError(
  event: NewEvent,
  where: { stream: string; existingStream?: string | undefined },
  cause?: unknown,
): IndexerError {
  const already =
    where.existingStream === undefined
      ? 'appears twice in the same commit'
      : `is already stored in stream ${where.existingStream}`;
  return storeError(
    STORE_ERR_DUPLICATE_EVENT,
    `Event ${event.type}/${event.id} for stream ${where.stream} ${already}; nothing was written. Check the checkpoint: the same ledger may be ingested twice`,
    {
      details: {
        stream: where.stream,
        type: event.type,
        id: event.id,
        ledger: event.ledger ?? null,
        existingStream: where.existingStream ?? null,
      },
      cause,
    },
  );
}
