import type { StoredEvent } from '../../contracts/event-store.ts';
import type { LiveFeed, LiveListener } from './live-feed.ts';

/** The listeners of a feed: the `listen`/`listenerCount` half of LiveFeed, plus handing an event on. */
export interface ListenerSet extends Pick<LiveFeed, 'listen' | 'listenerCount'> {
  emit(event: StoredEvent): void;
  clear(): void;
}

export function createListenerSet(): ListenerSet {
  const listeners = new Set<LiveListener>();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get listenerCount() {
      return listeners.size;
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    clear() {
      listeners.clear();
    },
  };
}
