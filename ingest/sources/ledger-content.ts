import { ledgersOfBase64Text, looksLikeBase64Text } from './base64-lines.ts';
import { concatBytes } from './compression.ts';
import { sourceError } from './errors.ts';
import { ledgersOfBatch, readBatchHeader } from './ledger-batch.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { sliceEntry } from './ledger-entry.ts';
import { MAX_LEDGER_HEADER_PREFIX, readLedgerSequence } from './ledger-sequence.ts';
import { ledgersOfRecordStream, looksLikeRecordStream } from './record-stream.ts';

/** How the (decompressed) bytes of a ledger file are framed. */
export type ContentFormat = 'batch' | 'base64-lines' | 'record-stream' | 'raw-lcm';

/**
 * Tells the framing from the first bytes: a LedgerCloseMetaBatch header first (as Galexie writes it),
 * then base64 text, then RFC 5531 record marks, then a raw LedgerCloseMeta (version 0, 1 or 2).
 */
export function detectContentFormat(bytes: Uint8Array, file: string): ContentFormat {
  if (readBatchHeader(bytes) !== undefined) return 'batch';
  if (looksLikeBase64Text(bytes)) return 'base64-lines';
  if (looksLikeRecordStream(bytes)) return 'record-stream';
  if (bytes.byteLength >= 4) {
    const version = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    if (version <= 2) return 'raw-lcm';
  }
  const head = Buffer.from(bytes.subarray(0, 8)).toString('hex');
  throw sourceError(
    'INGEST_ERR_SOURCE_FORMAT',
    bytes.byteLength === 0
      ? `${file} is empty: it holds no ledger. Remove it or re-download it.`
      : `${file} is not a ledger file: after decompression it is neither a LedgerCloseMetaBatch, base64 lines, a record-marked XDR stream nor a raw LedgerCloseMeta (first bytes at offset 0: ${head}). Remove it from the source folder or re-download it.`,
    { file, offset: 0 },
  );
}

/** Every ledger of a file's decompressed content, in file order. */
export function ledgersOfContent(bytes: Uint8Array, file: string): LedgerEntry[] {
  const format = detectContentFormat(bytes, file);
  switch (format) {
    case 'batch': {
      const header = readBatchHeader(bytes);
      return header === undefined ? [] : ledgersOfBatch(bytes, header, file);
    }
    case 'base64-lines':
      return ledgersOfBase64Text(bytes, file);
    case 'record-stream':
      return ledgersOfRecordStream(bytes, file);
    case 'raw-lcm':
      return [sliceEntry(readLedgerSequence(bytes, { file, offset: 0 }), bytes, file)];
  }
}

export interface ContentProbe {
  readonly format: ContentFormat;
  readonly first: number;
  /** Undefined when only reading the whole file can tell (streams and base64 lines). */
  readonly last: number | undefined;
}

/** The first ledger of a file (and the last, when the framing says) from the start of its content. */
export function probeContentPrefix(prefix: Uint8Array, file: string): ContentProbe {
  const format = detectContentFormat(prefix, file);
  switch (format) {
    case 'batch': {
      const header = readBatchHeader(prefix);
      if (header !== undefined) return { format, first: header.start, last: header.end };
      break;
    }
    case 'base64-lines': {
      const text = Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength).toString('latin1');
      const line = text.trimStart().split(/\s/, 1)[0] ?? '';
      const head = line.slice(0, Math.floor(line.length / 4) * 4);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(head)) {
        throw sourceError(
          'INGEST_ERR_SOURCE_FORMAT',
          `${file} line 1 is not base64. Each line must hold one base64 LedgerCloseMeta; fix or regenerate the file.`,
          { file, line: 1 },
        );
      }
      const first = readLedgerSequence(Buffer.from(head, 'base64'), { file: `${file} line 1`, offset: 0 });
      return { format, first, last: undefined };
    }
    case 'record-stream': {
      const first = readLedgerSequence(firstRecordHead(prefix), { file: `${file}#record-0`, offset: 4 });
      return { format, first, last: undefined };
    }
    case 'raw-lcm': {
      const first = readLedgerSequence(prefix, { file, offset: 0 });
      return { format, first, last: first };
    }
  }
  throw sourceError('INGEST_ERR_SOURCE_FORMAT', `${file}: unreadable ledger framing.`, { file, offset: 0 });
}

/** The start of the first record of a record-marked stream, joining fragments if it has several. */
function firstRecordHead(prefix: Uint8Array): Uint8Array {
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const parts: Uint8Array[] = [];
  let length = 0;
  let at = 0;
  while (at + 4 <= prefix.byteLength && length < MAX_LEDGER_HEADER_PREFIX) {
    const mark = view.getUint32(at);
    const part = prefix.subarray(at + 4, Math.min(at + 4 + (mark & 0x7fffffff), prefix.byteLength));
    parts.push(part);
    length += part.byteLength;
    at += 4 + part.byteLength;
    if (mark & 0x80000000) break;
  }
  return concatBytes(parts, length);
}
