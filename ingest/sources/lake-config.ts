import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sourceError, throwIfAborted } from './errors.ts';
import type { LakeSchema } from './galexie-names.ts';

export const LAKE_CONFIG_FILE = '.config.json';

/** The manifest Galexie writes at the root of a data lake (SEP-54), validated and frozen. */
export interface LakeConfig extends LakeSchema {
  readonly networkPassphrase: string | undefined;
  readonly version: string | undefined;
  readonly compression: 'zstd';
}

function isWholePositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Checks a parsed manifest; every problem is reported in one INGEST_ERR_SOURCE_CONFIG error. */
export function parseLakeConfig(raw: unknown, file: string): LakeConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw sourceError(
      'INGEST_ERR_SOURCE_CONFIG',
      `${file} must hold a JSON object with ledgersPerBatch and batchesPerPartition; fix it or remove it to list the lake instead.`,
      { file },
    );
  }
  const fields = raw as Record<string, unknown>;
  const problems: string[] = [];
  const { ledgersPerBatch, batchesPerPartition, compression, networkPassphrase, version } = fields;
  if (!isWholePositive(ledgersPerBatch)) {
    problems.push(`ledgersPerBatch must be a whole number >= 1 (got ${JSON.stringify(ledgersPerBatch)})`);
  }
  if (!isWholePositive(batchesPerPartition)) {
    problems.push(
      `batchesPerPartition must be a whole number >= 1 (got ${JSON.stringify(batchesPerPartition)})`,
    );
  }
  if (compression !== undefined && compression !== 'zstd') {
    problems.push(`compression ${JSON.stringify(compression)} is not supported (only "zstd")`);
  }
  if (networkPassphrase !== undefined && typeof networkPassphrase !== 'string') {
    problems.push('networkPassphrase must be a string');
  }
  if (version !== undefined && typeof version !== 'string') problems.push('version must be a string');
  if (problems.length > 0 || !isWholePositive(ledgersPerBatch) || !isWholePositive(batchesPerPartition)) {
    throw sourceError(
      'INGEST_ERR_SOURCE_CONFIG',
      `Invalid data-lake manifest ${file}: ${problems.join('; ')}. Fix the manifest or remove it to list the lake instead.`,
      { file, problems: problems.length },
    );
  }
  return Object.freeze({
    ledgersPerBatch,
    batchesPerPartition,
    compression: 'zstd',
    networkPassphrase: typeof networkPassphrase === 'string' ? networkPassphrase : undefined,
    version: typeof version === 'string' ? version : undefined,
  });
}

/** Reads `<root>/.config.json`; undefined when the lake has none. */
export async function readLakeConfig(root: string, signal?: AbortSignal): Promise<LakeConfig | undefined> {
  const file = path.join(root, LAKE_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, { encoding: 'utf8', signal });
  } catch (cause) {
    throwIfAborted(signal, file);
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw sourceError(
      'INGEST_ERR_SOURCE_CONFIG',
      `Cannot read the data-lake manifest ${file}: ${(cause as Error).message}. Check its permissions.`,
      { file },
      cause,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw sourceError(
      'INGEST_ERR_SOURCE_CONFIG',
      `The data-lake manifest ${file} is not valid JSON (${(cause as Error).message}). Fix it or remove it to list the lake instead.`,
      { file },
      cause,
    );
  }
  return parseLakeConfig(raw, file);
}
