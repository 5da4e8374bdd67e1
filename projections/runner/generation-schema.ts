import type { ErrorDetails } from '../../contracts/errors.ts';
import type { Projection } from '../../contracts/projection.ts';
import type { ClickHouse } from '../clickhouse/clickhouse.ts';
import { DEDUPLICATION_WINDOW, quoteIdentifier } from '../clickhouse/settings.ts';
import { splitStatements } from '../clickhouse/sql-lexer.ts';
import { projectionError } from '../errors.ts';
import type { ReaderView } from './runner-state.ts';
import { PLACEHOLDER } from './validate-projections.ts';

/** The physical name of a logical table in one generation: `trades` → `trades__g3`. */
export const physicalName = (table: string, generation: number): string => `${table}__g${generation}`;

/** SQL with every `{{name}}` replaced by that table's physical name in the generation. */
export const resolveSql = (sql: string, generation: number): string =>
  sql.replace(PLACEHOLDER, (_, name: string) => physicalName(name, generation));

/** The generation's physical objects, in creation order (the projection's table order). */
export const generationObjects = (projection: Projection, generation: number): string[] =>
  projection.tables.map((t) => physicalName(t.name, generation));

/** Engines where readers need FINAL to see one row per key when no readerQuery says otherwise. */
const NEEDS_FINAL = /^(Replacing|Collapsing|VersionedCollapsing)MergeTree$/;
/** Non-replicated MergeTree engines: their deduplication window is a table setting. */
const LOCAL_MERGE_TREE =
  /^(Replacing|Summing|Aggregating|Collapsing|VersionedCollapsing|Coalescing)?MergeTree$/;

interface TableInfo {
  name: string;
  engine: string;
  create_table_query: string;
}

/**
 * Creates one generation's tables and materialized views (dropping leftovers of an interrupted
 * creation first), makes sure every MergeTree table deduplicates repeated insert blocks, and returns
 * the reader views the generation will expose when it goes live.
 */
export async function createGenerationObjects(
  ch: ClickHouse,
  projection: Projection,
  generation: number,
): Promise<ReaderView[]> {
  const details: ErrorDetails = { projection: projection.name, generation };
  const objects = generationObjects(projection, generation);
  await dropObjects(ch, objects, details);
  for (const table of projection.tables) {
    for (const statement of splitStatements(resolveSql(table.create, generation))) {
      await ch.command(statement, {
        what: `create ${physicalName(table.name, generation)}`,
        details: { ...details, table: table.name },
      });
    }
  }
  const info = await ch.query<TableInfo>(
    `SELECT name, engine, create_table_query FROM system.tables
     WHERE database = currentDatabase() AND name IN {names:Array(String)}`,
    { params: { names: objects }, what: 'inspect the new tables', details },
  );
  const byName = new Map(info.map((t) => [t.name, t]));
  const views: ReaderView[] = [];
  for (const table of projection.tables) {
    const name = physicalName(table.name, generation);
    const found = byName.get(name);
    if (found === undefined) {
      throw projectionError(
        'PROJ_ERR_SCHEMA',
        `the CREATE of "${table.name}" did not create ${name}; it must create {{${table.name}}}`,
        { details: { ...details, table: table.name } },
      );
    }
    await requireDeduplication(ch, found, { ...details, table: table.name });
    if (table.internal === true) continue;
    if (table.readerQuery !== undefined) {
      views.push({ name: table.name, query: resolveSql(table.readerQuery, generation) });
    } else if (found.engine !== 'MaterializedView') {
      const final = NEEDS_FINAL.test(found.engine) ? ' FINAL' : '';
      views.push({ name: table.name, query: `SELECT * FROM ${quoteIdentifier(name)}${final}` });
    }
  }
  return views;
}

/**
 * A redone batch is only harmless if ClickHouse drops its repeated blocks: every non-replicated
 * MergeTree table gets a deduplication window, and a materialized view must write to such a table
 * (`TO {{table}}`), not to a hidden inner table.
 */
async function requireDeduplication(ch: ClickHouse, table: TableInfo, details: ErrorDetails): Promise<void> {
  if (table.engine === 'MaterializedView') {
    if (!/\sTO\s/i.test(table.create_table_query)) {
      throw projectionError(
        'PROJ_ERR_SCHEMA',
        `materialized view ${table.name} has no TO clause: write it as CREATE MATERIALIZED VIEW {{name}} TO {{target}} so that its target deduplicates redone batches`,
        { details },
      );
    }
    return;
  }
  if (!LOCAL_MERGE_TREE.test(table.engine)) return;
  if (/non_replicated_deduplication_window\s*=\s*[1-9]/.test(table.create_table_query)) return;
  await ch.command(
    `ALTER TABLE ${quoteIdentifier(table.name)} MODIFY SETTING non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW}`,
    { what: `set the deduplication window of ${table.name}`, details },
  );
}

/** Drops physical objects, last created first (a materialized view before the tables it reads). */
export async function dropObjects(
  ch: ClickHouse,
  objects: readonly string[],
  details: ErrorDetails = {},
): Promise<void> {
  for (const name of [...objects].reverse()) {
    await ch.command(`DROP TABLE IF EXISTS ${quoteIdentifier(name)} SYNC`, { what: `drop ${name}`, details });
  }
}

/** Points each stable reader view at its generation's tables; each swap is one atomic replace. */
export async function exposeViews(ch: ClickHouse, views: readonly ReaderView[], details: ErrorDetails = {}) {
  for (const view of views) {
    await ch.command(`CREATE OR REPLACE VIEW ${quoteIdentifier(view.name)} AS ${view.query}`, {
      what: `expose view ${view.name}`,
      details: { ...details, table: view.name },
    });
  }
}

export async function dropViews(ch: ClickHouse, names: readonly string[], details: ErrorDetails = {}) {
  for (const name of names) {
    await ch.command(`DROP VIEW IF EXISTS ${quoteIdentifier(name)}`, { what: `drop view ${name}`, details });
  }
}
