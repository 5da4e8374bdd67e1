import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { sourceError, throwIfAborted } from './errors.ts';
import {
  type LakeSchema,
  type LedgerSpan,
  lakeObjectKey,
  OBJECT_EXTENSIONS,
  parseObjectName,
  parsePartitionName,
} from './galexie-names.ts';

/** One object file of a data lake and the ledgers its name announces. */
export interface LakeObject {
  readonly path: string;
  readonly span: LedgerSpan;
}

async function entries(dir: string, signal: AbortSignal | undefined): Promise<Dirent[]> {
  throwIfAborted(signal, dir);
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw sourceError(
      'INGEST_ERR_SOURCE_NOT_FOUND',
      `Cannot list the data-lake folder ${dir}: ${(cause as Error).message}. Check the path and its permissions.`,
      { file: dir },
      cause,
    );
  }
}

function objectsOf(dir: string, list: readonly Dirent[]): LakeObject[] {
  const objects: LakeObject[] = [];
  for (const entry of list) {
    if (!entry.isFile()) continue;
    const span = parseObjectName(entry.name);
    if (span !== undefined) objects.push({ path: path.join(dir, entry.name), span });
  }
  return objects.sort((a, b) => a.span.start - b.span.start);
}

interface Partition {
  readonly path: string;
  readonly span: LedgerSpan;
}

function partitionsOf(root: string, list: readonly Dirent[]): Partition[] {
  const partitions: Partition[] = [];
  for (const entry of list) {
    if (!entry.isDirectory()) continue;
    const span = parsePartitionName(entry.name);
    if (span !== undefined) partitions.push({ path: path.join(root, entry.name), span });
  }
  return partitions.sort((a, b) => a.span.start - b.span.start);
}

/** True if the folder looks like a data lake: partition folders, or only data-lake objects. */
export function looksLikeLake(list: readonly Dirent[], root: string): boolean {
  if (partitionsOf(root, list).length > 0) return true;
  const files = list.filter((e) => e.isFile() && !e.name.startsWith('.'));
  return files.length > 0 && files.every((e) => parseObjectName(e.name) !== undefined);
}

/** Every object of a lake (root and partition folders), by first ledger. For lakes without a manifest. */
export async function listLakeObjects(root: string, signal?: AbortSignal): Promise<LakeObject[]> {
  const list = await entries(root, signal);
  const objects = objectsOf(root, list);
  for (const partition of partitionsOf(root, list)) {
    objects.push(...objectsOf(partition.path, await entries(partition.path, signal)));
  }
  return objects.sort((a, b) => a.span.start - b.span.start);
}

/**
 * The first and the last object of a lake laid out by `schema`, listing only the partition folders
 * and the partitions at the ends (never every object). Undefined for an empty lake.
 */
export async function lakeBounds(
  root: string,
  schema: LakeSchema,
  signal?: AbortSignal,
): Promise<{ readonly first: LakeObject; readonly last: LakeObject } | undefined> {
  const list = await entries(root, signal);
  if (schema.batchesPerPartition <= 1) {
    const objects = objectsOf(root, list);
    const first = objects[0];
    const last = objects[objects.length - 1];
    return first === undefined || last === undefined ? undefined : { first, last };
  }
  const partitions = partitionsOf(root, list);
  let first: LakeObject | undefined;
  let last: LakeObject | undefined;
  for (const partition of partitions) {
    first = objectsOf(partition.path, await entries(partition.path, signal))[0];
    if (first !== undefined) break;
  }
  for (const partition of [...partitions].reverse()) {
    last = objectsOf(partition.path, await entries(partition.path, signal)).at(-1);
    if (last !== undefined) break;
  }
  return first === undefined || last === undefined ? undefined : { first, last };
}

/** The path of the object holding `sequence` as the manifest places it, or undefined if absent. */
export async function findLakeObject(
  root: string,
  sequence: number,
  schema: LakeSchema,
): Promise<string | undefined> {
  for (const extension of OBJECT_EXTENSIONS) {
    const candidate = path.join(root, lakeObjectKey(sequence, schema, extension));
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        throw sourceError(
          'INGEST_ERR_SOURCE_NOT_FOUND',
          `Cannot look up the data-lake object ${candidate}: ${(cause as Error).message}. Check its permissions.`,
          { file: candidate },
          cause,
        );
      }
    }
  }
  return undefined;
}
