import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../contracts/checkpoint.ts';
import { hasErrorCode } from '../../contracts/errors.ts';
import type { EventStore, LedgerCommit, NewEvent, StoredEvent } from '../../contracts/event-store.ts';

export interface StoreUnderTest {
  readonly store: EventStore;
  readonly cleanup: () => Promise<void>;
}

/** A JSON payload shaped like the project's event envelopes. */
export function makeEvent(
  type: string,
  id: string,
  ledger?: number,
  data: unknown = { note: `${type} ${id}` },
): NewEvent {
  return {
    type,
    id,
    ledger,
    payload: { id, type, schemaVersion: 1, network: 'testnet', ledger: ledger ?? null, data },
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Awaits the promise and returns the typed error it rejects with (fails the test when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (!hasErrorCode(error)) throw error;
    return { code: error.code, details: { ...error.details } };
  }
  throw new Error('expected the call to reject with a typed store error, but it resolved');
}

/** Consumes a subscription in the background, so a test can wait for the n-th event. */
export function follow(iterable: AsyncIterable<StoredEvent>) {
  const events: StoredEvent[] = [];
  let wake: (() => void) | undefined;
  const done = (async () => {
    for await (const event of iterable) {
      events.push(event);
      wake?.();
    }
    wake?.();
  })();
  return {
    events,
    done,
    async waitFor(count: number, timeoutMs: number): Promise<StoredEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`waited ${timeoutMs} ms for ${count} events, got ${events.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 50));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return events.slice(0, count);
    },
  };
}

const NAME = 'ingest:testnet';
const cp = (ledger: number): Checkpoint => ({ ledger, hash: `hash-of-${ledger}` });

/** A ledger commit moving NAME from `ledger - 1` (or nothing, for `first`) to `ledger`. */
function ledgerCommit(
  ledger: number,
  events: readonly NewEvent[],
  expected: Checkpoint | null = cp(ledger - 1),
): LedgerCommit {
  return { checkpointName: NAME, expected, checkpoint: cp(ledger), events };
}

function ledgerEvents(ledger: number, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) =>
    makeEvent(i % 2 === 0 ? 'OperationApplied' : 'TradeExecuted', `${ledger}-${i}`, ledger),
  );
}

/**
 * The EventStore contract, run against one backend. `factory` gives a fresh, empty store per test
 * (its own file, or its own stream prefix) and a cleanup that closes and removes it.
 */
export function describeEventStoreConformance(name: string, factory: () => Promise<StoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('appendToStream', () => {
      it('creates a stream with no_stream and continues it from its last revision', async () => {
        const first = await store.appendToStream(
          'account-A',
          [makeEvent('Opened', 'a1'), makeEvent('Credited', 'a2')],
          'no_stream',
        );
        expect(first).toEqual({ nextRevision: 1n, lastPosition: 2n });
        const second = await store.appendToStream('account-A', [makeEvent('Credited', 'a3')], 1n);
        expect(second).toEqual({ nextRevision: 2n, lastPosition: 3n });
        const third = await store.appendToStream('account-B', [makeEvent('Opened', 'b1')], 'any');
        expect(third).toEqual({ nextRevision: 0n, lastPosition: 4n });
        const fourth = await store.appendToStream('account-A', [makeEvent('Debited', 'a4')], 'any');
        expect(fourth.nextRevision).toBe(3n);
      });

      it('refuses a wrong expected revision with STORE_ERR_CONFLICT naming stream, expected and actual', async () => {
        await store.appendToStream(
          'orders',
          [makeEvent('Placed', 'o1'), makeEvent('Placed', 'o2')],
          'no_stream',
        );

        const exists = await rejection(
          store.appendToStream('orders', [makeEvent('Placed', 'o3')], 'no_stream'),
        );
        expect(exists).toMatchObject({
          code: 'STORE_ERR_CONFLICT',
          details: { stream: 'orders', expected: 'no_stream', actual: '1' },
        });

        const stale = await rejection(store.appendToStream('orders', [makeEvent('Placed', 'o3')], 0n));
        expect(stale).toMatchObject({
          code: 'STORE_ERR_CONFLICT',
          details: { stream: 'orders', expected: '0', actual: '1' },
        });

        const missing = await rejection(store.appendToStream('nowhere', [makeEvent('Placed', 'n1')], 0n));
        expect(missing).toMatchObject({
          code: 'STORE_ERR_CONFLICT',
          details: { stream: 'nowhere', expected: '0', actual: 'no_stream' },
        });

        const all = await collect(store.readAll());
        expect(all.map((e) => e.id)).toEqual(['o1', 'o2']);
      });

      it('refuses a payload JSON cannot hold, and a (type, id) given twice, writing nothing', async () => {
        const bigint = await rejection(
          store.appendToStream(
            's',
            [makeEvent('Ok', 'x1'), { type: 'Bad', id: 'x2', payload: { amount: 10n } }],
            'any',
          ),
        );
        expect(bigint).toMatchObject({
          code: 'STORE_ERR_PAYLOAD',
          details: { type: 'Bad', id: 'x2', stream: 's' },
        });

        const twice = await rejection(
          store.appendToStream('s', [makeEvent('Ok', 'x1'), makeEvent('Ok', 'x1')], 'any'),
        );
        expect(twice).toMatchObject({ code: 'STORE_ERR_DUPLICATE_EVENT', details: { type: 'Ok', id: 'x1' } });

        expect(await store.readLastEvent()).toBeNull();
      });
    });

    describe('readStream', () => {
      it('reads one stream in revision order, from a revision, with payloads parsed', async () => {
        await store.appendToStream('s1', [makeEvent('A', '1'), makeEvent('B', '2')], 'no_stream');
        await store.appendToStream('s2', [makeEvent('A', '3')], 'no_stream');
        await store.appendToStream(
          's1',
          [makeEvent('C', '4', 7, { text: 'é ✓ "quoted"', list: [1, 'two', null] })],
          1n,
        );

        const s1 = await collect(store.readStream('s1'));
        expect(s1.map((e) => [e.revision, e.type, e.id, e.position])).toEqual([
          [0n, 'A', '1', 1n],
          [1n, 'B', '2', 2n],
          [2n, 'C', '4', 4n],
        ]);
        expect(s1[2]).toMatchObject({
          stream: 's1',
          ledger: 7,
          payload: { id: '4', type: 'C', data: { text: 'é ✓ "quoted"', list: [1, 'two', null] } },
        });
        expect(s1[0]?.ledger).toBeNull();

        const tail = await collect(store.readStream('s1', { from: 1n }));
        expect(tail.map((e) => e.id)).toEqual(['2', '4']);
        expect(await collect(store.readStream('unknown-stream'))).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('returns every event in position order, from 1, strictly increasing, with after, limit and types', async () => {
        await store.appendToStream('x', [makeEvent('A', '1'), makeEvent('B', '2')], 'no_stream');
        await store.commitLedger(ledgerCommit(10, [makeEvent('B', '3', 10), makeEvent('C', '4', 10)], null));
        await store.appendToStream('y', [makeEvent('A', '5')], 'no_stream');

        const all = await collect(store.readAll());
        expect(all.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5']);
        expect(all[0]?.position).toBe(1n);
        for (let i = 1; i < all.length; i++) {
          expect((all[i] as StoredEvent).position > (all[i - 1] as StoredEvent).position).toBe(true);
        }
        expect(all.map((e) => e.stream)).toEqual(['x', 'x', 'ledger-10', 'ledger-10', 'y']);

        const second = all[1] as StoredEvent;
        expect((await collect(store.readAll({ after: second.position }))).map((e) => e.id)).toEqual([
          '3',
          '4',
          '5',
        ]);
        expect((await collect(store.readAll({ limit: 2 }))).map((e) => e.id)).toEqual(['1', '2']);
        expect((await collect(store.readAll({ after: second.position, limit: 1 }))).map((e) => e.id)).toEqual(
          ['3'],
        );
        expect((await collect(store.readAll({ types: ['B'] }))).map((e) => e.id)).toEqual(['2', '3']);
        expect((await collect(store.readAll({ types: ['A', 'C'], after: 1n }))).map((e) => e.id)).toEqual([
          '4',
          '5',
        ]);
        expect(await collect(store.readAll({ types: ['Nope'] }))).toEqual([]);
        const last = all[4] as StoredEvent;
        expect(await collect(store.readAll({ after: last.position }))).toEqual([]);
      });

      it('stops early when the signal is aborted', async () => {
        await store.appendToStream('x', ledgerEvents(1, 5), 'no_stream');
        const controller = new AbortController();
        const seen: string[] = [];
        for await (const event of store.readAll({ signal: controller.signal })) {
          seen.push(event.id);
          if (seen.length === 2) controller.abort();
        }
        expect(seen).toEqual(['1-0', '1-1']);
      });
    });

    describe('commitLedger', () => {
      it('writes the ledger to ledger-<seq> and moves the checkpoint in one step', async () => {
        expect(await store.readCheckpoint(NAME)).toBeNull();
        const result = await store.commitLedger(ledgerCommit(100, ledgerEvents(100, 3), null));
        expect(result).toEqual({ nextRevision: 2n, lastPosition: 3n });
        expect(await store.readCheckpoint(NAME)).toEqual(cp(100));
        const stream = await collect(store.readStream('ledger-100'));
        expect(stream.map((e) => [e.revision, e.id, e.ledger])).toEqual([
          [0n, '100-0', 100],
          [1n, '100-1', 100],
          [2n, '100-2', 100],
        ]);
        expect(await store.readCheckpoint('some-other-checkpoint')).toBeNull();
      });

      it('keeps checkpoint continuity: only the stored checkpoint may be expected', async () => {
        await store.commitLedger(ledgerCommit(100, ledgerEvents(100, 2), null));
        await store.commitLedger(ledgerCommit(101, ledgerEvents(101, 2)));
        expect(await store.readCheckpoint(NAME)).toEqual(cp(101));

        // A second writer that still believes the checkpoint is at 100.
        const stale = await rejection(store.commitLedger(ledgerCommit(101, ledgerEvents(101, 2), cp(100))));
        expect(stale).toMatchObject({
          code: 'STORE_ERR_CHECKPOINT_CONFLICT',
          details: { checkpoint: NAME, expected: '100/hash-of-100', actual: '101/hash-of-101' },
        });
        // Right ledger, wrong hash.
        const forked = await rejection(
          store.commitLedger(ledgerCommit(102, ledgerEvents(102, 1), { ledger: 101, hash: 'another-hash' })),
        );
        expect(forked.code).toBe('STORE_ERR_CHECKPOINT_CONFLICT');
        // Starting from nothing when something is stored.
        const fresh = await rejection(store.commitLedger(ledgerCommit(102, ledgerEvents(102, 1), null)));
        expect(fresh).toMatchObject({ code: 'STORE_ERR_CHECKPOINT_CONFLICT', details: { expected: 'none' } });

        expect(await store.readCheckpoint(NAME)).toEqual(cp(101));
        expect((await collect(store.readAll())).map((e) => e.id)).toEqual([
          '100-0',
          '100-1',
          '101-0',
          '101-1',
        ]);
        expect(await collect(store.readStream('ledger-102'))).toEqual([]);
      });

      it('leaves nothing visible when a commit fails on a wrong checkpoint or a repeated (type, id)', async () => {
        await store.commitLedger(ledgerCommit(50, ledgerEvents(50, 2), null));
        const before = await store.readLastEvent();

        const wrong = await rejection(store.commitLedger(ledgerCommit(51, ledgerEvents(51, 4), cp(49))));
        expect(wrong.code).toBe('STORE_ERR_CHECKPOINT_CONFLICT');

        const repeated = [...ledgerEvents(51, 3), makeEvent('OperationApplied', '51-0', 51)];
        const duplicate = await rejection(store.commitLedger(ledgerCommit(51, repeated)));
        expect(duplicate).toMatchObject({
          code: 'STORE_ERR_DUPLICATE_EVENT',
          details: { type: 'OperationApplied', id: '51-0' },
        });

        const unserializable = [
          ...ledgerEvents(51, 2),
          { type: 'Bad', id: 'b', ledger: 51, payload: { n: 1n } },
        ];
        expect((await rejection(store.commitLedger(ledgerCommit(51, unserializable)))).code).toBe(
          'STORE_ERR_PAYLOAD',
        );

        expect(await store.readCheckpoint(NAME)).toEqual(cp(50));
        expect(await store.readLastEvent()).toEqual(before);
        expect((await collect(store.readAll())).map((e) => e.id)).toEqual(['50-0', '50-1']);
        expect(await collect(store.readStream('ledger-51'))).toEqual([]);

        // The same ledger, done right, still commits.
        await store.commitLedger(ledgerCommit(51, ledgerEvents(51, 2)));
        expect((await collect(store.readStream('ledger-51'))).map((e) => e.id)).toEqual(['51-0', '51-1']);
      });

      it('moves the checkpoint for a ledger without events', async () => {
        await store.commitLedger(ledgerCommit(7, [], null));
        expect(await store.readCheckpoint(NAME)).toEqual(cp(7));
        const next = await store.commitLedger(ledgerCommit(8, ledgerEvents(8, 1)));
        expect(next).toEqual({ nextRevision: 0n, lastPosition: 1n });
      });

      it('commitLedgers commits several ledgers in order, each checked against the one before', async () => {
        await store.commitLedger(ledgerCommit(20, ledgerEvents(20, 1), null));
        const result = await store.commitLedgers([
          ledgerCommit(21, ledgerEvents(21, 2)),
          ledgerCommit(22, []),
          ledgerCommit(23, ledgerEvents(23, 3)),
        ]);
        expect(result).toEqual({ nextRevision: 2n, lastPosition: 6n });
        expect(await store.readCheckpoint(NAME)).toEqual(cp(23));
        expect((await collect(store.readAll())).map((e) => `${e.stream}:${e.id}`)).toEqual([
          'ledger-20:20-0',
          'ledger-21:21-0',
          'ledger-21:21-1',
          'ledger-23:23-0',
          'ledger-23:23-1',
          'ledger-23:23-2',
        ]);
      });

      it('commitLedgers is all or nothing: a broken chain in the last ledger keeps the first ones out', async () => {
        await store.commitLedger(ledgerCommit(30, ledgerEvents(30, 1), null));
        const broken = await rejection(
          store.commitLedgers([
            ledgerCommit(31, ledgerEvents(31, 2)),
            ledgerCommit(32, ledgerEvents(32, 2)),
            ledgerCommit(34, ledgerEvents(34, 2), cp(33)),
          ]),
        );
        expect(broken).toMatchObject({ code: 'STORE_ERR_CHECKPOINT_CONFLICT', details: { ledger: 34 } });
        expect(await store.readCheckpoint(NAME)).toEqual(cp(30));
        expect((await collect(store.readAll())).map((e) => e.id)).toEqual(['30-0']);
        expect(await collect(store.readStream('ledger-31'))).toEqual([]);
      });

      it('round-trips a ledger with more than 1 MiB of payload intact and in order', async () => {
        const filler = 'x'.repeat(440);
        const events = Array.from({ length: 3_000 }, (_, i) =>
          makeEvent('OperationApplied', `big-${i}`, 900, {
            index: i,
            filler,
            amount: `${i}000000000000000001`,
          }),
        );
        const bytes = events.reduce((n, e) => n + JSON.stringify(e.payload).length, 0);
        expect(bytes).toBeGreaterThan(1024 * 1024);

        const result = await store.commitLedger(ledgerCommit(900, events, null));
        expect(result).toEqual({ nextRevision: 2_999n, lastPosition: 3_000n });

        const back = await collect(store.readAll());
        expect(back).toHaveLength(3_000);
        back.forEach((event, i) => {
          expect(event.position).toBe(BigInt(i + 1));
          expect(event.revision).toBe(BigInt(i));
        });
        expect(back.map((e) => e.payload)).toEqual(events.map((e) => e.payload));
        const stream = await collect(store.readStream('ledger-900', { from: 2_998n }));
        expect(stream.map((e) => e.id)).toEqual(['big-2998', 'big-2999']);
        expect((await collect(store.readAll({ after: 1_500n, limit: 2 }))).map((e) => e.id)).toEqual([
          'big-1500',
          'big-1501',
        ]);
      });
    });

    describe('subscribe', () => {
      it('catches up, then receives live appends at once, then stops on abort', async () => {
        await store.appendToStream('live', [makeEvent('A', '1'), makeEvent('B', '2')], 'no_stream');
        const controller = new AbortController();
        // A poll interval far longer than the test: live events must come from the in-process notification.
        const sub = follow(store.subscribe({ signal: controller.signal, pollIntervalMs: 60_000 }));
        expect((await sub.waitFor(2, 5_000)).map((e) => e.id)).toEqual(['1', '2']);

        await store.appendToStream('live', [makeEvent('A', '3')], 1n);
        expect((await sub.waitFor(3, 5_000)).map((e) => e.id)).toEqual(['1', '2', '3']);
        await store.commitLedger(ledgerCommit(5, [makeEvent('C', '4', 5)], null));
        const live = await sub.waitFor(4, 5_000);
        expect(live.map((e) => [e.id, e.position])).toEqual([
          ['1', 1n],
          ['2', 2n],
          ['3', 3n],
          ['4', 4n],
        ]);

        controller.abort();
        await sub.done;
        await store.appendToStream('live', [makeEvent('A', '5')], 2n);
        expect(sub.events).toHaveLength(4);
      });

      it('follows from a position and only the types asked for', async () => {
        await store.appendToStream(
          'f',
          [makeEvent('A', '1'), makeEvent('B', '2'), makeEvent('A', '3')],
          'no_stream',
        );
        const controller = new AbortController();
        const sub = follow(
          store.subscribe({ signal: controller.signal, after: 1n, types: ['A'], pollIntervalMs: 20 }),
        );
        expect((await sub.waitFor(1, 5_000)).map((e) => e.id)).toEqual(['3']);
        await store.appendToStream('f', [makeEvent('B', '4'), makeEvent('A', '5')], 2n);
        expect((await sub.waitFor(2, 5_000)).map((e) => e.id)).toEqual(['3', '5']);
        controller.abort();
        await sub.done;
        expect(sub.events.map((e) => e.id)).toEqual(['3', '5']);
      });

      it('ends without error when aborted while waiting on an empty store', async () => {
        const controller = new AbortController();
        const sub = follow(store.subscribe({ signal: controller.signal }));
        await new Promise((resolve) => setTimeout(resolve, 30));
        controller.abort();
        await sub.done;
        expect(sub.events).toEqual([]);
      });
    });

    describe('readLastEvent', () => {
      it('is null on an empty store and then the highest position', async () => {
        expect(await store.readLastEvent()).toBeNull();
        await store.appendToStream('a', [makeEvent('A', '1'), makeEvent('A', '2')], 'no_stream');
        await store.commitLedger(ledgerCommit(3, [makeEvent('L', '3', 3)], null));
        await store.commitLedger(ledgerCommit(4, []));
        expect(await store.readLastEvent()).toMatchObject({
          position: 3n,
          stream: 'ledger-3',
          revision: 0n,
          type: 'L',
          id: '3',
          ledger: 3,
          payload: { id: '3', type: 'L' },
        });
      });
    });
  });
}
