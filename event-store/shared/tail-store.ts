import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';

/**
 * Follows the store after `after` until the signal aborts, handing each new event to `onEvent` in
 * position order. A failure (of the read, or thrown by `onEvent`) is reported to `onError` and the
 * read retried, after `retryMs`, after the last event handed on. Resolves once the signal aborts.
 */
export async function tailStore(options: {
  readonly store: EventStore;
  readonly after: bigint;
  readonly signal: AbortSignal;
  readonly onEvent: (event: StoredEvent) => void;
  readonly onError?: (error: unknown, after: bigint) => void;
  readonly pollIntervalMs?: number | undefined;
  readonly retryMs?: number;
}): Promise<void> {
  const { store, signal } = options;
  let after = options.after;
  while (!signal.aborted) {
    try {
      for await (const event of store.subscribe({
        after,
        signal,
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      })) {
        after = event.position;
        options.onEvent(event);
      }
      return;
    } catch (error) {
      if (signal.aborted) return;
      options.onError?.(error, after);
      // Aborting ends the wait too, so a stop never waits out a retry.
      await sleep(options.retryMs ?? 1000, undefined, { signal }).catch(() => undefined);
    }
  }
}
