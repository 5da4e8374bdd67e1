import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { LedgerSource, LedgerSourceReadOptions, RawLedger } from '../../contracts/ledger-source.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const FIXTURES = process.env.STELLAR_FIXTURES_DIR ?? path.resolve(repoRoot, '../shared/fixtures');
export const LCM = path.join(FIXTURES, 'ledger-close-meta');
export const PUBNET_P26 = path.join(LCM, 'pubnet/p26-63092982-63093001');
export const PUBNET_MISC = path.join(LCM, 'pubnet/misc');
export const TESTNET = path.join(LCM, 'testnet');
export const SYNTHETIC = path.join(LCM, 'synthetic');
export const BASE64_FILE = path.join(PUBNET_MISC, 'ttp-example-ledgers-base64.txt');
export const FCD285FF = path.join(PUBNET_MISC, 'FCD285FF--53312000.xdr.zstd');
export const V24 = path.join(SYNTHETIC, 'load-test-ledgers-v24.xdr.zstd');
export const V26 = path.join(SYNTHETIC, 'load-test-ledgers-v26.xdr.zstd');

export const P26_SEQUENCES = Array.from({ length: 20 }, (_, i) => 63092982 + i);
export const BASE64_SEQUENCES = [6154623, 16154623, 26154623, 36154623, 46154623];

export function pubnetFile(sequence: number): string {
  return path.join(PUBNET_P26, `ledger-${sequence}.xdr.gz`);
}

export function testnetObject(sequence: 997 | 998 | 999): string {
  const name = { 997: 'FFFFFC1A--997', 998: 'FFFFFC19--998', 999: 'FFFFFC18--999' }[sequence];
  return path.join(TESTNET, `${name}.xdr.zstd`);
}

/** A fresh temp folder per test, removed afterwards. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ledger-sources-'));
    made.push(dir);
    return dir;
  };
}

export async function collect(
  source: LedgerSource,
  options: LedgerSourceReadOptions = {},
): Promise<RawLedger[]> {
  const out: RawLedger[] = [];
  for await (const ledger of source.read(options)) out.push(ledger);
  return out;
}

export async function sequencesOf(
  source: LedgerSource,
  options: LedgerSourceReadOptions = {},
): Promise<number[]> {
  return (await collect(source, options)).map((l) => l.sequence);
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; details?: object }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure, but it succeeded');
}

/**
 * A valid zstd frame that stores `data` in raw (uncompressed) blocks. Node 20 has no zstd compressor
 * and fzstd only decompresses; raw blocks are plain zstd that every decoder reads.
 */
export function storedZstd(data: Uint8Array): Uint8Array {
  const MAX_BLOCK = 128 * 1024;
  const parts: Uint8Array[] = [];
  const header = new Uint8Array(9);
  header.set([0x28, 0xb5, 0x2f, 0xfd, 0xa0]); // magic; single segment, 4-byte content size
  new DataView(header.buffer).setUint32(5, data.length, true);
  parts.push(header);
  let at = 0;
  do {
    const block = data.subarray(at, at + MAX_BLOCK);
    at += block.length;
    const last = at >= data.length ? 1 : 0;
    const blockHeader = (block.length << 3) | last; // block type 0 = raw
    parts.push(
      new Uint8Array([blockHeader & 0xff, (blockHeader >> 8) & 0xff, (blockHeader >> 16) & 0xff]),
      block,
    );
  } while (at < data.length);
  return Buffer.concat(parts);
}

/** An XDR LedgerCloseMetaBatch framed by hand: startSequence, endSequence, count, then the LCMs. */
export function batchBytes(start: number, lcms: readonly Uint8Array[]): Uint8Array {
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  view.setUint32(0, start);
  view.setUint32(4, start + lcms.length - 1);
  view.setUint32(8, lcms.length);
  return Buffer.concat([header, ...lcms]);
}

/** RFC 5531 record marking: each record split into fragments of at most `fragment` bytes. */
export function recordMarked(records: readonly Uint8Array[], fragment = Number.MAX_SAFE_INTEGER): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const record of records) {
    for (let at = 0; at < record.length; at += fragment) {
      const piece = record.subarray(at, at + fragment);
      const mark = new Uint8Array(4);
      const last = at + fragment >= record.length;
      new DataView(mark.buffer).setUint32(0, (last ? 0x80000000 : 0) | piece.length);
      parts.push(mark, piece);
    }
  }
  return Buffer.concat(parts);
}
