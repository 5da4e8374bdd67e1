import { isDeepStrictEqual } from 'node:util';
import { xdr } from '@stellar/stellar-sdk';
import { describe, expect, it } from 'vitest';
import { type DecodeOptions, decodeLedger } from '../../ingest/decode/decode-ledger.ts';
import { compileReader, READ_FAULT } from '../../ingest/decode/fast/compile-reader.ts';
import { locateFault } from '../../ingest/decode/fast/locate-fault.ts';
import {
  createLedgerCloseMetaReader,
  readLedgerCloseMeta,
} from '../../ingest/decode/fast/read-ledger-close-meta.ts';
import type { XdrSchema } from '../../ingest/decode/fast/xdr-schema.ts';
import { parseLedgerXdr, parseLedgerXdrWithSdk } from '../../ingest/decode/parse-ledger-xdr.ts';
import { networkId } from '../../ingest/decode/transaction-hash.ts';
import { readRawFixture } from '../helpers/decode-fixture.ts';
import { fixture, PUBNET, PUBNET_P26_DIR, TESTNET } from '../helpers/fixtures.ts';

type Settings = Omit<DecodeOptions, 'origin'>;
const pubnet: Settings = { networkLabel: 'pubnet', networkId: networkId(PUBNET), skipNetworkCheck: false };
const testnet: Settings = { networkLabel: 'testnet', networkId: networkId(TESTNET), skipNetworkCheck: false };
const synthetic: Settings = {
  networkLabel: 'synthetic',
  networkId: networkId('synthetic'),
  skipNetworkCheck: true,
};

/** Facts of every ledger, fast reader against the SDK reader; returns how many ledgers compared. */
async function compareFixture(location: string, settings: Settings): Promise<number[]> {
  const sequences: number[] = [];
  for (const raw of await readRawFixture(location)) {
    const options = { ...settings, origin: raw.origin };
    const fast = decodeLedger(readLedgerCloseMeta(raw.xdr), options);
    const sdk = decodeLedger(xdr.LedgerCloseMeta.fromXDR(raw.xdr), options);
    // isDeepStrictEqual is quick on 10k facts; toEqual only to print a diff when they differ.
    if (!isDeepStrictEqual(fast, sdk)) expect(fast).toEqual(sdk);
    expect(fast.facts.length).toBe(sdk.facts.length);
    sequences.push(raw.sequence);
  }
  return sequences;
}

describe('the fast LedgerCloseMeta reader gives the decoders what the SDK reader gives them', () => {
  it('20 pubnet P26 ledgers (LCM v2, TxMeta v4): identical facts in the same order', async () => {
    const sequences = await compareFixture(PUBNET_P26_DIR(), pubnet);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => 63092982 + i));
  });

  it('pubnet P2-P22 ledgers (LCM v0 and v1, TxMeta v1-v4) and testnet ledgers', async () => {
    const misc = await compareFixture(fixture('ledger-close-meta/pubnet/misc'), pubnet);
    expect(misc).toEqual([6154623, 16154623, 26154623, 36154623, 46154623, 51000294, 53312000, 57500008]);
    expect(await compareFixture(fixture('ledger-close-meta/testnet'), testnet)).toEqual([997, 998, 999]);
  });

  it('the synthetic v24 and v26 load-test ledgers, network check skipped', async () => {
    const v24 = await compareFixture(
      fixture('ledger-close-meta/synthetic/load-test-ledgers-v24.xdr.zstd'),
      synthetic,
    );
    expect(v24).toEqual([62, 63, 66]);
    const v26 = await compareFixture(
      fixture('ledger-close-meta/synthetic/load-test-ledgers-v26.xdr.zstd'),
      synthetic,
    );
    expect(v26.length).toBe(30);
  });

  it('every skip and raw-bytes rule names a type or field the SDK schema has', () => {
    expect(createLedgerCloseMetaReader().unusedRules).toEqual([]);
  });
});

