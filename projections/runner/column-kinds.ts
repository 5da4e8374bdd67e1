/**
 * How a column's values are written as TabSeparated text, from its ClickHouse type. Only types
 * whose TabSeparated form reads back exactly as the JSONEachRow form would get a kind; any other
 * type makes its table go as JSONEachRow.
 */
export type ColumnKind =
  | 'string'
  | 'number'
  | 'bool'
  | 'datetime'
  | 'date'
  /** Array of strings, or of numbers: written as `['a','b']` / `[1,2]`. */
  | 'string-array'
  | 'number-array'
  /** No exact TabSeparated form known: the table goes as JSONEachRow. */
  | 'other';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
}

const STRING = /^(String|FixedString\(\d+\)|UUID|IPv4|IPv6)$/;
const NUMBER = /^(U?Int(8|16|32|64|128|256)|Float(32|64)|BFloat16|Decimal(32|64|128|256)?\(.*\))$/;
const DATETIME = /^DateTime(\('[^']*'\))?$/;
const DATE = /^Date(32)?$/;

/** Wrappers that do not change how a value is written: the aggregate's argument type is the value's. */
function unwrap(type: string): string {
  let t = type.trim();
  for (;;) {
    const simple = /^SimpleAggregateFunction\((.*)\)$/s.exec(t);
    if (simple !== null) {
      const args = simple[1] as string;
      const comma = topLevelComma(args);
      if (comma === -1) return t;
      t = args.slice(comma + 1).trim();
      continue;
    }
    const wrapper = /^(LowCardinality|Nullable)\((.*)\)$/s.exec(t);
    if (wrapper === null) return t;
    t = (wrapper[2] as string).trim();
  }
}

/** The first comma outside parentheses and quotes, or -1. */
function topLevelComma(text: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === "'") quoted = false;
    } else if (c === "'") quoted = true;
    else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === ',' && depth === 0) return i;
  }
  return -1;
}

/** The kind of a ClickHouse column type, as `system.columns.type` spells it. */
export function columnKind(type: string): ColumnKind {
  const t = unwrap(type);
  if (STRING.test(t)) return 'string';
  if (NUMBER.test(t)) return 'number';
  if (t === 'Bool') return 'bool';
  if (DATETIME.test(t)) return 'datetime';
  if (DATE.test(t)) return 'date';
  const array = /^Array\((.*)\)$/s.exec(t);
  if (array === null) return 'other';
  // Items are not nullable here: a null item has no single exact form in both formats.
  const item = (array[1] as string).trim();
  if (item.startsWith('Nullable(')) return 'other';
  const kind = columnKind(item);
  return kind === 'string' ? 'string-array' : kind === 'number' ? 'number-array' : 'other';
}
