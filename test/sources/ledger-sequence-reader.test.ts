import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { xdr } from '@stellar/stellar-sdk';
import { decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import { readLedgerSequence } from '../../ingest/sources/ledger-sequence.ts';
import { openLocalLedgerSource } from '../../ingest/sources/open-local-source.ts';
import { collect, LCM, pubnetFile, testnetObject } from './helpers.ts';

async function fixtureFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await fixtureFiles(full)));
    else out.push(full);
  }
  return out.sort();
}

function sdkSequence(bytes: Uint8Array): number {
  return xdr.LedgerCloseMeta.fromXDR(bytes).value.ledgerHeader.header.ledgerSeq;
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected readLedgerSequence to throw');
}

describe('reading the ledger sequence from LedgerCloseMeta bytes', () => {
  it('agrees with xdr.LedgerCloseMeta.fromXDR on every ledger of every fixture file', async () => {
    const files = await fixtureFiles(LCM);
    expect(files.length).toBe(29); // 20 + 4 misc + 3 testnet + 2 synthetic
    let ledgers = 0;
    const versions = new Set<string>();
    for (const file of files) {
      const source = await openLocalLedgerSource(file, { readAhead: 0 });
      for (const raw of await collect(source)) {
        const decoded = xdr.LedgerCloseMeta.fromXDR(raw.xdr);
        versions.add(`${decoded.type}/${decoded.type === 'v0' ? '-' : decoded.value.ext.type}`);
        expect(readLedgerSequence(raw.xdr, { file: raw.origin, offset: 0 }), raw.origin).toBe(
          decoded.value.ledgerHeader.header.ledgerSeq,
        );
        expect(raw.sequence).toBe(decoded.value.ledgerHeader.header.ledgerSeq);
        ledgers++;
      }
    }
    // 20 pubnet p26 + 2 gz + 1 lake object + 5 base64 + 3 testnet + 3 (v24) + 30 (v26)
    expect(ledgers).toBe(64);
    expect([...versions].sort()).toEqual(['v0/-', 'v1/v0', 'v1/v1', 'v2/v0', 'v2/v1']);
  });

  it('skips scpValue upgrades (var opaque, padded) the way the SDK decodes them', () => {
    const original = decompress(new Uint8Array(readFileSync(testnetObject(997)))).subarray(12);
    const decoded = xdr.LedgerCloseMeta.fromXDR(original);
    expect(decoded.type).toBe('v1');
    expect('ext' in decoded.value && decoded.value.ext.type).toBe('v0');
    expect(decoded.value.ledgerHeader.header.scpValue.upgrades.length).toBe(0);
    // v1 (4) + ext (4) + hash (32) + ledgerVersion (4) + previousLedgerHash (32) + txSetHash (32) + closeTime (8)
    const upgradesAt = 116;
    const upgrades = new Uint8Array([0, 0, 0, 2, 0, 0, 0, 5, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 1, 9, 0, 0, 0]);
    const patched = Buffer.concat([
      original.subarray(0, upgradesAt),
      upgrades,
      original.subarray(upgradesAt + 4),
    ]);
    const sdk = xdr.LedgerCloseMeta.fromXDR(patched);
    expect(sdk.value.ledgerHeader.header.scpValue.upgrades.length).toBe(2);
    expect(readLedgerSequence(patched, { file: 'patched', offset: 0 })).toBe(sdkSequence(patched));
    expect(sdkSequence(patched)).toBe(997);
  });

  it('skips a StellarValueEmptyTxSet scpValue ext (proposed value + signature) like the SDK', () => {
    const original = decompress(new Uint8Array(readFileSync(testnetObject(998)))).subarray(12);
    const header = xdr.LedgerCloseMeta.fromXDR(original).value.ledgerHeader.header;
    expect(header.scpValue.ext.type).toBe('stellarValueSigned');
    const extAt = 120; // after 0 upgrades
    const proposed = new Uint8Array(32 + 32 + 4).fill(7);
    const patched = Buffer.concat([
      original.subarray(0, extAt),
      new Uint8Array([0, 0, 0, 2]),
      proposed,
      original.subarray(extAt + 4),
    ]);
    expect(xdr.LedgerCloseMeta.fromXDR(patched).value.ledgerHeader.header.scpValue.ext.type).toBe(
      'stellarValueEmptyTxSet',
    );
    expect(readLedgerSequence(patched, { file: 'patched', offset: 0 })).toBe(998);
  });

  it('reads LedgerCloseMetaExt v1 (sorobanFeeWrite1KB) of protocol 26 ledgers', () => {
    const bytes = gunzipSync(readFileSync(pubnetFile(63092990)));
    const decoded = xdr.LedgerCloseMeta.fromXDR(bytes);
    expect(decoded.type).toBe('v2');
    expect('ext' in decoded.value && decoded.value.ext.type).toBe('v1');
    expect(readLedgerSequence(bytes, { file: 'p26', offset: 0 })).toBe(63092990);
  });

  it('reports a truncated header with the file and byte offset', () => {
    const bytes = gunzipSync(readFileSync(pubnetFile(63092982))).subarray(0, 150);
    const error = catchError(() => readLedgerSequence(bytes, { file: 'cut.xdr', offset: 40 }));
    expect(hasErrorCode(error, 'INGEST_ERR_SOURCE_FORMAT')).toBe(true);
    expect((error as Error).message).toMatch(/cut\.xdr at byte 40 is truncated/);
    expect((error as { details: { file: string } }).details.file).toBe('cut.xdr');
  });

  it('rejects a union discriminant that is not 0, 1 or 2', () => {
    const bytes = new Uint8Array(2000);
    bytes[3] = 3;
    const error = catchError(() => readLedgerSequence(bytes, { file: 'bad.xdr', offset: 0 }));
    expect(hasErrorCode(error, 'INGEST_ERR_SOURCE_FORMAT')).toBe(true);
    expect((error as Error).message).toMatch(/bad\.xdr at byte 0: LedgerCloseMeta version is 3/);
  });

  it('rejects an unknown LedgerCloseMetaExt or scpValue ext', () => {
    const bytes = new Uint8Array(2000);
    bytes[3] = 1;
    bytes[7] = 5;
    expect((catchError(() => readLedgerSequence(bytes, { file: 'f', offset: 0 })) as Error).message).toMatch(
      /LedgerCloseMetaExt is 5 at byte 4/,
    );
    bytes[7] = 0;
    bytes[123] = 9; // scpValue.ext of a v1 LCM without upgrades
    expect((catchError(() => readLedgerSequence(bytes, { file: 'f', offset: 0 })) as Error).message).toMatch(
      /scpValue.ext is 9 at byte 120/,
    );
  });
});
