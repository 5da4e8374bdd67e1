import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeObjectKey } from '../../ingest/sources/galexie-names.ts';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import type { FaultSpec, RequestInfo } from '../helpers/replay/faults.ts';
import { loadReplayLedgers, type ReplayLedger } from '../helpers/replay/fixture-ledgers.ts';
import { writeFixtureLake } from '../helpers/replay/lake-layout.ts';
import { type LakeReplayServer, startLakeReplayServer } from '../helpers/replay/lake-replay-server.ts';
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
const SCHEMA = { ledgersPerBatch: 1, batchesPerPartition: 64000 };
let ledgers: ReplayLedger[];
let lakeDir: string;
let lake: LakeReplayServer;

beforeAll(async () => {
  ledgers = await loadReplayLedgers(PUBNET_P26_DIR());
  lakeDir = await mkdtemp(path.join(os.tmpdir(), 'remote-http-lake-'));
  await writeFixtureLake(lakeDir, ledgers, SCHEMA);
  lake = await startLakeReplayServer(lakeDir);
});
afterAll(async () => {
  await lake.close();
  await rm(lakeDir, { recursive: true, force: true });
});

/** A fresh lake of `some` ledgers in its own folder and server. */
async function withLake<T>(
  some: readonly ReplayLedger[],
  options: { schema?: typeof SCHEMA; extension?: string; delayMs?: number },
  use: (server: LakeReplayServer, root: string) => Promise<T>,
): Promise<T> {
  const root = await newTempDir();
  await writeFixtureLake(root, some, options.schema ?? SCHEMA, options.extension);
  const server = await startLakeReplayServer(root, { delayMs: options.delayMs });
  try {
    return await use(server, root);
  } finally {
    await server.close();
  }
}

