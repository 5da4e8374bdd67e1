import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LedgerSource } from '../../contracts/ledger-source.ts';
import { sourceError } from './errors.ts';
import { readLakeConfig } from './lake-config.ts';
import { looksLikeLake } from './lake-listing.ts';
import { createLakeSource } from './lake-source.ts';
import { createLooseFilesSource } from './loose-files-source.ts';

export interface LocalLedgerSourceOptions {
  /** Files decompressed ahead of the consumer (default 4; 0 reads one file at a time). */
  readonly readAhead?: number;
}

/** A LedgerSource on local disk, with what was found at the path. */
export interface LocalLedgerSource extends LedgerSource {
  readonly kind: 'data-lake' | 'files';
  /** From the data lake's .config.json, when it has one. */
  readonly networkPassphrase: string | undefined;
}

const DEFAULT_READ_AHEAD = 4;

function checkReadAhead(value: number | undefined): number {
  const readAhead = value ?? DEFAULT_READ_AHEAD;
  if (!Number.isSafeInteger(readAhead) || readAhead < 0) {
    throw sourceError(
      'INGEST_ERR_SOURCE_CONFIG',
      `readAhead must be a whole number of files (0 or more), got ${value}.`,
      { field: 'readAhead' },
    );
  }
  return readAhead;
}

/**
 * Opens ledgers on local disk. `location` may be:
 * - a data lake (Galexie / SEP-54): a folder with `.config.json`, partition folders, or only
 *   `%08X--N.xdr.zst(d)` objects;
 * - a folder of loose ledger files (raw, gzip or zstd LedgerCloseMeta, Galexie batches,
 *   record-marked streams, base64 lines), read in ledger order;
 * - a single ledger file of any of those formats.
 */
export async function openLocalLedgerSource(
  location: string,
  options: LocalLedgerSourceOptions = {},
): Promise<LocalLedgerSource> {
  const readAhead = checkReadAhead(options.readAhead);
  const resolved = path.resolve(location);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(resolved);
  } catch (cause) {
    throw sourceError(
      'INGEST_ERR_SOURCE_NOT_FOUND',
      `Ledger source ${resolved} does not exist or cannot be opened (${(cause as Error).message}). Give a data-lake folder, a folder of ledger files, or one ledger file.`,
      { file: resolved },
      cause,
    );
  }
  if (!info.isDirectory()) {
    const source = createLooseFilesSource({ description: `file:${resolved}`, files: [resolved], readAhead });
    return { ...source, kind: 'files', networkPassphrase: undefined };
  }
  const config = await readLakeConfig(resolved);
  const list = config === undefined ? await readdir(resolved, { withFileTypes: true }) : [];
  if (config !== undefined || looksLikeLake(list, resolved)) {
    const source = createLakeSource({
      description: `galexie:${resolved}`,
      root: resolved,
      config,
      readAhead,
    });
    return { ...source, kind: 'data-lake', networkPassphrase: config?.networkPassphrase };
  }
  const files = list
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.join(resolved, e.name))
    .sort();
  const source = createLooseFilesSource({ description: `files:${resolved}`, files, readAhead });
  return { ...source, kind: 'files', networkPassphrase: undefined };
}
