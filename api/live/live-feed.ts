import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';
import { tailStore } from '../../event-store/shared/tail-store.ts';
import { createListenerSet } from './listener-set.ts';

export type LiveListener = (event: StoredEvent) => void;

/**
 * New events as they are stored, for every subscriber of this API instance. The in-process feed tails
 * the store; a NATS feed (when `NATS_URL` is set, not built yet) would carry the same events between
 * replicas. Delivery is in store position order; a listener registered at time T receives every
 * event committed after T (earlier ones are the replay's job).
 */
export interface LiveFeed {
  listen(listener: LiveListener): () => void;
  readonly listenerCount: number;
  close(): Promise<void>;
}

export interface FeedLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * How often the in-process feed looks for events appended by another process (a separate `ingest`
 * writing the same store), ms: the latency floor of those. Appends made through the same store
 * instance (the one-process `start`) wake it at once.
 */
export const DEFAULT_FEED_POLL_MS = 50;

/**
 * Tails the store from its head at creation and hands each new event to every listener, in order.
 * Resolves once the head is known, so a listener registered afterwards misses nothing committed later.
 */
export async function createInProcessFeed(options: {
  readonly store: EventStore;
  readonly logger?: FeedLogger;
  /** Default DEFAULT_FEED_POLL_MS. */
  readonly pollIntervalMs?: number;
}): Promise<LiveFeed> {
  const { store } = options;
  const listeners = createListenerSet();
  const controller = new AbortController();
  const running = tailStore({
    store,
    after: (await store.readLastEvent())?.position ?? 0n,
    signal: controller.signal,
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_FEED_POLL_MS,
    onEvent: (event) => listeners.emit(event),
    onError: (error, after) =>
      options.logger?.warn({ err: error, after: after.toString() }, 'live feed: store read failed, retrying'),
  });

  return {
    listen: (listener) => listeners.listen(listener),
    get listenerCount() {
      return listeners.listenerCount;
    },
    async close() {
      controller.abort();
      listeners.clear();
      await running;
    },
  };
}
