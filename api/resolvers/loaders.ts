import type { ApiContext } from '../context.ts';
import { queryRows } from '../read/read-list.ts';
import { ledgerNode } from './ledgers.ts';
import { operationNode } from './operations.ts';
import type { Row } from './rows.ts';
import { str } from './rows.ts';
import { transactionNode } from './transactions.ts';

type Query<T> = { readonly obj: T };

/** Operations of each transaction, one query for the whole batch. */
async function operationsOfTransactions(queries: readonly Query<{ id: string }>[], ctx: ApiContext) {
  const ids = [...new Set(queries.map((q) => q.obj.id))];
  const rows = await queryRows<Row>(
    ctx.deps.ch,
    'SELECT * FROM operations WHERE transaction_id IN (SELECT toUInt64(arrayJoin({ids:Array(String)}))) ORDER BY id',
    { ids },
    'Transaction.operations',
  );
  const byTx = new Map<string, ReturnType<typeof operationNode>[]>();
  for (const row of rows) {
    const key = str(row.transaction_id);
    byTx.set(key, [...(byTx.get(key) ?? []), operationNode(row)]);
  }
  return queries.map((q) => byTx.get(q.obj.id) ?? []);
}

/** The ledger header of each item, one query for the batch. */
async function ledgersOf(queries: readonly Query<{ ledger: number }>[], ctx: ApiContext) {
  const sequences = [...new Set(queries.map((q) => q.obj.ledger))];
  const rows = await queryRows<Row>(
    ctx.deps.ch,
    'SELECT * FROM ledgers WHERE sequence IN {s:Array(UInt32)}',
    { s: sequences },
    'ledgerHeader',
  );
  const bySequence = new Map(rows.map((r) => [Number(r.sequence), ledgerNode(r)]));
  return queries.map((q) => bySequence.get(q.obj.ledger) ?? null);
}

/** The transaction of each item by hash, one query for the batch. */
async function transactionsByHash(queries: readonly Query<{ txHash: string }>[], ctx: ApiContext) {
  const hashes = [...new Set(queries.map((q) => q.obj.txHash))];
  const rows = await queryRows<Row>(
    ctx.deps.ch,
    'SELECT * FROM transactions WHERE hash IN {h:Array(String)}',
    { h: hashes },
    'transaction',
  );
  const byHash = new Map(rows.map((r) => [str(r.hash), transactionNode(r)]));
  return queries.map((q) => byHash.get(q.obj.txHash) ?? null);
}

/** Mercurius loaders: nested fields batch per request (no N+1). */
export const loaders = {
  Transaction: { operations: operationsOfTransactions, ledgerHeader: ledgersOf },
  Operation: { transaction: transactionsByHash },
  Payment: { transaction: transactionsByHash },
  Trade: { transaction: transactionsByHash },
};
