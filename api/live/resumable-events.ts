import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';
import { apiError } from '../errors.ts';
import type { LiveListener } from './live-feed.ts';

/** Where one subscriber's live events come from (already filtered to its event types). */
export interface LiveTap {
  /** Live events committed from now on, in position order, until the returned stop is called. */
  listen(listener: LiveListener): () => void;
  /**
   * Optional fast path, taken once the subscriber is caught up: from now on live events after `last`
   * go straight to the consumer without passing through the generator, until the returned stop is
   * called or the tap calls `fellBehind(lastDelivered)` (the consumer let `queueSize` items wait). It
   * takes over synchronously, in the same step as the listener stops, so no event falls between them.
   */
  direct?(last: bigint, fellBehind: (lastDelivered: bigint) => void): () => void;
}

/** Runs every registered check with one timer (one per server, not one per subscriber). */
export interface StallSweeper {
  watch(check: (now: number) => void): () => void;
}

export interface ResumableEventsOptions {
  readonly store: EventStore;
  readonly live: LiveTap;
  /** Resume after this store position; null: only what is stored from now on. */
  readonly after: bigint | null;
  readonly types: readonly string[];
  /** Live events that may wait for the consumer. */
  readonly queueSize: number;
  /** A consumer that holds one event this long while more wait for it is cut off, ms. */
  readonly stallMs: number;
  readonly sweeper: StallSweeper;
  /** Called once when the consumer is cut off as too slow. */
  readonly onSlowConsumer: () => void;
  readonly signal?: AbortSignal;
}

/**
 * Replay from the store, then live events, with no gap and no duplicate: the live listener is
 * registered before the store is read, so everything committed later reaches the queue, and whatever
 * is at or below the last delivered position is skipped. Once caught up, a tap with a direct path
 * delivers live events itself, and hands back the last position it delivered when it falls behind.
 *
 * Memory is bounded by `queueSize`: when the queue overflows (a burst, or a slow consumer) it is
 * dropped and the listener removed; once the consumer asks for more it catches up from the store at
 * its own pace and goes live again. A consumer that holds an event for `stallMs` while others wait
 * for it is cut off (`onSlowConsumer`), and can resume from its last cursor.
 */
export async function* resumableEvents(options: ResumableEventsOptions): AsyncGenerator<StoredEvent> {
  const { store, live, queueSize, signal } = options;
  const state = {
    queue: [] as StoredEvent[],
    overflowed: false,
    stop: null as (() => void) | null,
    stopDirect: null as (() => void) | null,
    /** Set by the direct path when it hands delivery back: the last position it delivered. */
    fellBehindAt: null as bigint | null,
    wake: null as (() => void) | null,
    /** When the consumer was handed an event it has not taken yet; null while it waits for one. */
    handedAt: null as number | null,
    replaying: false,
    cut: false,
  };
  // A consumer that holds an event for stallMs while more are waiting for it (in the queue, or in the
  // store after an overflow) is too slow.
  const unwatch = options.sweeper.watch((now) => {
    const behind = state.replaying || state.overflowed || state.queue.length > 0;
    if (state.cut || state.handedAt === null || !behind) return;
    if (now - state.handedAt < options.stallMs) return;
    state.cut = true;
    options.onSlowConsumer();
  });
  const listen = (): void => {
    state.queue = [];
    state.overflowed = false;
    state.stop = live.listen((event) => {
      if (state.overflowed) return;
      if (state.queue.length < queueSize) {
        state.queue.push(event);
      } else {
        state.overflowed = true;
        state.queue = [];
        state.stop?.();
        state.stop = null;
      }
      state.wake?.();
    });
  };
  const onAbort = (): void => state.wake?.();
  signal?.addEventListener('abort', onAbort);

  try {
    listen();
    const head = (await store.readLastEvent())?.position ?? 0n;
    if (options.after !== null && options.after > head) {
      throw apiError(
        'API_ERR_CURSOR_UNSERVABLE',
        `after points at store position ${options.after}, beyond the last stored event ${head}: the cursor is from another store; resubscribe without after`,
        { details: { argument: 'after', position: options.after.toString(), head: head.toString() } },
      );
    }
    let last = options.after ?? head;
    let replay = options.after !== null;
    for (;;) {
      if (replay) {
        state.replaying = true;
        for await (const event of store.readAll({ after: last, types: options.types })) {
          if (signal?.aborted) return;
          state.handedAt = performance.now();
          yield event;
          state.handedAt = null;
          last = event.position;
        }
        state.replaying = false;
        replay = false;
      }
      while (state.queue.length > 0 && !state.overflowed) {
        const event = state.queue.shift() as StoredEvent;
        if (event.position <= last) continue;
        state.handedAt = performance.now();
        yield event;
        state.handedAt = null;
        last = event.position;
      }
      if (signal?.aborted) return;
      if (state.overflowed) {
        // Fell behind: listen again, then catch up from the store.
        listen();
        replay = true;
        continue;
      }
      if (live.direct !== undefined) {
        // Caught up: the direct path takes over until it falls behind (or the consumer leaves).
        state.stop?.();
        state.stop = null;
        state.fellBehindAt = null;
        await new Promise<void>((resolve) => {
          state.wake = resolve;
          state.stopDirect = live.direct?.(last, (lastDelivered) => {
            state.fellBehindAt = lastDelivered;
            resolve();
          }) as () => void;
          if (signal?.aborted) resolve();
        });
        state.wake = null;
        state.stopDirect?.();
        state.stopDirect = null;
        if (signal?.aborted || state.fellBehindAt === null) return;
        last = state.fellBehindAt;
        listen();
        replay = true;
        continue;
      }
      await new Promise<void>((resolve) => {
        state.wake = resolve;
        if (state.queue.length > 0 || state.overflowed || signal?.aborted) resolve();
      });
      state.wake = null;
    }
  } finally {
    unwatch();
    state.stopDirect?.();
    state.stop?.();
    signal?.removeEventListener('abort', onAbort);
  }
}
