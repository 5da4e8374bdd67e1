import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClickHouse } from '../clickhouse/clickhouse.ts';
import { splitStatements } from '../clickhouse/sql-lexer.ts';
import { projectionError } from '../errors.ts';

/** The runner's own schema: `NNNN_name.sql` files beside this module, applied in version order. */
export const MIGRATIONS_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly file: string;
  readonly statements: readonly string[];
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS _projection_migrations
(
    version UInt32,
    name String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY version`;

/** The migration files of a folder, sorted by version; a repeated version is an error. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const entry of fs.readdirSync(dir).sort()) {
    const match = /^(\d+)_([\w-]+)\.sql$/.exec(entry);
    if (match === null) continue;
    const file = path.join(dir, entry);
    const version = Number(match[1]);
    const clash = migrations.find((m) => m.version === version);
    if (clash !== undefined) {
      throw projectionError(
        'PROJ_ERR_MIGRATION',
        `migrations ${path.basename(clash.file)} and ${entry} have the same version ${version}; renumber one`,
        { details: { file } },
      );
    }
    const statements = splitStatements(fs.readFileSync(file, 'utf8'));
    migrations.push({ version, name: match[2] as string, file, statements });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/**
 * Applies the migrations not yet recorded in `_projection_migrations`, in order, and records each.
 * Idempotent: statements use IF NOT EXISTS, so a run interrupted inside a file simply repeats it.
 * Returns the versions applied by this call.
 */
export async function applyMigrations(
  ch: ClickHouse,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<number[]> {
  await ch.command(BOOKKEEPING, { what: 'create _projection_migrations' });
  const rows = await ch.query<{ version: number }>('SELECT DISTINCT version FROM _projection_migrations');
  const done = new Set(rows.map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    for (const [index, statement] of migration.statements.entries()) {
      try {
        await ch.command(statement, { what: `migration ${path.basename(migration.file)}` });
      } catch (cause) {
        throw projectionError(
          'PROJ_ERR_MIGRATION',
          `migration ${path.basename(migration.file)} failed at statement ${index + 1}: ${(cause as Error).message}`,
          { details: { file: migration.file, statement: index + 1 }, cause },
        );
      }
    }
    await ch.insertJsonLines(
      '_projection_migrations',
      JSON.stringify({ version: migration.version, name: migration.name }),
      { token: null, what: `record migration ${migration.version}` },
    );
    applied.push(migration.version);
  }
  return applied;
}
