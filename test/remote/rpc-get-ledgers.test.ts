import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { loadReplayLedgers, type ReplayLedger } from '../helpers/replay/fixture-ledgers.ts';
import { type RpcReplayServer, startRpcReplayServer } from '../helpers/replay/rpc-replay-server.ts';
import { snapshotStore } from '../helpers/store-snapshot.ts';
import {
  baseline,
  expectSameFacts,
  FIRST,
  factsOfLedgers,
  ingestFailing,
  ingestInto,
  LAST,
  useTempDirs,
} from './helpers.ts';

const newTempDir = useTempDirs();
let ledgers: ReplayLedger[];

beforeAll(async () => {
  ledgers = await loadReplayLedgers(PUBNET_P26_DIR());
});

describe('Stellar RPC getLedgers source', () => {
  it('ingests the recorded testnet getLedgers result as the same facts as its metadata read locally', async () => {
    const recorded = JSON.parse(
      readFileSync(fixture('rpc/getLedgers-result-testnet-848581-848582.json'), 'utf8'),
    );
    const server = await startRpcReplayServer({ recorded });
    try {
      const dir = await newTempDir();
      const local = path.join(dir, 'ledgers-base64.txt');
      await writeFile(local, recorded.ledgers.map((l: { metadataXdr: string }) => l.metadataXdr).join('\n'));
      const options = { network: 'testnet', from: 848581, to: 848582 };
      const viaRpc = await ingestInto(dir, 'rpc', { source: `rpc:${server.url}`, ...options });
      await ingestInto(dir, 'local', { source: local, ...options });
      const expected = await snapshotStore(`sqlite:${path.join(dir, 'local.db')}`, 'ingest:testnet');
      const actual = await snapshotStore(`sqlite:${path.join(dir, 'rpc.db')}`, 'ingest:testnet');
      expect(viaRpc.stats).toMatchObject({
        fromLedger: 848581,
        toLedger: 848582,
        ledgers: 2,
        transactions: 3,
      });
      expectSameFacts(actual, expected);
      expect(actual.checkpoint).toEqual({ ledger: 848582, hash: recorded.ledgers[1].hash });
      expect(server.requests.map((r) => r.method)).toEqual(['getLedgers']);
      expect(server.requests[0]?.params).toMatchObject({ startLedger: 848581, pagination: { limit: 2 } });
    } finally {
      await server.close();
    }
  });

  describe('over the 20 pubnet fixture ledgers', () => {
    let server: RpcReplayServer;
    beforeAll(async () => {
      server = await startRpcReplayServer({ ledgers, maxLimit: 200 });
    });
    afterAll(() => server.close());

    it('pages through getLedgers with cursors and stores the same facts as the local folder', async () => {
      const dir = await newTempDir();
      server.requests.length = 0;
      const run = await ingestInto(dir, 'rpc', {
        source: `rpc:${server.url}`,
        from: FIRST,
        remote: { http: { retry: { baseDelayMs: 5 } }, pageLimit: 6 },
      });
      expect(run.stats).toMatchObject({ fromLedger: FIRST, toLedger: LAST, ledgers: 20 });
      expectSameFacts(run.snapshot, await baseline(dir));
      const pages = server.requests.filter((r) => r.method === 'getLedgers').map((r) => r.params);
      expect(pages).toEqual([
        { startLedger: FIRST, pagination: { limit: 6 }, xdrFormat: 'base64' },
        { pagination: { cursor: String(FIRST + 5), limit: 6 }, xdrFormat: 'base64' },
        { pagination: { cursor: String(FIRST + 11), limit: 6 }, xdrFormat: 'base64' },
        { pagination: { cursor: String(FIRST + 17), limit: 6 }, xdrFormat: 'base64' },
      ]);
    });

    it('starts at the oldest ledger the server keeps when neither --from nor a checkpoint says', async () => {
      const dir = await newTempDir();
      server.setWindow(LAST - 2, LAST);
      try {
        const run = await ingestInto(dir, 'rpc', { source: `rpc:${server.url}` });
        expect(run.stats).toMatchObject({ fromLedger: LAST - 2, toLedger: LAST, ledgers: 3 });
        expectSameFacts(run.snapshot, {
          events: factsOfLedgers(await baseline(dir), LAST - 2, LAST),
          checkpoint: (await baseline(dir)).checkpoint,
        });
      } finally {
        server.setWindow(FIRST, LAST);
      }
    });

    it('lowers its page size when the server allows fewer ledgers per page', async () => {
      const small = await startRpcReplayServer({ ledgers, maxLimit: 4 });
      try {
        const dir = await newTempDir();
        const run = await ingestInto(dir, 'rpc', { source: `rpc:${small.url}`, from: FIRST, to: FIRST + 5 });
        expect(run.stats.ledgers).toBe(6);
        expectSameFacts(run.snapshot, await baseline(dir, FIRST, FIRST + 5));
        const limits = small.requests.map((r) => (r.params.pagination as { limit: number }).limit);
        expect(limits).toEqual([6, 4, 2]);
      } finally {
        await small.close();
      }
    });

    it('a rerun after the tip has nothing new and ends without error; --to beyond the tip is refused', async () => {
      const dir = await newTempDir();
      await ingestInto(dir, 'rpc', { source: `rpc:${server.url}`, from: LAST - 1 });
      const again = await ingestInto(dir, 'rpc', { source: `rpc:${server.url}` });
      expect(again.stats.ledgers).toBe(0);
      expect(again.snapshot.checkpoint?.ledger).toBe(LAST);
      const { error, snapshot } = await ingestFailing(dir, 'beyond', {
        source: `rpc:${server.url}`,
        from: LAST - 1,
        to: LAST + 5,
      });
      expect(error.code).toBe('INGEST_ERR_SOURCE_RANGE');
      expect(error.message).toContain('--follow');
      expect(snapshot.events).toEqual([]);
    });
  });
});
