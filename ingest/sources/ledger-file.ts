import { open, readFile } from 'node:fs/promises';
import { decompressPrefix, decompressWhole, detectCompression } from './compression.ts';
import { sourceError, throwIfAborted } from './errors.ts';
import { ledgersOfContent, probeContentPrefix } from './ledger-content.ts';
import type { LedgerEntry } from './ledger-entry.ts';

/** A ledger file read into memory: decompressed once, its ledgers found but not copied. */
export interface LoadedLedgerFile {
  readonly file: string;
  readonly entries: readonly LedgerEntry[];
  readonly first: number;
  readonly last: number;
}

/** What the start of a file says about its ledgers, without reading all of it. */
export interface LedgerFileProbe {
  readonly file: string;
  readonly first: number;
  /** Undefined when only reading the whole file can tell. */
  readonly last: number | undefined;
}

/** Decompressed bytes needed to find the first ledger whatever the framing (header <= ~1.2 KB). */
const PROBE_BYTES = 8192;
const CHUNK_BYTES = 64 * 1024;

function openError(file: string, cause: unknown, signal: AbortSignal | undefined): Error {
  throwIfAborted(signal, file);
  const code = (cause as NodeJS.ErrnoException).code;
  return sourceError(
    'INGEST_ERR_SOURCE_NOT_FOUND',
    code === 'ENOENT'
      ? `Ledger file ${file} does not exist (it was removed while reading). Check the source folder.`
      : `Cannot read ledger file ${file}: ${(cause as Error).message}. Check its permissions.`,
    { file },
    cause,
  );
}

function spanOf(entries: readonly LedgerEntry[], file: string): { first: number; last: number } {
  if (entries.length === 0) {
    throw sourceError('INGEST_ERR_SOURCE_FORMAT', `${file} holds no ledger. Remove it from the source.`, {
      file,
    });
  }
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const entry of entries) {
    first = Math.min(first, entry.sequence);
    last = Math.max(last, entry.sequence);
  }
  return { first, last };
}

export async function loadLedgerFile(file: string, signal?: AbortSignal): Promise<LoadedLedgerFile> {
  throwIfAborted(signal, file);
  let raw: Uint8Array;
  try {
    raw = await readFile(file, { signal });
  } catch (cause) {
    throw openError(file, cause, signal);
  }
  const content = await decompressWhole(raw, file);
  throwIfAborted(signal, file);
  const entries = ledgersOfContent(content, file);
  return { file, entries, ...spanOf(entries, file) };
}

export async function probeLedgerFile(file: string, signal?: AbortSignal): Promise<LedgerFileProbe> {
  throwIfAborted(signal, file);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    throw openError(file, cause, signal);
  }
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    const head = await handle.read(buffer, 0, CHUNK_BYTES, 0);
    const firstChunk = buffer.slice(0, head.bytesRead);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield firstChunk;
      let position = firstChunk.length;
      while (firstChunk.length === CHUNK_BYTES) {
        throwIfAborted(signal, file);
        const next = new Uint8Array(CHUNK_BYTES);
        const { bytesRead } = await handle.read(next, 0, CHUNK_BYTES, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        yield next.subarray(0, bytesRead);
      }
    }
    const prefix = await decompressPrefix(detectCompression(firstChunk), chunks(), PROBE_BYTES, file);
    if (prefix.complete) {
      return { file, ...spanOf(ledgersOfContent(prefix.bytes, file), file) };
    }
    const probe = probeContentPrefix(prefix.bytes, file);
    if (probe.format === 'base64-lines') {
      // Lines may be in any order: only the whole file tells the first and the last ledger.
      const loaded = await loadLedgerFile(file, signal);
      return { file, first: loaded.first, last: loaded.last };
    }
    return { file, first: probe.first, last: probe.last };
  } finally {
    await handle.close();
  }
}
