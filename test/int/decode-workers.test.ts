import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestJob } from '../../cli/ingest-job.ts';
import { fixture } from '../helpers/fixtures.ts';
import { snapshotStore } from '../helpers/store-snapshot.ts';

const SOURCE = fixture('ledger-close-meta/pubnet/p26-63092982-63093001');
const silent = { info() {}, debug() {} };
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workers-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('decoding on worker threads', () => {
  it('stores exactly what main-thread decoding stores', async () => {
    const uris = {
      main: `sqlite:${path.join(dir, 'main.db')}`,
      workers: `sqlite:${path.join(dir, 'workers.db')}`,
    };
    const args = { source: SOURCE, network: 'pubnet', to: 63092987, logger: silent };
    const main = await runIngestJob({ ...args, storeUri: uris.main, decodeWorkers: 0 });
    const workers = await runIngestJob({ ...args, storeUri: uris.workers, decodeWorkers: 2 });
    expect(workers).toEqual(main);
    expect(main.ledgers).toBe(6);
    const [a, b] = [await snapshotStore(uris.main), await snapshotStore(uris.workers)];
    expect(b.events.length).toBe(a.events.length);
    expect(b).toEqual(a);
  });

  it('a worker reports a bad ledger with its typed error, and the ledgers before it are kept', async () => {
    const lake = path.join(dir, 'bad');
    fs.mkdirSync(lake);
    for (const seq of [63092982, 63092983]) {
      fs.copyFileSync(path.join(SOURCE, `ledger-${seq}.xdr.gz`), path.join(lake, `ledger-${seq}.xdr.gz`));
    }
    const raw = zlib.gunzipSync(fs.readFileSync(path.join(SOURCE, 'ledger-63092984.xdr.gz')));
    fs.writeFileSync(path.join(lake, 'ledger-63092984.xdr'), raw.subarray(0, raw.length - 100));
    const uri = `sqlite:${path.join(dir, 'bad.db')}`;
    await expect(
      runIngestJob({ source: lake, network: 'pubnet', storeUri: uri, logger: silent, decodeWorkers: 2 }),
    ).rejects.toMatchObject({ code: 'INGEST_ERR_XDR_CORRUPT', details: { ledger: 63092984 } });
    expect((await snapshotStore(uri)).checkpoint?.ledger).toBe(63092983);
  });
});
