import { StrKey } from '@stellar/stellar-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerFact } from '../../contracts/events/index.ts';
import type { OperationApplied } from '../../contracts/events/operation-applied.ts';
import type { TokenTransferred } from '../../contracts/events/token-transferred.ts';
import { paymentsProjection } from '../../projections/read-models/payments.ts';
import { tokenTransfersProjection } from '../../projections/read-models/token-transfers.ts';
import { createReadModelHarness, type ReadModelHarness, unevenBatches } from './helpers/harness.ts';
import { factsOfType, loadFixtureEvents } from './helpers/stored-events.ts';

interface PaymentRow {
  id: string;
  type: string;
  from: string;
  to: string;
  asset: string | null;
  amount: string | null;
  source_asset: string | null;
  source_amount: string | null;
}

const PAYMENT_TYPES = new Set([
  'payment',
  'pathPaymentStrictReceive',
  'pathPaymentStrictSend',
  'createAccount',
  'accountMerge',
  'claimClaimableBalance',
]);

const gAccount = (a: string): string =>
  a.startsWith('M') ? StrKey.encodeEd25519PublicKey(StrKey.decodeMed25519PublicKey(a).subarray(0, 32)) : a;

let h: ReadModelHarness;
let facts: readonly LedgerFact[];
let ops: OperationApplied[];
let paymentOps: OperationApplied[];
/** CAP-67 transfer-like events of each operation, keyed `txHash:opIndex`, in emission order. */
const transfersByOp = new Map<string, TokenTransferred[]>();
let rows: Map<string, PaymentRow>;

beforeAll(async () => {
  const loaded = await loadFixtureEvents();
  facts = loaded.facts;
  ops = factsOfType(facts, 'OperationApplied');
  paymentOps = ops.filter((o) => o.data.transactionSuccessful && PAYMENT_TYPES.has(o.data.operationType));
  for (const t of factsOfType(facts, 'TokenTransferred')) {
    if (t.data.operationIndex === null) continue;
    const key = `${t.txHash}:${t.data.operationIndex}`;
    transfersByOp.set(key, [...(transfersByOp.get(key) ?? []), t]);
  }
  h = await createReadModelHarness([paymentsProjection, tokenTransfersProjection]);
  const batches = unevenBatches(loaded.events, [4000, 9000, 1500, 20000]);
  for (const [i, batch] of batches.entries()) await h.insertBatch(batch, `b${i}`);
  const all = await h.query<PaymentRow>(
    'SELECT toString(id) id, type, from, to, asset, amount, source_asset, source_amount FROM payments',
  );
  rows = new Map(all.map((r) => [r.id, r]));
});

afterAll(async () => {
  await h?.close();
});

const transfersOf = (op: OperationApplied): TokenTransferred[] =>
  transfersByOp.get(`${op.txHash}:${op.data.index}`) ?? [];

