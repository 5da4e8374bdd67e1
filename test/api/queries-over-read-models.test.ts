import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../../api/server.ts';
import type { StoredEvent } from '../../contracts/event-store.ts';
import type { TradeExecuted } from '../../contracts/events/trade-executed.ts';
import type { TransactionApplied } from '../../contracts/events/transaction-applied.ts';
import { type ApiFixture, createApiFixture } from './helpers/api-fixture.ts';
import { gql } from './helpers/graphql.ts';

let fixture: ApiFixture;
let app: FastifyInstance;
let events: StoredEvent[];

beforeAll(async () => {
  fixture = await createApiFixture('queries');
  app = await createApiServer({ store: fixture.store, ch: fixture.ch, config: { anonymous: 'all' } });
  events = [];
  for await (const e of fixture.store.readAll()) events.push(e);
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

/** Pair order as the API promises it: native first, else byte order. */
const pairOf = (a: string, b: string): [string, string] =>
  a === 'native' || (b !== 'native' && a < b) ? [a, b] : [b, a];

async function allPages<T>(query: string, field: string, variables: Record<string, unknown>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await gql(app, query, { variables: { ...variables, after } });
    expect(r.errors).toBeUndefined();
    const page = (
      r.data as Record<string, { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string } }>
    )[field] as { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

describe('queries over the read models of the real fixture ledgers', () => {
  it('pages through all 20 ledgers newest first with opaque cursors', async () => {
    const ledgers = await allPages<{ sequence: number }>(
      'query ($after: String) { ledgers(first: 7, after: $after) { nodes { sequence } pageInfo { hasNextPage endCursor } } }',
      'ledgers',
      {},
    );
    const expected = events.filter((e) => e.type === 'LedgerClosed').map((e) => e.ledger as number);
    expect(ledgers.map((l) => l.sequence)).toEqual([...expected].reverse());
  });

  it('trade count and volume of the busiest pair equal the stored TradeExecuted facts', async () => {
    const byPair = new Map<string, { count: number; base: bigint; counter: bigint }>();
    for (const e of events) {
      if (e.type !== 'TradeExecuted') continue;
      const d = (e.payload as TradeExecuted).data;
      const [base, counter] = pairOf(d.assetSold, d.assetBought);
      const baseAmount = BigInt(base === d.assetSold ? d.amountSold : d.amountBought);
      const counterAmount = BigInt(base === d.assetSold ? d.amountBought : d.amountSold);
      const key = `${base}|${counter}`;
      const s = byPair.get(key) ?? { count: 0, base: 0n, counter: 0n };
      byPair.set(key, { count: s.count + 1, base: s.base + baseAmount, counter: s.counter + counterAmount });
    }
    const [key, expected] = [...byPair].sort((a, b) => b[1].count - a[1].count)[0] as [
      string,
      { count: number; base: bigint; counter: bigint },
    ];
    const [base, counter] = key.split('|') as [string, string];
    // Either order of the pair is accepted.
    const trades = await allPages<{ id: string; baseAmount: string; counterAmount: string }>(
      'query ($after: String, $pair: PairInput!) { trades(pair: $pair, first: 50, after: $after) { nodes { id baseAmount counterAmount } pageInfo { hasNextPage endCursor } } }',
      'trades',
      { pair: { base: counter, counter: base } },
    );
    expect(trades.length).toBe(expected.count);
    expect(new Set(trades.map((t) => t.id)).size).toBe(expected.count);
    expect(trades.reduce((s, t) => s + BigInt(t.baseAmount), 0n)).toBe(expected.base);
    expect(trades.reduce((s, t) => s + BigInt(t.counterAmount), 0n)).toBe(expected.counter);

    const candles = await gql(
      app,
      'query ($pair: PairInput!) { candles(pair: $pair, interval: ONE_DAY) { nodes { tradeCount baseVolume counterVolume } } }',
      { variables: { pair: { base, counter } } },
    );
    const nodes = (
      (candles.data as Record<string, unknown>).candles as {
        nodes: { tradeCount: number; baseVolume: string; counterVolume: string }[];
      }
    ).nodes;
    expect(nodes.reduce((s, c) => s + c.tradeCount, 0)).toBe(expected.count);
    expect(nodes.reduce((s, c) => s + BigInt(c.baseVolume), 0n)).toBe(expected.base);
  });

  it('a known transaction by hash, with its operations batched and its ledger', async () => {
    const tx = events.filter(
      (e) => e.type === 'TransactionApplied' && (e.payload as TransactionApplied).data.operationCount > 2,
    )[3]?.payload as TransactionApplied;
    const ops = events.filter(
      (e) => e.type === 'OperationApplied' && (e.payload as { txHash: string }).txHash === tx.data.hash,
    );
    const r = await gql(
      app,
      `{ transaction(hash: "${tx.data.hash.toUpperCase()}") { id hash ledger sourceAccount feeCharged successful resultCode operationCount closeTime
          operations { id index type } ledgerHeader { sequence } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.transaction).toMatchObject({
      id: tx.id,
      hash: tx.data.hash,
      ledger: tx.ledger,
      sourceAccount: tx.data.sourceAccount,
      feeCharged: tx.data.feeCharged,
      successful: tx.data.successful,
      resultCode: tx.data.resultCode,
      operationCount: tx.data.operationCount,
      closeTime: tx.closeTime.replace('.000Z', 'Z'),
      ledgerHeader: { sequence: tx.ledger },
    });
    const got = (
      (r.data as Record<string, unknown>).transaction as { operations: { id: string }[] }
    ).operations.map((o) => o.id);
    expect(got).toEqual(ops.map((o) => o.id));
    const missing = await gql(app, `{ transaction(hash: "${'0'.repeat(64)}") { id } }`);
    expect(missing.data).toEqual({ transaction: null });
  });

  it('transactions of an account, nested operations for a whole page in one go', async () => {
    const source = (
      (events.find((e) => e.type === 'TransactionApplied') as { payload: unknown })
        .payload as TransactionApplied
    ).data.sourceAccount;
    const expected = events.filter(
      (e) =>
        e.type === 'TransactionApplied' &&
        ((e.payload as TransactionApplied).data.sourceAccount === source ||
          (e.payload as TransactionApplied).data.feeBump?.feeSource === source),
    );
    const txs = await allPages<{ id: string; operations: { id: string }[] }>(
      'query ($after: String, $a: String) { transactions(account: $a, first: 20, order: ASC, after: $after) { nodes { id operations { id } } pageInfo { hasNextPage endCursor } } }',
      'transactions',
      { a: source },
    );
    expect(txs.map((t) => t.id)).toEqual(expected.map((e) => e.id));
    for (const t of txs) expect(t.operations.length).toBeGreaterThan(0);
  });

  it('_meta says how far ingest and the read models are', async () => {
    const r = await gql(app, '{ _meta { network ingestedLedger projectedLedger lagSeconds } }');
    expect(r.data?._meta).toEqual({
      network: 'pubnet',
      ingestedLedger: 63093001,
      projectedLedger: events.at(-1)?.ledger,
      lagSeconds: 0,
    });
  });
});
