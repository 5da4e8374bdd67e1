import type { ColumnKind, ColumnSpec } from './column-kinds.ts';

/**
 * Writes one table's rows as TabSeparated lines for `INSERT INTO t (columns…) FORMAT TabSeparated`.
 * Each value is written so that ClickHouse reads back exactly what it reads from the row's
 * JSONEachRow form: a missing field or null is `\N` (null, or the column default under
 * input_format_null_as_default), strings are escaped (beyond ASCII as `\xNN` UTF-8 bytes), bigints
 * and numbers are decimal text. A row whose values or fields have no such exact form (an object,
 * NaN, a field that is no column…) gets null: the caller sends it as JSONEachRow instead, where
 * ClickHouse decides as before.
 */
export interface TableEncoder {
  /** The insert's column list, in line order. */
  readonly columns: readonly string[];
  line(row: Record<string, unknown>): string | null;
}

/** Thrown inside an encoder when a value has no exact TabSeparated form; never leaves it. */
const UNFIT = Symbol('unfit');
const NULL = '\\N';
/**
 * What a field escapes with a backslash: TabSeparated's specials, and every character beyond ASCII,
 * written as its UTF-8 bytes (`\xC3\xA9`). The insert text then stays ASCII, which V8 keeps one byte
 * per character: half the memory of a two-byte string, and copied and converted to UTF-8 as is.
 */
const FIELD_SPECIAL = /[\t\n\r\\\u0080-\uffff]/;
const FIELD_SPECIALS = /[\t\n\r\\]|[\u0080-\uffff]+/g;
/** The same, plus the quote, inside a quoted array item. */
const QUOTED_SPECIALS = /[\t\n\r\\']|[\u0080-\uffff]+/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\\': '\\\\',
  "'": "\\'",
};

function escapeRun(run: string): string {
  const simple = ESCAPES[run];
  if (simple !== undefined) return simple;
  let out = '';
  for (const byte of Buffer.from(run, 'utf8')) out += `\\x${byte < 16 ? '0' : ''}${byte.toString(16)}`;
  return out;
}

/** Unix seconds ClickHouse's best-effort parser reads as a timestamp when written as plain digits. */
const PLAIN_SECONDS_MIN = 100_000_000;
/** The last second a `DateTime` (UInt32) holds; later ones go as JSON, which decides as before. */
const PLAIN_SECONDS_MAX = 4_294_967_295;

function text(v: unknown): string {
  if (typeof v === 'string') return FIELD_SPECIAL.test(v) ? v.replace(FIELD_SPECIALS, escapeRun) : v;
  if (v === null || v === undefined) return NULL;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return `${v}`;
    throw UNFIT;
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw UNFIT;
}

function number(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return `${v}`;
    throw UNFIT;
  }
  if (typeof v === 'string') {
    if (FIELD_SPECIAL.test(v)) throw UNFIT;
    return v;
  }
  if (typeof v === 'bigint') return v.toString();
  if (v === null || v === undefined) return NULL;
  throw UNFIT;
}

function bool(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return NULL;
  throw UNFIT;
}

function datetime(v: unknown): string {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > PLAIN_SECONDS_MAX) throw UNFIT;
    // Shorter digit runs would be read as a date (YYYYMMDD…): spell those out, in UTC.
    return v >= PLAIN_SECONDS_MIN ? `${v}` : new Date(v * 1000).toISOString();
  }
  if (typeof v === 'string' || v === null || v === undefined) return text(v);
  throw UNFIT;
}

function date(v: unknown): string {
  if (typeof v === 'string' || v === null || v === undefined) return text(v);
  throw UNFIT;
}

function stringArray(v: unknown): string {
  if (v === null || v === undefined) return NULL;
  if (!Array.isArray(v)) throw UNFIT;
  let out = '[';
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (typeof item !== 'string') throw UNFIT;
    out += `${i === 0 ? '' : ','}'${item.replace(QUOTED_SPECIALS, escapeRun)}'`;
  }
  return `${out}]`;
}

function numberArray(v: unknown): string {
  if (v === null || v === undefined) return NULL;
  if (!Array.isArray(v)) throw UNFIT;
  let out = '[';
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    let t: string;
    // Integers only: a fraction has no form both formats read alike in an integer array.
    if (typeof item === 'number' && Number.isSafeInteger(item)) t = `${item}`;
    else if (typeof item === 'bigint') t = item.toString();
    else throw UNFIT;
    out += i === 0 ? t : `,${t}`;
  }
  return `${out}]`;
}

const WRITERS: Readonly<Record<Exclude<ColumnKind, 'other'>, (v: unknown) => string>> = {
  string: text,
  number,
  bool,
  datetime,
  date,
  'string-array': stringArray,
  'number-array': numberArray,
};

/**
 * The fast pass writes strings as they are and checks the whole line for specials at once (see
 * `plainLine`), which costs a few native scans per line where the exact writers run a RegExp per
 * field. A value it cannot vouch for throws ESCAPE, and the row is written again by the exact
 * writers. Nulls never reach these writers: the line function writes them (`\N`) and counts them.
 */
