/**
 * Tells followers in this process that the store changed, so that `subscribe` sees an append made by
 * the same store instance at once instead of at the next poll. `version` goes up on every change; a
 * follower reads it before looking for events and then waits only if it is still the same.
 */
export interface ChangeNotifier {
  readonly version: number;
  readonly closed: boolean;
  notify(): void;
  /** Wakes every follower for good; `wait` then resolves at once. */
  close(): void;
  /** Resolves when version moves past `seen`, after `timeoutMs`, on abort, or on close. Never rejects. */
  wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
}

export function createChangeNotifier(): ChangeNotifier {
  let version = 0;
  let closed = false;
  const waiters = new Set<() => void>();

  const wakeAll = (): void => {
    const current = [...waiters];
    waiters.clear();
    for (const wake of current) wake();
  };

  return {
    get version() {
      return version;
    },
    get closed() {
      return closed;
    },
    notify() {
      version += 1;
      wakeAll();
    },
    close() {
      closed = true;
      wakeAll();
    },
    wait(seen, timeoutMs, signal) {
      if (closed || signal.aborted || version !== seen) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done, { once: true });
        waiters.add(done);
      });
    },
  };
}
