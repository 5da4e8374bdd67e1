import { StrKey } from '@stellar/stellar-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerFact } from '../../contracts/events/index.ts';
import { accountActivityProjection } from '../../projections/read-models/account-activity.ts';
import { assetActivityDailyProjection } from '../../projections/read-models/asset-activity-daily.ts';
import { contractEventsProjection } from '../../projections/read-models/contract-events.ts';
import { ledgersProjection } from '../../projections/read-models/ledgers.ts';
import { operationsProjection } from '../../projections/read-models/operations.ts';
import { transactionsProjection } from '../../projections/read-models/transactions.ts';
import { createReadModelHarness, type ReadModelHarness, unevenBatches } from './helpers/harness.ts';
import { factsOfType, loadFixtureEvents } from './helpers/stored-events.ts';

const PAYMENT_TYPES = new Set([
  'payment',
  'pathPaymentStrictReceive',
  'pathPaymentStrictSend',
  'createAccount',
  'accountMerge',
  'claimClaimableBalance',
]);

/** Accounts and contracts; muxed folded to the account; pools and balances left out. */
const party = (a: string | null | undefined): string | null => {
  if (!a) return null;
  if (a.startsWith('M'))
    return StrKey.encodeEd25519PublicKey(StrKey.decodeMed25519PublicKey(a).subarray(0, 32));
  return a.startsWith('G') || a.startsWith('C') ? a : null;
};

let h: ReadModelHarness;
let facts: readonly LedgerFact[];

beforeAll(async () => {
  const loaded = await loadFixtureEvents();
  facts = loaded.facts;
  h = await createReadModelHarness([
    ledgersProjection,
    transactionsProjection,
    operationsProjection,
    contractEventsProjection,
    assetActivityDailyProjection,
    accountActivityProjection,
  ]);
  const batches = unevenBatches(loaded.events, [2500, 11000, 6000]);
  for (const [i, batch] of batches.entries()) await h.insertBatch(batch, `b${i}`);
  const again = batches[1];
  if (again !== undefined) await h.insertBatch(again, 'b1');
});

afterAll(async () => {
  await h?.close();
});

describe('ledgers read model', () => {
  it('has each ledger header and its contract event counts', async () => {
    const events = factsOfType(facts, 'ContractEventEmitted');
    const ledgers = factsOfType(facts, 'LedgerClosed').sort((a, b) => a.ledger - b.ledger);
    const expected = ledgers.map((l) => ({
      sequence: l.data.sequence,
      hash: l.data.hash,
      close_time: l.closeTime.replace('T', ' ').slice(0, 19),
      protocol_version: l.data.protocolVersion,
      successful_transaction_count: l.data.successfulTransactionCount,
      failed_transaction_count: l.data.failedTransactionCount,
      operation_count: l.data.operationCount,
      fee_charged: l.data.feeCharged,
      contract_events: String(events.filter((e) => e.ledger === l.ledger).length),
      operation_contract_events: String(
        events.filter((e) => e.ledger === l.ledger && e.data.operationIndex !== null).length,
      ),
    }));
    const rows = await h.query(
      `SELECT sequence, hash, toString(close_time) close_time, protocol_version, successful_transaction_count,
        failed_transaction_count, operation_count, toString(fee_charged) fee_charged, contract_events, operation_contract_events
       FROM ledgers ORDER BY sequence`,
    );
    expect(rows).toEqual(expected);
    expect(rows.map((r) => (r as { protocol_version: number }).protocol_version)).toContain(22);
  });
});

