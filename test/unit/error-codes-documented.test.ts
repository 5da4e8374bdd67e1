import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES, renderErrorDocs } from '../../cli/error-codes.ts';
import { repoRoot } from '../helpers/fixtures.ts';

describe('error codes', () => {
  it('are unique and each has a description', () => {
    const codes = ALL_ERROR_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of ALL_ERROR_CODES) expect(c.description.length).toBeGreaterThan(40);
  });

  it('docs/errors.md is generated from the registry and up to date', () => {
    const docs = fs.readFileSync(path.join(repoRoot, 'docs/errors.md'), 'utf8');
    expect(docs).toBe(renderErrorDocs());
  });

  it('every code string used in the source is registered, and every registered code is used', () => {
    const out = execFileSync(
      'git',
      ['grep', '--untracked', '-h', '-o', '-E', "'[A-Z]+_ERR_[A-Z_]+'", '--', '*.ts', ':!test'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    const used = new Set(
      out
        .split('\n')
        .filter(Boolean)
        .map((s) => s.slice(1, -1)),
    );
    const registered = new Set(ALL_ERROR_CODES.map((c) => c.code));
    const missing = [...used].filter((c) => !registered.has(c));
    expect(missing).toEqual([]);
    const unused = [...registered].filter((c) => !used.has(c));
    expect(unused).toEqual([]);
  });
});
