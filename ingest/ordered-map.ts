/**
 * Maps an async iterable with up to `concurrency` calls of `fn` in flight, yielding results in input
 * order. Pulls a new input only when a slot frees up, so memory stays bounded.
 */
export async function* mapOrdered<T, R>(
  source: AsyncIterable<T>,
  fn: (item: T) => Promise<R> | R,
  concurrency: number,
): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      while (!done && inFlight.length < concurrency) {
        const next = await iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        const result = Promise.resolve().then(() => fn(next.value));
        result.catch(() => undefined); // surfaced when awaited in order below
        inFlight.push(result);
      }
      const head = inFlight.shift();
      if (head === undefined) return;
      yield await head;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
