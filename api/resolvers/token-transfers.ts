import type { ApiContext } from '../context.ts';
import { addressArg, oneOfArg, tokenArg } from '../read/args.ts';
import type { PageArgs } from '../read/connection.ts';
import { type ListSpec, readList } from '../read/read-list.ts';
import { type TimeRangeArgs, timeRange } from './filters.ts';
import { num, numOrNull, type Row, str, strOrNull, time } from './rows.ts';

export const tokenTransferNode = (r: Row) => ({
  id: str(r.id),
  token: str(r.token),
  ledger: num(r.ledger),
  closeTime: time(r.close_time),
  txHash: str(r.tx_hash),
  kind: str(r.kind),
  shape: str(r.shape),
  from: strOrNull(r.from),
  to: strOrNull(r.to),
  asset: strOrNull(r.asset),
  contractId: str(r.contract_id),
  amount: str(r.amount),
  toMuxedId: strOrNull(r.to_muxed_id),
  opIndex: numOrNull(r.op_index),
});

const TOKEN_TRANSFERS: ListSpec<Row, ReturnType<typeof tokenTransferNode>> = {
  list: 'tokenTransfers',
  from: 'token_transfers',
  select: '*',
  sort: [{ sql: 'id', type: 'String' }],
  keyOf: (r) => [str(r.id)],
  nodeOf: tokenTransferNode,
};

export const TRANSFER_KINDS = ['transfer', 'mint', 'burn', 'clawback', 'fee'] as const;

export interface TokenTransferFilter extends TimeRangeArgs {
  readonly token?: string | null;
  readonly account?: string | null;
  readonly kind?: string | null;
}

export const tokenTransferResolvers = {
  tokenTransfers: (_: unknown, args: PageArgs & { filter?: TokenTransferFilter | null }, ctx: ApiContext) => {
    const filter = args.filter ?? {};
    const filters: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.token != null) {
      params.token = tokenArg(filter.token, 'filter.token');
      filters.push('token = {token:String}');
    }
    if (filter.account != null) {
      params.account = addressArg(filter.account, 'filter.account');
      filters.push('(`from` = {account:String} OR `to` = {account:String})');
    }
    if (filter.kind != null) {
      params.kind = oneOfArg(filter.kind, TRANSFER_KINDS, 'filter.kind');
      filters.push('kind = {kind:String}');
    }
    timeRange(filter, 'close_time', filters, params);
    return readList(ctx.deps.ch, ctx.deps.config, TOKEN_TRANSFERS, filters, params, args);
  },
};
