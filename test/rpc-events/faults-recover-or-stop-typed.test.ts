import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode, type IndexerError } from '../../contracts/errors.ts';
import { deriveEvents } from '../helpers/replay-rpc-events/derive-events.ts';
import { loadFixtureLedgers } from '../helpers/replay-rpc-events/fixture-ledgers.ts';
import type { HttpFault } from '../helpers/replay-rpc-events/http-faults.ts';
import {
  type ReplayRpcServer,
  startReplayRpcServer,
} from '../helpers/replay-rpc-events/replay-rpc-server.ts';
import { fastHttpClient, runRpcEvents, storedFacts, tempDir } from './helpers.ts';

const CONTRACTS = [
  'CBZVSNVB55ANF24QVJL2K5QCLOAB6XITGTGXYEAF6NPTXYKEJUYQOHFC',
  'CAAV3AE3VKD2P4TY7LWTQMMJHIJ4WOCZ5ANCIJPC3NRSERKVXNHBU2W7',
  'CAUIKL3IYGMERDRUN6YSCLWVAKIFG5Q4YJHUKM4S4NJZQIA3BAS6OJPK',
];
const FILTER = { contractIds: CONTRACTS, topics: [] };

let server: ReplayRpcServer;
let baseline: Map<string, unknown>;

beforeAll(async () => {
  // Five ledgers keep these runs short; the fault-free run over them is the reference.
  server = await startReplayRpcServer(
    deriveEvents(await loadFixtureLedgers({ from: 63092982, to: 63092986 })),
  );
  const file = path.join(tempDir('rpc-baseline'), 'events.db');
  await runRpcEvents(file, server.url, FILTER, { to: 63092986, pageLimit: 40 });
  baseline = (await storedFacts(file)).facts;
});
afterAll(() => server?.close());

const none: HttpFault = { kind: 'none' };

async function runWith(faults: HttpFault[], options: { idleMs?: number; attempts?: number } = {}) {
  server.faults.push(...faults);
  const file = path.join(tempDir('rpc-fault'), 'events.db');
  const started = Date.now();
  const result = { unused: 0 };
  try {
    const summary = await runRpcEvents(file, server.url, FILTER, {
      to: 63092986,
      pageLimit: 40,
      http: fastHttpClient(options),
    });
    result.unused = server.faults.size;
    return { summary, file, ms: Date.now() - started, error: null as IndexerError | null, ...result };
  } catch (error) {
    if (!hasErrorCode(error)) throw error;
    return { summary: null, file, ms: Date.now() - started, error, ...result };
  } finally {
    while (server.faults.size > 0) server.faults.next();
  }
}

describe('getEvents faults: each one recovers to the fault-free facts, or stops with a typed error', () => {
  it('has a reference run with several pages', () => {
    expect(baseline.size).toBeGreaterThan(150);
  });

  it.each<[string, HttpFault[]]>([
    [
      'a burst of 5xx',
      [
        none,
        { kind: 'status', status: 503 },
        { kind: 'status', status: 502 },
        { kind: 'status', status: 500 },
      ],
    ],
    ['a dropped connection', [none, none, { kind: 'disconnect' }]],
    ['a truncated body', [none, { kind: 'truncate' }]],
    ['malformed JSON', [{ kind: 'malformed-json' }, none, { kind: 'malformed-json' }]],
    ['malformed XDR in an event', [none, none, { kind: 'malformed-xdr' }]],
    ['a stalled response', [none, { kind: 'stall', ms: 1500 }]],
  ])('recovers from %s with the same facts', async (_name, faults) => {
    const run = await runWith(faults, { idleMs: 300 });
    expect(run.error).toBeNull();
    expect(run.unused).toBe(0);
    const { facts, duplicates } = await storedFacts(run.file);
    expect(duplicates).toEqual([]);
    expect(facts).toEqual(baseline);
  });

  it('honours Retry-After on 429 and then gets the same facts', async () => {
    const run = await runWith([none, { kind: 'rate-limit', retryAfterSeconds: 1 }]);
    expect(run.error).toBeNull();
    expect(run.ms).toBeGreaterThanOrEqual(1000);
    expect((await storedFacts(run.file)).facts).toEqual(baseline);
  });

  it('stops with a typed error naming source, cursor and ledger when 5xx persist, and a rerun completes without gap or duplicate', async () => {
    const burst = Array.from({ length: 8 }, (): HttpFault => ({ kind: 'status', status: 503 }));
    const run = await runWith([none, none, ...burst], { attempts: 3 });
    expect(run.error?.code).toBe('INGEST_ERR_REMOTE_SERVER');
    expect(run.error?.details.source).toBe(`rpc-events:${server.url}`);
    expect(run.error?.details.cursor).toMatch(/^\d{19}-\d{10}$/);
    expect(run.error?.details.ledger).toBeGreaterThanOrEqual(63092982);
    const partial = await storedFacts(run.file);
    expect(partial.facts.size).toBeGreaterThan(0);
    expect(partial.facts.size).toBeLessThan(baseline.size);
    await runRpcEvents(run.file, server.url, FILTER, { to: 63092986, pageLimit: 40 });
    const resumed = await storedFacts(run.file);
    expect(resumed.duplicates).toEqual([]);
    expect(resumed.facts).toEqual(baseline);
  });

  it('stops with INGEST_ERR_REMOTE_MALFORMED when every answer is damaged', async () => {
    const run = await runWith(
      Array.from({ length: 4 }, (): HttpFault => ({ kind: 'malformed-xdr' })),
      { attempts: 3 },
    );
    expect(run.error?.code).toBe('INGEST_ERR_REMOTE_MALFORMED');
    expect(run.error?.details.field).toBe('value');
    expect(run.error?.details.ledger).toBeGreaterThanOrEqual(63092982);
  });
});
