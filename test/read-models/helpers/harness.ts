import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { StoredEvent } from '../../../contracts/event-store.ts';
import type { Projection } from '../../../contracts/projection.ts';

/**
 * A tiny stand-in for the projection runner, for read-model tests on chDB: physical tables are
 * `<name>_test`, readers query views under the stable names, rows go in with JSONEachRow in
 * batches, each with a deduplication token as the runner sends.
 */
export interface ReadModelHarness {
  readonly client: ClickHouseClient;
  /** Rows of these events, grouped by table, each table's rows shuffled, inserted as one batch. */
  insertBatch(events: readonly StoredEvent[], token: string): Promise<void>;
  /** Rows of a stable reader view (or any SELECT), Int128/UInt64 as strings. */
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

const physical = (sql: string): string => sql.replace(/\{\{(\w+)\}\}/g, '$1_test');

/** A seeded shuffle (mulberry32), so failures reproduce. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export async function createReadModelHarness(projections: readonly Projection[]): Promise<ReadModelHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-models-'));
  // chdb types its connection against its own copy of @clickhouse/client-common; the shapes agree.
  type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;
  const client = createClient({
    connection: createChdbConnection({ path: dir }) as unknown as ClientConnection,
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1, output_format_json_quote_decimals: 1 },
  });
  for (const p of projections) for (const t of p.tables) await client.command({ query: physical(t.create) });
  for (const p of projections) {
    for (const t of p.tables) {
      if (t.internal === true || t.readerQuery === undefined) continue;
      await client.command({ query: `CREATE VIEW ${t.name} AS ${physical(t.readerQuery)}` });
    }
  }
  const wanted = projections.map((p) => ({ projection: p, types: new Set(p.eventTypes) }));
  let seed = 1;
  return {
    client,
    async insertBatch(events, token) {
      const byTable = new Map<string, Record<string, unknown>[]>();
      for (const { projection, types } of wanted) {
        for (const event of events) {
          if (!types.has(event.type)) continue;
          for (const { table, rows } of projection.rowsFor(event)) {
            const list = byTable.get(table) ?? [];
            list.push(...rows);
            byTable.set(table, list);
          }
        }
      }
      for (const [table, rows] of byTable) {
        await client.insert({
          table: `${table}_test`,
          values: shuffled(rows, seed++),
          format: 'JSONEachRow',
          // A row field with no column is an error here, not silently dropped.
          clickhouse_settings: {
            insert_deduplication_token: `${table}:${token}`,
            input_format_skip_unknown_fields: 0,
          },
        });
      }
    },
    async query<T>(sql: string) {
      const result = await client.query({ query: sql, format: 'JSONEachRow' });
      return (await result.json()) as T[];
    },
    async close() {
      await client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cuts events into batches of uneven sizes that ignore ledger boundaries. */
export function unevenBatches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  let i = 0;
  while (at < items.length) {
    const size = sizes[i % sizes.length] ?? items.length;
    out.push(items.slice(at, at + size));
    at += size;
    i += 1;
  }
  return out;
}
