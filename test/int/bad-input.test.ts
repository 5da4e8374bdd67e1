import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { runCli } from '../helpers/run-cli.ts';
import { snapshotStore } from '../helpers/store-snapshot.ts';

const FIRST = 63092982;
let dir: string;
let lake: string;

const rawLedger = (seq: number): Buffer =>
  zlib.gunzipSync(fs.readFileSync(path.join(PUBNET_P26_DIR(), `ledger-${seq}.xdr.gz`)));
const put = (name: string, bytes: Uint8Array): void => fs.writeFileSync(path.join(lake, name), bytes);
const ingest = (...extra: string[]) =>
  runCli(
    [
      'ingest',
      '--source',
      lake,
      '--network',
      'pubnet',
      '--store',
      `sqlite:${path.join(dir, 'events.db')}`,
      '--commit-ledgers',
      '1',
      ...extra,
    ],
    dir,
  );

/** The store holds exactly the whole ledgers FIRST..last, and its checkpoint is at `last`. */
async function expectStoreThrough(last: number | null): Promise<void> {
  const snap = await snapshotStore(`sqlite:${path.join(dir, 'events.db')}`);
  expect(snap.checkpoint?.ledger ?? null).toBe(last);
  const ledgers = snap.events
    .filter((e) => e.type === 'LedgerClosed')
    .map((e) => (e.payload as { ledger: number }).ledger);
  expect(ledgers).toEqual(last === null ? [] : Array.from({ length: last - FIRST + 1 }, (_, i) => FIRST + i));
  const highest = Math.max(0, ...snap.events.map((e) => (e.payload as { ledger: number }).ledger));
  expect(highest).toBe(last ?? 0);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
  lake = path.join(dir, 'ledgers');
  fs.mkdirSync(lake);
  for (const seq of [FIRST, FIRST + 1]) put(`ledger-${seq}.xdr`, rawLedger(seq));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bad input stops with a typed error and leaves only whole ledgers', () => {
  it('a truncated ledger file', async () => {
    const bytes = rawLedger(FIRST + 2);
    put(`ledger-${FIRST + 2}.xdr`, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await ingest();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INGEST_ERR_XDR_CORRUPT: .*ledger=63092984/m);
    expect(result.stderr).toContain(`ledger-${FIRST + 2}.xdr`);
    await expectStoreThrough(FIRST + 1);
  });

  it('corrupt bytes in the middle of a ledger', async () => {
    const bytes = Buffer.from(rawLedger(FIRST + 2));
    bytes.fill(0xff, 400_000, 400_064);
    put(`ledger-${FIRST + 2}.xdr`, bytes);
    const result = await ingest();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INGEST_ERR_XDR_(CORRUPT|UNSUPPORTED): .*xdrPath=LedgerCloseMeta\./m);
    await expectStoreThrough(FIRST + 1);
  });

  it('a corrupt gzip file', async () => {
    const gz = Buffer.from(fs.readFileSync(path.join(PUBNET_P26_DIR(), `ledger-${FIRST + 2}.xdr.gz`)));
    gz.fill(0, 1000, 2000);
    put(`ledger-${FIRST + 2}.xdr.gz`, gz);
    const result = await ingest();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INGEST_ERR_SOURCE_FORMAT: /m);
    expect(result.stderr).toContain(`ledger-${FIRST + 2}.xdr.gz`);
    await expectStoreThrough(null);
  });

  it('ledgers of another network', async () => {
    const result = await runCli(
      [
        'ingest',
        '--source',
        lake,
        '--network',
        'testnet',
        '--store',
        `sqlite:${path.join(dir, 'events.db')}`,
      ],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INGEST_ERR_WRONG_NETWORK: .*ledger=63092982/m);
    await expectStoreThrough(null);
  });

  it('a gap in the range', async () => {
    put(`ledger-${FIRST + 3}.xdr`, rawLedger(FIRST + 3));
    const result = await ingest();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INGEST_ERR_LEDGER_GAP: expected ledger 63092984 .* gave 63092985/m);
    await expectStoreThrough(FIRST + 1);
  });

  it('a start beyond the stored ledgers', async () => {
    expect((await ingest()).code).toBe(0);
    put(`ledger-${FIRST + 5}.xdr`, rawLedger(FIRST + 5));
    const result = await ingest('--from', String(FIRST + 5));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^INGEST_ERR_LEDGER_GAP: the store ends at ledger 63092983/m);
    await expectStoreThrough(FIRST + 1);
  });

  it('unknown options and bad values', async () => {
    const unknown = await ingest('--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^CLI_ERR_BAD_OPTION: ingest: Unknown option '--bogus'/m);
    const badFrom = await ingest('--from', 'yesterday');
    expect(badFrom.code).toBe(2);
    expect(badFrom.stderr).toMatch(/^CLI_ERR_BAD_OPTION: --from must be a ledger sequence/m);
    const command = await runCli(['ingets'], dir);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^CLI_ERR_UNKNOWN_COMMAND: /m);
    const missing = await runCli(['ingest', '--network', 'pubnet'], dir);
    expect(missing.stderr).toMatch(/^CLI_ERR_BAD_OPTION: ingest: --source is required/m);
    const noSource = await runCli(['ingest', '--source', path.join(dir, 'nope'), '--network', 'pubnet'], dir);
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toMatch(/^INGEST_ERR_SOURCE_NOT_FOUND: /m);
    const badStore = await runCli(
      ['ingest', '--source', lake, '--network', 'pubnet', '--store', 'mysql://x'],
      dir,
    );
    expect(badStore.code).toBe(1);
    expect(badStore.stderr).toMatch(/^STORE_ERR_BAD_URI: /m);
    await expectStoreThrough(null);
  });
});
