import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { IndexerError } from '../../contracts/errors.ts';
import { openLocalLedgerSource } from '../../ingest/sources/open-local-source.ts';
import { readAhead } from '../../ingest/sources/read-ahead.ts';
import { collect, failure, PUBNET_P26 } from './helpers.ts';

/**
 * A producer that records how far it ran ahead of the consumer: `requested` counts the items the
 * consumer has asked for (its next() calls), so produced - requested is what was pulled ahead.
 */
function countingProducer(total: number, options: { failAt?: number } = {}) {
  const state = { produced: 0, requested: 0, maxAhead: 0, closed: false };
  async function* produce(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < total; i++) {
        await Promise.resolve(); // always faster than the consumer, which sleeps
        if (options.failAt === i) {
          throw new IndexerError('TEST_ERR_PRODUCER', `producer failed at item ${i}`);
        }
        state.produced++;
        state.maxAhead = Math.max(state.maxAhead, state.produced - state.requested);
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: produce() };
}

describe('bounded read-ahead', () => {
  it.each([1, 2, 4])('never pulls more than %i items ahead of a slow consumer', async (size) => {
    const { state, items } = countingProducer(30);
    const seen: number[] = [];
    const iterator = readAhead(items, size)[Symbol.asyncIterator]();
    while (true) {
      state.requested++;
      const next = await iterator.next();
      if (next.done) break;
      seen.push(next.value);
      await sleep(3); // the consumer's work, while the producer runs ahead
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // The window fills up (the producer is faster) but is never exceeded.
    expect(state.maxAhead).toBe(size);
  });

  it('keeps exactly `size` items waiting while the consumer works', async () => {
    const { state, items } = countingProducer(20);
    const iterator = readAhead(items, 3)[Symbol.asyncIterator]();
    state.requested++;
    await iterator.next();
    await sleep(30); // the consumer is busy; the producer fills the window and stops
    expect(state.produced - state.requested).toBe(3);
    await iterator.return?.();
    expect(state.closed).toBe(true);
  });

  it('with size 0 pulls an item only when the consumer asks', async () => {
    const { state, items } = countingProducer(5);
    const iterator = readAhead(items, 0)[Symbol.asyncIterator]();
    await sleep(20);
    expect(state.produced).toBe(0);
    await iterator.next();
    await sleep(20);
    expect(state.produced).toBe(1);
    await iterator.return?.();
  });

  it('delivers the items produced before an error, then the error', async () => {
    const { items } = countingProducer(10, { failAt: 4 });
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const item of readAhead(items, 4)) seen.push(item);
      })(),
    );
    expect(seen).toEqual([0, 1, 2, 3]);
    expect((error as IndexerError).code).toBe('TEST_ERR_PRODUCER');
  });

  it('lets the producer clean up when the consumer stops early', async () => {
    const { state, items } = countingProducer(100);
    for await (const item of readAhead(items, 4)) {
      if (item === 2) break;
    }
    expect(state.closed).toBe(true);
    expect(state.produced).toBeLessThanOrEqual(3 + 4);
  });

  it('stops with INGEST_ERR_SOURCE_ABORTED when the signal fires', async () => {
    const { state, items } = countingProducer(1000);
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const item of readAhead(items, 2, controller.signal)) {
          seen.push(item);
          if (item === 5) controller.abort();
        }
      })(),
    );
    expect((error as IndexerError).code).toBe('INGEST_ERR_SOURCE_ABORTED');
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    await sleep(10);
    expect(state.closed).toBe(true);
  });

  it('rejects a read-ahead that is not a whole number', async () => {
    const error = await failure(openLocalLedgerSource(PUBNET_P26, { readAhead: -1 }));
    expect(error.code).toBe('INGEST_ERR_SOURCE_CONFIG');
  });

  it('aborts a source read through its signal and through close()', async () => {
    const source = await openLocalLedgerSource(PUBNET_P26, { readAhead: 2 });
    const controller = new AbortController();
    const seen: number[] = [];
    const aborted = await failure(
      (async () => {
        for await (const ledger of source.read({ signal: controller.signal })) {
          seen.push(ledger.sequence);
          if (seen.length === 3) controller.abort();
        }
      })(),
    );
    expect(aborted.code).toBe('INGEST_ERR_SOURCE_ABORTED');
    expect(seen).toHaveLength(3);
    const reading = source.read({})[Symbol.asyncIterator]();
    expect((await reading.next()).value?.sequence).toBe(63092982);
    await source.close();
    expect((await failure(reading.next())).code).toBe('INGEST_ERR_SOURCE_ABORTED');
    expect((await failure(collect(source))).code).toBe('INGEST_ERR_SOURCE_ABORTED');
  });
});
