import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type LakeSchema, lakeObjectKey } from '../../../ingest/sources/galexie-names.ts';
import type { ReplayLedger } from './fixture-ledgers.ts';

export const PUBNET_PASSPHRASE = 'Public Global Stellar Network ; September 2015';

/**
 * A valid zstd frame storing `data` in raw blocks: Node 20 has no zstd compressor, and raw blocks
 * are plain zstd every decoder reads.
 */
export function storedZstdFrame(data: Uint8Array): Uint8Array {
  const MAX_BLOCK = 128 * 1024;
  const header = new Uint8Array(9);
  header.set([0x28, 0xb5, 0x2f, 0xfd, 0xa0]); // magic; single segment, 4-byte content size
  new DataView(header.buffer).setUint32(5, data.length, true);
  const parts: Uint8Array[] = [header];
  let at = 0;
  do {
    const block = data.subarray(at, at + MAX_BLOCK);
    at += block.length;
    const blockHeader = (block.length << 3) | (at >= data.length ? 1 : 0); // type 0 = raw
    parts.push(
      new Uint8Array([blockHeader & 0xff, (blockHeader >> 8) & 0xff, (blockHeader >> 16) & 0xff]),
      block,
    );
  } while (at < data.length);
  return Buffer.concat(parts);
}

/** XDR LedgerCloseMetaBatch: startSequence, endSequence, count, then the LedgerCloseMetas. */
export function lcmBatch(ledgers: readonly ReplayLedger[]): Uint8Array {
  const head = new Uint8Array(12);
  const view = new DataView(head.buffer);
  const start = ledgers[0]?.sequence ?? 0;
  view.setUint32(0, start);
  view.setUint32(4, start + ledgers.length - 1);
  view.setUint32(8, ledgers.length);
  return Buffer.concat([head, ...ledgers.map((l) => l.xdr)]);
}

/**
 * Writes `ledgers` into `root` as a Galexie / SEP-54 data lake: `.config.json` and one zstd
 * LedgerCloseMetaBatch object per batch, in partition folders. Batches must be whole.
 */
export async function writeFixtureLake(
  root: string,
  ledgers: readonly ReplayLedger[],
  schema: LakeSchema = { ledgersPerBatch: 1, batchesPerPartition: 64000 },
  extension = '.xdr.zst',
): Promise<void> {
  await writeFile(
    path.join(root, '.config.json'),
    JSON.stringify({ networkPassphrase: PUBNET_PASSPHRASE, version: '1.0', compression: 'zstd', ...schema }),
  );
  const batches = new Map<string, ReplayLedger[]>();
  for (const ledger of ledgers) {
    const key = lakeObjectKey(ledger.sequence, schema, extension);
    batches.set(key, [...(batches.get(key) ?? []), ledger]);
  }
  for (const [key, batch] of batches) {
    const file = path.join(root, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, storedZstdFrame(lcmBatch(batch)));
  }
}
