import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SOURCE_ERROR_CODES } from '../../ingest/sources/errors.ts';

const SOURCES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ingest/sources');

describe('ledger source error codes', () => {
  it('documents every code the source modules raise, and only those', async () => {
    const used = new Set<string>();
    for (const name of await readdir(SOURCES_DIR)) {
      if (!name.endsWith('.ts') || name === 'errors.ts') continue;
      const text = await readFile(path.join(SOURCES_DIR, name), 'utf8');
      for (const match of text.matchAll(/'(INGEST_ERR_SOURCE_[A-Z_]+)'/g)) used.add(match[1] ?? '');
    }
    const documented = SOURCE_ERROR_CODES.map((doc) => doc.code);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...used].sort()).toEqual([...documented].sort());
  });

  it('says for each code what happened and what to do', () => {
    for (const doc of SOURCE_ERROR_CODES) {
      expect(doc.code).toMatch(/^INGEST_ERR_SOURCE_[A-Z_]+$/);
      expect(doc.description.length).toBeGreaterThan(60);
    }
    expect(SOURCE_ERROR_CODES.filter((doc) => doc.retryable).map((doc) => doc.code)).toEqual([
      'INGEST_ERR_SOURCE_ABORTED',
    ]);
  });
});
