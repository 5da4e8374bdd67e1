import type { ApiContext } from '../context.ts';
import { accountArg, hashArg } from '../read/args.ts';
import type { PageArgs } from '../read/connection.ts';
import { type ListSpec, readList } from '../read/read-list.ts';
import { bool, num, type Row, str, strOrNull, time } from './rows.ts';

export const operationNode = (r: Row) => ({
  id: str(r.id),
  transactionId: str(r.transaction_id),
  ledger: num(r.ledger),
  closeTime: time(r.close_time),
  txHash: str(r.tx_hash),
  index: num(r.op_index),
  type: str(r.type),
  sourceAccount: str(r.source_account),
  details: str(r.details),
  transactionSuccessful: bool(r.transaction_successful),
  resultCode: strOrNull(r.result_code),
});

export const OPERATIONS: ListSpec<Row, ReturnType<typeof operationNode>> = {
  list: 'operations',
  from: 'operations',
  select: '*',
  sort: [{ sql: 'id', type: 'UInt64' }],
  keyOf: (r) => [str(r.id)],
  nodeOf: operationNode,
};

interface OperationsArgs extends PageArgs {
  readonly account?: string | null;
  readonly type?: string | null;
  readonly transactionHash?: string | null;
}

export const operationResolvers = {
  operations: (_: unknown, args: OperationsArgs, ctx: ApiContext) => {
    const filters: string[] = [];
    const params: Record<string, unknown> = {};
    if (args.account != null) {
      params.account = accountArg(args.account, 'account');
      filters.push('source_account = {account:String}');
    }
    if (args.type != null) {
      params.type = args.type;
      filters.push('type = {type:String}');
    }
    if (args.transactionHash != null) {
      params.tx = hashArg(args.transactionHash, 'transactionHash');
      filters.push('tx_hash = {tx:String}');
    }
    return readList(ctx.deps.ch, ctx.deps.config, OPERATIONS, filters, params, args);
  },
};
