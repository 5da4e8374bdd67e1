import { sourceError } from '../errors.ts';

/** The hash of a ledger and of the one before it, as hex, read from its LedgerCloseMeta bytes. */
export interface LedgerHashes {
  readonly hash: string;
  readonly previousHash: string;
}

/**
 * Reads `ledgerHeader.hash` and `header.previousLedgerHash` from one XDR LedgerCloseMeta without
 * decoding it: version (u32), for v1/v2 the LedgerCloseMetaExt (0, or 1 + ExtensionPoint + int64),
 * then the hash (32 bytes), ledgerVersion (u32) and previousLedgerHash (32 bytes). The layout is the
 * one `readLedgerSequence` walks further.
 */
export function readLedgerHashes(bytes: Uint8Array, origin: string): LedgerHashes {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (detail: string): never => {
    throw sourceError(
      'INGEST_ERR_SOURCE_FORMAT',
      `The LedgerCloseMeta from ${origin} ${detail}. The metadata is corrupt; fetch it again.`,
      { file: origin, offset: 0 },
    );
  };
  if (bytes.byteLength < 8) fail(`is ${bytes.byteLength} bytes long, too short for a header`);
  const version = view.getUint32(0);
  let at = 4;
  if (version > 2) fail(`has version ${version} (expected 0, 1 or 2)`);
  if (version !== 0) {
    const ext = view.getUint32(at);
    at += ext === 1 ? 4 + 4 + 8 : 4;
    if (ext > 1) fail(`has LedgerCloseMetaExt ${ext} (expected 0 or 1)`);
  }
  if (bytes.byteLength < at + 32 + 4 + 32) fail('is truncated inside its ledger header');
  const hex = (start: number): string => Buffer.from(bytes.subarray(start, start + 32)).toString('hex');
  return { hash: hex(at), previousHash: hex(at + 36) };
}
