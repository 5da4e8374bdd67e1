import { openLocalLedgerSource } from '../../../ingest/sources/open-local-source.ts';
import { readLedgerHashes } from '../../../ingest/sources/rpc/ledger-hashes.ts';

/** A real ledger as the replay servers serve it. */
export interface ReplayLedger {
  readonly sequence: number;
  /** The uncompressed LedgerCloseMeta. */
  readonly xdr: Uint8Array;
  readonly hash: string;
  readonly previousHash: string;
  /** Unix seconds, from the header's scpValue. */
  readonly closeTime: string;
  /** Base64 LedgerHeaderHistoryEntry, as getLedgers sends it. */
  readonly headerXdr: string;
}

/**
 * Where the LedgerHeaderHistoryEntry sits in a LedgerCloseMeta, and its close time, walking the
 * XDR by hand (decoding 20 ledgers with the SDK takes seconds):
 *   hash, LedgerHeader { ledgerVersion, previousLedgerHash, scpValue { txSetHash, closeTime,
 *   upgrades<6>, ext }, txSetResultHash, bucketListHash, ledgerSeq, totalCoins, feePool, inflationSeq,
 *   idPool, baseFee, baseReserve, maxTxSetSize, skipList[4], ext }, ext
 */
function headerOf(bytes: Uint8Array): { start: number; end: number; closeTime: bigint } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 4;
  if (view.getUint32(0) !== 0) at += view.getUint32(4) === 1 ? 16 : 4;
  const start = at;
  const u32 = (): number => {
    const v = view.getUint32(at);
    at += 4;
    return v;
  };
  const opaque = (): void => {
    const n = u32();
    at += n + ((4 - (n % 4)) % 4);
  };
  const signature = (): void => {
    at += 4 + 32;
    opaque();
  };
  at += 32 + 4 + 32 + 32;
  const closeTime = view.getBigUint64(at);
  at += 8;
  for (let n = u32(); n > 0; n--) opaque();
  const scpExt = u32();
  if (scpExt === 1) signature();
  if (scpExt === 2) {
    at += 32 + 32 + 4;
    signature();
  }
  at += 32 + 32 + 4 + 8 + 8 + 4 + 8 + 4 + 4 + 4 + 4 * 32;
  if (u32() === 1) at += 4 + 4;
  at += 4;
  return { start, end: at, closeTime };
}

/** Every ledger of a fixture file or folder, with what getLedgers needs to serve it. */
export async function loadReplayLedgers(location: string): Promise<ReplayLedger[]> {
  const source = await openLocalLedgerSource(location);
  const out: ReplayLedger[] = [];
  try {
    for await (const raw of source.read({})) {
      const { hash, previousHash } = readLedgerHashes(raw.xdr, raw.origin);
      const header = headerOf(raw.xdr);
      out.push({
        sequence: raw.sequence,
        xdr: raw.xdr,
        hash,
        previousHash,
        closeTime: String(header.closeTime),
        headerXdr: Buffer.from(raw.xdr.subarray(header.start, header.end)).toString('base64'),
      });
    }
  } finally {
    await source.close();
  }
  return out;
}
