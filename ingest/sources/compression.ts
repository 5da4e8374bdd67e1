import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Decompress, decompress as zstdDecompress } from 'fzstd';
import { hasErrorCode } from '../../contracts/errors.ts';
import { sourceError } from './errors.ts';

export type Compression = 'zstd' | 'gzip' | 'none';

const gunzip = promisify(zlib.gunzip);

/** Tells the compression by magic bytes (`28 b5 2f fd` zstd, `1f 8b` gzip), never by name. */
export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    return 'zstd';
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return 'none';
}

function decompressionError(file: string, compression: Compression, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return sourceError(
    'INGEST_ERR_SOURCE_FORMAT',
    `Cannot ${compression}-decompress ${file}: ${reason}. The file is truncated or corrupt; re-download it.`,
    { file, compression },
    cause,
  );
}

/** Decompresses a whole file (gzip off the main thread, zstd with fzstd). */
export async function decompressWhole(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  const compression = detectCompression(bytes);
  try {
    if (compression === 'gzip') {
      const out = await gunzip(bytes);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
    if (compression === 'zstd') return zstdDecompress(bytes);
  } catch (cause) {
    throw decompressionError(file, compression, cause);
  }
  return bytes;
}

/**
 * Decompresses only the start of a compressed file: at least `wanted` bytes, or everything if the
 * content is shorter. `chunks` yields the compressed file in order; reading stops early.
 */
export async function decompressPrefix(
  compression: Compression,
  chunks: AsyncIterable<Uint8Array>,
  wanted: number,
  file: string,
): Promise<{ readonly bytes: Uint8Array; readonly complete: boolean }> {
  const out: Uint8Array[] = [];
  let length = 0;
  const collect = (data: Uint8Array): void => {
    out.push(data);
    length += data.length;
  };
  const result = (complete: boolean) => ({ bytes: concatBytes(out, length), complete });
  try {
    if (compression === 'zstd') {
      const stream = new Decompress(collect);
      for await (const chunk of chunks) {
        stream.push(chunk);
        if (length >= wanted) return result(false);
      }
      stream.push(new Uint8Array(0), true);
      return result(true);
    }
    if (compression === 'gzip') {
      const inflater = zlib.createGunzip();
      inflater.on('data', collect);
      const ended = new Promise<void>((resolve, reject) => {
        inflater.on('end', resolve);
        inflater.on('error', reject);
      });
      ended.catch(() => undefined);
      for await (const chunk of chunks) {
        // A corrupt stream emits 'error' and may never call the write callback: race the two.
        await Promise.race([
          new Promise<void>((resolve, reject) => {
            inflater.write(chunk, (error) => (error ? reject(error) : resolve()));
          }),
          ended,
        ]);
        if (length >= wanted) {
          inflater.destroy();
          return result(false);
        }
      }
      inflater.end();
      await ended;
      return result(true);
    }
  } catch (cause) {
    if (hasErrorCode(cause, 'INGEST_ERR_SOURCE_ABORTED')) throw cause; // not a decompression problem
    if (length >= wanted) return result(false);
    throw decompressionError(file, compression, cause);
  }
  for await (const chunk of chunks) {
    collect(chunk);
    if (length >= wanted) return result(false);
  }
  return result(true);
}

export function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
