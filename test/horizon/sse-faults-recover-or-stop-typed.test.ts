import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode, type IndexerError } from '../../contracts/errors.ts';
import { ledgerId } from '../../contracts/ids.ts';
import type { StreamHorizonOptions } from '../../ingest/horizon/stream-horizon.ts';
import { decodeFixture } from '../helpers/decode-fixture.ts';
import { PUBNET, PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { deriveHorizonRecords } from '../helpers/replay-horizon/derive-records.ts';
import {
  type ReplayHorizonServer,
  startReplayHorizonServer,
} from '../helpers/replay-horizon/replay-horizon-server.ts';
import type { SseFault } from '../helpers/replay-horizon/sse-faults.ts';
import { loadFixtureLedgers } from '../helpers/replay-rpc-events/fixture-ledgers.ts';
import { fastHttpClient, storedFacts, tempDir } from '../rpc-events/helpers.ts';
import { runHorizon } from './helpers.ts';

const FIRST = 63093000;
const LAST = 63093001;
const START = ledgerId(FIRST);

let server: ReplayHorizonServer;
let until: string;
let baseline: Map<string, unknown>;
let baselineOrder: string[];

beforeAll(async () => {
  const ledgers = await loadFixtureLedgers({ from: FIRST, to: LAST });
  const facts = (await decodeFixture(PUBNET_P26_DIR()))
    .flatMap((l) => l.facts)
    .filter((f) => f.ledger >= FIRST);
  const derived = await deriveHorizonRecords(ledgers, facts);
  until = derived.collections.transactions?.at(-1)?.paging_token as string;
  server = await startReplayHorizonServer({ networkPassphrase: PUBNET, ...derived });
  const file = path.join(tempDir('horizon-baseline'), 'events.db');
  await run(file);
  baseline = (await storedFacts(file)).facts;
  baselineOrder = [...baseline.keys()];
});
afterAll(() => server?.close());

function run(file: string, extra: Partial<StreamHorizonOptions> = {}) {
  return runHorizon(file, server.url, 'transactions', { cursor: START, untilCursor: until, ...extra });
}

async function runWith(faults: SseFault[], extra: Partial<StreamHorizonOptions> = {}) {
  server.faults.push(...faults);
  const file = path.join(tempDir('horizon-fault'), 'events.db');
  const connections = server.connections.length;
  const started = Date.now();
  try {
    const summary = await run(file, extra);
    return {
      file,
      summary,
      error: null as IndexerError | null,
      unused: server.faults.size,
      ms: Date.now() - started,
      connections: server.connections.length - connections,
    };
  } catch (error) {
    if (!hasErrorCode(error)) throw error;
    return {
      file,
      summary: null,
      error,
      unused: server.faults.size,
      ms: Date.now() - started,
      connections: server.connections.length - connections,
    };
  } finally {
    server.faults.clear();
  }
}

const none: SseFault = { kind: 'none' };

describe('Horizon SSE faults: each one recovers to the fault-free facts, or stops with a typed error', () => {
  it('has a fault-free reference over several stream connections', () => {
    expect(baseline.size).toBe(455);
  });

  it.each<[string, SseFault[]]>([
    ['a refused connection', [{ kind: 'refuse' }]],
    [
      'a burst of 5xx',
      [
        { kind: 'status', status: 503 },
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502 },
      ],
    ],
    [
      'a disconnect mid-stream',
      [
        { kind: 'drop', after: 37 },
        { kind: 'drop', after: 1 },
      ],
    ],
    ['a truncated message', [{ kind: 'truncate', after: 120 }]],
    ['a stalled stream', [none, { kind: 'stall', after: 10, ms: 1500 }]],
    ['malformed JSON in a message', [{ kind: 'malformed-json', after: 50 }]],
    [
      'an SSE error event',
      [
        { kind: 'error-event', after: 5 },
        { kind: 'error-event', after: 0 },
      ],
    ],
  ])('recovers from %s with the same facts', async (_name, faults) => {
    const result = await runWith(faults, { http: fastHttpClient({ idleMs: 300 }) });
    expect(result.error).toBeNull();
    expect(result.unused).toBe(0);
    const { facts, duplicates } = await storedFacts(result.file);
    expect(duplicates).toEqual([]);
    expect(facts).toEqual(baseline);
  });

  it('honours Retry-After on 429', async () => {
    const result = await runWith([{ kind: 'rate-limit', retryAfterSeconds: 1 }]);
    expect(result.error).toBeNull();
    expect(result.ms).toBeGreaterThanOrEqual(1000);
    expect((await storedFacts(result.file)).facts).toEqual(baseline);
  });

  it('keeps a quiet stream open while heartbeats arrive, and reconnects from the cursor when it stalls', async () => {
    server.heartbeatMs = 100;
    try {
      const quiet = await runWith([], {
        cursor: until,
        untilCursor: undefined,
        http: fastHttpClient({ idleMs: 300 }),
        signal: AbortSignal.timeout(1200),
      });
      expect(quiet.summary?.stopped).toBe('signal');
      expect(quiet.connections).toBe(1);
    } finally {
      server.heartbeatMs = 0;
    }
    const stalled = await runWith([], {
      cursor: until,
      untilCursor: undefined,
      http: fastHttpClient({ idleMs: 300 }),
      signal: AbortSignal.timeout(1200),
    });
    expect(stalled.connections).toBeGreaterThanOrEqual(3);
    expect(server.connections.at(-1)).toBe(until);
  });

  it('stops with INGEST_ERR_HORIZON_RECORD on malformed XDR, naming cursor and ledger; stored facts are the ones before it, and a rerun completes', async () => {
    const result = await runWith([{ kind: 'malformed-xdr', after: 130 }]);
    expect(result.error?.code).toBe('INGEST_ERR_HORIZON_RECORD');
    expect(result.error?.details).toMatchObject({
      source: `horizon:${server.url}`,
      endpoint: 'transactions',
      field: 'envelope_xdr',
    });
    expect(result.error?.details.ledger).toBeGreaterThanOrEqual(FIRST);
    const partial = await storedFacts(result.file);
    expect([...partial.facts.keys()]).toEqual(baselineOrder.slice(0, 130));
    await run(result.file);
    const resumed = await storedFacts(result.file);
    expect(resumed.duplicates).toEqual([]);
    expect(resumed.facts).toEqual(baseline);
  });

  it('stops with a typed error after persistent 5xx, and a rerun resumes with no gap and no duplicate', async () => {
    const burst = Array.from({ length: 6 }, (): SseFault => ({ kind: 'status', status: 503 }));
    const result = await runWith([{ kind: 'drop', after: 80 }, ...burst], {
      reconnect: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
    });
    expect(result.error?.code).toBe('INGEST_ERR_REMOTE_SERVER');
    expect(result.error?.details).toMatchObject({ source: `horizon:${server.url}`, attempts: 4 });
    expect(result.error?.details.cursor).toBe(baselineOrder[79]?.split('/')[1]);
    expect(result.error?.details.ledger).toBe(FIRST);
    await run(result.file);
    const resumed = await storedFacts(result.file);
    expect(resumed.duplicates).toEqual([]);
    expect(resumed.facts).toEqual(baseline);
  });
});
