import { projectionError } from '../errors.ts';
import { scanSql } from './sql-lexer.ts';

/** Statement kinds `stellar-indexer sql` runs. WITH starts a SELECT; DESC is DESCRIBE. */
const READ_KINDS = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN']);

/**
 * The first guard of `stellar-indexer sql`: exactly one statement, and a read (SELECT, SHOW,
 * DESCRIBE, EXPLAIN) that writes no file. Returns the statement without its trailing semicolon and
 * comments. The second guard is ClickHouse's own readonly=1 when the statement runs.
 */
export function checkReadOnlySql(sql: string): string {
  const scan = scanSql(sql);
  if (scan.unterminated !== null) throw refused(`the SQL has an unterminated ${scan.unterminated}`, sql);
  const [first, ...rest] = scan.statements;
  if (first === undefined) throw refused('the SQL is empty', sql);
  if (rest.length > 0) {
    throw refused(
      `only one statement is allowed, got ${scan.statements.length} separated by ";" (${scan.statements
        .map((s) => s.words[0] ?? s.firstChar)
        .join(', ')})`,
      sql,
    );
  }
  const kind = first.words[0];
  if (kind === undefined || !(first.firstChar === '(' || /[A-Za-z]/.test(first.firstChar))) {
    throw refused('the statement does not start with a keyword', sql);
  }
  if (!READ_KINDS.has(kind)) {
    throw refused(`${kind} statements are not allowed; only SELECT, SHOW, DESCRIBE and EXPLAIN`, sql);
  }
  for (let i = 0; i + 1 < first.words.length; i++) {
    if (first.words[i] === 'INTO' && first.words[i + 1] === 'OUTFILE') {
      throw refused('INTO OUTFILE writes a file and is not allowed', sql);
    }
  }
  return first.text;
}

function refused(why: string, sql: string) {
  const shown = sql.trim().replace(/\s+/g, ' ');
  return projectionError(
    'PROJ_ERR_SQL_REFUSED',
    `refused: ${why}. \`stellar-indexer sql\` runs one read-only statement`,
    { details: { sql: shown.length > 200 ? `${shown.slice(0, 200)}…` : shown } },
  );
}