const ESCAPE = Symbol('escape');

/**
 * A fast-pass writer: strings as they are, other values by the exact writer. A tab is the field
 * separator, which the whole-line check cannot tell inside a value: a string with one goes to the
 * exact writers.
 */
const stringsAsIs =
  (exact: (v: unknown) => string) =>
  (v: unknown): string => {
    if (typeof v !== 'string') return exact(v);
    if (v.indexOf('\t') !== -1) throw ESCAPE;
    return v;
  };

/** String items as they are; one with a quote or a tab goes to the exact writers. */
function rawStringArray(v: unknown): string {
  if (!Array.isArray(v)) throw UNFIT;
  let out = '[';
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (typeof item !== 'string') throw UNFIT;
    if (item.indexOf("'") !== -1 || item.indexOf('\t') !== -1) throw ESCAPE;
    out += i === 0 ? `'${item}'` : `,'${item}'`;
  }
  return `${out}]`;
}

const RAW_WRITERS: Readonly<Record<Exclude<ColumnKind, 'other'>, (v: unknown) => string>> = {
  string: stringsAsIs(text),
  number: stringsAsIs(number),
  bool,
  datetime: stringsAsIs(datetime),
  date: stringsAsIs(date),
  'string-array': rawStringArray,
  'number-array': numberArray,
};

const { byteLength } = Buffer;

/**
 * Whether a line of raw fields is exactly what the exact writers would give: no line end, nothing
 * beyond ASCII (its UTF-8 length is its length), and no backslash but those of its `\N` nulls. A
 * value that is `\N` itself brings its own backslash, so the count tells it from a null.
 */
function plainLine(s: string, nulls: number): boolean {
  if (s.indexOf('\n') !== -1 || s.indexOf('\r') !== -1 || byteLength(s, 'utf8') !== s.length) return false;
  let seen = 0;
  for (let at = s.indexOf('\\'); at !== -1; at = s.indexOf('\\', at + 1)) {
    seen += 1;
    if (seen > nulls) return false;
  }
  return true;
}

type Line = (row: Record<string, unknown>) => string | null;

/**
 * A line function, generated once per table so that every field is a plain property read and a
 * direct call: rows of one read model share a shape, which keeps those reads monomorphic. Given
 * the `exact` line function, this is the fast pass: fields written by RAW_WRITERS and the line
 * checked by `plain`, a row either cannot vouch for going to `exact`; without it, the exact pass.
 */
function generateLine(columns: readonly ColumnSpec[], names: ReadonlySet<string>, exact: Line | null): Line {
  const fast = exact !== null;
  const writers = columns.map((c) => (fast ? RAW_WRITERS : WRITERS)[c.kind as Exclude<ColumnKind, 'other'>]);
  /** A field that is no column, with a value JSONEachRow would send (undefined ones it drops). */
  const hasForeignField = (row: Record<string, unknown>): boolean =>
    Object.keys(row).some((k) => !names.has(k) && row[k] !== undefined);
  const reads = columns
    .map((c, i) => `const v${i} = row[${JSON.stringify(c.name)}]; if (v${i} !== undefined) n++;`)
    .join('\n');
  // Every writer gives `\N` for null and undefined; the fast pass writes those itself, counted.
  const fields = columns
    .map((_, i) => (fast ? `v${i} == null ? (nulls++, NULL) : w${i}(v${i})` : `w${i}(v${i})`))
    .join(',\n    ');
  // The fields are joined from an array: that builds one flat string, where `+=` or a template
  // literal builds a tree of pieces that lives until its lines are joined (measured slower, most of
  // it in the garbage collector).
  const source = `return function line(row) {
  let n = 0;
  let nulls = 0;
${reads}
  let s;
  try {
    s = [
    ${fields}
    ].join('\\t');
  } catch (error) {
    if (error === unfit) return null;
    if (error === escape) return exact(row);
    throw error;
  }
  if (n !== Object.keys(row).length && foreign(row)) return null;
  return ${fast ? 'plain(s, nulls) ? s : exact(row)' : 's'};
};`;
  const params = [...writers.map((_, i) => `w${i}`), 'unfit', 'escape', 'foreign', 'NULL', 'plain', 'exact'];
  return new Function(...params, source)(
    ...writers,
    UNFIT,
    ESCAPE,
    hasForeignField,
    NULL,
    plainLine,
    exact,
  ) as Line;
}

/**
 * An encoder for these columns (in insert order), or null when a column has a kind without an exact
 * TabSeparated form. Each row is written by the fast pass; a row it cannot vouch for (a special
 * character somewhere) is written again by the exact writers, which escape.
 */
export function createTableEncoder(columns: readonly ColumnSpec[]): TableEncoder | null {
  if (columns.length === 0 || columns.some((c) => c.kind === 'other')) return null;
  const names = new Set(columns.map((c) => c.name));
  const exact = generateLine(columns, names, null);
  return { columns: columns.map((c) => c.name), line: generateLine(columns, names, exact) };
}
