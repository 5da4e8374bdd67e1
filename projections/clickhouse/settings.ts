/**
 * ClickHouse settings the project relies on, in one place.
 *
 * Per-insert settings go into the statement (`INSERT INTO t SETTINGS … FORMAT …`), never into the
 * client's `clickhouse_settings`: the chDB connection turns those into session `SET`s that stay in
 * force for every later statement of the process, so a deduplication token passed that way would
 * silently drop the next, unrelated insert.
 */

/** Every read: 64-bit and wider integers and decimals as JSON strings, so amounts stay exact. */
export const READ_SETTINGS = {
  output_format_json_quote_64bit_integers: 1,
  output_format_json_quote_decimals: 1,
} as const;

/** Blocks remembered per table for deduplication: far more than one redone batch needs. */
export const DEDUPLICATION_WINDOW = 1000;

/**
 * The SETTINGS clause of a runner insert. With a token, a repeated insert of the same batch (after a
 * crash between insert and checkpoint) is dropped by ClickHouse, in dependent materialized views too.
 * Synchronous insert so that "acknowledged" means "stored".
 */
export function insertSettingsClause(token: string | null): string {
  const settings = [
    'async_insert = 0',
    'insert_deduplicate = 1',
    'deduplicate_blocks_in_dependent_materialized_views = 1',
    "date_time_input_format = 'best_effort'",
    // A row field without a column is a bug in rowsFor: an error, not silently dropped data.
    'input_format_skip_unknown_fields = 0',
    // \N (TabSeparated) and null (JSON) in a column that is not Nullable: its default, as an omitted field.
    'input_format_null_as_default = 1',
    `insert_deduplication_token = ${quoteString(token ?? '')}`,
  ];
  return `SETTINGS ${settings.join(', ')}`;
}

/** A ClickHouse string literal. */
export function quoteString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** `(a, b, …)` with every name back-quoted: column names such as `from` are keywords. */
export function quoteColumnList(names: readonly string[]): string {
  return `(${names.map((n) => `\`${n.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``).join(', ')})`;
}

/** A ClickHouse identifier, quoted only when it needs to be. */
export function quoteIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? name
    : `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}
