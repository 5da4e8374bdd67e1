import type { StoredEvent } from '../../contracts/event-store.ts';
import type { ChangeNotifier } from './change-notifier.ts';

export const DEFAULT_POLL_INTERVAL_MS = 200;

/**
 * The `subscribe` loop shared by the backends: read everything new (`readNew` owns the cursor and
 * stops when caught up), then wait for an in-process notification or the poll interval, and read
 * again. Ends cleanly (no throw) when the signal aborts or the store closes.
 */
export async function* followEvents(options: {
  readonly readNew: () => AsyncIterable<StoredEvent>;
  readonly notifier: ChangeNotifier;
  readonly signal: AbortSignal;
  readonly pollIntervalMs?: number | undefined;
}): AsyncGenerator<StoredEvent> {
  const { readNew, notifier, signal } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  while (!signal.aborted && !notifier.closed) {
    const seen = notifier.version;
    for await (const event of readNew()) {
      if (signal.aborted || notifier.closed) return;
      yield event;
    }
    await notifier.wait(seen, pollIntervalMs, signal);
  }
}
