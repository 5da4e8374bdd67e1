import type { StallSweeper } from '../live/resumable-events.ts';

/**
 * One timer for every subscriber's stall check, running every `periodMs` while at least one check is
 * registered (unref'd: it never keeps the process alive).
 */
export function createStallSweeper(options: { readonly periodMs: number }): StallSweeper & {
  readonly size: number;
  close(): void;
} {
  const checks = new Set<(now: number) => void>();
  let timer: NodeJS.Timeout | null = null;
  const sweep = (): void => {
    const now = performance.now();
    for (const check of checks) check(now);
  };
  const stopTimer = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  return {
    watch(check) {
      checks.add(check);
      if (timer === null) {
        timer = setInterval(sweep, options.periodMs);
        timer.unref();
      }
      return () => {
        checks.delete(check);
        if (checks.size === 0) stopTimer();
      };
    },
    get size() {
      return checks.size;
    },
    close() {
      checks.clear();
      stopTimer();
    },
  };
}
