import type { Projection } from '../../../contracts/projection.ts';
import type { ClickHouse } from '../../../projections/clickhouse/clickhouse.ts';
import { physicalName } from '../../../projections/runner/generation-schema.ts';
import { createRunnerState } from '../../../projections/runner/runner-state.ts';

export interface ReadModelDump {
  /** Per stable reader view: row count and an order-independent hash of every row. */
  readonly views: Record<string, { rows: string; hash: string }>;
  /**
   * Per plain-MergeTree table the runner writes: physical rows in the live generation. Only plain
   * MergeTree, where background merges never fold rows, so a repeated insert would show here even
   * if a reader view hid it.
   */
  readonly tables: Record<string, string>;
  /** The live generation of each projection. */
  readonly live: Record<string, number>;
}

/** What readers of the read models see, table by table, for comparing two runs. */
export async function dumpReadModels(
  ch: ClickHouse,
  projections: readonly Projection[],
): Promise<ReadModelDump> {
  const generations = await createRunnerState(ch).generations();
  const dump: ReadModelDump = { views: {}, tables: {}, live: {} };
  for (const p of projections) {
    const live = generations.filter((g) => g.projection === p.name && g.status === 'live').pop();
    if (live === undefined) continue;
    dump.live[p.name] = live.generation;
    for (const view of live.views) {
      const [row] = await ch.query<{ rows: string; hash: string }>(
        `SELECT toString(count()) AS rows, toString(sum(cityHash64(*))) AS hash FROM ${view.name}`,
      );
      dump.views[view.name] = row as { rows: string; hash: string };
    }
    for (const t of p.tables) {
      if (t.kind !== 'table') continue;
      const name = physicalName(t.name, live.generation);
      const [row] = await ch.query<{ engine: string; n: string }>(
        `SELECT engine, toString(total_rows) AS n FROM system.tables
         WHERE database = currentDatabase() AND name = {name:String}`,
        { params: { name } },
      );
      if (row?.engine === 'MergeTree') dump.tables[t.name] = row.n;
    }
  }
  return dump;
}
