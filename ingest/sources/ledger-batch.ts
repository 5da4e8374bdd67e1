import { xdr } from '@stellar/stellar-sdk';
import { sourceError } from './errors.ts';
import { type LedgerEntry, sliceEntry } from './ledger-entry.ts';
import { readLedgerSequence } from './ledger-sequence.ts';

/** The 12 bytes that open an XDR `LedgerCloseMetaBatch`: startSequence, endSequence, array count. */
export interface BatchHeader {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

const HEADER_BYTES = 12;

/** The batch header, if the bytes are framed as a LedgerCloseMetaBatch (start <= end, count = end-start+1). */
export function readBatchHeader(bytes: Uint8Array): BatchHeader | undefined {
  if (bytes.byteLength < HEADER_BYTES + 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = view.getUint32(0);
  const end = view.getUint32(4);
  const count = view.getUint32(8);
  if (start > end || count !== end - start + 1) return undefined;
  return { start, end, count };
}

/**
 * The LedgerCloseMetas of a batch. One ledger (every real lake so far): the rest of the batch after
 * the header, sliced without decoding. Several: decoded with the SDK and re-encoded one by one.
 */
export function ledgersOfBatch(bytes: Uint8Array, header: BatchHeader, file: string): LedgerEntry[] {
  if (header.count === 1) {
    const lcm = bytes.subarray(HEADER_BYTES);
    const sequence = readLedgerSequence(lcm, { file, offset: HEADER_BYTES });
    if (sequence !== header.start) {
      throw sourceError(
        'INGEST_ERR_SOURCE_FORMAT',
        `${file}: the LedgerCloseMetaBatch header says ledger ${header.start} but the LedgerCloseMeta after it is ledger ${sequence}. The object is corrupt; re-download it.`,
        { file, offset: HEADER_BYTES, ledger: sequence },
      );
    }
    return [sliceEntry(sequence, lcm, file)];
  }
  let batch: xdr.LedgerCloseMetaBatch;
  try {
    batch = xdr.LedgerCloseMetaBatch.fromXDR(bytes);
  } catch (cause) {
    throw sourceError(
      'INGEST_ERR_SOURCE_FORMAT',
      `${file}: cannot decode the LedgerCloseMetaBatch of ledgers ${header.start}-${header.end} (${(cause as Error).message}). Re-download the object, or upgrade @stellar/stellar-sdk if the ledgers are from a newer protocol.`,
      { file, offset: 0 },
      cause,
    );
  }
  return batch.ledgerCloseMetas.map((meta, index) => {
    const lcm = meta.toXDR();
    const origin = `${file}#ledger-${header.start + index}`;
    const sequence = readLedgerSequence(lcm, { file: origin, offset: 0 });
    if (sequence !== header.start + index) {
      throw sourceError(
        'INGEST_ERR_SOURCE_FORMAT',
        `${file}: entry ${index} of the LedgerCloseMetaBatch ${header.start}-${header.end} is ledger ${sequence}, expected ${header.start + index}. The object is corrupt; re-download it.`,
        { file, ledger: sequence },
      );
    }
    return sliceEntry(sequence, lcm, origin);
  });
}
