import { concatBytes } from './compression.ts';
import { sourceError } from './errors.ts';
import { type LedgerEntry, sliceEntry } from './ledger-entry.ts';
import { readLedgerSequence } from './ledger-sequence.ts';

/**
 * RFC 5531 record marking, as written by captive core's meta pipe and Go `xdr.Stream`: each fragment
 * is a 4-byte big-endian header (high bit = last fragment of the record, low 31 bits = length) and
 * its bytes; one record = one LedgerCloseMeta.
 */
const LAST_FRAGMENT = 0x80000000;
const LENGTH_MASK = 0x7fffffff;

/**
 * True if the bytes open with a plausible record mark. A raw LedgerCloseMeta opens with 0, 1 or 2,
 * which as a mark would be a fragment of at most 2 bytes; a real first fragment is far longer.
 */
export function looksLikeRecordStream(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 8) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mark = view.getUint32(0);
  const length = mark & LENGTH_MASK;
  const version = view.getUint32(4);
  return length >= 8 && version <= 2;
}

/**
 * Splits a record-marked stream into its ledgers. Single-fragment records are views into `bytes`
 * (no copy); only multi-fragment records are joined into new buffers.
 */
export function ledgersOfRecordStream(bytes: Uint8Array, file: string): LedgerEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ledgers: LedgerEntry[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    const recordStart = at;
    const fragments: Uint8Array[] = [];
    let length = 0;
    let last = false;
    while (!last) {
      if (at + 4 > bytes.byteLength) {
        throw sourceError(
          'INGEST_ERR_SOURCE_FORMAT',
          `${file}: record ${ledgers.length} is truncated: its record mark at byte ${at} is cut short (${bytes.byteLength - at} bytes left). The stream was cut; re-download or regenerate it.`,
          { file, offset: at, record: ledgers.length },
        );
      }
      const mark = view.getUint32(at);
      const size = mark & LENGTH_MASK;
      last = (mark & LAST_FRAGMENT) !== 0;
      if (at + 4 + size > bytes.byteLength) {
        throw sourceError(
          'INGEST_ERR_SOURCE_FORMAT',
          `${file}: record ${ledgers.length} is truncated: the fragment at byte ${at} announces ${size} bytes but only ${bytes.byteLength - at - 4} remain. The stream was cut; re-download or regenerate it.`,
          { file, offset: at, record: ledgers.length },
        );
      }
      fragments.push(bytes.subarray(at + 4, at + 4 + size));
      length += size;
      at += 4 + size;
    }
    const lcm = concatBytes(fragments, length);
    const origin = `${file}#record-${ledgers.length}`;
    const sequence = readLedgerSequence(lcm, { file: origin, offset: recordStart + 4 });
    ledgers.push(sliceEntry(sequence, lcm, origin));
  }
  return ledgers;
}
