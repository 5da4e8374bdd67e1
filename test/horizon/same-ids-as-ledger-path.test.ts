import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerFact } from '../../contracts/events/index.ts';
import { ledgerId } from '../../contracts/ids.ts';
import type { HorizonEndpoint } from '../../ingest/horizon/endpoints.ts';
import { decodeFixture } from '../helpers/decode-fixture.ts';
import { PUBNET, PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { deriveHorizonRecords } from '../helpers/replay-horizon/derive-records.ts';
import {
  type ReplayHorizonServer,
  startReplayHorizonServer,
} from '../helpers/replay-horizon/replay-horizon-server.ts';
import { loadFixtureLedgers } from '../helpers/replay-rpc-events/fixture-ledgers.ts';
import { storedFacts, tempDir } from '../rpc-events/helpers.ts';
import { runHorizon } from './helpers.ts';

const FIRST = 63092999;
const LAST = 63093001;

let server: ReplayHorizonServer;
let facts: LedgerFact[];
let lastToken: Record<string, string>;

beforeAll(async () => {
  const ledgers = await loadFixtureLedgers({ from: FIRST, to: LAST });
  facts = (await decodeFixture(PUBNET_P26_DIR()))
    .flatMap((l) => l.facts)
    .filter((f) => f.ledger >= FIRST && f.ledger <= LAST);
  const derived = await deriveHorizonRecords(ledgers, facts);
  lastToken = Object.fromEntries(
    Object.entries(derived.collections).map(([name, rows]) => [
      name,
      rows[rows.length - 1]?.paging_token as string,
    ]),
  );
  server = await startReplayHorizonServer({ networkPassphrase: PUBNET, ...derived });
});
afterAll(() => server?.close());

async function stream(endpoint: HorizonEndpoint): Promise<Map<string, unknown>> {
  const file = path.join(tempDir(`horizon-${endpoint}`), 'events.db');
  const cursor = endpoint === 'ledgers' ? ledgerId(FIRST - 1) : ledgerId(FIRST);
  const summary = await runHorizon(file, server.url, endpoint, { cursor, untilCursor: lastToken[endpoint] });
  expect(summary.stopped).toBe('until-cursor');
  const { facts: stored, duplicates } = await storedFacts(file);
  expect(duplicates).toEqual([]);
  return stored;
}

function ledgerPath(type: string, keep: (f: LedgerFact) => boolean = () => true): Map<string, unknown> {
  return new Map(facts.filter((f) => f.type === type && keep(f)).map((f) => [`${f.type}/${f.id}`, f]));
}

describe('Horizon SSE records map onto the ledger path facts with the same ids', () => {
  it('transactions → TransactionApplied, identical to the ledger path (failed ones included)', async () => {
    const expected = ledgerPath('TransactionApplied');
    expect(expected.size).toBeGreaterThan(600);
    expect(await stream('transactions')).toEqual(expected);
  });

  it('operations (joined with their transaction) → OperationApplied, identical to the ledger path', async () => {
    const expected = ledgerPath('OperationApplied');
    expect(expected.size).toBeGreaterThan(1900);
    expect(await stream('operations')).toEqual(expected);
  });

  it('payments → the OperationApplied facts of payment operations', async () => {
    const kinds = new Set([
      'createAccount',
      'payment',
      'pathPaymentStrictReceive',
      'pathPaymentStrictSend',
      'accountMerge',
    ]);
    const expected = ledgerPath(
      'OperationApplied',
      (f) => f.type === 'OperationApplied' && kinds.has(f.data.operationType),
    );
    expect(expected.size).toBeGreaterThan(500);
    expect(await stream('payments')).toEqual(expected);
  });

  it('trades → TradeExecuted with the ledger path id and data, the transaction hash read from /ledgers/{seq}/transactions', async () => {
    const expected = ledgerPath('TradeExecuted');
    expect(expected.size).toBeGreaterThan(100);
    const before = Object.entries(server.requests).filter(
      ([k]) => k.includes('/transactions') && k.startsWith('/ledgers/'),
    ).length;
    expect(await stream('trades')).toEqual(expected);
    const lookups = Object.keys(server.requests).filter(
      (k) => k.startsWith('/ledgers/') && k.endsWith('/transactions'),
    );
    expect(lookups.length - before).toBeLessThanOrEqual(LAST - FIRST + 1);
  });

  it('ledgers → HorizonLedgerRecorded with the LedgerClosed id and the same header and counts', async () => {
    const stored = await stream('ledgers');
    const closed = facts.filter((f) => f.type === 'LedgerClosed');
    expect(stored.size).toBe(closed.length);
    for (const c of closed) {
      if (c.type !== 'LedgerClosed') continue;
      const h = stored.get(`HorizonLedgerRecorded/${c.id}`) as {
        data: Record<string, unknown>;
        closeTime: string;
      };
      expect(h.closeTime).toBe(c.closeTime);
      expect(h.data).toMatchObject({
        sequence: c.data.sequence,
        hash: c.data.hash,
        previousHash: c.data.previousHash,
        closeTime: c.data.closeTime,
        protocolVersion: c.data.protocolVersion,
        baseFee: c.data.baseFee,
        baseReserve: c.data.baseReserve,
        successfulTransactionCount: c.data.successfulTransactionCount,
        failedTransactionCount: c.data.failedTransactionCount,
        operationCount: c.data.operationCount,
        successfulOperationCount: c.data.successfulOperationCount,
        fromHeaderXdr: true,
      });
    }
  });
});