describe('transactions and operations read models', () => {
  it('hold every transaction with its fee and outcome', async () => {
    const txs = factsOfType(facts, 'TransactionApplied');
    const rows = await h.query<{ successful: boolean; n: string; fees: string }>(
      'SELECT successful, count() n, toString(sum(fee_charged)) fees FROM transactions GROUP BY successful ORDER BY successful',
    );
    const sum = (ok: boolean) =>
      txs
        .filter((t) => t.data.successful === ok)
        .reduce((s, t) => s + BigInt(t.data.feeCharged), 0n)
        .toString();
    expect(rows).toEqual([
      { successful: false, n: String(txs.filter((t) => !t.data.successful).length), fees: sum(false) },
      { successful: true, n: String(txs.filter((t) => t.data.successful).length), fees: sum(true) },
    ]);
    const bumped = await h.query<{ n: string }>(
      'SELECT count() n FROM transactions WHERE fee_account IS NOT NULL',
    );
    expect(Number(bumped[0]?.n)).toBe(txs.filter((t) => t.data.feeBump !== null).length);
  });

  it('hold every operation with its typed body as JSON', async () => {
    const ops = factsOfType(facts, 'OperationApplied');
    const rows = await h.query<{ type: string; n: string }>(
      'SELECT type, count() n FROM operations GROUP BY type ORDER BY type',
    );
    const expected = new Map<string, number>();
    for (const o of ops) expected.set(o.data.operationType, (expected.get(o.data.operationType) ?? 0) + 1);
    expect(new Map(rows.map((r) => [r.type, Number(r.n)]))).toEqual(expected);
    const payments = await h.query<{ s: string }>(
      `SELECT toString(sum(toInt128(JSONExtractString(details, 'amount')))) s FROM operations
       WHERE type = 'payment' AND JSONExtractString(details, 'asset') = 'native' AND transaction_successful`,
    );
    const native = ops
      .filter(
        (o) =>
          o.data.transactionSuccessful && o.data.body.type === 'payment' && o.data.body.asset === 'native',
      )
      .reduce((s, o) => s + BigInt(o.data.body.type === 'payment' ? o.data.body.amount : '0'), 0n);
    expect(payments[0]?.s).toBe(native.toString());
  });
});

describe('contract_events read model', () => {
  it('keeps topics as text and data as JSON', async () => {
    const events = factsOfType(facts, 'ContractEventEmitted');
    const rows = await h.query<{ topic0: string; n: string }>(
      'SELECT topic0, count() n FROM contract_events GROUP BY topic0',
    );
    const expected = new Map<string, number>();
    for (const e of events) {
      const t = e.data.topics[0];
      const key =
        t === undefined ? '' : 'value' in t && typeof t.value === 'string' ? t.value : JSON.stringify(t);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(rows.map((r) => [r.topic0, Number(r.n)]))).toEqual(expected);
    const sample = events.find((e) => e.data.topics.length === 4 && e.data.operationIndex !== null);
    const [row] = await h.query<Record<string, string>>(
      `SELECT contract_id, topic1, topic2, topic3, data FROM contract_events WHERE id = '${sample?.id}'`,
    );
    const text = (i: number) => {
      const t = sample?.data.topics[i];
      return t !== undefined && 'value' in t ? t.value : null;
    };
    expect(row).toEqual({
      contract_id: sample?.data.contractId,
      topic1: text(1),
      topic2: text(2),
      topic3: text(3),
      data: JSON.stringify(sample?.data.data),
    });
  });
});