describe('bad bytes give typed errors naming the XDR path and byte offset', () => {
  const origin = 'ledger-63092982.xdr.gz';
  const ledger = 63092982;
  let good: Uint8Array | undefined;
  const goodBytes = async (): Promise<Uint8Array> => {
    good ??= (
      await readRawFixture(fixture('ledger-close-meta/pubnet/p26-63092982-63093001/ledger-63092982.xdr.gz'))
    )[0]?.xdr;
    if (good === undefined) throw new Error('fixture ledger 63092982 is missing');
    return good;
  };
  const failure = (bytes: Uint8Array) => {
    try {
      parseLedgerXdr(bytes, origin, ledger);
    } catch (error) {
      return error as { code: string; message: string; details: Record<string, unknown> };
    }
    throw new Error('parseLedgerXdr accepted bad bytes');
  };
  /** Byte offset of txProcessing[0] in a LedgerCloseMeta v2, measured with the SDK's encoder. */
  const firstTxOffset = (bytes: Uint8Array): { at: number; tx: xdr.TransactionResultMetaV1 } => {
    const lcm = xdr.LedgerCloseMeta.fromXDR(bytes);
    if (lcm.type !== 'v2') throw new Error('expected LedgerCloseMeta v2');
    const v2 = lcm.v2;
    const at = 4 + v2.ext.toXdr().length + v2.ledgerHeader.toXdr().length + v2.txSet.toXdr().length + 4;
    const tx = v2.txProcessing[0];
    if (tx === undefined) throw new Error('expected a transaction');
    return { at, tx };
  };

  it('truncated bytes: INGEST_ERR_XDR_CORRUPT with the file, the ledger, a path and an offset', async () => {
    const bytes = await goodBytes();
    for (const length of [0, 3, 200, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const error = failure(bytes.subarray(0, length));
      expect(error.code).toBe('INGEST_ERR_XDR_CORRUPT');
      expect(error.details).toMatchObject({ file: origin, ledger });
      expect(error.details.xdrPath).toMatch(/^LedgerCloseMeta/);
      expect(error.details.offset).toBeLessThanOrEqual(length);
      expect(error.message).toMatch(
        /corrupt or truncated at LedgerCloseMeta.*, byte \d+: .*\. Re-fetch the file/,
      );
    }
    const half = failure(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(half.details.xdrPath).toMatch(/^LedgerCloseMeta\.v2\.txProcessing\[\d+\]\./);
    // The SDK's reader rejects the same bytes.
    expect(() => parseLedgerXdrWithSdk(bytes.subarray(0, bytes.length - 1), origin, ledger)).toThrow(
      /corrupt/,
    );
    expect(half.message).toMatch(/incomplete XDR data at offset \d+/);
  });

  it('a flipped union discriminant: the path of that union, CORRUPT or (small values) UNSUPPORTED', async () => {
    const bytes = await goodBytes();
    const root = Uint8Array.from(bytes);
    root[3] = 9; // LedgerCloseMeta v9
    const newer = failure(root);
    expect(newer.code).toBe('INGEST_ERR_XDR_UNSUPPORTED');
    expect(newer.details).toMatchObject({ xdrPath: 'LedgerCloseMeta', offset: 0, file: origin, ledger });
    expect(newer.message).toMatch(/Upgrade @stellar\/stellar-sdk/);

    const { at, tx } = firstTxOffset(bytes);
    // txProcessing[0] = { ext (4 bytes), result: { transactionHash (32), result: { feeCharged (8), result } } }
    const resultCode = Uint8Array.from(bytes);
    new DataView(resultCode.buffer).setInt32(at + 4 + 32 + 8, 0x7f000000);
    const corrupt = failure(resultCode);
    expect(corrupt.code).toBe('INGEST_ERR_XDR_CORRUPT');
    expect(corrupt.details).toMatchObject({
      xdrPath: 'LedgerCloseMeta.v2.txProcessing[0].result.result.result',
      offset: at + 44,
    });

    // Inside what the fast reader skips (ledger entry changes): still checked, still located.
    expect(tx.feeProcessing.length).toBeGreaterThan(0);
    const feeChange = at + 4 + tx.result.toXdr().length + 4;
    const skipped = Uint8Array.from(bytes);
    new DataView(skipped.buffer).setInt32(feeChange, 9);
    const inSkipped = failure(skipped);
    expect(inSkipped.code).toBe('INGEST_ERR_XDR_UNSUPPORTED');
    expect(inSkipped.details).toMatchObject({
      xdrPath: 'LedgerCloseMeta.v2.txProcessing[0].feeProcessing[0]',
      offset: feeChange,
    });
    expect(inSkipped.message).toMatch(/unknown enum value 9 \(LedgerEntryChangeType\)/);
  });

  it('trailing garbage after the LedgerCloseMeta is corrupt input', async () => {
    const bytes = await goodBytes();
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    const error = failure(longer);
    expect(error.code).toBe('INGEST_ERR_XDR_CORRUPT');
    expect(error.details).toMatchObject({ xdrPath: 'LedgerCloseMeta', offset: bytes.length });
    expect(error.message).toMatch(/trailing 8 byte\(s\)/);
  });
});

describe('recursive values are read to a bounded depth', () => {
  const schema = (xdr.ScVal as unknown as { schema: XdrSchema }).schema;
  const reader = compileReader(schema, { skipTypes: new Set(), skipFields: new Set(), rawTypes: new Set() });
  /** `depth` nested single-element ScVal vectors around a void. */
  const nestedVecs = (depth: number): Uint8Array => {
    const bytes = new Uint8Array(depth * 12 + 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < depth; i++) {
      view.setInt32(i * 12, 16); // scvVec
      view.setUint32(i * 12 + 4, 1); // present
      view.setUint32(i * 12 + 8, 1); // one element
    }
    view.setInt32(depth * 12, 1); // scvVoid
    return bytes;
  };

  it('reads nesting the SDK reads, and reports runaway nesting as a fault instead of overflowing the stack', () => {
    const ok = nestedVecs(300);
    let value = reader.read(ok) as { type: string; vec: unknown[] | null };
    for (let i = 0; i < 300; i++) value = value.vec?.[0] as typeof value;
    expect(value).toEqual({ type: 'scvVoid' });
    expect(locateFault(schema, ok)).toBeNull();

    const deep = nestedVecs(100_000);
    let thrown: unknown;
    try {
      reader.read(deep);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe(READ_FAULT);
    expect(locateFault(schema, deep)?.reason).toBe('max recursion depth 1500 exceeded');
  });
});
