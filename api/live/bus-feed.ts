import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';
import type { MessageBus } from '../../contracts/message-bus.ts';
import {
  type DecodedEventMessage,
  decodeEventMessage,
  EVENT_SUBJECT_PREFIX,
} from '../../messaging/event-relay/event-message.ts';
import { createListenerSet } from './listener-set.ts';
import type { FeedLogger, LiveFeed } from './live-feed.ts';

export interface BusFeed extends LiveFeed {
  /** Events handed on straight from bus messages, and events read from the store to fill gaps. */
  readonly stats: { readonly fromBus: number; readonly fromStore: number };
}

export interface BusFeedOptions {
  readonly store: EventStore;
  readonly bus: MessageBus;
  readonly logger?: FeedLogger;
  /** How often to compare the store's head with the last event handed on when the bus is quiet, ms. */
  readonly safetyPollMs?: number;
  /** Messages waiting while a gap is filled; beyond it they are dropped and read from the store instead. */
  readonly maxPending?: number;
}

/**
 * Live events from the bus (`stellar.events.>`, published by the writer's event relay), so every API
 * replica serves every subscriber. Each message names its predecessor: when that is not the last event
 * this feed handed on (a message lost, or a payload too large to send), the missing events are read from
 * the store first. A quiet bus is checked against the store's head every `safetyPollMs`, so a relay that
 * is down delays events but never loses them. Listeners see positions strictly increasing, none skipped.
 */
export async function createBusFeed(options: BusFeedOptions): Promise<BusFeed> {
  const { store, bus } = options;
  const maxPending = options.maxPending ?? 10_000;
  const listeners = createListenerSet();
  const pending: DecodedEventMessage[] = [];
  const stats = { fromBus: 0, fromStore: 0 };
  let after = (await store.readLastEvent())?.position ?? 0n;
  /** Highest position announced while the pending queue overflowed: read up to it from the store. */
  let overflowTo = 0n;
  let lastMessageAt = performance.now();
  let draining: Promise<void> | null = null;
  let closed = false;

  const handOn = (event: StoredEvent): void => {
    after = event.position;
    listeners.emit(event);
  };
  const backfill = async (upTo: bigint | null): Promise<void> => {
    for await (const event of store.readAll({ after })) {
      if (closed || (upTo !== null && event.position > upTo)) return;
      stats.fromStore += 1;
      handOn(event);
    }
  };
  const drainOnce = async (): Promise<void> => {
    while (!closed && (pending.length > 0 || overflowTo > after)) {
      if (overflowTo > after) {
        await backfill(overflowTo);
        if (overflowTo > after) return; // the store does not have them yet: the safety poll retries
        continue;
      }
      const message = pending.shift() as DecodedEventMessage;
      if (message.position <= after) continue;
      if (message.previous !== after || message.event === null) {
        await backfill(message.position);
        continue;
      }
      stats.fromBus += 1;
      handOn(message.event);
    }
  };
  const drain = (): Promise<void> => {
    draining ??= drainOnce()
      .catch((error: unknown) => {
        options.logger?.warn({ err: error, after: after.toString() }, 'bus feed: store read failed');
      })
      .finally(() => {
        draining = null;
      });
    return draining;
  };

  const unsubscribe = bus.subscribe(`${EVENT_SUBJECT_PREFIX}.>`, (raw) => {
    lastMessageAt = performance.now();
    const message = decodeEventMessage(raw);
    if (message === null || message.position <= after) return;
    if (pending.length >= maxPending) {
      pending.length = 0;
      overflowTo = message.position;
    } else pending.push(message);
    void drain();
  });
  const safetyPollMs = options.safetyPollMs ?? 2_000;
  const poll = setInterval(() => {
    if (draining !== null || performance.now() - lastMessageAt < safetyPollMs) return;
    void store
      .readLastEvent()
      .then((last) => {
        if (last !== null && last.position > after && last.position > overflowTo) overflowTo = last.position;
        return drain();
      })
      .catch((error: unknown) => {
        options.logger?.warn({ err: error }, 'bus feed: reading the store head failed');
      });
  }, safetyPollMs);
  poll.unref();

  return {
    stats,
    listen: (listener) => listeners.listen(listener),
    get listenerCount() {
      return listeners.listenerCount;
    },
    async close() {
      closed = true;
      clearInterval(poll);
      unsubscribe();
      listeners.clear();
      await draining;
    },
  };
}
