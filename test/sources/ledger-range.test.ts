import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLocalLedgerSource } from '../../ingest/sources/open-local-source.ts';
import {
  BASE64_SEQUENCES,
  collect,
  failure,
  PUBNET_MISC,
  PUBNET_P26,
  pubnetFile,
  SYNTHETIC,
  sequencesOf,
  useTempDirs,
  V24,
} from './helpers.ts';

const newTempDir = useTempDirs();

describe('from/to ranges of local sources', () => {
  it('hands over only the ledgers inside [from, to], in ascending order', async () => {
    const source = await openLocalLedgerSource(PUBNET_P26);
    expect(await sequencesOf(source, { from: 63092990, to: 63092995 })).toEqual([
      63092990, 63092991, 63092992, 63092993, 63092994, 63092995,
    ]);
    expect(await sequencesOf(source, { from: 63093000 })).toEqual([63093000, 63093001]);
    expect(await sequencesOf(source, { to: 63092983 })).toEqual([63092982, 63092983]);
  });

  it('stops right after `to` without reading the files behind it', async () => {
    const dir = await newTempDir();
    for (const sequence of [63092982, 63092983]) {
      await copyFile(pubnetFile(sequence), path.join(dir, `ledger-${sequence}.xdr.gz`));
    }
    // A lake-named object after the range: its name says it is outside, so it is never opened.
    await writeFile(path.join(dir, 'FC3D46F5--63093002.xdr.zstd'), 'corrupt bytes');
    const source = await openLocalLedgerSource(dir);
    expect(await sequencesOf(source, { to: 63092983 })).toEqual([63092982, 63092983]);
    expect((await failure(collect(source))).code).toBe('INGEST_ERR_SOURCE_FORMAT');
  });

  it('does not open files wholly before `from` when their name tells their range', async () => {
    const dir = await newTempDir();
    await writeFile(path.join(dir, 'FFFFFFF9--6.xdr.zstd'), 'corrupt bytes');
    await copyFile(pubnetFile(63092990), path.join(dir, 'p26.xdr.gz'));
    expect(await sequencesOf(await openLocalLedgerSource(dir), { from: 63092990 })).toEqual([63092990]);
  });

  it('does not raise for ledgers missing inside the range of loose files', async () => {
    const source = await openLocalLedgerSource(PUBNET_MISC);
    expect(await sequencesOf(source, { from: 16154623, to: 53312000 })).toEqual([
      ...BASE64_SEQUENCES.slice(1),
      51000294,
      53312000,
    ]);
    expect(await sequencesOf(await openLocalLedgerSource(V24), { from: 64, to: 65 })).toEqual([]);
  });

  it('raises INGEST_ERR_SOURCE_RANGE with the available ledgers when from/to is not covered', async () => {
    const source = await openLocalLedgerSource(PUBNET_P26);
    for (const range of [{ from: 63092900 }, { to: 63093010 }, { from: 63093002 }, { from: 1, to: 5 }]) {
      const error = await failure(collect(source, range));
      expect(error.code).toBe('INGEST_ERR_SOURCE_RANGE');
      expect(error.message).toContain('holds ledgers 63092982..63093001');
    }
  });

  it('raises INGEST_ERR_SOURCE_RANGE before the last stream file when it ends before `to`', async () => {
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const ledger of (await openLocalLedgerSource(SYNTHETIC)).read({ from: 63, to: 10090 })) {
          seen.push(ledger.sequence);
        }
      })(),
    );
    expect(error.code).toBe('INGEST_ERR_SOURCE_RANGE');
    expect(error.message).toContain('holds ledgers 62..10077');
    expect(seen).toEqual([63, 66]);
  });

  it('rejects ranges that are not ledger numbers or run backwards', async () => {
    const source = await openLocalLedgerSource(PUBNET_P26);
    for (const range of [{ from: 63092990, to: 63092989 }, { from: -1 }, { to: 1.5 }]) {
      const error = await failure(collect(source, range));
      expect(error.code).toBe('INGEST_ERR_SOURCE_RANGE');
      expect(error.message).toContain('Invalid ledger range');
    }
  });

  it('rejects a ledger held by two files (same ledger as .xdr.gz and as a lake object)', async () => {
    const dir = await newTempDir();
    await copyFile(pubnetFile(63092982), path.join(dir, 'a.xdr.gz'));
    await copyFile(pubnetFile(63092982), path.join(dir, 'b.xdr.gz'));
    const error = await failure(collect(await openLocalLedgerSource(dir)));
    expect(error.code).toBe('INGEST_ERR_SOURCE_ORDER');
    expect(error.message).toContain(path.join(dir, 'b.xdr.gz'));
    expect(error.message).toContain(path.join(dir, 'a.xdr.gz'));
  });
});
