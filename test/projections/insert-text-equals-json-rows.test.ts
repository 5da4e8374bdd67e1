import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection } from '../../contracts/projection.ts';
import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';
import { ALL_PROJECTIONS } from '../../projections/read-models/index.ts';
import { createBatchEncoder, type EncodedTable } from '../../projections/runner/encode-rows.ts';
import {
  createGenerationObjects,
  generationObjects,
  physicalName,
  resolveSql,
} from '../../projections/runner/generation-schema.ts';
import { loadTableEncoders } from '../../projections/runner/table-columns.ts';
import { createWorker, type Worker } from '../../projections/runner/worker.ts';
import { loadFixtureEvents } from '../read-models/helpers/stored-events.ts';
import { createTestClickHouse, type TestClickHouse } from './helpers/test-clickhouse.ts';

/**
 * The runner writes rows as TabSeparated (JSONEachRow for what TabSeparated cannot carry) and folds
 * the rows of aggregating tables per batch. Whatever it sends, readers must see exactly what the
 * plain JSONEachRow rows of each event give: generation 1 gets the runner's blocks, generation 2
 * each event's rows as JSON lines, and every reader query must agree.
 */
const RUNNER = 1;
const REFERENCE = 2;

let dir: string;
let test: TestClickHouse;
let ch: ClickHouse;
let events: readonly StoredEvent[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insert-text-'));
  test = await createTestClickHouse(dir);
  ch = await test.open();
  // Every third event: all event types and shapes, both protocols, half the time. Both sides get
  // the same events, so gaps do not matter.
  events = (await loadFixtureEvents()).events.filter((_, i) => i % 3 === 0);
});

