/** One statement of a SQL text: its source and the words of its code (outside strings and comments). */
export interface ScannedStatement {
  /** The statement's text, trimmed, without its terminating semicolon. */
  readonly text: string;
  /** Upper-cased bare words of the code, in order (keywords, function and table names). */
  readonly words: readonly string[];
  /** The first code character (a letter, `(`, …). */
  readonly firstChar: string;
}

export interface SqlScan {
  /** Statements that contain code; comment-only or empty pieces between semicolons are dropped. */
  readonly statements: readonly ScannedStatement[];
  /** Set when a string, quoted identifier or block comment is not closed. */
  readonly unterminated: string | null;
}

/**
 * Splits SQL on semicolons that are code, not inside '…' strings (backslash and doubled-quote
 * escapes), "…" or `…` identifiers, -- line comments or block comments. Deliberately knows fewer
 * comment and string forms than ClickHouse (no `#` comments, no nested block comments, no heredocs):
 * where the two disagree, this scanner sees more semicolons and code, never less, so a guard built on
 * it errs on the side of refusing.
 */
export function scanSql(sql: string): SqlScan {
  const statements: ScannedStatement[] = [];
  let start = 0;
  let words: string[] = [];
  let firstChar = '';
  let i = 0;
  const n = sql.length;
  const endStatement = (end: number): void => {
    if (firstChar !== '') statements.push({ text: sql.slice(start, end).trim(), words, firstChar });
    start = end + 1;
    words = [];
    firstChar = '';
  };
  // The rest of the text becomes the last statement, so that nothing is silently dropped.
  const unterminated = (what: string, c: string): SqlScan => {
    if (firstChar === '') firstChar = c;
    endStatement(n);
    return { statements, unterminated: what };
  };
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) return unterminated('block comment', c);
      i = close + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      if (firstChar === '') firstChar = c;
      const end = closingQuote(sql, i, c);
      if (end === -1) return unterminated(c === "'" ? 'string' : 'quoted identifier', c);
      i = end + 1;
      continue;
    }
    if (c === ';') {
      endStatement(i);
      i += 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(sql[j] as string)) j += 1;
      if (firstChar === '') firstChar = c;
      words.push(sql.slice(i, j).toUpperCase());
      i = j;
      continue;
    }
    if (firstChar === '' && !/\s/.test(c)) firstChar = c;
    i += 1;
  }
  endStatement(n);
  return { statements, unterminated: null };
}

/** Index of the quote that closes the one at `open`, or -1. */
function closingQuote(sql: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i;
    }
    i += 1;
  }
  return -1;
}

/** The statements of a SQL script (migrations, read model CREATEs), in order. */
export function splitStatements(sql: string): string[] {
  return scanSql(sql).statements.map((s) => s.text);
}
