import type { StoredEvent } from '../../contracts/event-store.ts';
import type { LedgerFact } from '../../contracts/events/index.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { participant } from './addresses.ts';
import { factOf, unixSeconds } from './event-facts.ts';
import { paymentOf } from './payment-of.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'account_activity';

/**
 * Per account (`G…`, muxed folded in) or contract (`C…`): counts summed and first/last sightings
 * kept by min/max. Each event adds one row per account it involves.
 */
const CREATE = `CREATE TABLE IF NOT EXISTS {{account_activity}} (
  account String,
  transactions SimpleAggregateFunction(sum, UInt64),
  payments_in SimpleAggregateFunction(sum, UInt64),
  payments_out SimpleAggregateFunction(sum, UInt64),
  trades SimpleAggregateFunction(sum, UInt64),
  first_ledger SimpleAggregateFunction(min, UInt32),
  last_ledger SimpleAggregateFunction(max, UInt32),
  first_seen SimpleAggregateFunction(min, DateTime('UTC')),
  last_seen SimpleAggregateFunction(max, DateTime('UTC')),
  version SimpleAggregateFunction(max, UInt64)
) ENGINE = AggregatingMergeTree
ORDER BY account
${MERGE_TREE_SETTINGS}`;

const READER = 'SELECT * FROM {{account_activity}} FINAL';

type Counter = 'transactions' | 'payments_in' | 'payments_out' | 'trades';

/** Collects one row per account for one event. */
function accountRows(event: StoredEvent, fact: LedgerFact) {
  const rows = new Map<string, Record<Counter, number>>();
  const touch = (address: string | null | undefined, counter?: Counter): void => {
    const account = participant(address);
    if (account === null) return;
    const row = rows.get(account) ?? { transactions: 0, payments_in: 0, payments_out: 0, trades: 0 };
    if (counter !== undefined) row[counter] += 1;
    rows.set(account, row);
  };
  const done = (): readonly ProjectionRows[] => {
    if (rows.size === 0) return [];
    const seen = unixSeconds(fact.closeTime);
    return [
      {
        table: NAME,
        rows: [...rows].map(([account, counts]) => ({
          account,
          ...counts,
          first_ledger: fact.ledger,
          last_ledger: fact.ledger,
          first_seen: seen,
          last_seen: seen,
          version: event.position.toString(),
        })),
      },
    ];
  };
  return { touch, done };
}

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const tx = factOf(NAME, event, 'TransactionApplied');
  if (tx !== null) {
    const acc = accountRows(event, tx);
    acc.touch(tx.data.sourceAccount, 'transactions');
    acc.touch(tx.data.feeBump?.feeSource);
    return acc.done();
  }
  const op = factOf(NAME, event, 'OperationApplied');
  if (op !== null) {
    const acc = accountRows(event, op);
    acc.touch(op.data.sourceAccount);
    const payment = paymentOf(NAME, event, op);
    if (payment !== null) {
      acc.touch(payment.from, 'payments_out');
      acc.touch(payment.to, 'payments_in');
    }
    return acc.done();
  }
  const trade = factOf(NAME, event, 'TradeExecuted');
  if (trade !== null) {
    const acc = accountRows(event, trade);
    acc.touch(trade.data.buyer, 'trades');
    if (trade.data.seller !== trade.data.buyer) acc.touch(trade.data.seller, 'trades');
    return acc.done();
  }
  const transfer = factOf(NAME, event, 'TokenTransferred');
  if (transfer !== null) {
    const acc = accountRows(event, transfer);
    acc.touch(transfer.data.from);
    acc.touch(transfer.data.to);
    return acc.done();
  }
  return [];
}

/**
 * `account_activity`: per account, transactions sent, payments in and out, trades, and the first
 * and last ledger it was seen in (as a source, a payment or trade party, or a transfer party).
 */
export const accountActivityProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['TransactionApplied', 'OperationApplied', 'TradeExecuted', 'TokenTransferred'],
  tables: [{ name: NAME, kind: 'table', create: CREATE, readerQuery: READER }],
  rowsFor,
};
