import { throwIfAborted } from '../../sources/errors.ts';

/**
 * Waits `ms` milliseconds; an abort ends the wait early with INGEST_ERR_SOURCE_ABORTED naming
 * `where`. The timer does not keep the process alive once the signal fired.
 */
export function sleep(ms: number, signal: AbortSignal | undefined, where = 'remote source'): Promise<void> {
  throwIfAborted(signal, where);
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      try {
        throwIfAborted(signal, where);
      } catch (error) {
        reject(error);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
