import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import { ledgerId } from '../../contracts/ids.ts';
import { fixture, PUBNET, TESTNET } from '../helpers/fixtures.ts';
import {
  type HorizonRow,
  type ReplayHorizonServer,
  startReplayHorizonServer,
} from '../helpers/replay-horizon/replay-horizon-server.ts';
import { lastJsonLine, runCli, startCli } from '../helpers/run-cli.ts';
import { storedFacts, tempDir } from '../rpc-events/helpers.ts';
import { runHorizon } from './helpers.ts';

/** The recorded mainnet /ledgers page (trimmed to sequence and header_xdr), oldest first. */
function corpusLedgers(): (HorizonRow & { sequence: number })[] {
  const corpus = JSON.parse(
    fs.readFileSync(fixture('horizon/js-sdk-horizon-corpus-ledgers.json'), 'utf8'),
  ) as {
    records: { sequence: number; header_xdr: string }[];
  };
  // Horizon's ledger paging token is TOID(sequence, 0, 0); the recording trimmed it away.
  return corpus.records
    .map((r) => ({ ...r, paging_token: ledgerId(r.sequence) }))
    .sort((a, b) => a.sequence - b.sequence);
}

const rows = corpusLedgers();
const FIRST = rows[0]?.sequence as number;
const LAST = rows.at(-1)?.sequence as number;

let server: ReplayHorizonServer;
let baseline: Map<string, unknown>;

beforeAll(async () => {
  server = await startReplayHorizonServer({
    networkPassphrase: PUBNET,
    collections: { ledgers: rows },
    elderLedger: FIRST,
    latestLedger: LAST,
  });
  const file = path.join(tempDir('horizon-corpus'), 'events.db');
  await runHorizon(file, server.url, 'ledgers', { cursor: ledgerId(FIRST - 1), to: LAST });
  baseline = (await storedFacts(file)).facts;
});
afterAll(() => server?.close());

