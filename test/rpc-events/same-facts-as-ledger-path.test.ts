import path from 'node:path';
import { Asset, xdr } from '@stellar/stellar-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerFact } from '../../contracts/events/index.ts';
import { scValToJson } from '../../ingest/decode/scval-to-json.ts';
import { decodeFixture } from '../helpers/decode-fixture.ts';
import { PUBNET, PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { type DerivedEvents, deriveEvents } from '../helpers/replay-rpc-events/derive-events.ts';
import { loadFixtureLedgers } from '../helpers/replay-rpc-events/fixture-ledgers.ts';
import {
  type ReplayRpcServer,
  startReplayRpcServer,
} from '../helpers/replay-rpc-events/replay-rpc-server.ts';
import { runRpcEvents, storedFacts, tempDir } from './helpers.ts';

const NATIVE_SAC = Asset.native().contractId(PUBNET);

let server: ReplayRpcServer;
let data: DerivedEvents;
let ledgerFacts: LedgerFact[];

beforeAll(async () => {
  data = deriveEvents(await loadFixtureLedgers());
  server = await startReplayRpcServer(data);
  ledgerFacts = (await decodeFixture(PUBNET_P26_DIR())).flatMap((l) => l.facts);
});
afterAll(() => server?.close());

/** What the ledger path stored for the events `keep` selects: their facts and their transfers. */
function expectedFacts(
  keep: (fact: LedgerFact & { type: 'ContractEventEmitted' }) => boolean,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const ids = new Set<string>();
  for (const f of ledgerFacts) {
    if (f.type === 'ContractEventEmitted' && keep(f)) {
      out.set(`${f.type}/${f.id}`, f);
      ids.add(f.id);
    }
  }
  for (const f of ledgerFacts)
    if (f.type === 'TokenTransferred' && ids.has(f.data.eventId)) out.set(`${f.type}/${f.id}`, f);
  return out;
}

function busiest(n: number, skip: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  for (const r of data.rows)
    if (r.contractId !== '' && !skip.has(r.contractId))
      counts.set(r.contractId, (counts.get(r.contractId) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([id]) => id);
}

describe('Stellar RPC getEvents over the 20 pubnet fixture ledgers', () => {
  it('stores the same ContractEventEmitted and TokenTransferred facts (ids and data) as the ledger path for the followed contracts', async () => {
    const contracts = busiest(7, new Set([NATIVE_SAC]));
    const file = path.join(tempDir('rpc-same'), 'events.db');
    const summary = await runRpcEvents(file, server.url, { contractIds: contracts, topics: [] });
    const expected = expectedFacts(
      (f) => f.data.contractId !== null && contracts.includes(f.data.contractId),
    );
    const { facts, duplicates } = await storedFacts(file);
    expect(duplicates).toEqual([]);
    expect(expected.size).toBeGreaterThan(2000);
    expect([...facts.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, fact] of expected) expect(facts.get(key), key).toEqual(fact);
    expect(summary.stopped).toBe('to');
    expect(summary.ledger).toBe(63093001);
    // 7 contracts need two getEvents filters; the replay server refuses more than 5 per filter.
    expect(server.calls.getEvents).toBeGreaterThan(20);
  });

  it('gives transaction-level fee events (sentinel indexes in getEvents) the ledger path ids, via getTransaction', async () => {
    const feeRow = data.rows.find((r) => r.transactionIndex === 0 && r.contractId === NATIVE_SAC);
    const payerTopic = feeRow?.topic[1] as string;
    const file = path.join(tempDir('rpc-fees'), 'events.db');
    const before = server.calls.getTransaction ?? 0;
    await runRpcEvents(file, server.url, {
      contractIds: [NATIVE_SAC],
      topics: [['sym:fee', payerTopic]],
    });
    const { facts } = await storedFacts(file);
    const expected = expectedFacts(
      (f) =>
        f.data.contractId === NATIVE_SAC &&
        f.data.topics.length === 2 &&
        f.data.topics[0]?.type === 'symbol' &&
        f.data.topics[0].value === 'fee' &&
        JSON.stringify(f.data.topics[1]) === JSON.stringify(feeFactTopic(payerTopic)),
    );
    expect(expected.size).toBeGreaterThan(10);
    expect([...facts.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, fact] of expected) expect(facts.get(key), key).toEqual(fact);
    const feeEvents = [...expected.values()].filter((f) => (f as LedgerFact).type === 'ContractEventEmitted');
    expect((server.calls.getTransaction ?? 0) - before).toBe(
      new Set(feeEvents.map((f) => (f as LedgerFact).txHash)).size,
    );
  });

  it('matches "*" and a trailing "**" in topic filters as getEvents does', async () => {
    const [contract] = busiest(1, new Set([NATIVE_SAC]));
    const file = path.join(tempDir('rpc-wild'), 'events.db');
    await runRpcEvents(file, server.url, {
      contractIds: [contract as string],
      topics: [
        ['sym:transfer', '*', '*', '*'],
        ['sym:mint', '**'],
      ],
    });
    const expected = expectedFacts((f) => {
      const head = f.data.topics[0];
      if (f.data.contractId !== contract || head?.type !== 'symbol') return false;
      return (head.value === 'transfer' && f.data.topics.length === 4) || head.value === 'mint';
    });
    const { facts } = await storedFacts(file);
    expect(expected.size).toBeGreaterThan(0);
    expect([...facts.keys()].sort()).toEqual([...expected.keys()].sort());
  });
});

/** The fact-side JSON of a base64 topic, through the converter the ledger path uses. */
const feeFactTopic = (base64: string): unknown => scValToJson(xdr.ScVal.fromXDR(base64, 'base64'));
