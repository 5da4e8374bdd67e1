import type { StoredEvent } from '../../contracts/event-store.ts';
import type { LedgerFact } from '../../contracts/events/index.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import {
  type CombinableTable,
  maxValue,
  minValue,
  type RowCombiner,
  sumValue,
} from '../runner/row-combiner.ts';
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

interface AccountRow {
  account: string;
  transactions: number;
  payments_in: number;
  payments_out: number;
  trades: number;
  first_ledger: number;
  last_ledger: number;
  first_seen: number;
  last_seen: number;
  version: string;
}

/**
 * Adds one to `counter` (or nothing) in the row of the account behind `address`, creating the row
 * on its first touch. An event involves at most four addresses, so a list beats a Map here.
 */
function touch(
  rows: AccountRow[],
  event: StoredEvent,
  fact: LedgerFact,
  address: string | null | undefined,
  counter: Counter | null,
): void {
  const account = participant(address);
  if (account === null) return;
  let row: AccountRow | undefined;
  for (const r of rows) if (r.account === account) row = r;
  if (row === undefined) {
    const seen = unixSeconds(fact.closeTime);
    row = {
      account,
      transactions: 0,
      payments_in: 0,
      payments_out: 0,
      trades: 0,
      first_ledger: fact.ledger,
      last_ledger: fact.ledger,
      first_seen: seen,
      last_seen: seen,
      version: event.position.toString(),
    };
    rows.push(row);
  }
  if (counter !== null) row[counter] += 1;
}

const done = (rows: AccountRow[]): readonly ProjectionRows[] =>
  rows.length === 0 ? [] : [{ table: NAME, rows: rows as unknown as Record<string, unknown>[] }];

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const rows: AccountRow[] = [];
  switch (event.type) {
    case 'TransactionApplied': {
      const tx = factOf(NAME, event, 'TransactionApplied');
      if (tx === null) return [];
      touch(rows, event, tx, tx.data.sourceAccount, 'transactions');
      touch(rows, event, tx, tx.data.feeBump?.feeSource, null);
      return done(rows);
    }
    case 'OperationApplied': {
      const op = factOf(NAME, event, 'OperationApplied');
      if (op === null) return [];
      touch(rows, event, op, op.data.sourceAccount, null);
      const payment = paymentOf(NAME, event, op);
      if (payment !== null) {
        touch(rows, event, op, payment.from, 'payments_out');
        touch(rows, event, op, payment.to, 'payments_in');
      }
      return done(rows);
    }
    case 'TradeExecuted': {
      const trade = factOf(NAME, event, 'TradeExecuted');
      if (trade === null) return [];
      touch(rows, event, trade, trade.data.buyer, 'trades');
      if (trade.data.seller !== trade.data.buyer) touch(rows, event, trade, trade.data.seller, 'trades');
      return done(rows);
    }
    case 'TokenTransferred': {
      const transfer = factOf(NAME, event, 'TokenTransferred');
      if (transfer === null) return [];
      touch(rows, event, transfer, transfer.data.from, null);
      touch(rows, event, transfer, transfer.data.to, null);
      return done(rows);
    }
    default:
      return [];
  }
}

/** The runner folds a batch's rows of one account into one, as the table's merges would. */
const ACCOUNT_COMBINER: RowCombiner = {
  key: (row) => row.account as string,
  fold(into, row) {
    into.transactions = sumValue(into.transactions, row.transactions);
    into.payments_in = sumValue(into.payments_in, row.payments_in);
    into.payments_out = sumValue(into.payments_out, row.payments_out);
    into.trades = sumValue(into.trades, row.trades);
    into.first_ledger = minValue(into.first_ledger, row.first_ledger);
    into.last_ledger = maxValue(into.last_ledger, row.last_ledger);
    into.first_seen = minValue(into.first_seen, row.first_seen);
    into.last_seen = maxValue(into.last_seen, row.last_seen);
    into.version = maxValue(into.version, row.version);
  },
};

const TABLE: CombinableTable = {
  name: NAME,
  kind: 'table',
  create: CREATE,
  readerQuery: READER,
  combine: ACCOUNT_COMBINER,
};

/**
 * `account_activity`: per account, transactions sent, payments in and out, trades, and the first
 * and last ledger it was seen in (as a source, a payment or trade party, or a transfer party).
 */
export const accountActivityProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['TransactionApplied', 'OperationApplied', 'TradeExecuted', 'TokenTransferred'],
  tables: [TABLE],
  rowsFor,
};