describe('Horizon /ledgers over the recorded mainnet corpus', () => {
  it('maps 50 real ledgers from header_xdr: hashes check out and each ledger follows the previous one', () => {
    expect(baseline.size).toBe(50);
    const facts = [...baseline.values()] as {
      id: string;
      ledger: number;
      data: {
        sequence: number;
        hash: string;
        previousHash: string;
        protocolVersion: number;
        fromHeaderXdr: boolean;
      };
    }[];
    for (const [i, f] of facts.entries()) {
      expect(f.id).toBe(ledgerId(f.data.sequence));
      expect(f.data.protocolVersion).toBe(27);
      expect(f.data.fromHeaderXdr).toBe(true);
      if (i > 0) expect(f.data.previousHash).toBe(facts[i - 1]?.data.hash);
    }
  });

  it('resumes after a stop at any batch with no gap and no duplicate', async () => {
    for (const stopAfter of [1, 3]) {
      const file = path.join(tempDir('horizon-resume'), 'events.db');
      const controller = new AbortController();
      let commits = 0;
      const first = await runHorizon(file, server.url, 'ledgers', {
        cursor: ledgerId(FIRST - 1),
        to: LAST,
        batchRecords: 7,
        signal: controller.signal,
        onCommitted: () => {
          commits += 1;
          if (commits === stopAfter) controller.abort();
        },
      });
      expect(first.stopped).toBe('signal');
      expect((await storedFacts(file)).facts.size).toBeLessThan(50);
      // The same call again (same --cursor): the stored cursor wins.
      const second = await runHorizon(file, server.url, 'ledgers', { cursor: ledgerId(FIRST - 1), to: LAST });
      expect(second.stopped).toBe('to');
      const { facts, duplicates } = await storedFacts(file);
      expect(duplicates).toEqual([]);
      expect(facts).toEqual(baseline);
    }
  });

  it('killed with SIGKILL mid-stream, the same CLI command resumes with no gap and no duplicate', async () => {
    const dir = tempDir('horizon-cli-kill');
    const store = path.join(dir, 'events.db');
    const args = [
      'stream',
      '--source',
      `horizon:${server.url}`,
      '--endpoint',
      'ledgers',
      '--network',
      'pubnet',
      '--cursor',
      ledgerId(FIRST - 1),
      '--to',
      String(LAST),
      '--store',
      `sqlite:${store}`,
      '--json',
    ];
    server.recordDelayMs = 120;
    try {
      const { child, done } = startCli(args, dir);
      for (let i = 0; i < 400; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const stored = await storedFacts(store).catch(() => null);
        if (stored !== null && stored.facts.size >= 10) break;
      }
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
      expect((await storedFacts(store)).facts.size).toBeLessThan(50);
    } finally {
      server.recordDelayMs = 0;
    }
    const rerun = await runCli(args, dir);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(lastJsonLine(rerun.stdout)).toMatchObject({
      stopped: 'to',
      ledger: LAST,
      stream: 'horizon-ledgers:pubnet',
    });
    const { facts, duplicates } = await storedFacts(store);
    expect(duplicates).toEqual([]);
    expect(facts).toEqual(baseline);
  });

  it('stops with INGEST_ERR_HORIZON_LEDGER_GAP when a ledger is missing, keeping the ones before it', async () => {
    const gapped = await startReplayHorizonServer({
      networkPassphrase: PUBNET,
      collections: { ledgers: rows.filter((r) => r.sequence !== FIRST + 20) },
      elderLedger: FIRST,
      latestLedger: LAST,
    });
    try {
      const file = path.join(tempDir('horizon-gap'), 'events.db');
      const error = await runHorizon(file, gapped.url, 'ledgers', {
        cursor: ledgerId(FIRST - 1),
        to: LAST,
      }).catch((e: unknown) => e);
      expect(hasErrorCode(error, 'INGEST_ERR_HORIZON_LEDGER_GAP')).toBe(true);
      if (hasErrorCode(error))
        expect(error.details).toMatchObject({ ledger: FIRST + 21, expected: FIRST + 20 });
      expect((await storedFacts(file)).facts.size).toBe(20);
    } finally {
      await gapped.close();
    }
  });

  it('stops with INGEST_ERR_HORIZON_RETENTION when the stored cursor is older than the oldest ledger Horizon keeps', async () => {
    const file = path.join(tempDir('horizon-retention'), 'events.db');
    await runHorizon(file, server.url, 'ledgers', { cursor: ledgerId(FIRST - 1), to: FIRST + 4 });
    server.elderLedger = FIRST + 10;
    try {
      const error = await runHorizon(file, server.url, 'ledgers', { to: LAST }).catch((e: unknown) => e);
      expect(hasErrorCode(error, 'INGEST_ERR_HORIZON_RETENTION')).toBe(true);
      if (hasErrorCode(error)) {
        expect(error.details).toMatchObject({
          cursor: ledgerId(FIRST + 4),
          ledger: FIRST + 4,
          oldestLedger: FIRST + 10,
        });
      }
    } finally {
      server.elderLedger = FIRST;
    }
  });

  it('refuses a Horizon of another network, and a --cursor beyond the stored one', async () => {
    const file = path.join(tempDir('horizon-network'), 'events.db');
    const { resolveNetwork } = await import('../../contracts/network.ts');
    const wrong = await runHorizon(file, server.url, 'ledgers', {
      network: resolveNetwork(TESTNET),
      to: LAST,
    }).catch((e: unknown) => e);
    expect(hasErrorCode(wrong, 'INGEST_ERR_HORIZON_WRONG_NETWORK')).toBe(true);
    await runHorizon(file, server.url, 'ledgers', { cursor: ledgerId(FIRST - 1), to: FIRST + 2 });
    const skip = await runHorizon(file, server.url, 'ledgers', {
      cursor: ledgerId(FIRST + 9),
      to: LAST,
    }).catch((e: unknown) => e);
    expect(hasErrorCode(skip, 'INGEST_ERR_HORIZON_CONFIG')).toBe(true);
  });

  it('pins --cursor now to the latest ledger Horizon has and stores it at once, so a restart leaves no gap', async () => {
    const file = path.join(tempDir('horizon-now'), 'events.db');
    server.latestLedger = FIRST + 30;
    try {
      const first = await runHorizon(file, server.url, 'ledgers', { cursor: 'now', to: FIRST + 30 });
      expect(first).toMatchObject({ records: 0, cursor: ledgerId(FIRST + 30), stopped: 'to' });
      // Later, Horizon is further ahead; the same command must not jump to the new "now".
      server.latestLedger = LAST;
      await runHorizon(file, server.url, 'ledgers', { cursor: 'now', to: LAST });
    } finally {
      server.latestLedger = LAST;
    }
    const { facts } = await storedFacts(file);
    expect([...facts.values()].map((f) => (f as { ledger: number }).ledger)).toEqual(
      rows.filter((r) => r.sequence > FIRST + 30).map((r) => r.sequence),
    );
  });
});
