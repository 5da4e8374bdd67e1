import type { ApiContext } from '../context.ts';
import { accountArg, hashArg, ledgerArg } from '../read/args.ts';
import type { PageArgs } from '../read/connection.ts';
import { type ListSpec, queryRows, readList } from '../read/read-list.ts';
import { bool, num, type Row, str, strOrNull, time } from './rows.ts';

export const transactionNode = (r: Row) => ({
  id: str(r.id),
  hash: str(r.hash),
  ledger: num(r.ledger),
  closeTime: time(r.close_time),
  applicationOrder: num(r.application_order),
  sourceAccount: str(r.source_account),
  sequence: str(r.sequence),
  feeAccount: strOrNull(r.fee_account),
  feeBumpMaxFee: strOrNull(r.fee_bump_max_fee),
  innerHash: strOrNull(r.inner_hash),
  maxFee: str(r.max_fee),
  feeCharged: str(r.fee_charged),
  successful: bool(r.successful),
  resultCode: str(r.result_code),
  innerResultCode: strOrNull(r.inner_result_code),
  memoType: str(r.memo_type),
  memo: strOrNull(r.memo),
  operationCount: num(r.operation_count),
  sorobanResourceFee: strOrNull(r.soroban_resource_fee),
  envelopeType: str(r.envelope_type),
});

export type TransactionNode = ReturnType<typeof transactionNode>;

export const TRANSACTIONS: ListSpec<Row, TransactionNode> = {
  list: 'transactions',
  from: 'transactions',
  select: '*',
  sort: [{ sql: 'id', type: 'UInt64' }],
  keyOf: (r) => [str(r.id)],
  nodeOf: transactionNode,
};

interface TransactionsArgs extends PageArgs {
  readonly account?: string | null;
  readonly ledger?: number | null;
  readonly successful?: boolean | null;
}

export const transactionResolvers = {
  transaction: async (_: unknown, args: { hash: string }, ctx: ApiContext) => {
    const hash = hashArg(args.hash, 'hash');
    const rows = await queryRows<Row>(
      ctx.deps.ch,
      'SELECT * FROM transactions WHERE hash = {h:String} LIMIT 1',
      { h: hash },
      'transaction',
    );
    return rows[0] === undefined ? null : transactionNode(rows[0]);
  },
  transactions: (_: unknown, args: TransactionsArgs, ctx: ApiContext) => {
    const filters: string[] = [];
    const params: Record<string, unknown> = {};
    if (args.account != null) {
      params.account = accountArg(args.account, 'account');
      filters.push('(source_account = {account:String} OR fee_account = {account:String})');
    }
    if (args.ledger != null) {
      params.ledger = ledgerArg(args.ledger, 'ledger');
      filters.push('ledger = {ledger:UInt32}');
    }
    if (args.successful != null) {
      params.successful = args.successful;
      filters.push('successful = {successful:Bool}');
    }
    return readList(ctx.deps.ch, ctx.deps.config, TRANSACTIONS, filters, params, args);
  },
};
