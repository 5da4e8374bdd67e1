import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';

export interface ReadBatch {
  /** Matching events handed to `onEvent`, all in (after, to]. */
  readonly events: number;
  readonly after: bigint;
  /** The batch covers the store up to here: the last event, or the head when caught up. */
  readonly to: bigint;
  /** Nothing matching is left beyond `to` as of the read. */
  readonly caughtUp: boolean;
  /** Close time of the ledger at `to`, when known ('' when not). */
  readonly closeTime: string;
  /** The store head seen by this read. */
  readonly head: bigint;
  readonly headCloseTime: string;
  /** Store events looked at, wanted or not. */
  readonly scanned: number;
}

export interface ReadBatchOptions {
  readonly after: bigint;
  readonly types: readonly string[];
  /** Count bound: at most this many events. */
  readonly maxEvents: number;
  /** Time bound: stop reading after this long (the batch then ends at the last event scanned). */
  readonly maxMs: number;
  /** Read only up to this position (a redo of a recorded range). */
  readonly upTo?: bigint;
  /**
   * Let the store filter by type (cheap when few events match), or read everything and skip the
   * other types here (cheaper when nearly all events match). Default: the store filters.
   */
  readonly filterInStore?: boolean;
  /**
   * Called with each matching event, in position order, as it is read: the event is folded into
   * rows right away and not kept, so a batch never holds its events (only their rows).
   */
  readonly onEvent: (event: StoredEvent) => void;
}

/** Longest stretch of reading and folding without letting the event loop run, ms. */
const YIELD_MS = 4;

export const closeTimeOf = (event: StoredEvent | null | undefined): string => {
  const value = (event?.payload as { closeTime?: unknown } | undefined)?.closeTime;
  return typeof value === 'string' ? value : '';
};

/**
 * One batch of matching events after `after`, bounded by count and time. The head is read first:
 * every event at or below it was committed before the scan began, so a scan that ends short of the
 * count bound has seen all of them and the batch may claim the whole range up to the head, even
 * when the last events there are of other types. It takes no abort signal on purpose: a scan cut
 * short would look like a caught-up one; the bounds keep it short instead.
 */
export async function readBatch(store: EventStore, options: ReadBatchOptions): Promise<ReadBatch> {
  const headEvent = await store.readLastEvent();
  const head = headEvent?.position ?? 0n;
  const headCloseTime = closeTimeOf(headEvent);
  const { after, upTo } = options;
  const limitTo = upTo ?? head;
  if (limitTo <= after) {
    return { events: 0, after, to: after, caughtUp: true, closeTime: '', head, headCloseTime, scanned: 0 };
  }
  const { onEvent } = options;
  let events = 0;
  const started = performance.now();
  let lastYield = started;
  const wanted = new Set(options.types);
  const inStore = options.filterInStore !== false;
  let scanned = 0;
  let last: StoredEvent | undefined;
  let full = false;
  for await (const event of store.readAll({
    after,
    ...(inStore ? { types: options.types } : {}),
    limit: options.maxEvents,
  })) {
    if (upTo !== undefined && event.position > upTo) break;
    scanned += 1;
    last = event;
    if (wanted.has(event.type)) {
      onEvent(event);
      events += 1;
    }
    if (scanned >= options.maxEvents) {
      full = true;
      break;
    }
    if ((scanned & 63) === 0) {
      const now = performance.now();
      if (now - started > options.maxMs) {
        full = true;
        break;
      }
      // The store yields through microtasks only: every few ms, let the event loop run, so that an
      // insert of the previous batch that finished is seen at once and the next one starts.
      if (now - lastYield > YIELD_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
  }
  if (full && last !== undefined && (upTo === undefined || last.position < upTo)) {
    return {
      events,
      after,
      to: last.position,
      caughtUp: false,
      closeTime: closeTimeOf(last),
      head,
      headCloseTime,
      scanned,
    };
  }
  const to = last !== undefined && last.position > limitTo ? last.position : limitTo;
  const closeTime = to === head ? headCloseTime : closeTimeOf(last);
  return { events, after, to, caughtUp: to >= head, closeTime, head, headCloseTime, scanned };
}
