import { readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { lakeObjectKey, parseObjectName, parsePartitionName } from '../../ingest/sources/galexie-names.ts';
import { openLocalLedgerSource } from '../../ingest/sources/open-local-source.ts';
import {
  batchBytes,
  collect,
  FCD285FF,
  failure,
  pubnetFile,
  sequencesOf,
  storedZstd,
  testnetObject,
  useTempDirs,
} from './helpers.ts';

const TESTNET_PASSPHRASE = 'Test SDF Network ; September 2015';
const newTempDir = useTempDirs();

async function writeConfig(
  root: string,
  ledgersPerBatch: number,
  batchesPerPartition: number,
): Promise<void> {
  const manifest = {
    networkPassphrase: TESTNET_PASSPHRASE,
    version: '1.0',
    compression: 'zstd',
    ledgersPerBatch,
    batchesPerPartition,
  };
  await writeFile(path.join(root, '.config.json'), JSON.stringify(manifest));
}

/** The three real testnet objects copied into the layout Galexie uses by default (1 ledger, 64000 per partition). */
async function testnetLake(options: { config: boolean; extension?: string }): Promise<string> {
  const root = await newTempDir();
  const schema = { ledgersPerBatch: 1, batchesPerPartition: 64000 };
  for (const sequence of [997, 998, 999] as const) {
    const key = lakeObjectKey(sequence, schema, options.extension ?? '.xdr.zstd');
    await mkdir(path.dirname(path.join(root, key)), { recursive: true });
    await copyFile(testnetObject(sequence), path.join(root, key));
  }
  if (options.config) await writeConfig(root, 1, 64000);
  return root;
}

describe('data-lake object names (SEP-54 / Galexie)', () => {
  it('computes the keys of the SEP-54 example and of the real objects', () => {
    expect(lakeObjectKey(2, { ledgersPerBatch: 2, batchesPerPartition: 8 })).toBe(
      'FFFFFFFF--0-15/FFFFFFFD--2-3.xdr.zst',
    );
    expect(lakeObjectKey(19, { ledgersPerBatch: 2, batchesPerPartition: 8 })).toBe(
      'FFFFFFEF--16-31/FFFFFFED--18-19.xdr.zst',
    );
    expect(lakeObjectKey(2, { ledgersPerBatch: 1, batchesPerPartition: 64000 })).toBe(
      'FFFFFFFF--0-63999/FFFFFFFD--2.xdr.zst',
    );
    expect(lakeObjectKey(997, { ledgersPerBatch: 1, batchesPerPartition: 1 }, '.xdr.zstd')).toBe(
      'FFFFFC1A--997.xdr.zstd',
    );
    expect(lakeObjectKey(53312000, { ledgersPerBatch: 1, batchesPerPartition: 64000 }, '.xdr.zstd')).toBe(
      'FCD285FF--53312000-53375999/FCD285FF--53312000.xdr.zstd',
    );
  });

  it('parses names only when the hex prefix matches the first ledger', () => {
    expect(parseObjectName('FFFFFC18--999.xdr.zstd')).toEqual({ start: 999, end: 999 });
    expect(parseObjectName('FFFFFFFD--2-3.xdr.zst')).toEqual({ start: 2, end: 3 });
    expect(parseObjectName('FFFFFC18--998.xdr.zstd')).toBeUndefined();
    expect(parseObjectName('ledger-63092982.xdr.gz')).toBeUndefined();
    expect(parsePartitionName('FFFFFFFF--0-63999')).toEqual({ start: 0, end: 63999 });
  });
});

describe('reading a data lake folder', () => {
  it('reads a lake with .config.json from the object paths the manifest gives', async () => {
    const root = await testnetLake({ config: true });
    const source = await openLocalLedgerSource(root);
    expect(source.kind).toBe('data-lake');
    expect(source.description).toBe(`galexie:${root}`);
    expect(source.networkPassphrase).toBe(TESTNET_PASSPHRASE);
    const ledgers = await collect(source);
    expect(ledgers.map((l) => l.sequence)).toEqual([997, 998, 999]);
    expect(ledgers[1]?.origin).toBe(path.join(root, 'FFFFFFFF--0-63999', 'FFFFFC19--998.xdr.zstd'));
    expect(await sequencesOf(source, { from: 998, to: 998 })).toEqual([998]);
  });

  it('finds objects by computation, not listing: a stray object outside the layout is never read', async () => {
    const root = await testnetLake({ config: true });
    // Not where the manifest puts ledger 998 (partitions hold the objects): a listing would pick it up.
    await writeFile(path.join(root, 'FFFFFC19--998.xdr.zstd'), 'not zstd at all');
    expect(await sequencesOf(await openLocalLedgerSource(root), { from: 997, to: 999 })).toEqual([
      997, 998, 999,
    ]);
    // Without the manifest the lake is listed, and the stray object is read.
    await rm(path.join(root, '.config.json'));
    const error = await failure(collect(await openLocalLedgerSource(root), { from: 997, to: 999 }));
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain(path.join(root, 'FFFFFC19--998.xdr.zstd'));
  });

  it('reads SEP-54 .xdr.zst objects and objects at the root when a partition holds one batch', async () => {
    const zst = await testnetLake({ config: true, extension: '.xdr.zst' });
    expect(await sequencesOf(await openLocalLedgerSource(zst))).toEqual([997, 998, 999]);
    const flat = await newTempDir();
    for (const sequence of [997, 998, 999] as const) {
      await copyFile(testnetObject(sequence), path.join(flat, path.basename(testnetObject(sequence))));
    }
    await writeConfig(flat, 1, 1);
    expect(await sequencesOf(await openLocalLedgerSource(flat), { from: 998 })).toEqual([998, 999]);
  });

  it('falls back to listing partition folders when there is no manifest', async () => {
    const root = await testnetLake({ config: false });
    const source = await openLocalLedgerSource(root);
    expect(source.kind).toBe('data-lake');
    expect(source.networkPassphrase).toBeUndefined();
    expect(await sequencesOf(source)).toEqual([997, 998, 999]);
    expect(await sequencesOf(source, { to: 998 })).toEqual([997, 998]);
  });

  it('reads a lake made of the pubnet object FCD285FF--53312000', async () => {
    const root = await newTempDir();
    const key = lakeObjectKey(53312000, { ledgersPerBatch: 1, batchesPerPartition: 64000 }, '.xdr.zstd');
    await mkdir(path.join(root, path.dirname(key)));
    await copyFile(FCD285FF, path.join(root, key));
    await writeFile(
      path.join(root, '.config.json'),
      JSON.stringify({
        networkPassphrase: 'Public Global Stellar Network ; September 2015',
        ledgersPerBatch: 1,
        batchesPerPartition: 64000,
      }),
    );
    const source = await openLocalLedgerSource(root);
    expect(await sequencesOf(source)).toEqual([53312000]);
    expect(await sequencesOf(source, { from: 53312000, to: 53312000 })).toEqual([53312000]);
  });

  it('reports a gap naming the missing ledger, its object and the lake when an object is deleted', async () => {
    for (const config of [true, false]) {
      const root = await testnetLake({ config });
      await rm(path.join(root, 'FFFFFFFF--0-63999', 'FFFFFC19--998.xdr.zstd'));
      const seen: number[] = [];
      const error = await failure(
        (async () => {
          for await (const ledger of (await openLocalLedgerSource(root)).read({ from: 997, to: 999 })) {
            seen.push(ledger.sequence);
          }
        })(),
      );
      expect(seen).toEqual([997]);
      expect(error.code).toBe('INGEST_ERR_SOURCE_GAP');
      expect(error.message).toContain('Ledger 998 is missing');
      expect(error.message).toContain(root);
      if (config) expect(error.message).toContain('FFFFFC19--998.xdr.zst');
    }
  });

  it('says which ledgers the lake holds when the range is not covered', async () => {
    for (const config of [true, false]) {
      const source = await openLocalLedgerSource(await testnetLake({ config }));
      for (const range of [{ from: 990 }, { to: 1005 }, { from: 998, to: 1000 }, { from: 2000 }]) {
        const error = await failure(collect(source, range));
        expect(error.code).toBe('INGEST_ERR_SOURCE_RANGE');
        expect(error.message).toContain('holds ledgers 997..999');
      }
    }
  });

  it('reads multi-ledger batches across partitions, re-encoding each LedgerCloseMeta', async () => {
    const root = await newTempDir();
    const schema = { ledgersPerBatch: 2, batchesPerPartition: 4 };
    const lcms = new Map<number, Buffer>();
    for (let sequence = 63092982; sequence <= 63092985; sequence++) {
      lcms.set(sequence, gunzipSync(readFileSync(pubnetFile(sequence))));
    }
    for (const start of [63092982, 63092984]) {
      const key = lakeObjectKey(start, schema);
      await mkdir(path.join(root, path.dirname(key)), { recursive: true });
      const batch = batchBytes(start, [lcms.get(start) as Buffer, lcms.get(start + 1) as Buffer]);
      await writeFile(path.join(root, key), storedZstd(batch));
    }
    await writeConfig(root, 2, 4);
    // Partition size 8: 63092976-63092983 holds the first batch, 63092984-63092991 the second.
    const ledgers = await collect(await openLocalLedgerSource(root), { from: 63092983, to: 63092985 });
    expect(ledgers.map((l) => l.sequence)).toEqual([63092983, 63092984, 63092985]);
    expect(ledgers[0]?.origin).toBe(
      path.join(root, 'FC3D470F--63092976-63092983', 'FC3D4709--63092982-63092983.xdr.zst#ledger-63092983'),
    );
    for (const ledger of ledgers) {
      expect(Buffer.from(ledger.xdr).equals(lcms.get(ledger.sequence) as Buffer)).toBe(true);
    }
  });

  it('rejects an object whose batch holds other ledgers than its name says', async () => {
    const root = await newTempDir();
    await copyFile(testnetObject(997), path.join(root, 'FFFFFC19--998.xdr.zstd'));
    const error = await failure(collect(await openLocalLedgerSource(root)));
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain('is named for ledgers 998-998 but holds ledgers 997-997');
  });

  it('rejects a bad .config.json listing every problem', async () => {
    const root = await testnetLake({ config: false });
    await writeFile(
      path.join(root, '.config.json'),
      JSON.stringify({ ledgersPerBatch: 0, compression: 'gzip' }),
    );
    const error = await failure(openLocalLedgerSource(root));
    expect(error.code).toBe('INGEST_ERR_SOURCE_CONFIG');
    expect(error.message).toMatch(
      /ledgersPerBatch must be .*batchesPerPartition must be .*compression "gzip"/,
    );
    await writeFile(path.join(root, '.config.json'), '{ not json');
    expect((await failure(openLocalLedgerSource(root))).code).toBe('INGEST_ERR_SOURCE_CONFIG');
  });
});
