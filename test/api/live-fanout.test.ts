import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInProcessFeed, type LiveFeed } from '../../api/live/live-feed.ts';
import { createLiveFanout, type DirectMember } from '../../api/subscriptions/live-fanout.ts';
import { createStallSweeper } from '../../api/subscriptions/stall-sweeper.ts';
import type { EventStore, NewEvent, StoredEvent } from '../../contracts/event-store.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';

let dir: string;
let store: EventStore;
let feed: LiveFeed;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-fanout-'));
  store = createSqliteEventStore({ path: path.join(dir, 'events.db') });
  feed = await createInProcessFeed({ store, pollIntervalMs: 20 });
});
afterEach(async () => {
  await feed.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const event = (type: string): NewEvent => {
  counter += 1;
  return { type, id: `${type}-${counter}`, payload: { id: `${type}-${counter}`, type, n: counter } };
};

/** Resolves once `check` holds, polling every 5 ms (fails the test after 5 s). */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A direct member that records what it was handed. */
function recorder<P>(): DirectMember<P> & { got: [bigint, P][]; fellBack: number } {
  const got: [bigint, P][] = [];
  const member = {
    got,
    fellBack: 0,
    deliver(position: bigint, rendered: P) {
      got.push([position, rendered]);
      return true;
    },
    fallBack() {
      member.fellBack += 1;
    },
  };
  return member;
}

describe('live fan-out', () => {
  it('wakes only the groups that want an event type and renders each event once per group', async () => {
    const fanout = createLiveFanout({ feed });
    const renders: string[] = [];
    const delivered: number[] = [];
    const rendering = (label: string) => () => ({
      render: (e: StoredEvent) => {
        renders.push(`${label}:${e.position}`);
        return { label, position: e.position };
      },
      delivered: (count: number) => delivered.push(count),
    });
    const a1 = fanout.join('a', ['LedgerClosed'], rendering('a'));
    const a2 = fanout.join('a', ['LedgerClosed'], rendering('other')); // joins a: its rendering is unused
    const b = fanout.join('b', ['TradeExecuted'], rendering('b'));
    const [m1, m2, mb] = [recorder(), recorder(), recorder()];
    a1.direct(m1);
    a2.direct(m2);
    b.direct(mb);
    const queued: StoredEvent[] = [];
    const q = fanout.join('q', ['TradeExecuted'], () => ({ render: () => null }));
    q.listen((e) => queued.push(e));
    expect(fanout.stats).toEqual({ groups: 3, members: 4, direct: 3 });

    await store.appendToStream(
      's',
      [event('LedgerClosed'), event('TradeExecuted'), event('LedgerClosed')],
      'any',
    );
    await until(() => m1.got.length === 2 && mb.got.length === 1 && queued.length === 1);

    expect(m1.got.map(([p]) => p)).toEqual([1n, 3n]);
    // The members of a group are handed the same rendering object, made once.
    expect(m2.got.map(([, r]) => r)).toEqual(m1.got.map(([, r]) => r));
    expect(m2.got[0]?.[1]).toBe(m1.got[0]?.[1]);
    expect(renders.sort()).toEqual(['a:1', 'a:3', 'b:2']);
    expect(mb.got.map(([p]) => p)).toEqual([2n]);
    expect(queued.map((e) => e.type)).toEqual(['TradeExecuted']);
    expect(delivered).toEqual([2, 1, 2]);

    a1.leave();
    a2.leave();
    expect(fanout.stats.groups).toBe(2);
    fanout.close();
  });

  it('keeps the event order of a group whose rendering is asynchronous', async () => {
    const fanout = createLiveFanout({ feed });
    const delays = [40, 0, 15, 0];
    let call = 0;
    const membership = fanout.join('slow', ['LedgerClosed'], () => ({
      render: (e: StoredEvent) =>
        new Promise<bigint>((resolve) => setTimeout(() => resolve(e.position), delays[call++] ?? 0)),
    }));
    const member = recorder<bigint>();
    membership.direct(member);
    for (let i = 0; i < 4; i += 1) await store.appendToStream('s', [event('LedgerClosed')], 'any');
    await until(() => member.got.length === 4);
    expect(member.got.map(([p, r]) => [p, r])).toEqual([
      [1n, 1n],
      [2n, 2n],
      [3n, 3n],
      [4n, 4n],
    ]);
    fanout.close();
  });

  it('sends every direct member back to the slow path when its group cannot render an event', async () => {
    const fanout = createLiveFanout({ feed });
    const membership = fanout.join('broken', ['LedgerClosed'], () => ({
      render: (): never => {
        throw new Error('no item for this event');
      },
    }));
    const [first, second] = [recorder(), recorder()];
    const stops = [membership.direct(first), membership.direct(second)];
    await store.appendToStream('s', [event('LedgerClosed')], 'any');
    await until(() => first.fellBack === 1 && second.fellBack === 1);
    expect(first.got).toEqual([]);
    for (const stop of stops) stop();
    fanout.close();
  });
});

describe('stall sweeper', () => {
  it('runs every registered check on one timer, only while checks are registered', async () => {
    const sweeper = createStallSweeper({ periodMs: 10 });
    const seen: number[] = [];
    const unwatch = [sweeper.watch(() => seen.push(1)), sweeper.watch(() => seen.push(2))];
    await until(() => seen.filter((s) => s === 2).length >= 2);
    expect(sweeper.size).toBe(2);
    for (const u of unwatch) u();
    expect(sweeper.size).toBe(0);
    const count = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(seen.length).toBe(count);
    sweeper.close();
  });
});
