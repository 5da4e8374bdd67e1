import type { EventStore, NewEvent, StoredEvent } from '../../contracts/event-store.ts';
import { horizonError } from './errors.ts';

/**
 * The stored-event type that carries a remote stream's cursor. It is bookkeeping, not a chain fact:
 * read models never ask for it. The Horizon and RPC-events sources share this log.
 */
export const STREAM_CURSOR_COMMITTED = 'StreamCursorCommitted';

export interface CursorPayload {
  /** `horizon` or `rpc-events`. */
  readonly kind: string;
  /** The source as the user named it. */
  readonly source: string;
  /** The position to resume after: a Horizon paging token or an RPC getEvents cursor. */
  readonly cursor: string;
  /** The ledger the cursor is in, when known. */
  readonly ledger: number | null;
  /** What the stream was asked for (endpoint, filters…): resuming with other settings is refused. */
  readonly settings: Readonly<Record<string, string>>;
  /** The hash of the cursor's ledger where the stream knows it (Horizon /ledgers), for continuity. */
  readonly ledgerHash?: string | null;
}

export interface StoredCursor {
  readonly revision: bigint;
  readonly payload: CursorPayload;
}

export interface CursorLog {
  readonly stream: string;
  /** The last committed cursor, or null when the stream has none yet. */
  read(): Promise<StoredCursor | null>;
  /** Appends facts and the cursor after them in one all-or-nothing append (optimistic on the revision). */
  commit(events: readonly NewEvent[], payload: CursorPayload): Promise<void>;
}

async function firstFrom(store: EventStore, stream: string, from: bigint): Promise<StoredEvent | null> {
  for await (const event of store.readStream(stream, { from })) return event;
  return null;
}

/** The last event of a stream, found with O(log n) probes when it is not the store's last event. */
async function lastOfStream(store: EventStore, stream: string): Promise<StoredEvent | null> {
  const tail = await store.readLastEvent();
  if (tail !== null && tail.stream === stream) return tail;
  let found = await firstFrom(store, stream, 0n);
  if (found === null) return null;
  let lo = 0n;
  let hi = 1n;
  for (;;) {
    const probe = await firstFrom(store, stream, hi);
    if (probe === null) break;
    found = probe;
    lo = hi;
    hi *= 2n;
  }
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    const probe = await firstFrom(store, stream, mid);
    if (probe === null) hi = mid;
    else {
      found = probe;
      lo = mid;
    }
  }
  return found.revision === lo ? found : await firstFrom(store, stream, lo);
}

function isPayload(value: unknown): value is CursorPayload {
  const v = value as Partial<CursorPayload> | null;
  return typeof v?.cursor === 'string' && typeof v.source === 'string' && typeof v.settings === 'object';
}

/**
 * A remote stream's facts and cursor in one event-store stream: every commit appends the facts and, last,
 * a StreamCursorCommitted event, with the stream revision read before as the expected revision. The
 * append is atomic, so after a crash the stored cursor is exactly the position after the stored facts:
 * a restart neither skips nor repeats a record. A second writer on the same stream fails with
 * STORE_ERR_CONFLICT instead of interleaving.
 */
export function createCursorLog(store: EventStore, stream: string): CursorLog {
  let revision: bigint | null = null;
  let loaded = false;
  return {
    stream,
    async read() {
      const last = await lastOfStream(store, stream);
      loaded = true;
      revision = last?.revision ?? null;
      if (last === null) return null;
      if (last.type !== STREAM_CURSOR_COMMITTED || !isPayload(last.payload)) {
        throw horizonError(
          'INGEST_ERR_STREAM_CURSOR',
          `Stream ${stream} does not end with its cursor (its last event is ${last.type}/${last.id}): something else wrote to it. Use another --store.`,
          { stream, type: last.type, id: last.id },
        );
      }
      return { revision: last.revision, payload: last.payload };
    },
    async commit(events, payload) {
      if (!loaded) await this.read();
      const next = (revision ?? -1n) + BigInt(events.length) + 1n;
      const cursorEvent: NewEvent = {
        type: STREAM_CURSOR_COMMITTED,
        id: `${stream}#${next}`,
        ledger: payload.ledger ?? undefined,
        payload,
      };
      const result = await store.appendToStream(
        stream,
        [...events, cursorEvent],
        revision === null ? 'no_stream' : revision,
      );
      revision = result.nextRevision;
    },
  };
}
