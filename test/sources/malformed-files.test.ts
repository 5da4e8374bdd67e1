import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import { openLocalLedgerSource } from '../../ingest/sources/open-local-source.ts';
import {
  BASE64_FILE,
  collect,
  failure,
  pubnetFile,
  recordMarked,
  sequencesOf,
  storedZstd,
  testnetObject,
  useTempDirs,
  V24,
} from './helpers.ts';

const newTempDir = useTempDirs();

async function fileWith(name: string, bytes: Uint8Array | string): Promise<string> {
  const file = path.join(await newTempDir(), name);
  await writeFile(file, bytes);
  return file;
}

async function readFailure(file: string) {
  return failure(collect(await openLocalLedgerSource(file)));
}

const testnetLcm = (sequence: 997 | 998 | 999): Uint8Array =>
  decompress(readFileSync(testnetObject(sequence))).subarray(12);

describe('reading formats beyond the fixtures', () => {
  it('reads a gzip file that holds a Galexie batch', async () => {
    const file = await fileWith('batch.bin', gzipSync(decompress(readFileSync(testnetObject(998)))));
    expect(await sequencesOf(await openLocalLedgerSource(file))).toEqual([998]);
  });

  it('reads raw and zstd LedgerCloseMeta files, telling the format by magic bytes', async () => {
    const raw = await fileWith('ledger.xdr.gz', testnetLcm(999)); // the name lies: it is raw XDR
    expect(await sequencesOf(await openLocalLedgerSource(raw))).toEqual([999]);
    const zstd = await fileWith('ledger.bin', storedZstd(testnetLcm(997)));
    const [ledger] = await collect(await openLocalLedgerSource(zstd));
    expect(ledger?.sequence).toBe(997);
    expect(Buffer.from(ledger?.xdr ?? []).equals(Buffer.from(testnetLcm(997)))).toBe(true);
  });

  it('joins multi-fragment records of a record-marked stream', async () => {
    const lcms = [testnetLcm(997), testnetLcm(998), testnetLcm(999)];
    const file = await fileWith('stream.xdr', recordMarked(lcms, 1000));
    const ledgers = await collect(await openLocalLedgerSource(file));
    expect(ledgers.map((l) => l.sequence)).toEqual([997, 998, 999]);
    ledgers.forEach((l, i) => {
      expect(Buffer.from(l.xdr).equals(Buffer.from(lcms[i] ?? []))).toBe(true);
    });
  });
});

describe('broken files raise INGEST_ERR_SOURCE_FORMAT naming the file', () => {
  it('a truncated gzip file', async () => {
    const whole = readFileSync(pubnetFile(63092982));
    const file = await fileWith('cut.xdr.gz', whole.subarray(0, whole.length >> 1));
    const error = await readFailure(file);
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain(`Cannot gzip-decompress ${file}`);
  });

  it('a truncated and a corrupt zstd file', async () => {
    const whole = readFileSync(testnetObject(997));
    const cut = await fileWith('cut.xdr.zstd', whole.subarray(0, whole.length - 100));
    const cutError = await readFailure(cut);
    expect(cutError.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(cutError.message).toContain(`Cannot zstd-decompress ${cut}`);
    const corrupt = Buffer.from(whole);
    corrupt.fill(0xff, 8, 64);
    const bad = await fileWith('bad.xdr.zstd', corrupt);
    const badError = await readFailure(bad);
    expect(badError.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(badError.message).toContain(bad);
  });

  it('a record-marked stream cut inside a record, with the byte offset', async () => {
    const stream = decompress(readFileSync(V24));
    const file = await fileWith('cut-stream.xdr', storedZstd(stream.subarray(0, 19772 + 1000)));
    const error = await readFailure(file);
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain(`${file}: record 1 is truncated: the fragment at byte 19772`);
    expect(error.details).toMatchObject({ file, offset: 19772 });
  });

  it('a raw LedgerCloseMeta whose header is cut short', async () => {
    const file = await fileWith('short.xdr', testnetLcm(997).subarray(0, 100));
    const error = await readFailure(file);
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain(`LedgerCloseMeta in ${file} at byte 0 is truncated`);
  });

  it('a file whose union discriminant is not 0, 1 or 2', async () => {
    const bytes = Buffer.from(testnetLcm(997));
    bytes.writeUInt32BE(7, 0);
    const file = await fileWith('odd.xdr', bytes);
    const error = await readFailure(file);
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain(`${file} is not a ledger file`);
    expect(error.details).toMatchObject({ file, offset: 0 });
  });

  it('a Galexie batch whose LedgerCloseMeta is another ledger than its header says', async () => {
    const batch = Buffer.from(decompress(readFileSync(testnetObject(997))));
    batch.writeUInt32BE(996, 0);
    batch.writeUInt32BE(996, 4);
    const error = await readFailure(await fileWith('batch.xdr.zstd', storedZstd(batch)));
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toMatch(/header says ledger 996 but the LedgerCloseMeta after it is ledger 997/);
  });

  it('a bad base64 line, with its line number', async () => {
    const lines = readFileSync(BASE64_FILE, 'latin1').split('\n');
    lines[2] = `${lines[2]?.slice(0, 40)}*${lines[2]?.slice(41)}`;
    const file = await fileWith('ledgers.txt', lines.join('\n'));
    const error = await readFailure(file);
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain(
      `${file} line 3 is not base64: it has a non-base64 character at column 41`,
    );
    expect(error.details).toMatchObject({ file, line: 3 });
  });

  it('an empty file and a file that is not ledger data', async () => {
    const empty = await fileWith('empty.xdr', '');
    expect((await readFailure(empty)).message).toContain(`${empty} is empty`);
    const json = await fileWith('notes.json', gzipSync('{"hello": "world"}'));
    const error = await readFailure(json);
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain(`${json} is not a ledger file`);
  });

  it('a broken file inside a folder of good ones', async () => {
    const dir = await newTempDir();
    await writeFile(path.join(dir, 'good.xdr'), gunzipSync(readFileSync(pubnetFile(63092982))));
    await writeFile(path.join(dir, 'broken.xdr.gz'), readFileSync(pubnetFile(63092983)).subarray(0, 20));
    const error = await failure(collect(await openLocalLedgerSource(dir)));
    expect(error.code).toBe('INGEST_ERR_SOURCE_FORMAT');
    expect(error.message).toContain(path.join(dir, 'broken.xdr.gz'));
  });

  it('a missing path is INGEST_ERR_SOURCE_NOT_FOUND', async () => {
    const missing = path.join(await newTempDir(), 'nowhere');
    const error = await failure(openLocalLedgerSource(missing));
    expect(error.code).toBe('INGEST_ERR_SOURCE_NOT_FOUND');
    expect(error.message).toContain(missing);
  });
});
