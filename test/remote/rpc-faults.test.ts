import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import type { FaultKind, FaultSpec, RequestInfo } from '../helpers/replay/faults.ts';
import { loadReplayLedgers, type ReplayLedger } from '../helpers/replay/fixture-ledgers.ts';
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
const TO = FIRST + 3;
/** The second page (ledgers FIRST+2..FIRST+3): faults land mid-stream, after a good page. */
const secondPage = (r: RequestInfo): boolean => r.method === 'getLedgers' && r.ledger === FIRST + 2;
let server: RpcReplayServer;
let ledgers: ReplayLedger[];

beforeAll(async () => {
  ledgers = await loadReplayLedgers(PUBNET_P26_DIR());
  server = await startRpcReplayServer({ ledgers: ledgers.slice(0, 6) });
});
afterAll(() => server.close());

const settings = () => ({
  source: `rpc:${server.url}`,
  from: FIRST,
  to: TO,
  remote: {
    http: {
      retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
      timeouts: { responseMs: 2000, idleMs: 250 },
    },
    pageLimit: 2,
    pollIntervalMs: 30,
  },
});

describe('Stellar RPC getLedgers under faults', () => {
  const recovering: [string, FaultSpec, string][] = [
    ['a connection dropped mid-body', { kind: 'disconnect' }, 'INGEST_ERR_REMOTE_TRUNCATED'],
    ['429 with Retry-After', { kind: 'rate-limit', retryAfterSeconds: 0 }, 'INGEST_ERR_REMOTE_RATE_LIMITED'],
    ['a burst of three 5xx', { kind: 'server-error', status: 502, times: 3 }, 'INGEST_ERR_REMOTE_SERVER'],
    ['a stalled response', { kind: 'stall' }, 'INGEST_ERR_REMOTE_TIMEOUT'],
    ['a truncated body', { kind: 'truncate' }, 'INGEST_ERR_REMOTE_MALFORMED'],
    ['malformed JSON', { kind: 'malformed-json' }, 'INGEST_ERR_REMOTE_MALFORMED'],
    ['metadataXdr that is not base64', { kind: 'corrupt-base64' }, 'INGEST_ERR_REMOTE_MALFORMED'],
    ['JSON-RPC internal errors', { kind: 'rpc-internal-error', times: 2 }, 'INGEST_ERR_REMOTE_SERVER'],
  ];

  it.each(recovering)(
    'recovers from %s and stores the same facts as a fault-free run',
    async (_name, spec, code) => {
      const dir = await newTempDir();
      const served = server.faults.served.length;
      server.faults.inject({ ...spec, when: secondPage });
      const options = settings();
      const run = await ingestInto(dir, 'faulty', options);
      expect(server.faults.pending()).toBe(0);
      expect(server.faults.served.slice(served).map((f) => f.kind)).toEqual(
        Array<FaultKind>(spec.times ?? 1).fill(spec.kind),
      );
      const retries = run.logs.filter((l) => l.level === 'warn' && l.obj.code === code);
      expect(retries).toHaveLength(spec.times ?? 1);
      expect(retries[0]?.obj).toMatchObject({
        source: `rpc:${server.url}`,
        ledger: FIRST + 2,
        cursor: String(FIRST + 1),
      });
      expectSameFacts(run.snapshot, await baseline(dir, FIRST, TO));
    },
  );

  it('stops with a typed error naming source, cursor and ledger when 5xx outlast the retries, and resumes', async () => {
    const dir = await newTempDir();
    server.faults.inject({ kind: 'server-error', times: 4, when: secondPage });
    const options = settings();
    const { error, snapshot } = await ingestFailing(dir, 'store', options);
    expect(error.code).toBe('INGEST_ERR_REMOTE_SERVER');
    expect(error.details).toMatchObject({
      source: `rpc:${server.url}`,
      url: server.url,
      cursor: String(FIRST + 1),
      ledger: FIRST + 2,
      status: 503,
      attempts: 4,
    });
    // Nothing skipped: the store ends right before the ledger that could not be fetched.
    expect(snapshot.checkpoint?.ledger).toBe(FIRST + 1);
    const full = await baseline(dir, FIRST, TO);
    expect(snapshot.events).toEqual(factsOfLedgers(full, FIRST, FIRST + 1));
    const rerun = await ingestInto(dir, 'store', options);
    expect(rerun.stats).toMatchObject({ fromLedger: FIRST + 2, toLedger: TO, ledgers: 2 });
    expectSameFacts(rerun.snapshot, full);
  });

  it('stops at XDR that is valid base64 but does not decode, naming the source, cursor and ledger', async () => {
    const dir = await newTempDir();
    server.faults.inject({ kind: 'corrupt-xdr', when: secondPage });
    const options = settings();
    const { error, snapshot } = await ingestFailing(dir, 'store', options);
    expect(error.code).toMatch(/^INGEST_ERR_XDR_/);
    expect(String(error.details?.file)).toBe(
      `rpc:${server.url} getLedgers(cursor ${FIRST + 1})#ledger-${FIRST + 2}`,
    );
    expect(snapshot.checkpoint?.ledger).toBe(FIRST + 1);
    const rerun = await ingestInto(dir, 'store', options);
    expect(rerun.stats.fromLedger).toBe(FIRST + 2);
    expectSameFacts(rerun.snapshot, await baseline(dir, FIRST, TO));
  });

  it('rejects a page that skips a ledger instead of storing around the hole', async () => {
    const dir = await newTempDir();
    const skipping = await startRpcReplayServer({
      ledgers: (await loadReplayLedgers(PUBNET_P26_DIR()))
        .slice(0, 4)
        .filter((l) => l.sequence !== FIRST + 1),
    });
    try {
      const { error, snapshot } = await ingestFailing(dir, 'store', {
        ...settings(),
        source: `rpc:${skipping.url}`,
        to: FIRST + 2,
      });
      expect(error.code).toBe('INGEST_ERR_REMOTE_MALFORMED');
      expect(error.details).toMatchObject({ ledger: FIRST + 1, field: 'ledgers[1].sequence', attempts: 4 });
      expect(snapshot.checkpoint).toBeNull();
    } finally {
      await skipping.close();
    }
  });
});