afterAll(async () => {
  await ch?.release();
  await test?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function workerFor(projection: Projection, generation: number): Promise<Worker> {
  await createGenerationObjects(ch, projection, generation);
  const worker = createWorker(
    projection,
    {
      projection: projection.name,
      generation,
      version: projection.version,
      status: 'building',
      objects: generationObjects(projection, generation),
      views: [],
    },
    null,
  );
  await loadTableEncoders(ch, worker);
  return worker;
}

/** Encodes `batches` as the runner does and inserts every block; returns the blocks. */
async function insertAsRunner(worker: Worker, batches: readonly (readonly StoredEvent[])[]) {
  const blocks: EncodedTable[] = [];
  for (const [n, batch] of batches.entries()) {
    const encoder = createBatchEncoder(worker);
    for (const event of batch) if (worker.types.has(event.type)) encoder.add(event);
    for (const block of encoder.finish().tables) {
      await ch.insertText(block.physical, block.body, {
        format: block.format,
        columns: block.columns,
        token: `runner:${n}:${block.table}:${block.part}`,
      });
      blocks.push(block);
    }
  }
  return blocks;
}

/** Inserts each event's rows as JSON lines, one insert per table and batch; returns the rows sent. */
async function insertAsJson(projection: Projection, batches: readonly (readonly StoredEvent[])[]) {
  const types = new Set(projection.eventTypes);
  let sent = 0;
  for (const [n, batch] of batches.entries()) {
    const lines = new Map<string, string[]>();
    for (const event of batch) {
      if (!types.has(event.type)) continue;
      for (const { table, rows } of projection.rowsFor(event)) {
        const list = lines.get(table) ?? [];
        for (const row of rows) {
          list.push(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
        }
        lines.set(table, list);
      }
    }
    for (const [table, list] of lines) {
      await ch.insertJsonLines(physicalName(table, REFERENCE), list.join('\n'), {
        token: `json:${n}:${table}`,
      });
      sent += list.length;
    }
  }
  return sent;
}

/** Every reader query of the projection, run over one generation, rows in a stable order. */
async function readers(projection: Projection, generation: number): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of projection.tables) {
    if (table.internal === true) continue;
    const query = table.readerQuery ?? `SELECT * FROM {{${table.name}}}`;
    out[table.name] = await ch.query(`SELECT * FROM (${resolveSql(query, generation)}) ORDER BY ALL`);
  }
  return out;
}

function cut<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  for (let at = 0, i = 0; at < items.length; i++) {
    const size = sizes[i % sizes.length] as number;
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

describe('the runner insert text', () => {
  it('gives every reader of every read model what per-event JSON rows give', async () => {
    const batches = cut(events, [2500, 1100, 4000]);
    let folded = 0;
    for (const projection of ALL_PROJECTIONS) {
      const runner = await workerFor(projection, RUNNER);
      await workerFor(projection, REFERENCE);
      for (const [table, encoder] of runner.encoders) {
        expect({ table, tabSeparated: encoder !== null }).toEqual({ table, tabSeparated: true });
      }
      const blocks = await insertAsRunner(runner, batches);
      expect(blocks.filter((b) => b.format !== 'TabSeparated').map((b) => b.table)).toEqual([]);
      const sent = await insertAsJson(projection, batches);
      folded += sent - blocks.reduce((n, b) => n + b.count, 0);
      const [got, want] = [await readers(projection, RUNNER), await readers(projection, REFERENCE)];
      for (const view of Object.keys(want)) {
        expect(want[view]?.length, `${view} has rows`).toBeGreaterThan(0);
        expect({ view, rows: got[view] }).toEqual({ view, rows: want[view] });
      }
    }
    // account_activity and ledgers fold a batch's rows by key: far fewer rows sent, same readers.
    expect(folded).toBeGreaterThan(3_000);
  });

  it('writes awkward values exactly and sends what TabSeparated cannot carry as JSON', async () => {
    const projection: Projection = {
      name: 'awkward_test',
      version: 1,
      eventTypes: ['Awkward'],
      tables: [
        {
          name: 'awkward_rows',
          kind: 'table',
          create: `CREATE TABLE {{awkward_rows}} (
            id UInt32, s String, ns Nullable(String), lc LowCardinality(Nullable(String)),
            n Int128, u UInt64, f Nullable(Float64), b Bool, dt DateTime('UTC'), d Date,
            tags Array(String), nums Array(Int64), version UInt64
          ) ENGINE = MergeTree ORDER BY id`,
        },
      ],
      rowsFor: (event) => [{ table: 'awkward_rows', rows: [event.payload as Record<string, unknown>] }],
    };
    const rows: Record<string, unknown>[] = [
      {
        id: 1,
        s: "tab\there\nnew line\r\\back\\slash 'quote' café 😀 \u2028",
        ns: null,
        lc: '',
        n: -170141183460469231731687303715884105728n,
        u: '18446744073709551615',
        f: 1e-7,
        b: true,
        dt: 1781828452,
        d: '2026-06-19',
        tags: ["it's", 'a\\b', 'tab\t', 'ü', ''],
        nums: [1, -2n, 3],
        version: '1',
      },
      // Missing fields and nulls: the column defaults, as JSON gives them.
      { id: 2, ns: '\\N', lc: null, n: 0, dt: 5, d: null, tags: [], version: 2n, unknown: undefined },
      { id: 3, s: '', ns: '', n: '12', u: 7, f: null, b: false, dt: '2026-06-19T12:00:00Z', version: 3 },
      // No exact TabSeparated form: NaN, a number in a Bool column; JSON decides as before.
      { id: 4, s: 'fine', f: Number.NaN, version: 4 },
      { id: 5, b: 1, version: 5 },
      { id: 6, s: 'back to tabs', nums: [], version: 6 },
    ];
    const batch = rows.map(
      (payload, i): StoredEvent => ({
        position: BigInt(i + 1),
        stream: 'awkward',
        revision: BigInt(i),
        type: 'Awkward',
        id: String(i),
        ledger: null,
        payload,
      }),
    );
    const runner = await workerFor(projection, RUNNER);
    await workerFor(projection, REFERENCE);
    const blocks = await insertAsRunner(runner, [batch]);
    expect(blocks.map((b) => [b.format, b.count, b.part])).toEqual([
      ['TabSeparated', 3, 0],
      ['JSONEachRow', 2, 1],
      ['TabSeparated', 1, 2],
    ]);
    // The text stays ASCII: non-ASCII characters go as UTF-8 byte escapes.
    for (const block of blocks) expect(/[^\x20-\x7e\t\n]/.test(block.body)).toBe(false);
    await insertAsJson(projection, [batch]);
    const [got, want] = [await readers(projection, RUNNER), await readers(projection, REFERENCE)];
    expect(want.awkward_rows).toHaveLength(6);
    expect(got).toEqual(want);
  });
});
