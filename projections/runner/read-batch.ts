import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';

export interface ReadBatch {
  /** Matching events in position order, all in (after, to]. */
  readonly events: readonly StoredEvent[];
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
}

export interface ReadBatchOptions {
  readonly after: bigint;
  readonly types: readonly string[];
  /** Count bound: at most this many events. */
  readonly maxEvents: number;
  /** Time bound: stop reading after this long when at least one event was read. */
  readonly maxMs: number;
  /** Read only up to this position (a redo of a recorded range). */
  readonly upTo?: bigint;
}

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
  const last = await store.readLastEvent();
  const head = last?.position ?? 0n;
  const headCloseTime = closeTimeOf(last);
  const { after, upTo } = options;
  const limitTo = upTo ?? head;
  if (limitTo <= after) {
    return { events: [], after, to: after, caughtUp: true, closeTime: '', head, headCloseTime };
  }
  const events: StoredEvent[] = [];
  const started = performance.now();
  let full = false;
  for await (const event of store.readAll({
    after,
    types: options.types,
    limit: options.maxEvents,
  })) {
    if (upTo !== undefined && event.position > upTo) break;
    events.push(event);
    if (events.length >= options.maxEvents || performance.now() - started > options.maxMs) {
      full = true;
      break;
    }
  }
  const lastRead = events[events.length - 1];
  if (full && lastRead !== undefined && (upTo === undefined || lastRead.position < upTo)) {
    return {
      events,
      after,
      to: lastRead.position,
      caughtUp: false,
      closeTime: closeTimeOf(lastRead),
      head,
      headCloseTime,
    };
  }
  const to = lastRead !== undefined && lastRead.position > limitTo ? lastRead.position : limitTo;
  const closeTime = to === head ? headCloseTime : closeTimeOf(lastRead);
  return { events, after, to, caughtUp: to >= head, closeTime, head, headCloseTime };
}
