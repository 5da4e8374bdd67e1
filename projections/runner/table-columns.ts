import type { ClickHouse } from '../clickhouse/clickhouse.ts';
import { type ColumnSpec, columnKind } from './column-kinds.ts';
import { createTableEncoder, type TableEncoder } from './table-encoder.ts';
import type { Worker } from './worker.ts';

interface ColumnRow {
  table: string;
  name: string;
  type: string;
  default_kind: string;
}

/**
 * Looks up the columns of the worker's tables in ClickHouse and gives each table a TabSeparated
 * encoder, or none (its rows then go as JSONEachRow): a table with DEFAULT or EPHEMERAL columns keeps
 * JSONEachRow, whose omitted fields take the DEFAULT expression; MATERIALIZED and ALIAS columns take
 * no input and are left out of the column list.
 */
export async function loadTableEncoders(ch: ClickHouse, worker: Worker): Promise<void> {
  const physical = [...worker.tables.values()];
  const rows = await ch.query<ColumnRow>(
    `SELECT table, name, type, default_kind FROM system.columns
     WHERE database = currentDatabase() AND table IN {tables:Array(String)}
     ORDER BY table, position`,
    {
      params: { tables: physical },
      what: `read the columns of ${physical.join(', ')}`,
      details: { projection: worker.projection.name, generation: worker.generation.generation },
    },
  );
  const byTable = new Map<string, ColumnRow[]>();
  for (const row of rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row]);
  const encoders = new Map<string, TableEncoder | null>();
  for (const [table, name] of worker.tables) {
    const columns = byTable.get(name) ?? [];
    const plain = columns.every(
      (c) => c.default_kind === '' || c.default_kind === 'MATERIALIZED' || c.default_kind === 'ALIAS',
    );
    const specs: ColumnSpec[] = columns
      .filter((c) => c.default_kind === '')
      .map((c) => ({ name: c.name, kind: columnKind(c.type) }));
    encoders.set(table, plain ? createTableEncoder(specs) : null);
  }
  worker.encoders = encoders;
}
