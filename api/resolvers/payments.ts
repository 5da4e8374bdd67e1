import type { ApiContext } from '../context.ts';
import { accountArg, assetArg } from '../read/args.ts';
import type { PageArgs } from '../read/connection.ts';
import { type ListSpec, readList } from '../read/read-list.ts';
import { type TimeRangeArgs, timeRange } from './filters.ts';
import { num, type Row, str, strOrNull, time } from './rows.ts';

export const paymentNode = (r: Row) => ({
  id: str(r.id),
  ledger: num(r.ledger),
  closeTime: time(r.close_time),
  txHash: str(r.tx_hash),
  opIndex: num(r.op_index),
  type: str(r.type),
  from: str(r.from),
  to: str(r.to),
  fromMuxed: strOrNull(r.from_muxed),
  toMuxed: strOrNull(r.to_muxed),
  asset: strOrNull(r.asset),
  amount: strOrNull(r.amount),
  sourceAsset: strOrNull(r.source_asset),
  sourceAmount: strOrNull(r.source_amount),
  claimableBalance: strOrNull(r.claimable_balance),
});

export const PAYMENTS: ListSpec<Row, ReturnType<typeof paymentNode>> = {
  list: 'payments',
  from: 'payments',
  select: '*',
  sort: [{ sql: 'id', type: 'UInt64' }],
  keyOf: (r) => [str(r.id)],
  nodeOf: paymentNode,
};

interface PaymentsArgs extends PageArgs, TimeRangeArgs {
  readonly account?: string | null;
  readonly asset?: string | null;
}

export const paymentResolvers = {
  payments: (_: unknown, args: PaymentsArgs, ctx: ApiContext) => {
    const filters: string[] = [];
    const params: Record<string, unknown> = {};
    if (args.account != null) {
      params.account = accountArg(args.account, 'account');
      filters.push('(`from` = {account:String} OR `to` = {account:String})');
    }
    if (args.asset != null) {
      params.asset = assetArg(args.asset, 'asset');
      filters.push('(asset = {asset:String} OR source_asset = {asset:String})');
    }
    timeRange(args, 'close_time', filters, params);
    return readList(ctx.deps.ch, ctx.deps.config, PAYMENTS, filters, params, args);
  },
};
