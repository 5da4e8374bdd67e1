import { randomUUID } from 'node:crypto';
import {
  type AppendResult as EsdbAppendResult,
  type EventData,
  jsonEvent,
  NO_STREAM,
} from '@eventstore/db-client';
import type { NewEvent } from '../../contracts/event-store.ts';
import { STORE_ERR_TOO_LARGE, storeError } from '../errors.ts';
import type { EsdbContext } from './context.ts';
import { mapEsdbError } from './esdb-errors.ts';
import { eventUuid } from './event-uuid.ts';
import type { StoredMetadata } from './segment-reader.ts';

/** Bytes per append: well under EventStoreDB's default 1 MiB limit per append request. */
export const CHUNK_BYTES = 512 * 1024;
/** Largest single event this store writes (the server's limit minus room for the request's framing). */
export const MAX_EVENT_BYTES = 1_000_000;
/** Allowance for an event's framing, id, type and metadata beyond its payload. */
const EVENT_OVERHEAD_BYTES = 200;

/** One logical stream's events with payloads already serialized and checked. */
export interface PlannedWrite {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly payloads: readonly string[];
}

export interface WrittenAttempt {
  readonly source: string;
  readonly count: number;
  readonly types: readonly string[];
}

/**
 * Writes the events into a fresh stream `<prefix><stream>-<uuid>`, in appends of at most CHUNK_BYTES,
 * each expecting the previous one's revision. Nobody reads the stream until a commit record names it,
 * so a crash halfway leaves only an orphan stream.
 */
export async function writeAttempt(ctx: EsdbContext, write: PlannedWrite): Promise<WrittenAttempt> {
  const source = `${ctx.prefix}${write.stream}-${randomUUID()}`;
  const types = [...new Set(write.events.map((e) => e.type))];
  let expected: bigint | typeof NO_STREAM = NO_STREAM;
  for (const chunk of chunkBySize(write)) {
    try {
      const result: EsdbAppendResult = await ctx.client.appendToStream(source, chunk, {
        expectedRevision: expected,
      });
      expected = result.nextExpectedRevision;
    } catch (error) {
      throw mapEsdbError(error, `Writing ${write.stream} into attempt stream ${source}`, {
        endpoint: ctx.endpoint,
        stream: write.stream,
        source,
      });
    }
  }
  return { source, count: write.events.length, types };
}

function* chunkBySize(write: PlannedWrite): Generator<EventData[]> {
  let chunk: EventData[] = [];
  let bytes = 0;
  for (let i = 0; i < write.events.length; i++) {
    const event = write.events[i] as NewEvent;
    const payload = write.payloads[i] as string;
    const size = Buffer.byteLength(payload) + event.type.length + event.id.length + EVENT_OVERHEAD_BYTES;
    if (size > MAX_EVENT_BYTES) {
      throw storeError(
        STORE_ERR_TOO_LARGE,
        `Event ${event.type}/${event.id} for stream ${write.stream} is ${size} bytes; EventStoreDB accepts at most about ${MAX_EVENT_BYTES} per event. Store large data elsewhere`,
        { details: { stream: write.stream, type: event.type, id: event.id, bytes: size } },
      );
    }
    if (bytes + size > CHUNK_BYTES && chunk.length > 0) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(toEventData(event));
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

function toEventData(event: NewEvent): EventData {
  const metadata: StoredMetadata = { id: event.id, ledger: event.ledger ?? null };
  return jsonEvent({
    id: eventUuid(event.type, event.id),
    type: event.type,
    // The client serializes `data` with JSON.stringify; the payload was checked to survive it.
    data: event.payload as Record<string, unknown>,
    metadata,
  });
}
