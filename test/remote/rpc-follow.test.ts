import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { loadReplayLedgers, type ReplayLedger } from '../helpers/replay/fixture-ledgers.ts';
import { type RpcReplayServer, startRpcReplayServer } from '../helpers/replay/rpc-replay-server.ts';
import { baseline, expectSameFacts, FAST, FIRST, ingestInto, useTempDirs } from './helpers.ts';

const newTempDir = useTempDirs();
let ledgers: ReplayLedger[];
let server: RpcReplayServer | undefined;

beforeAll(async () => {
  ledgers = await loadReplayLedgers(PUBNET_P26_DIR());
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('following Stellar RPC at the tip (--follow)', () => {
  it('waits for ledgers as they close, reports its lag, and stores the same facts as a fault-free run', async () => {
    const to = FIRST + 6;
    server = await startRpcReplayServer({ ledgers: ledgers.slice(0, 7), oldest: FIRST, latest: FIRST + 1 });
    // Slow enough that even a loaded machine ingests each ledger before the next one closes.
    server.tick(800);
    const dir = await newTempDir();
    const run = await ingestInto(dir, 'follow', {
      source: `rpc:${server.url}`,
      follow: true,
      from: FIRST,
      to,
      remote: { ...FAST, pollIntervalMs: 20 },
    });
    expect(run.stats).toMatchObject({ fromLedger: FIRST, toLedger: to, ledgers: 7 });
    expectSameFacts(run.snapshot, await baseline(dir, FIRST, to));
    // It waited at the tip (polling getHealth) instead of failing or ending.
    expect(server.requests.filter((r) => r.method === 'getHealth').length).toBeGreaterThan(0);
    expect(run.logs.filter((l) => l.msg === 'at the tip; waiting').length).toBeGreaterThan(0);
    // Each ledger was committed on arrival, with its lag to the tip.
    expect(run.progress.map((p) => p.lastLedger)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => FIRST + i));
    for (const p of run.progress) {
      expect(p.tipLedger).toBeGreaterThanOrEqual(p.lastLedger);
      expect(p.lagLedgers).toBe((p.tipLedger as number) - p.lastLedger);
    }
    const lagLogs = run.logs.filter((l) => l.msg === 'following the network tip');
    expect(lagLogs.length).toBeGreaterThan(0);
    expect(lagLogs[0]?.obj).toMatchObject({
      ledger: FIRST,
      tipLedger: expect.any(Number),
      lagLedgers: expect.any(Number),
    });
  });

  it('reports a lag behind the tip while catching up', async () => {
    server = await startRpcReplayServer({ ledgers: ledgers.slice(0, 5), oldest: FIRST, latest: FIRST + 4 });
    const dir = await newTempDir();
    const run = await ingestInto(dir, 'follow', {
      source: `rpc:${server.url}`,
      follow: true,
      from: FIRST,
      to: FIRST + 4,
      remote: { ...FAST, pageLimit: 2 },
    });
    expect(run.progress.map((p) => p.lagLedgers)).toEqual([4, 3, 2, 1, 0]);
  });

  it('keeps following until stopped, then resumes with no gap and no duplicate', async () => {
    server = await startRpcReplayServer({ ledgers: ledgers.slice(0, 6), oldest: FIRST, latest: FIRST + 2 });
    const dir = await newTempDir();
    const stop = new AbortController();
    const live = server;
    const first = ingestInto(dir, 'store', {
      source: `rpc:${live.url}`,
      follow: true,
      from: FIRST,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.lastLedger === FIRST + 2) {
          stop.abort();
          // Ledgers close while it is stopped.
          live.advance(3);
        }
      },
    });
    const stopped = await first.catch((e: unknown) => e as { code?: string });
    expect(stopped).toMatchObject({ code: 'INGEST_ERR_SOURCE_ABORTED' });
    const rerun = await ingestInto(dir, 'store', {
      source: `rpc:${live.url}`,
      follow: true,
      to: FIRST + 5,
    });
    expect(rerun.stats).toMatchObject({ fromLedger: FIRST + 3, toLedger: FIRST + 5, ledgers: 3 });
    expectSameFacts(rerun.snapshot, await baseline(dir, FIRST, FIRST + 5));
  });
});
