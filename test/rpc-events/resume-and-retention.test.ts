import path from 'node:path';
import { StrKey } from '@stellar/stellar-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import { deriveEvents } from '../helpers/replay-rpc-events/derive-events.ts';
import { loadFixtureLedgers } from '../helpers/replay-rpc-events/fixture-ledgers.ts';
import {
  type ReplayRpcServer,
  startReplayRpcServer,
} from '../helpers/replay-rpc-events/replay-rpc-server.ts';
import { runRpcEvents, storedFacts, tempDir } from './helpers.ts';

const FILTER = {
  contractIds: [
    'CBZVSNVB55ANF24QVJL2K5QCLOAB6XITGTGXYEAF6NPTXYKEJUYQOHFC',
    'CAAV3AE3VKD2P4TY7LWTQMMJHIJ4WOCZ5ANCIJPC3NRSERKVXNHBU2W7',
  ],
  topics: [],
};
const LAST = 63092987;

let server: ReplayRpcServer;
let baseline: Map<string, unknown>;

beforeAll(async () => {
  server = await startReplayRpcServer(deriveEvents(await loadFixtureLedgers({ from: 63092982, to: LAST })));
  const file = path.join(tempDir('rpc-resume-base'), 'events.db');
  await runRpcEvents(file, server.url, FILTER, { to: LAST, pageLimit: 25 });
  baseline = (await storedFacts(file)).facts;
});
afterAll(() => server?.close());

describe('getEvents resume and retention', () => {
  it('resumes after a stop at any commit with no gap and no duplicate', async () => {
    for (const stopAfter of [1, 2, 4]) {
      const file = path.join(tempDir('rpc-resume'), 'events.db');
      const controller = new AbortController();
      let commits = 0;
      const first = await runRpcEvents(file, server.url, FILTER, {
        to: LAST,
        pageLimit: 25,
        signal: controller.signal,
        onCommitted: () => {
          commits += 1;
          if (commits === stopAfter) controller.abort();
        },
      });
      expect(first.stopped).toBe('signal');
      const partial = await storedFacts(file);
      expect(partial.facts.size).toBeLessThan(baseline.size);
      const second = await runRpcEvents(file, server.url, FILTER, { to: LAST, pageLimit: 25 });
      expect(second.stopped).toBe('to');
      const { facts, duplicates } = await storedFacts(file);
      expect(duplicates).toEqual([]);
      expect(facts).toEqual(baseline);
    }
  });

  it('follows new ledgers as the server gets them, then stops at --to', async () => {
    const file = path.join(tempDir('rpc-follow'), 'events.db');
    server.latestLedger = 63092984;
    const grow = setInterval(() => {
      if (server.latestLedger < LAST) server.latestLedger += 1;
    }, 60);
    try {
      await runRpcEvents(file, server.url, FILTER, { to: LAST, pageLimit: 25, pollIntervalMs: 20 });
    } finally {
      clearInterval(grow);
      server.latestLedger = LAST;
    }
    expect((await storedFacts(file)).facts).toEqual(baseline);
  });

  it('stops with INGEST_ERR_RPC_EVENTS_RETENTION when the stored cursor is older than the oldest ledger the server keeps', async () => {
    const file = path.join(tempDir('rpc-retention'), 'events.db');
    await runRpcEvents(file, server.url, FILTER, { to: 63092983, pageLimit: 25 });
    server.oldestLedger = 63092986;
    try {
      const error = await runRpcEvents(file, server.url, FILTER, { to: LAST }).catch((e: unknown) => e);
      expect(hasErrorCode(error, 'INGEST_ERR_RPC_EVENTS_RETENTION')).toBe(true);
      if (!hasErrorCode(error)) return;
      expect(error.details).toMatchObject({
        source: `rpc-events:${server.url}`,
        ledger: 63092983,
        oldestLedger: 63092986,
      });
      expect(error.details.cursor).toMatch(/^\d{19}-\d{10}$/);
      const fresh = path.join(tempDir('rpc-retention-from'), 'events.db');
      const fromOld = await runRpcEvents(fresh, server.url, FILTER, { from: 63092982 }).catch(
        (e: unknown) => e,
      );
      expect(hasErrorCode(fromOld, 'INGEST_ERR_RPC_EVENTS_RETENTION')).toBe(true);
    } finally {
      server.oldestLedger = 63092982;
    }
  });

  it("starts a new stream at the server's latest ledger, stored at once, and resumes from it", async () => {
    const file = path.join(tempDir('rpc-latest'), 'events.db');
    server.latestLedger = 63092985;
    try {
      const first = await runRpcEvents(file, server.url, FILTER, {
        from: undefined,
        to: undefined,
        stopWhenCaughtUp: true,
      });
      expect(first.stopped).toBe('caught-up');
    } finally {
      server.latestLedger = LAST;
    }
    await runRpcEvents(file, server.url, FILTER, { from: undefined, to: LAST });
    const expected = new Map([...baseline].filter(([, f]) => (f as { ledger: number }).ledger >= 63092985));
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(baseline.size);
    expect((await storedFacts(file)).facts).toEqual(expected);
  });

  it('refuses to resume a stored stream with other filters', async () => {
    const file = path.join(tempDir('rpc-filters'), 'events.db');
    await runRpcEvents(file, server.url, FILTER, { to: 63092983 });
    const error = await runRpcEvents(file, server.url, {
      contractIds: [FILTER.contractIds[0] as string],
      topics: [],
    }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'INGEST_ERR_RPC_EVENTS_FILTER_CHANGED')).toBe(true);
  });

  it('plans 25 contracts into 5 filters and refuses 26', async () => {
    const { planFilters } = await import('../../ingest/rpc-events/filters.ts');
    const ids = deriveIds();
    expect(planFilters({ contractIds: ids.slice(0, 25), topics: [] }, 'x')).toHaveLength(5);
    const error = (() => {
      try {
        planFilters({ contractIds: ids.slice(0, 26), topics: [] }, 'x');
      } catch (e) {
        return e;
      }
    })();
    expect(hasErrorCode(error, 'INGEST_ERR_RPC_EVENTS_FILTER')).toBe(true);
    expect(() => planFilters({ contractIds: [], topics: [['**', 'sym:x']] }, 'x')).toThrow(
      /only as the last segment/,
    );
  });
});

/** 26 distinct valid contract ids, for the planning test. */
const deriveIds = (): string[] =>
  Array.from({ length: 26 }, (_, i) => StrKey.encodeContract(Buffer.alloc(32, i + 1)));
