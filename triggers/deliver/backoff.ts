/** `initialMs` doubled per failure after the first, capped at `maxMs`. */
export const backoffDelay = (initialMs: number, failures: number, maxMs: number): number =>
  Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));

/** Waits `ms`; resolves true when the time passed, false as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (slept: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(slept);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
