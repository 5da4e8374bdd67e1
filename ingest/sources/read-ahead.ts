import { sourceError, throwIfAborted } from './errors.ts';

type Slot<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly error: unknown };

/**
 * Pulls up to `size` items of `source` ahead of the consumer, so that producing the next item (reading
 * and decompressing the next file) overlaps with the consumer's work on the current one. Items are
 * delivered in order; an error of the source is delivered after the items produced before it. At no
 * time are more than `size` items pulled beyond those the consumer has asked for (so at most `size`
 * items wait in memory besides the one the consumer works on). `size` 0 pulls only on demand.
 * Stopping early (break, return, abort) lets the source clean up through its `return()`.
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  size: number,
  signal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  if (!Number.isInteger(size) || size < 0) {
    throw sourceError(
      'INGEST_ERR_SOURCE_CONFIG',
      `readAhead must be a whole number of items (0 or more), got ${size}.`,
      { field: 'readAhead' },
    );
  }
  throwIfAborted(signal, 'ledger source');
  const iterator = source[Symbol.asyncIterator]();
  const buffer: Slot<T>[] = [];
  let stopped = false;
  let finished = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = (): void => {
    const resolve = wakeConsumer;
    wakeConsumer = undefined;
    resolve?.();
  };
  // With size 0 the producer pulls one item only when the consumer asks for it.
  const capacity = Math.max(size, 1);
  let demand = size === 0 ? 0 : Number.POSITIVE_INFINITY;

  const pump = async (): Promise<void> => {
    try {
      while (!stopped) {
        if (buffer.length >= capacity || demand <= 0) {
          await new Promise<void>((resolve) => {
            wakeProducer = resolve;
          });
          wakeProducer = undefined;
          continue;
        }
        if (size === 0) demand--;
        const result = await iterator.next();
        if (stopped) return;
        if (result.done) {
          buffer.push({ kind: 'done' });
          finished = true;
          return;
        }
        buffer.push({ kind: 'value', value: result.value });
        wake();
      }
    } catch (error) {
      finished = true;
      if (!stopped) buffer.push({ kind: 'error', error });
    } finally {
      wake();
    }
  };

  const onAbort = (): void => wake();
  signal?.addEventListener('abort', onAbort);
  const pumping = pump();
  let aborted = false;
  try {
    while (true) {
      if (signal?.aborted) aborted = true;
      throwIfAborted(signal, 'ledger source');
      const slot = buffer.shift();
      if (slot === undefined) {
        if (size === 0 && demand <= 0) demand = 1;
        const waiting = new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
        wakeProducer?.();
        await waiting;
        continue;
      }
      wakeProducer?.();
      if (slot.kind === 'done') return;
      if (slot.kind === 'error') throw slot.error;
      yield slot.value;
    }
  } finally {
    stopped = true;
    signal?.removeEventListener('abort', onAbort);
    wakeProducer?.();
    const cleanUp = async (): Promise<void> => {
      await pumping;
      if (!finished) await iterator.return?.();
    };
    if (aborted || signal?.aborted) {
      // Do not wait for a source that is still busy; it sees the same signal and ends by itself.
      cleanUp().catch(() => undefined);
    } else {
      await cleanUp();
    }
  }
}
