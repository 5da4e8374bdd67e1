import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveEvents } from '../helpers/replay-rpc-events/derive-events.ts';
import { loadFixtureLedgers } from '../helpers/replay-rpc-events/fixture-ledgers.ts';
import {
  type ReplayRpcServer,
  startReplayRpcServer,
} from '../helpers/replay-rpc-events/replay-rpc-server.ts';
import { lastJsonLine, runCli, startCli } from '../helpers/run-cli.ts';
import { runRpcEvents, storedFacts, tempDir } from './helpers.ts';

const CONTRACTS = [
  'CBZVSNVB55ANF24QVJL2K5QCLOAB6XITGTGXYEAF6NPTXYKEJUYQOHFC',
  'CAAV3AE3VKD2P4TY7LWTQMMJHIJ4WOCZ5ANCIJPC3NRSERKVXNHBU2W7',
];
const LAST = 63092987;

let server: ReplayRpcServer;
let baseline: Map<string, unknown>;

beforeAll(async () => {
  server = await startReplayRpcServer(deriveEvents(await loadFixtureLedgers({ from: 63092982, to: LAST })));
  const file = path.join(tempDir('rpc-cli-base'), 'events.db');
  await runRpcEvents(file, server.url, { contractIds: CONTRACTS, topics: [] }, { to: LAST });
  baseline = (await storedFacts(file)).facts;
});
afterAll(() => server?.close());

const args = (store: string) => [
  'stream',
  '--source',
  `rpc-events:${server.url}`,
  '--network',
  'pubnet',
  ...CONTRACTS.flatMap((c) => ['--contract', c]),
  '--from',
  '63092982',
  '--to',
  String(LAST),
  '--store',
  `sqlite:${store}`,
  '--json',
];

describe('stellar-indexer stream --source rpc-events:', () => {
  it('killed with SIGKILL mid-run, the same command resumes with no gap and no duplicate', async () => {
    const dir = tempDir('rpc-cli-kill');
    const store = path.join(dir, 'events.db');
    server.delayMs = 150;
    try {
      const { child, done } = startCli([...args(store), '--page-limit', '20'], dir);
      for (let i = 0; i < 400; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const stored = await storedFacts(store).catch(() => null);
        if (stored !== null && stored.cursors >= 2) break;
      }
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      const partial = await storedFacts(store);
      expect(partial.facts.size).toBeGreaterThan(0);
      expect(partial.facts.size).toBeLessThan(baseline.size);
    } finally {
      server.delayMs = 0;
    }
    const rerun = await runCli(args(store), dir);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(lastJsonLine(rerun.stdout)).toMatchObject({ stopped: 'to', ledger: LAST });
    const { facts, duplicates } = await storedFacts(store);
    expect(duplicates).toEqual([]);
    expect(facts).toEqual(baseline);
  });

  it('stops with one typed line on stderr when the cursor is older than the server keeps', async () => {
    const dir = tempDir('rpc-cli-retention');
    server.oldestLedger = 63092985;
    try {
      const result = await runCli(args(path.join(dir, 'events.db')), dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^INGEST_ERR_RPC_EVENTS_RETENTION: .*ledger=63092982 .*oldestLedger=63092985/m,
      );
    } finally {
      server.oldestLedger = 63092982;
    }
  });
});