describe('payments read model', () => {
  it('holds exactly the payment-like operations of successful transactions', () => {
    expect(paymentOps.length).toBeGreaterThan(2500);
    expect(new Set(rows.keys())).toEqual(new Set(paymentOps.map((o) => o.id)));
    const failed = ops.filter(
      (o) => !o.data.transactionSuccessful && PAYMENT_TYPES.has(o.data.operationType),
    );
    expect(failed.length).toBeGreaterThan(1000);
    for (const o of failed) expect(rows.has(o.id)).toBe(false);
  });

  it('gives path payments the amounts the CAP-67 transfer events show', () => {
    let checked = 0;
    for (const op of paymentOps) {
      const b = op.data.body;
      if (b.type !== 'pathPaymentStrictSend' && b.type !== 'pathPaymentStrictReceive') continue;
      const src = gAccount(op.data.sourceAccount);
      const dst = gAccount(b.destination);
      const events = transfersOf(op).filter((t) => t.data.kind === 'transfer');
      const last = events.at(-1);
      // The last event of a path payment delivers the destination asset to the destination.
      expect(last?.data).toMatchObject({ from: src, to: dst, asset: b.destAsset });
      const hops = events.slice(0, -1);
      const sent =
        hops.length === 0
          ? BigInt(last?.data.amount ?? '0')
          : hops
              .filter((t) => t.data.from === src && t.data.asset === b.sendAsset)
              .reduce((s, t) => s + BigInt(t.data.amount), 0n);
      const row = rows.get(op.id);
      expect(row?.asset).toBe(b.destAsset);
      expect(row?.source_asset).toBe(b.sendAsset);
      expect(row?.amount).toBe(last?.data.amount);
      expect(row?.source_amount).toBe(sent.toString());
      if (b.type === 'pathPaymentStrictSend') expect(row?.source_amount).toBe(b.sendAmount);
      else expect(row?.amount).toBe(b.destAmount);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('fills account merge amounts and claimed balances from the CAP-67 events of the operation', () => {
    const merges = paymentOps.filter((o) => o.data.body.type === 'accountMerge');
    const claims = paymentOps.filter((o) => o.data.body.type === 'claimClaimableBalance');
    expect(merges.length).toBeGreaterThan(5);
    expect(claims.length).toBeGreaterThan(10);
    for (const op of merges) {
      const [moved, ...rest] = transfersOf(op);
      expect(rest).toEqual([]);
      expect(moved?.data).toMatchObject({ kind: 'transfer', asset: 'native', from: op.data.sourceAccount });
      expect(rows.get(op.id)).toMatchObject({
        asset: 'native',
        amount: moved?.data.amount,
        from: op.data.sourceAccount,
      });
    }
    for (const op of claims) {
      const moved = transfersOf(op).find((t) => t.data.from?.startsWith('B'));
      expect(moved).toBeDefined();
      expect(rows.get(op.id)).toMatchObject({
        from: moved?.data.from,
        to: op.data.sourceAccount,
        asset: moved?.data.asset,
        amount: moved?.data.amount,
      });
    }
  });

  it('sums payments per asset like the operation bodies and events say', async () => {
    const expected = new Map<string, { n: number; sum: bigint }>();
    const add = (asset: string, amount: string): void => {
      const e = expected.get(asset) ?? { n: 0, sum: 0n };
      e.n += 1;
      e.sum += BigInt(amount);
      expected.set(asset, e);
    };
    for (const op of paymentOps) {
      const b = op.data.body;
      if (b.type === 'payment') add(b.asset, b.amount);
      else if (b.type === 'createAccount') add('native', b.startingBalance);
      else if (b.type === 'pathPaymentStrictReceive') add(b.destAsset, b.destAmount);
      else {
        // Strict send, merge and claim: what arrived, as the operation's last incoming transfer shows.
        const arrived = transfersOf(op).at(-1);
        add(arrived?.data.asset ?? '?', arrived?.data.amount ?? '0');
      }
    }
    const result = await h.query<{ asset: string; n: string; s: string }>(
      'SELECT asset, count() n, sum(amount) s FROM payments GROUP BY asset',
    );
    expect(new Map(result.map((r) => [r.asset, { n: Number(r.n), sum: BigInt(r.s) }]))).toEqual(expected);
  });
});

describe('token_transfers read model', () => {
  it('sums transfer amounts per token and kind exactly, fee refunds included', async () => {
    const expected = new Map<string, { n: number; sum: bigint }>();
    for (const t of factsOfType(facts, 'TokenTransferred')) {
      const key = `${t.data.asset ?? t.data.contractId}|${t.data.kind}`;
      const e = expected.get(key) ?? { n: 0, sum: 0n };
      e.n += 1;
      e.sum += BigInt(t.data.amount);
      expected.set(key, e);
    }
    const result = await h.query<{ token: string; kind: string; n: string; s: string }>(
      'SELECT token, kind, count() n, sum(amount) s FROM token_transfers GROUP BY token, kind',
    );
    const actual = new Map(result.map((r) => [`${r.token}|${r.kind}`, { n: Number(r.n), sum: BigInt(r.s) }]));
    expect(actual).toEqual(expected);
    expect([...expected.keys()].some((k) => k.startsWith('C'))).toBe(true);
    const refunds = await h.query<{ n: string }>(
      "SELECT count() n FROM token_transfers WHERE kind = 'fee' AND amount < 0",
    );
    expect(Number(refunds[0]?.n)).toBeGreaterThan(300);
  });
});
