import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { loadReplayLedgers, type ReplayLedger } from '../helpers/replay/fixture-ledgers.ts';
import { writeFixtureLake } from '../helpers/replay/lake-layout.ts';
import { type LakeReplayServer, startLakeReplayServer } from '../helpers/replay/lake-replay-server.ts';
import { type RpcReplayServer, startRpcReplayServer } from '../helpers/replay/rpc-replay-server.ts';
import {
  baseline,
  expectSameFacts,
  FIRST,
  factsOfLedgers,
  ingestFailing,
  ingestInto,
  useTempDirs,
} from './helpers.ts';

const newTempDir = useTempDirs();
const TO = FIRST + 9;
/** RPC keeps FIRST+6..TO; the lake holds FIRST..FIRST+7: they overlap by two ledgers. */
const OLDEST = FIRST + 6;
const LAKE_END = FIRST + 7;
let ledgers: ReplayLedger[];
let rpc: RpcReplayServer;
let lakeDir: string;
let lake: LakeReplayServer;

beforeAll(async () => {
  ledgers = await loadReplayLedgers(PUBNET_P26_DIR());
  rpc = await startRpcReplayServer({ ledgers: ledgers.slice(0, 10), oldest: OLDEST, latest: TO });
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'remote-handoff-lake-'));
  await writeFixtureLake(
    lakeDir,
    ledgers.filter((l) => l.sequence <= LAKE_END),
  );
  lake = await startLakeReplayServer(lakeDir);
});
afterAll(async () => {
  await rpc.close();
  await lake.close();
  await rm(lakeDir, { recursive: true, force: true });
});

describe('RPC retention', () => {
  it('refuses a start older than the oldest ledger RPC keeps with INGEST_ERR_RETENTION', async () => {
    const dir = await newTempDir();
    const { error, snapshot } = await ingestFailing(dir, 'store', {
      source: `rpc:${rpc.url}`,
      from: FIRST,
      to: TO,
    });
    expect(error.code).toBe('INGEST_ERR_RETENTION');
    expect(error.details).toMatchObject({
      source: `rpc:${rpc.url}`,
      ledger: FIRST,
      cursor: FIRST - 1,
      oldestLedger: OLDEST,
      latestLedger: TO,
    });
    expect(error.message).toContain(`older than the oldest ledger ${OLDEST}`);
    expect(error.message).toContain('--lake');
    expect(snapshot.events).toEqual([]);
  });

  it('refuses to resume from a checkpoint that RPC no longer keeps', async () => {
    const dir = await newTempDir();
    await ingestInto(dir, 'store', { source: PUBNET_P26_DIR(), from: FIRST, to: FIRST + 2 });
    const { error, snapshot } = await ingestFailing(dir, 'store', { source: `rpc:${rpc.url}`, to: TO });
    expect(error.code).toBe('INGEST_ERR_RETENTION');
    expect(error.details).toMatchObject({ ledger: FIRST + 3, cursor: FIRST + 2, oldestLedger: OLDEST });
    expect(snapshot.checkpoint?.ledger).toBe(FIRST + 2);
  });
});

describe('lake → RPC handoff', () => {
  it('backfills from a lake over HTTP as far as it goes, then hands off to RPC: same facts as the local folder', async () => {
    const dir = await newTempDir();
    const rpcCalls = rpc.requests.length;
    const run = await ingestInto(dir, 'store', {
      source: `rpc:${rpc.url}`,
      lake: lake.url,
      from: FIRST,
      to: TO,
    });
    expect(run.stats).toMatchObject({ fromLedger: FIRST, toLedger: TO, ledgers: 10 });
    expectSameFacts(run.snapshot, await baseline(dir, FIRST, TO));
    const handoff = run.logs.find((l) => l.msg === 'handing off from the data lake to RPC');
    expect(handoff?.obj).toMatchObject({ lastLakeLedger: LAKE_END, ledger: LAKE_END + 1 });
    const pages = rpc.requests.slice(rpcCalls).filter((r) => r.method === 'getLedgers');
    expect(pages[0]?.params).toMatchObject({ startLedger: LAKE_END + 1 });
  });

  it('hands off from a lake folder the same way, and resumes after the seam from RPC alone', async () => {
    const dir = await newTempDir();
    const first = await ingestInto(dir, 'store', {
      source: `rpc:${rpc.url}`,
      lake: lakeDir,
      from: FIRST,
      to: FIRST + 8,
    });
    expect(first.stats).toMatchObject({ fromLedger: FIRST, toLedger: FIRST + 8 });
    const lakeCalls = lake.requests.length;
    const rerun = await ingestInto(dir, 'store', { source: `rpc:${rpc.url}`, lake: lake.url, to: TO });
    expect(rerun.stats).toMatchObject({ fromLedger: FIRST + 9, toLedger: TO, ledgers: 1 });
    expect(lake.requests.slice(lakeCalls)).toEqual(['.config.json']);
    expectSameFacts(rerun.snapshot, await baseline(dir, FIRST, TO));
  });

  it('stops with INGEST_ERR_HANDOFF when the first RPC ledger does not continue the last lake ledger', async () => {
    const dir = await newTempDir();
    rpc.faults.inject({
      kind: 'wrong-previous-hash',
      when: (r) => r.method === 'getLedgers' && r.ledger === LAKE_END + 1,
    });
    const { error, snapshot } = await ingestFailing(dir, 'store', {
      source: `rpc:${rpc.url}`,
      lake: lake.url,
      from: FIRST,
      to: TO,
    });
    expect(error.code).toBe('INGEST_ERR_HANDOFF');
    expect(error.details).toMatchObject({ source: `rpc:${rpc.url}`, ledger: LAKE_END + 1, cursor: LAKE_END });
    expect(error.message).toContain('different chains');
    // Everything the lake gave is kept; nothing after the seam.
    expect(snapshot.checkpoint?.ledger).toBe(LAKE_END);
    expect(snapshot.events).toEqual(factsOfLedgers(await baseline(dir, FIRST, TO), FIRST, LAKE_END));
  });

  it('stops with INGEST_ERR_HANDOFF when the lake ends before the oldest ledger RPC keeps', async () => {
    const dir = await newTempDir();
    rpc.setWindow(LAKE_END + 2, TO);
    try {
      const { error, snapshot } = await ingestFailing(dir, 'store', {
        source: `rpc:${rpc.url}`,
        lake: lake.url,
        from: FIRST,
        to: TO,
      });
      expect(error.code).toBe('INGEST_ERR_HANDOFF');
      expect(error.details).toMatchObject({ ledger: LAKE_END + 1, oldestLedger: LAKE_END + 2 });
      expect(error.message).toContain(`ledgers ${LAKE_END + 1}..${LAKE_END + 1} are in neither`);
      expect(snapshot.checkpoint?.ledger).toBe(LAKE_END);
    } finally {
      rpc.setWindow(OLDEST, TO);
    }
  });
});
