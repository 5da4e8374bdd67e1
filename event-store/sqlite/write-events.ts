import type { NewEvent } from '../../contracts/event-store.ts';
import { duplicateEventError } from '../shared/duplicates.ts';
import { sqliteCode } from './sqlite-errors.ts';
import type { Statements } from './statements.ts';

/** Events of one stream with their payloads already serialized (outside the write transaction). */
export interface StreamWrite {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly payloads: readonly string[];
}

/**
 * Inserts the events at revisions `firstRevision`, `firstRevision + 1`… and positions after the store's
 * last one (shared with ledger segments), and returns the position of the last. Must run inside the
 * caller's write transaction.
 */
export function insertEvents(st: Statements, write: StreamWrite, firstRevision: number): number {
  const { stream, events, payloads } = write;
  const insert = st.insertEvent;
  let position = st.lastPosition.get() ?? 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as NewEvent;
    position += 1;
    insert.run(
      position,
      stream,
      firstRevision + i,
      event.type,
      event.id,
      event.ledger ?? null,
      payloads[i] as string,
    );
  }
  return position;
}

/**
 * After a transaction failed on UNIQUE(type, id) (and was rolled back), finds which event was already
 * stored and returns the typed error naming it; undefined when the failure was something else.
 */
export function explainDuplicate(st: Statements, error: unknown, writes: readonly StreamWrite[]): unknown {
  if (sqliteCode(error) !== 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
  if (!(error instanceof Error) || !error.message.includes('events.type')) return undefined;
  for (const write of writes) {
    for (const event of write.events) {
      const existing = st.findEvent.get(event.type, event.id);
      if (existing !== undefined) {
        return duplicateEventError(event, { stream: write.stream, existingStream: existing.stream }, error);
      }
    }
  }
  return undefined;
}