describe('asset_activity_daily read model', () => {
  it('has transfer count and volume, trade volume and distinct accounts per asset and day', async () => {
    interface Day {
      transfer_count: number;
      transfer_volume: bigint;
      trade_volume: bigint;
      accounts: Set<string>;
    }
    const expected = new Map<string, Day>();
    const day = (asset: string, closeTime: string): Day => {
      const key = `${asset}|${closeTime.slice(0, 10)}`;
      const d = expected.get(key) ?? {
        transfer_count: 0,
        transfer_volume: 0n,
        trade_volume: 0n,
        accounts: new Set(),
      };
      expected.set(key, d);
      return d;
    };
    const note = (d: Day, ...addresses: (string | null)[]) => {
      for (const a of addresses) {
        const p = party(a);
        if (p !== null) d.accounts.add(p);
      }
    };
    for (const t of factsOfType(facts, 'TokenTransferred')) {
      const d = day(t.data.asset ?? t.data.contractId ?? '', t.closeTime);
      if (t.data.kind === 'transfer') {
        d.transfer_count += 1;
        d.transfer_volume += BigInt(t.data.amount);
      }
      note(d, t.data.from, t.data.to);
    }
    for (const t of factsOfType(facts, 'TradeExecuted')) {
      const sold = day(t.data.assetSold, t.closeTime);
      sold.trade_volume += BigInt(t.data.amountSold);
      note(sold, t.data.buyer, t.data.seller);
      const bought = day(t.data.assetBought, t.closeTime);
      bought.trade_volume += BigInt(t.data.amountBought);
      note(bought, t.data.buyer, t.data.seller);
    }
    const rows = await h.query<{
      asset: string;
      day: string;
      transfer_count: string;
      transfer_volume: string;
      trade_volume: string;
      distinct_accounts: string;
    }>(
      'SELECT asset, toString(day) day, transfer_count, transfer_volume, trade_volume, distinct_accounts FROM asset_activity_daily',
    );
    const actual = new Map(
      rows.map((r) => [
        `${r.asset}|${r.day}`,
        [
          Number(r.transfer_count),
          BigInt(r.transfer_volume),
          BigInt(r.trade_volume),
          Number(r.distinct_accounts),
        ],
      ]),
    );
    const want = new Map(
      [...expected].map(([k, d]) => [
        k,
        [d.transfer_count, d.transfer_volume, d.trade_volume, d.accounts.size],
      ]),
    );
    expect(actual).toEqual(want);
    expect(want.size).toBeGreaterThan(50);
  });
});

describe('account_activity read model', () => {
  it('has payments in and out, trades and the first and last ledger of every account', async () => {
    interface Acc {
      payments_in: number;
      payments_out: number;
      trades: number;
      first: number;
      last: number;
    }
    const expected = new Map<string, Acc>();
    const seen = (address: string | null | undefined, ledger: number): Acc | null => {
      const p = party(address);
      if (p === null) return null;
      const a = expected.get(p) ?? {
        payments_in: 0,
        payments_out: 0,
        trades: 0,
        first: ledger,
        last: ledger,
      };
      a.first = Math.min(a.first, ledger);
      a.last = Math.max(a.last, ledger);
      expected.set(p, a);
      return a;
    };
    for (const f of facts) {
      if (f.type === 'TransactionApplied') {
        seen(f.data.sourceAccount, f.ledger);
        seen(f.data.feeBump?.feeSource, f.ledger);
      } else if (f.type === 'OperationApplied') {
        seen(f.data.sourceAccount, f.ledger);
        const b = f.data.body;
        if (!f.data.transactionSuccessful || !PAYMENT_TYPES.has(b.type)) continue;
        const claim = b.type === 'claimClaimableBalance';
        const to = claim ? f.data.sourceAccount : 'destination' in b ? b.destination : null;
        if (!claim) {
          const from = seen(f.data.sourceAccount, f.ledger);
          if (from) from.payments_out += 1;
        }
        const dest = seen(to, f.ledger);
        if (dest) dest.payments_in += 1;
      } else if (f.type === 'TradeExecuted') {
        const buyer = seen(f.data.buyer, f.ledger);
        if (buyer) buyer.trades += 1;
        const seller = f.data.seller === f.data.buyer ? null : seen(f.data.seller, f.ledger);
        if (seller) seller.trades += 1;
      } else if (f.type === 'TokenTransferred') {
        seen(f.data.from, f.ledger);
        seen(f.data.to, f.ledger);
      }
    }
    const rows = await h.query<Record<string, string | number>>(
      'SELECT account, payments_in, payments_out, trades, first_ledger, last_ledger FROM account_activity',
    );
    const actual = new Map(
      rows.map((r) => [
        String(r.account),
        {
          payments_in: Number(r.payments_in),
          payments_out: Number(r.payments_out),
          trades: Number(r.trades),
          first: Number(r.first_ledger),
          last: Number(r.last_ledger),
        },
      ]),
    );
    expect(actual).toEqual(expected);
    expect(expected.size).toBeGreaterThan(1000);
  });
});
