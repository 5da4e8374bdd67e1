/**
 * Wakes the sink loops when the engine appended a firing. A loop reads `version` before it reads the
 * stream and then waits only while the version is unchanged, so a notify during a read is not lost.
 */
export interface WakeSignal {
  readonly version: number;
  notify(): void;
  /** Resolves when version moves past `seen`, after `timeoutMs`, or on abort. Never rejects. */
  wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
}

export function createWakeSignal(): WakeSignal {
  let version = 0;
  const waiters = new Set<() => void>();
  return {
    get version() {
      return version;
    },
    notify() {
      version += 1;
      const current = [...waiters];
      waiters.clear();
      for (const wake of current) wake();
    },
    wait(seen, timeoutMs, signal) {
      if (signal.aborted || version !== seen) return Promise.resolve();
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
