import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../contracts/checkpoint.ts';
import type { EventStore, LedgerCommit, NewEvent } from '../../contracts/event-store.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../event-store/sqlite/schema.ts';
import { collect, follow, makeEvent, rejection } from './conformance.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

const NAME = 'ingest:testnet';
const cp = (ledger: number): Checkpoint => ({ ledger, hash: `hash-of-${ledger}` });
const commit = (ledger: number, events: readonly NewEvent[], expected: Checkpoint | null): LedgerCommit => ({
  checkpointName: NAME,
  expected,
  checkpoint: cp(ledger),
  events,
});

describe('SQLite ledger segments', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const open: EventStore[] = [];
  const openStore = (path = join(dir, 'events.db')): EventStore => {
    const store = createSqliteEventStore({ path });
    open.push(store);
    return store;
  };
  const rawRows = (sql: string): unknown[] => {
    const db = new Database(join(dir, 'events.db'), { readonly: true });
    try {
      return db.prepare(sql).raw().all();
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    ({ dir, remove } = await makeTempDir('segments'));
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await remove();
  });

  it('stores each ledger as one row and merges it with appended events in position order', async () => {
    const store = openStore();
    await store.appendToStream('a', [makeEvent('A', 'a1'), makeEvent('B', 'a2')], 'no_stream');
    await store.commitLedgers([
      commit(
        10,
        [makeEvent('B', 'l10-0', 10), makeEvent('C', 'l10-1', 10), makeEvent('A', 'l10-2', 10)],
        null,
      ),
      commit(11, [makeEvent('C', 'l11-0', 11)], cp(10)),
    ]);
    await store.appendToStream('a', [makeEvent('C', 'a3')], 1n);
    await store.commitLedger(commit(12, [makeEvent('A', 'l12-0', 12), makeEvent('B', 'l12-1', 12)], cp(11)));

    expect(rawRows('SELECT ledger, first_position, last_position, count FROM ledger_segments')).toEqual([
      [10, 3, 5, 3],
      [11, 6, 6, 1],
      [12, 8, 9, 2],
    ]);
    const all = await collect(store.readAll());
    expect(all.map((e) => [e.position, e.stream, e.revision, e.type, e.id])).toEqual([
      [1n, 'a', 0n, 'A', 'a1'],
      [2n, 'a', 1n, 'B', 'a2'],
      [3n, 'ledger-10', 0n, 'B', 'l10-0'],
      [4n, 'ledger-10', 1n, 'C', 'l10-1'],
      [5n, 'ledger-10', 2n, 'A', 'l10-2'],
      [6n, 'ledger-11', 0n, 'C', 'l11-0'],
      [7n, 'a', 2n, 'C', 'a3'],
      [8n, 'ledger-12', 0n, 'A', 'l12-0'],
      [9n, 'ledger-12', 1n, 'B', 'l12-1'],
    ]);
    expect(all[3]).toEqual({
      position: 4n,
      stream: 'ledger-10',
      revision: 1n,
      type: 'C',
      id: 'l10-1',
      ledger: 10,
      payload: makeEvent('C', 'l10-1', 10).payload,
    });

    const ids = async (options: Parameters<EventStore['readAll']>[0]) =>
      (await collect(store.readAll(options))).map((e) => e.id);
    expect(await ids({ types: ['C'] })).toEqual(['l10-1', 'l11-0', 'a3']);
    expect(await ids({ types: ['A', 'B'], after: 3n })).toEqual(['l10-2', 'l12-0', 'l12-1']);
    expect(await ids({ after: 4n, limit: 3 })).toEqual(['l10-2', 'l11-0', 'a3']);
    expect(await ids({ types: ['B'], after: 2n, limit: 1 })).toEqual(['l10-0']);

    expect(await store.readLastEvent()).toMatchObject({ position: 9n, stream: 'ledger-12', id: 'l12-1' });
    await store.appendToStream('b', [makeEvent('D', 'b1')], 'no_stream');
    expect(await store.readLastEvent()).toMatchObject({ position: 10n, stream: 'b', revision: 0n });
  });

  it('continues a ledger stream with appendToStream after its segment', async () => {
    const store = openStore();
    await store.commitLedger(commit(5, [makeEvent('A', '5-0', 5), makeEvent('A', '5-1', 5)], null));
    const stale = await rejection(store.appendToStream('ledger-5', [makeEvent('Note', 'n1')], 'no_stream'));
    expect(stale).toMatchObject({ code: 'STORE_ERR_CONFLICT', details: { actual: '1' } });

    const appended = await store.appendToStream('ledger-5', [makeEvent('Note', 'n1')], 1n);
    expect(appended).toEqual({ nextRevision: 2n, lastPosition: 3n });
    expect((await collect(store.readStream('ledger-5'))).map((e) => [e.revision, e.position, e.id])).toEqual([
      [0n, 1n, '5-0'],
      [1n, 2n, '5-1'],
      [2n, 3n, 'n1'],
    ]);
    expect((await collect(store.readStream('ledger-5', { from: 1n }))).map((e) => e.id)).toEqual([
      '5-1',
      'n1',
    ]);
    expect((await collect(store.readStream('ledger-5', { from: 2n }))).map((e) => e.id)).toEqual(['n1']);
    expect(await collect(store.readStream('ledger-5', { from: 3n }))).toEqual([]);
    expect(await collect(store.readStream('ledger-05'))).toEqual([]);
  });

  it('returns payloadJson as given, non-ASCII text intact, and each event’s own ledger', async () => {
    const store = openStore();
    const pretty = { id: 'p', nested: { list: [1, 2], text: 'line one\nline two' } };
    const unicode = { text: 'é ✓ "quoted" 😀 \\ \u2028 end', amount: '10000000000000000001' };
    const events: NewEvent[] = [
      { type: 'Pretty', id: 'p', ledger: 7, payload: pretty, payloadJson: JSON.stringify(pretty, null, 2) },
      { type: 'Unicode', id: 'u', ledger: 7, payload: unicode },
      { type: 'Unicode', id: 'u-json', ledger: 7, payload: unicode, payloadJson: JSON.stringify(unicode) },
      { type: 'Other', id: 'none', payload: { ledgerless: true } },
      { type: 'Other', id: 'six', ledger: 6, payload: 'just a string' },
    ];
    await store.commitLedger(commit(7, events, null));
    await store.commitLedger(commit(8, [makeEvent('Plain', 'ascii', 8)], cp(7)));

    const back = await collect(store.readAll());
    expect(back.map((e) => [e.id, e.ledger, e.payload])).toEqual([
      ['p', 7, pretty],
      ['u', 7, unicode],
      ['u-json', 7, unicode],
      ['none', null, { ledgerless: true }],
      ['six', 6, 'just a string'],
      ['ascii', 8, makeEvent('Plain', 'ascii', 8).payload],
    ]);
    expect((await collect(store.readStream('ledger-7', { from: 4n }))).map((e) => e.ledger)).toEqual([6]);
    expect((await collect(store.readAll({ types: ['Unicode'] }))).map((e) => e.payload)).toEqual([
      unicode,
      unicode,
    ]);
    await store.commitLedger(
      commit(9, [{ type: 'Unicode', id: 'last', ledger: 9, payload: unicode }], cp(8)),
    );
    expect(await store.readLastEvent()).toMatchObject({ id: 'last', payload: unicode });
  });

  it('decodes a large segment mixing ASCII and non-ASCII payloads intact', async () => {
    const store = openStore();
    const events = Array.from({ length: 1_500 }, (_, i) =>
      makeEvent('Mixed', `m-${i}`, 4, {
        i,
        text: i % 7 === 3 ? `ünïcødé ${'✓'.repeat(i % 50)} 𝄞 ${i}` : `plain ${'x'.repeat(i % 400)}`,
      }),
    );
    await store.commitLedger(commit(4, events, null));
    const back = await collect(store.readStream('ledger-4'));
    expect(back.map((e) => e.payload)).toEqual(events.map((e) => e.payload));
    expect((await collect(store.readAll({ after: 1_000n }))).map((e) => e.payload)).toEqual(
      events.slice(1_000).map((e) => e.payload),
    );
  });

  it('filters by type across pages and position windows, skipping segments without the type', async () => {
    const store = openStore();
    const commits: LedgerCommit[] = [];
    for (let ledger = 1; ledger <= 10; ledger++) {
      const events = Array.from({ length: 2_500 }, (_, i) =>
        makeEvent(
          ledger % 4 === 0 && i === 1_234 ? 'Rare' : i % 3 === 0 ? 'Tx' : 'Op',
          `${ledger}-${i}`,
          ledger,
        ),
      );
      commits.push(commit(ledger, events, ledger === 1 ? null : cp(ledger - 1)));
    }
    await store.commitLedgers(commits);
    await store.appendToStream('manual', [makeEvent('Rare', 'appended')], 'no_stream');

    const rare = await collect(store.readAll({ types: ['Rare'] }));
    expect(rare.map((e) => [e.position, e.id])).toEqual([
      [7_500n + 1_235n, '4-1234'],
      [17_500n + 1_235n, '8-1234'],
      [25_001n, 'appended'],
    ]);
    const tx = await collect(store.readAll({ types: ['Tx'], after: 2_500n }));
    expect(tx).toHaveLength(9 * 834);
    expect(tx[0]).toMatchObject({ position: 2_501n, stream: 'ledger-2', revision: 0n, id: '2-0' });
    expect(tx.every((e, i) => i === 0 || e.position > (tx[i - 1]?.position ?? 0n))).toBe(true);
    const middle = await collect(store.readAll({ after: 2_400n, limit: 1_200 }));
    expect(middle.map((e) => e.id).slice(98, 102)).toEqual(['1-2498', '1-2499', '2-0', '2-1']);
    expect(middle.at(-1)?.position).toBe(3_600n);
  });

  it('shows a type another connection added, to reads and to a subscription started before it', async () => {
    const writer = openStore();
    const reader = openStore();
    await writer.commitLedger(commit(1, [makeEvent('Known', 'k1', 1)], null));
    expect(await collect(reader.readAll({ types: ['Later'] }))).toEqual([]);

    const controller = new AbortController();
    const sub = follow(reader.subscribe({ signal: controller.signal, types: ['Later'], pollIntervalMs: 20 }));
    await writer.commitLedger(commit(2, [makeEvent('Later', 'l1', 2), makeEvent('Known', 'k2', 2)], cp(1)));
    expect((await sub.waitFor(1, 5_000)).map((e) => [e.type, e.id, e.position])).toEqual([
      ['Later', 'l1', 2n],
    ]);
    controller.abort();
    await sub.done;
    expect((await collect(reader.readAll())).map((e) => e.type)).toEqual(['Known', 'Later', 'Known']);
  });

  it('forgets a type added by a commit that failed, so another writer’s types keep their names', async () => {
    const first = openStore();
    const second = openStore();
    await first.commitLedger(commit(1, [makeEvent('Base', 'b', 1)], null));
    const failed = await rejection(first.commitLedger(commit(2, [makeEvent('Ghost', 'g', 2)], cp(9))));
    expect(failed.code).toBe('STORE_ERR_CHECKPOINT_CONFLICT');
    await second.commitLedger(commit(2, [makeEvent('Real', 'r', 2)], cp(1)));
    await first.commitLedger(commit(3, [makeEvent('Ghost', 'g', 3)], cp(2)));
    for (const store of [first, second]) {
      expect((await collect(store.readAll())).map((e) => `${e.type}/${e.id}`)).toEqual([
        'Base/b',
        'Real/r',
        'Ghost/g',
      ]);
    }
    expect(rawRows('SELECT name FROM event_types ORDER BY code')).toEqual([['Base'], ['Real'], ['Ghost']]);
  });

  it('migrates a schema 1 file in place: its events stay readable and positions continue', async () => {
    const path = join(dir, 'events.db');
    const old = new Database(path);
    old.pragma('page_size = 16384');
    old.pragma('journal_mode = WAL');
    old.exec(MIGRATIONS[0] ?? '');
    old.pragma('user_version = 1');
    const insert = old.prepare(
      'INSERT INTO events (stream, revision, type, id, ledger, payload) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run('ledger-1', 0, 'A', '1-0', 1, JSON.stringify({ n: 0 }));
    insert.run('ledger-1', 1, 'B', '1-1', 1, JSON.stringify({ n: 1 }));
    insert.run('misc', 0, 'Note', 'm', null, JSON.stringify('note'));
    old.prepare('INSERT INTO checkpoints (name, ledger, hash) VALUES (?, ?, ?)').run(NAME, 1, 'hash-of-1');
    old.close();

    const store = openStore(path);
    expect(rawRows('PRAGMA user_version')).toEqual([[SCHEMA_VERSION]]);
    expect((await collect(store.readStream('ledger-1'))).map((e) => [e.revision, e.payload])).toEqual([
      [0n, { n: 0 }],
      [1n, { n: 1 }],
    ]);
    const again = await rejection(store.commitLedger(commit(1, [makeEvent('A', 'x', 1)], cp(1))));
    expect(again).toMatchObject({ code: 'STORE_ERR_CONFLICT', details: { stream: 'ledger-1', actual: '1' } });
    expect(await store.commitLedger(commit(2, [makeEvent('B', '2-0', 2)], cp(1)))).toEqual({
      nextRevision: 0n,
      lastPosition: 4n,
    });
    expect((await collect(store.readAll({ types: ['B'] }))).map((e) => [e.position, e.stream])).toEqual([
      [2n, 'ledger-1'],
      [4n, 'ledger-2'],
    ]);
    expect((await collect(store.readAll())).map((e) => e.id)).toEqual(['1-0', '1-1', 'm', '2-0']);
  });

  it('reports a damaged segment as STORE_ERR_CORRUPT naming its ledger', async () => {
    const store = openStore();
    await store.commitLedger(commit(3, [makeEvent('A', '3-0', 3), makeEvent('A', '3-1', 3)], null));
    const db = new Database(join(dir, 'events.db'));
    db.prepare('UPDATE ledger_segments SET payloads = ? WHERE ledger = 3').run(Buffer.from('{"only":"one"}'));
    db.close();
    expect(await rejection(collect(store.readStream('ledger-3')))).toMatchObject({
      code: 'STORE_ERR_CORRUPT',
      details: { ledger: 3, stream: 'ledger-3' },
    });
    expect((await rejection(collect(store.readAll()))).code).toBe('STORE_ERR_CORRUPT');
  });
});
