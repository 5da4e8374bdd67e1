import type { ExpectedRevision, NewEvent } from '../../contracts/event-store.ts';
import { duplicateEventError, findDuplicateInBatch } from './duplicates.ts';
import { validateExpectedRevision, validateStreamName } from './expected-revision.ts';
import { serializeEvents } from './serialize-events.ts';

/**
 * The checks every backend's `appendToStream` makes before it writes: the store is open, the stream
 * name and expected revision are valid, every payload serializes, and no (type, id) repeats within
 * the batch. Returns the serialized payloads.
 */
export function prepareAppend(
  ctx: { assertOpen(method: string): void },
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): string[] {
  ctx.assertOpen('appendToStream');
  validateStreamName(stream);
  validateExpectedRevision(stream, expected);
  const payloads = serializeEvents(stream, events);
  const duplicate = findDuplicateInBatch(events);
  if (duplicate !== undefined) throw duplicateEventError(duplicate, { stream });
  return payloads;
}
