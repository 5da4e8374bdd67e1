import { describe, expect, it } from 'vitest';
import { createTableEncoder, type TableEncoder } from '../../projections/runner/table-encoder.ts';

/**
 * The encoder writes most rows without escaping anything and checks the whole line once; a row with
 * a special character anywhere is written again with escapes. Both must give exactly the text the
 * escaping rules give, whatever mix of specials, nulls and literal `\N` strings a row holds.
 */
const SPECIAL: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };

/** The TabSeparated form of a string field, spelled out character by character. */
function escaped(value: string): string {
  let out = '';
  for (const c of value) {
    const code = c.codePointAt(0) as number;
    if (SPECIAL[c] !== undefined) out += SPECIAL[c];
    else if (code < 0x80) out += c;
    else for (const byte of Buffer.from(c, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

const field = (value: string | null | undefined): string =>
  value === null || value === undefined ? '\\N' : escaped(value);

function encoder(): TableEncoder {
  const created = createTableEncoder([
    { name: 'a', kind: 'string' },
    { name: 'b', kind: 'string' },
    { name: 'n', kind: 'number' },
    { name: 'c', kind: 'string' },
  ]);
  if (created === null) throw new Error('expected an encoder');
  return created;
}

/** A small deterministic generator, so a failure names a row that can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const PIECES = ['G', 'abc', '0', '\\N', '\\', '\t', '\n', '\r', 'é', '😀', "'", ' ', '\u2028', 'N'];

describe('TabSeparated lines', () => {
  it('escape specials, beyond-ASCII text and literal \\N strings, and tell them from nulls', () => {
    const line = encoder().line;
    expect(line({ a: '\\N', b: null, n: '7', c: undefined })).toBe('\\\\N\t\\N\t7\t\\N');
    expect(line({ a: null, b: 'x\\', n: null, c: null })).toBe('\\N\tx\\\\\t\\N\t\\N');
    expect(line({ a: 'tab\there', b: 'café', n: 1, c: 'line\nend\r' })).toBe(
      'tab\\there\tcaf\\xc3\\xa9\t1\tline\\nend\\r',
    );
    expect(line({ a: 'plain', b: 'G', n: 12n, c: '' })).toBe('plain\tG\t12\t');
  });

  it('write every mix of pieces as the escaping rules say', () => {
    const line = encoder().line;
    const next = random(7);
    const text = (): string | null | undefined => {
      const roll = next();
      if (roll < 0.1) return null;
      if (roll < 0.15) return undefined;
      let out = '';
      const count = Math.floor(next() * 5);
      for (let i = 0; i < count; i++) out += PIECES[Math.floor(next() * PIECES.length)];
      return out;
    };
    for (let i = 0; i < 5000; i++) {
      const row = { a: text(), b: text(), n: '42', c: text() };
      expect({ row, line: line(row) }).toEqual({
        row,
        line: [field(row.a), field(row.b), '42', field(row.c)].join('\t'),
      });
    }
  });

  it('leave a number column with a special character to JSON, whichever pass sees it', () => {
    const line = encoder().line;
    for (const n of ['1\t', '1\n', '1\\', '1é', '\\N']) {
      expect(line({ a: 'x', b: null, n, c: 'y' })).toBeNull();
    }
    expect(line({ a: 'x', b: 'y', n: '-12.5', c: 'z' })).toBe('x\ty\t-12.5\tz');
  });
});
