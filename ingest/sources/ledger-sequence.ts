import { sourceError } from './errors.ts';

/**
 * Reads `ledgerSeq` straight from the bytes of one XDR `LedgerCloseMeta`, without decoding it
 * (layout as in stellar-xdr / @stellar/stellar-sdk 17):
 *
 *   LedgerCloseMeta = union (v: 0 | 1 | 2)
 *     v1/v2 first: LedgerCloseMetaExt = union (0: void | 1: { ExtensionPoint (0), int64 sorobanFeeWrite1KB })
 *     LedgerHeaderHistoryEntry { hash[32], header {
 *       ledgerVersion u32, previousLedgerHash[32],
 *       scpValue { txSetHash[32], closeTime u64, upgrades opaque<128><6>,
 *                  ext (0 basic | 1 signed: LedgerCloseValueSignature
 *                       | 2 empty tx set: { txSetHash[32], previousLedgerHash[32], previousLedgerVersion u32,
 *                                           LedgerCloseValueSignature }) },
 *       txSetResultHash[32], bucketListHash[32], ledgerSeq u32 … } }
 *   LedgerCloseValueSignature = { nodeID (u32 type 0 + 32 bytes), signature opaque<64> }
 *
 * The header never needs more than this many bytes (6 maximal upgrades, the longest scpValue ext).
 */
const SIGNATURE_BYTES = 4 + 32 + 4 + 64;
export const MAX_LEDGER_HEADER_PREFIX =
  4 +
  (4 + 4 + 8) +
  32 +
  4 +
  32 +
  32 +
  8 +
  4 +
  6 * (4 + 128) +
  4 +
  (32 + 32 + 4 + SIGNATURE_BYTES) +
  32 +
  32 +
  4;

const MAX_UPGRADES = 6;
const MAX_UPGRADE_BYTES = 128;
const MAX_SIGNATURE_BYTES = 64;

/** Where the bytes come from, for error messages: the file and the offset of the LCM inside it. */
export interface LedgerBytesPlace {
  readonly file: string;
  /** Byte offset of the LCM's first byte in the (decompressed) file. */
  readonly offset: number;
}

export function readLedgerSequence(bytes: Uint8Array, place: LedgerBytesPlace): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number, field: string): void => {
    if (at + n > bytes.byteLength) {
      throw sourceError(
        'INGEST_ERR_SOURCE_FORMAT',
        `LedgerCloseMeta in ${place.file} at byte ${place.offset} is truncated: ${field} needs bytes ${place.offset + at}..${place.offset + at + n - 1} but the record has ${bytes.byteLength} bytes. Re-download the file.`,
        { file: place.file, offset: place.offset + at, field },
      );
    }
  };
  const bad = (field: string, value: number, allowed: string): never => {
    throw sourceError(
      'INGEST_ERR_SOURCE_FORMAT',
      `Not a LedgerCloseMeta in ${place.file} at byte ${place.offset}: ${field} is ${value} at byte ${place.offset + at}, expected ${allowed}. The file is corrupt or not ledger metadata.`,
      { file: place.file, offset: place.offset + at, field },
    );
  };
  const u32 = (field: string): number => {
    need(4, field);
    const value = view.getUint32(at);
    at += 4;
    return value;
  };
  const skip = (n: number, field: string): void => {
    need(n, field);
    at += n;
  };
  const skipOpaque = (max: number, field: string): void => {
    const start = at;
    const length = u32(`${field} length`);
    if (length > max) {
      at = start;
      bad(`${field} length`, length, `at most ${max}`);
    }
    skip(length + ((4 - (length % 4)) % 4), field);
  };

  const version = u32('LedgerCloseMeta version');
  if (version > 2) {
    at -= 4;
    bad('LedgerCloseMeta version', version, '0, 1 or 2');
  }
  if (version !== 0) {
    const ext = u32('LedgerCloseMetaExt');
    if (ext === 1) {
      const point = u32('LedgerCloseMetaExtV1.ext');
      if (point !== 0) {
        at -= 4;
        bad('LedgerCloseMetaExtV1.ext (ExtensionPoint)', point, '0');
      }
      skip(8, 'LedgerCloseMetaExtV1.sorobanFeeWrite1KB');
    } else if (ext !== 0) {
      at -= 4;
      bad('LedgerCloseMetaExt', ext, '0 or 1');
    }
  }
  skip(32, 'ledgerHeader.hash');
  skip(4, 'header.ledgerVersion');
  skip(32, 'header.previousLedgerHash');
  skip(32, 'scpValue.txSetHash');
  skip(8, 'scpValue.closeTime');
  const upgrades = u32('scpValue.upgrades count');
  if (upgrades > MAX_UPGRADES) {
    at -= 4;
    bad('scpValue.upgrades count', upgrades, `at most ${MAX_UPGRADES}`);
  }
  for (let i = 0; i < upgrades; i++) skipOpaque(MAX_UPGRADE_BYTES, `scpValue.upgrades[${i}]`);
  const signature = (field: string): void => {
    const keyType = u32(`${field}.nodeID type`);
    if (keyType !== 0) {
      at -= 4;
      bad(`${field}.nodeID type`, keyType, '0 (ed25519)');
    }
    skip(32, `${field}.nodeID`);
    skipOpaque(MAX_SIGNATURE_BYTES, `${field}.signature`);
  };
  const valueType = u32('scpValue.ext');
  if (valueType === 1) {
    signature('lcValueSignature');
  } else if (valueType === 2) {
    skip(32 + 32 + 4, 'proposedValue');
    signature('proposedValue.lcValueSignature');
  } else if (valueType !== 0) {
    at -= 4;
    bad('scpValue.ext', valueType, '0 (basic), 1 (signed) or 2 (empty tx set)');
  }
  skip(32, 'header.txSetResultHash');
  skip(32, 'header.bucketListHash');
  return u32('header.ledgerSeq');
}