describe('data lake over HTTP', () => {
  it('stores the same facts as the local fixture folder', async () => {
    const dir = await newTempDir();
    const run = await ingestInto(dir, 'http', { source: lake.url, from: FIRST });
    expect(run.stats).toMatchObject({ fromLedger: FIRST, toLedger: LAST, ledgers: 20 });
    expectSameFacts(run.snapshot, await baseline(dir));
  });

  it('reads multi-ledger batches and older .xdr.zstd names, from a ledger inside a batch', async () => {
    const schema = { ledgersPerBatch: 4, batchesPerPartition: 2 };
    await withLake(ledgers.slice(0, 8), { schema, extension: '.xdr.zstd' }, async (server) => {
      const dir = await newTempDir();
      const run = await ingestInto(dir, 'http', {
        source: server.url,
        from: FIRST + 1,
        to: FIRST + 5,
        remote: { parallelism: 1 },
      });
      expect(run.stats).toMatchObject({ fromLedger: FIRST + 1, toLedger: FIRST + 5, ledgers: 5 });
      const full = await baseline(dir, FIRST, FIRST + 5);
      expect(run.snapshot.events).toEqual(factsOfLedgers(full, FIRST + 1, FIRST + 5));
      // After the first object is found under .xdr.zstd, that extension is asked for first.
      const objects = server.requests.filter((r) => r !== '.config.json');
      expect(objects.slice(2).every((r) => r.endsWith('.xdr.zstd'))).toBe(true);
    });
  });

  it('fetches objects with bounded parallelism', async () => {
    await withLake(ledgers.slice(0, 6), { delayMs: 40 }, async (server) => {
      const dir = await newTempDir();
      const run = await ingestInto(dir, 'http', {
        source: server.url,
        from: FIRST,
        to: FIRST + 5,
        remote: { parallelism: 3 },
      });
      expect(run.stats.ledgers).toBe(6);
      expect(server.maxInFlight()).toBeGreaterThanOrEqual(2);
      expect(server.maxInFlight()).toBeLessThanOrEqual(3);
    });
  });

  describe('under faults on an object mid-range', () => {
    const TO = FIRST + 4;
    const third = (r: RequestInfo): boolean => r.ledger === FIRST + 2;
    const cases: [string, FaultSpec, string][] = [
      ['a connection dropped mid-body', { kind: 'disconnect' }, 'INGEST_ERR_REMOTE_TRUNCATED'],
      [
        '429 with Retry-After',
        { kind: 'rate-limit', retryAfterSeconds: 0 },
        'INGEST_ERR_REMOTE_RATE_LIMITED',
      ],
      ['a burst of three 5xx', { kind: 'server-error', status: 500, times: 3 }, 'INGEST_ERR_REMOTE_SERVER'],
      ['a stalled body', { kind: 'stall' }, 'INGEST_ERR_REMOTE_TIMEOUT'],
      ['a truncated body', { kind: 'truncate' }, 'INGEST_ERR_REMOTE_MALFORMED'],
      ['a damaged object', { kind: 'corrupt-xdr', times: 2 }, 'INGEST_ERR_REMOTE_MALFORMED'],
    ];
    it.each(cases)('recovers from %s with the same facts as a fault-free run', async (_name, spec, code) => {
      const dir = await newTempDir();
      lake.faults.inject({ ...spec, when: third });
      const run = await ingestInto(dir, 'http', { source: lake.url, from: FIRST, to: TO });
      expect(lake.faults.pending()).toBe(0);
      const retries = run.logs.filter((l) => l.level === 'warn' && l.obj.code === code);
      expect(retries).toHaveLength(spec.times ?? 1);
      expect(retries[0]?.obj).toMatchObject({ source: `galexie:${lake.url}`, ledger: FIRST + 2 });
      expect(String(retries[0]?.obj.url)).toContain(lakeObjectKey(FIRST + 2, SCHEMA));
      expectSameFacts(run.snapshot, await baseline(dir, FIRST, TO));
    });

    it('stops with a typed error naming the object and ledger when it stays damaged, and resumes', async () => {
      const dir = await newTempDir();
      lake.faults.inject({ kind: 'corrupt-xdr', times: 4, when: third });
      const { error, snapshot } = await ingestFailing(dir, 'http', { source: lake.url, from: FIRST, to: TO });
      expect(error.code).toBe('INGEST_ERR_REMOTE_MALFORMED');
      expect(error.details).toMatchObject({
        source: `galexie:${lake.url}`,
        url: `${lake.url}/${lakeObjectKey(FIRST + 2, SCHEMA)}`,
        ledger: FIRST + 2,
        attempts: 4,
      });
      expect(snapshot.checkpoint?.ledger).toBe(FIRST + 1);
      const rerun = await ingestInto(dir, 'http', { source: lake.url, to: TO });
      expect(rerun.stats.fromLedger).toBe(FIRST + 2);
      expectSameFacts(rerun.snapshot, await baseline(dir, FIRST, TO));
    });
  });

  it('never skips a missing object: a gap inside the range, or a hole before later objects, is INGEST_ERR_SOURCE_GAP', async () => {
    await withLake(ledgers.slice(0, 8), {}, async (server, root) => {
      await unlink(path.join(root, lakeObjectKey(FIRST + 3, SCHEMA)));
      const dir = await newTempDir();
      const inRange = await ingestFailing(dir, 'a', { source: server.url, from: FIRST, to: FIRST + 6 });
      expect(inRange.error.code).toBe('INGEST_ERR_SOURCE_GAP');
      expect(inRange.error.details).toMatchObject({ ledger: FIRST + 3 });
      expect(inRange.snapshot.checkpoint?.ledger).toBe(FIRST + 2);
      const open = await ingestFailing(dir, 'b', { source: server.url, from: FIRST });
      expect(open.error.code).toBe('INGEST_ERR_SOURCE_GAP');
      expect(open.error.message).toContain(lakeObjectKey(FIRST + 4, SCHEMA));
    });
  });

  it('ends quietly where the lake ends, and a rerun at the end has nothing to do', async () => {
    await withLake(ledgers.slice(0, 3), {}, async (server) => {
      const dir = await newTempDir();
      const run = await ingestInto(dir, 'http', { source: server.url, from: FIRST });
      expect(run.stats).toMatchObject({ fromLedger: FIRST, toLedger: FIRST + 2, ledgers: 3 });
      expect(
        run.logs.some((l) => l.msg === 'the data lake ends here' && l.obj.lastLedger === FIRST + 2),
      ).toBe(true);
      const again = await ingestInto(dir, 'http', { source: server.url });
      expect(again.stats.ledgers).toBe(0);
    });
  });

  it('needs a manifest and a start: typed errors say so', async () => {
    const dir = await newTempDir();
    const noStart = await ingestFailing(dir, 'a', { source: lake.url });
    expect(noStart.error.code).toBe('INGEST_ERR_SOURCE_RANGE');
    expect(noStart.error.message).toContain('--from');
    await withLake(ledgers.slice(0, 1), {}, async (server, root) => {
      await unlink(path.join(root, '.config.json'));
      const noManifest = await ingestFailing(dir, 'b', { source: server.url, from: FIRST });
      expect(noManifest.error.code).toBe('INGEST_ERR_SOURCE_CONFIG');
      await writeFile(path.join(root, '.config.json'), '{"ledgersPerBatch": 0}');
      const bad = await ingestFailing(dir, 'c', { source: server.url, from: FIRST });
      expect(bad.error.code).toBe('INGEST_ERR_SOURCE_CONFIG');
    });
    const beyond = await ingestFailing(dir, 'd', { source: lake.url, from: LAST + 1 });
    expect(beyond.error).toMatchObject({ code: 'INGEST_ERR_SOURCE_RANGE', details: { last: LAST } });
  });
});
