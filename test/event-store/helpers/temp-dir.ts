import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory per test, removed by the returned function. */
export async function makeTempDir(label: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `event-store-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
