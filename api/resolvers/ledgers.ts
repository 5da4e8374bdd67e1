import type { ApiContext } from '../context.ts';
import { ledgerArg } from '../read/args.ts';
import type { PageArgs } from '../read/connection.ts';
import { type ListSpec, queryRows, readList } from '../read/read-list.ts';
import { num, type Row, str, time } from './rows.ts';

export const ledgerNode = (r: Row) => ({
  sequence: num(r.sequence),
  hash: str(r.hash),
  previousHash: str(r.previous_hash),
  closeTime: time(r.close_time),
  protocolVersion: num(r.protocol_version),
  baseFee: num(r.base_fee),
  baseReserve: num(r.base_reserve),
  transactionCount: num(r.transaction_count),
  successfulTransactionCount: num(r.successful_transaction_count),
  failedTransactionCount: num(r.failed_transaction_count),
  operationCount: num(r.operation_count),
  successfulOperationCount: num(r.successful_operation_count),
  feeCharged: str(r.fee_charged),
  contractEvents: num(r.contract_events),
});

export const LEDGERS: ListSpec<Row, ReturnType<typeof ledgerNode>> = {
  list: 'ledgers',
  from: 'ledgers',
  select: '*',
  sort: [{ sql: 'sequence', type: 'UInt32' }],
  keyOf: (r) => [str(r.sequence)],
  nodeOf: ledgerNode,
};

export const ledgerResolvers = {
  ledgers: (_: unknown, args: PageArgs, ctx: ApiContext) =>
    readList(ctx.deps.ch, ctx.deps.config, LEDGERS, [], {}, args),
  ledger: async (_: unknown, args: { sequence: number }, ctx: ApiContext) => {
    const sequence = ledgerArg(args.sequence, 'sequence');
    const rows = await queryRows<Row>(
      ctx.deps.ch,
      'SELECT * FROM ledgers WHERE sequence = {s:UInt32}',
      { s: sequence },
      'ledger',
    );
    return rows[0] === undefined ? null : ledgerNode(rows[0]);
  },
};
