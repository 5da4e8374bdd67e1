import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../../contracts/event-store.ts';
import { openEventStore } from '../../event-store/open-event-store.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import { SCHEMA_VERSION } from '../../event-store/sqlite/schema.ts';
import { collect, describeEventStoreConformance, follow, makeEvent, rejection } from './conformance.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const childScript = resolve(import.meta.dirname, 'helpers/sqlite-child.ts');
const run = promisify(execFile);

describeEventStoreConformance('sqlite', async () => {
  const temp = await makeTempDir('conformance');
  const store = createSqliteEventStore({ path: join(temp.dir, 'nested', 'events.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await temp.remove();
    },
  };
});

describe('SQLite event store file', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const open: EventStore[] = [];
  const openStore = (path = join(dir, 'events.db')): EventStore => {
    const store = createSqliteEventStore({ path });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    ({ dir, remove } = await makeTempDir('sqlite'));
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await remove();
  });

  it('keeps events and checkpoints across close and reopen, and continues positions', async () => {
    const first = openStore();
    await first.commitLedger({
      checkpointName: 'ingest:testnet',
      expected: null,
      checkpoint: { ledger: 10, hash: 'h10' },
      events: [makeEvent('A', '1', 10), makeEvent('B', '2', 10)],
    });
    await first.close();

    const again = openStore();
    expect(await again.readCheckpoint('ingest:testnet')).toEqual({ ledger: 10, hash: 'h10' });
    expect((await collect(again.readAll())).map((e) => [e.position, e.id])).toEqual([
      [1n, '1'],
      [2n, '2'],
    ]);
    const next = await again.appendToStream('other', [makeEvent('C', '3')], 'no_stream');
    expect(next.lastPosition).toBe(3n);
  });

  it('lets a second connection read what the first committed, and its subscriber see the second one’s writes', async () => {
    const writer = openStore();
    const reader = openStore();
    await writer.appendToStream('s', [makeEvent('A', '1')], 'no_stream');
    expect((await collect(reader.readAll())).map((e) => e.id)).toEqual(['1']);

    const controller = new AbortController();
    const sub = follow(reader.subscribe({ signal: controller.signal, pollIntervalMs: 20 }));
    await sub.waitFor(1, 5_000);
    await writer.appendToStream('s', [makeEvent('A', '2')], 0n);
    expect((await sub.waitFor(2, 5_000)).map((e) => e.id)).toEqual(['1', '2']);
    controller.abort();
    await sub.done;

    // The reader's connection also writes, after the writer: revisions and positions stay one sequence.
    await reader.appendToStream('s', [makeEvent('A', '3')], 1n);
    expect((await collect(writer.readStream('s'))).map((e) => [e.revision, e.position])).toEqual([
      [0n, 1n],
      [1n, 2n],
      [2n, 3n],
    ]);
  });

  it('shows committed data to a reader in another process', async () => {
    const path = join(dir, 'events.db');
    const store = openStore(path);
    await store.commitLedger({
      checkpointName: 'ingest:testnet',
      expected: null,
      checkpoint: { ledger: 3, hash: 'hash-of-3' },
      events: [makeEvent('A', 'a', 3), makeEvent('B', 'b', 3)],
    });
    const { stdout } = await run(process.execPath, ['--import', 'tsx', childScript, 'read', path], {
      cwd: repoRoot,
    });
    expect(JSON.parse(stdout)).toEqual({
      checkpoint: { ledger: 3, hash: 'hash-of-3' },
      ids: ['1:ledger-3:a', '2:ledger-3:b'],
    });
  });

  it('keeps every committed ledger, whole, when the writing process is killed with SIGKILL', async () => {
    const path = join(dir, 'events.db');
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', childScript, 'ingest', path, '1000'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let lastReported = 0;
    await new Promise<void>((resolveKill, reject) => {
      child.on('error', reject);
      child.on('exit', () => reject(new Error('the ingest child exited before it was killed')));
      child.stdout?.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/committed (\d+)/g)) lastReported = Number(match[1]);
        if (lastReported >= 1005) {
          child.removeAllListeners('exit');
          child.on('exit', () => resolveKill());
          child.kill('SIGKILL');
        }
      });
    });

    const store = openStore(path);
    const checkpoint = await store.readCheckpoint('ingest:testnet');
    expect(checkpoint?.ledger).toBeGreaterThanOrEqual(lastReported);
    const top = checkpoint?.ledger ?? 0;
    const events = await collect(store.readAll());
    expect(events).toHaveLength((top - 1000 + 1) * 200);
    for (let ledger = 1000; ledger <= top; ledger++) {
      const stream = await collect(store.readStream(`ledger-${ledger}`));
      expect(stream.map((e) => e.id)).toEqual(Array.from({ length: 200 }, (_, i) => `${ledger}-${i}`));
    }
    expect(await collect(store.readStream(`ledger-${top + 1}`))).toEqual([]);
  });

  it('refuses a (type, id) repeated across the ledgers of one commitLedgers call, writing none of them', async () => {
    const store = openStore();
    const error = await rejection(
      store.commitLedgers([
        {
          checkpointName: 'ingest:testnet',
          expected: null,
          checkpoint: { ledger: 1, hash: 'h1' },
          events: [makeEvent('OperationApplied', 'op-1', 1)],
        },
        {
          checkpointName: 'ingest:testnet',
          expected: { ledger: 1, hash: 'h1' },
          checkpoint: { ledger: 2, hash: 'h2' },
          events: [makeEvent('OperationApplied', 'op-2', 2), makeEvent('OperationApplied', 'op-1', 2)],
        },
      ]),
    );
    expect(error).toMatchObject({
      code: 'STORE_ERR_DUPLICATE_EVENT',
      details: { type: 'OperationApplied', id: 'op-1' },
    });
    expect(await store.readCheckpoint('ingest:testnet')).toBeNull();
    expect(await store.readLastEvent()).toBeNull();
    // The same id under another type is a different fact.
    await store.appendToStream(
      'misc',
      [makeEvent('OperationApplied', 'op-1'), makeEvent('TradeExecuted', 'op-1')],
      'no_stream',
    );
  });

  it('refuses an appended event whose (type, id) an earlier append stored, naming where it is', async () => {
    const store = openStore();
    await store.appendToStream('orders', [makeEvent('Placed', 'o-1')], 'no_stream');
    const error = await rejection(
      store.appendToStream('other', [makeEvent('Placed', 'o-2'), makeEvent('Placed', 'o-1')], 'any'),
    );
    expect(error).toMatchObject({
      code: 'STORE_ERR_DUPLICATE_EVENT',
      details: { type: 'Placed', id: 'o-1', stream: 'other', existingStream: 'orders' },
    });
    expect((await collect(store.readAll())).map((e) => e.id)).toEqual(['o-1']);
  });

  it('commits a ledger once only, even under another checkpoint name', async () => {
    const store = openStore();
    await store.commitLedger({
      checkpointName: 'ingest:testnet',
      expected: null,
      checkpoint: { ledger: 1, hash: 'h1' },
      events: [makeEvent('OperationApplied', 'op-1', 1)],
    });
    const error = await rejection(
      store.commitLedger({
        checkpointName: 'ingest:copy',
        expected: null,
        checkpoint: { ledger: 1, hash: 'h1' },
        events: [makeEvent('OperationApplied', 'op-1', 1)],
      }),
    );
    expect(error).toMatchObject({
      code: 'STORE_ERR_CONFLICT',
      details: { stream: 'ledger-1', expected: 'no_stream', actual: '0' },
    });
    expect(await store.readCheckpoint('ingest:copy')).toBeNull();
    expect((await collect(store.readAll())).map((e) => `${e.stream}:${e.id}`)).toEqual(['ledger-1:op-1']);
  });

  it('refuses a ledger stream that already exists with STORE_ERR_CONFLICT', async () => {
    const store = openStore();
    await store.appendToStream('ledger-5', [makeEvent('Manual', 'm')], 'no_stream');
    const error = await rejection(
      store.commitLedger({
        checkpointName: 'ingest:testnet',
        expected: null,
        checkpoint: { ledger: 5, hash: 'h5' },
        events: [makeEvent('A', 'a', 5)],
      }),
    );
    expect(error).toMatchObject({
      code: 'STORE_ERR_CONFLICT',
      details: { stream: 'ledger-5', expected: 'no_stream' },
    });
    expect(await store.readCheckpoint('ingest:testnet')).toBeNull();
  });

  it('finds rare types across many pages and windows of positions', async () => {
    const store = openStore();
    const events = Array.from({ length: 45_000 }, (_, i) =>
      makeEvent(i % 15_000 === 14_999 ? 'Rare' : 'Common', `e${i}`, undefined, i),
    );
    for (let i = 0; i < events.length; i += 5_000) {
      await store.appendToStream('bulk', events.slice(i, i + 5_000), 'any');
    }
    const rare = await collect(store.readAll({ types: ['Rare'] }));
    expect(rare.map((e) => [e.position, e.id])).toEqual([
      [15_000n, 'e14999'],
      [30_000n, 'e29999'],
      [45_000n, 'e44999'],
    ]);
    expect(await collect(store.readAll({ types: ['Rare'], after: 45_000n }))).toEqual([]);
    const fromMiddle = await collect(store.readAll({ after: 1_499n, limit: 2_500 }));
    expect(fromMiddle[0]?.position).toBe(1_500n);
    expect(fromMiddle.at(-1)?.position).toBe(3_999n);
    const tail = await collect(store.readStream('bulk', { from: 44_998n }));
    expect(tail.map((e) => e.id)).toEqual(['e44998', 'e44999']);
  });

  it('uses WAL and records the schema version in user_version', async () => {
    const path = join(dir, 'events.db');
    await openStore(path).close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(
        expect.arrayContaining(['checkpoints', 'events', 'event_types', 'ledger_segments']),
      );
      expect(db.pragma('page_size', { simple: true })).toBe(65_536);
    } finally {
      db.close();
    }
  });

  it('refuses a file from a newer schema, and a file that is not a database', async () => {
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteEventStore({ path: newer })).toThrowError(
      expect.objectContaining({ code: 'STORE_ERR_SCHEMA_VERSION' }),
    );

    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a SQLite database, just some text that is long enough'.repeat(100));
    expect(() => createSqliteEventStore({ path: garbage })).toThrowError(
      expect.objectContaining({ code: 'STORE_ERR_OPEN_FAILED' }),
    );
  });

  it('refuses calls after close with STORE_ERR_CLOSED and ends live subscriptions', async () => {
    const store = openStore();
    const controller = new AbortController();
    const sub = follow(store.subscribe({ signal: controller.signal, pollIntervalMs: 60_000 }));
    await store.close();
    await sub.done;
    expect((await rejection(store.appendToStream('s', [makeEvent('A', '1')], 'any'))).code).toBe(
      'STORE_ERR_CLOSED',
    );
    expect((await rejection(store.readCheckpoint('x'))).code).toBe('STORE_ERR_CLOSED');
    expect((await rejection(collect(store.readAll()))).code).toBe('STORE_ERR_CLOSED');
  });

  it('opens sqlite: URIs relative to the working directory', async () => {
    const target = join(dir, 'from-uri', 'events.db');
    const store = await openEventStore(`sqlite:${relative(process.cwd(), target)}`);
    open.push(store);
    expect(store.backend).toBe('sqlite');
    await store.appendToStream('s', [makeEvent('A', '1')], 'no_stream');
    await store.close();
    const again = openStore(target);
    expect((await collect(again.readAll())).map((e) => e.id)).toEqual(['1']);
  });
});
