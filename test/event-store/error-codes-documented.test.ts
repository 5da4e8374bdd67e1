import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../../event-store/errors.ts';

const root = resolve(import.meta.dirname, '../../event-store');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('event store error codes', () => {
  it('documents every STORE_ERR_* code the store code uses, once, with what to do', () => {
    const used = new Set(
      sourceFiles(root).flatMap((file) => readFileSync(file, 'utf8').match(/STORE_ERR_[A-Z_]+/g) ?? []),
    );
    const documented = STORE_ERROR_CODES.map((doc) => doc.code);
    expect(new Set(documented).size).toBe(documented.length);
    for (const code of used) expect(documented).toContain(code);
    for (const doc of STORE_ERROR_CODES) {
      expect(doc.code).toMatch(/^STORE_ERR_[A-Z_]+$/);
      expect(doc.description.length).toBeGreaterThan(40);
    }
  });
});
