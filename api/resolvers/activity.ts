import { baseAccount } from '../../projections/read-models/addresses.ts';
import type { ApiContext } from '../context.ts';
import { apiError } from '../errors.ts';
import { addressArg, tokenArg } from '../read/args.ts';
import type { PageArgs } from '../read/connection.ts';
import { type ListSpec, queryRows, readList } from '../read/read-list.ts';
import { num, type Row, str, time } from './rows.ts';

const assetActivityNode = (r: Row) => ({
  asset: str(r.asset),
  day: str(r.day),
  transferCount: num(r.transfer_count),
  transferVolume: str(r.transfer_volume),
  mintVolume: str(r.mint_volume),
  burnVolume: str(r.burn_volume),
  feeVolume: str(r.fee_volume),
  tradeCount: num(r.trade_count),
  tradeVolume: str(r.trade_volume),
  distinctAccounts: num(r.distinct_accounts),
});

const ASSET_ACTIVITY: ListSpec<Row, ReturnType<typeof assetActivityNode>> = {
  list: 'assetActivity',
  from: 'asset_activity_daily',
  select: '*',
  sort: [{ sql: 'day', type: 'Date' }],
  keyOf: (r) => [str(r.day)],
  nodeOf: assetActivityNode,
};

const dayArg = (value: string, arg: string): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw apiError('API_ERR_BAD_ARGUMENT', `${arg} "${value.slice(0, 40)}" is not a day (YYYY-MM-DD)`, {
    details: { argument: arg },
  });
};

export const activityResolvers = {
  assetActivity: (
    _: unknown,
    args: PageArgs & { asset: string; from?: string | null; to?: string | null },
    ctx: ApiContext,
  ) => {
    const params: Record<string, unknown> = { asset: tokenArg(args.asset, 'asset') };
    const filters = ['asset = {asset:String}'];
    if (args.from != null) {
      params.from = dayArg(args.from, 'from');
      filters.push('day >= toDate({from:String})');
    }
    if (args.to != null) {
      params.to = dayArg(args.to, 'to');
      filters.push('day <= toDate({to:String})');
    }
    return readList(ctx.deps.ch, ctx.deps.config, ASSET_ACTIVITY, filters, params, args);
  },
  accountActivity: async (_: unknown, args: { account: string }, ctx: ApiContext) => {
    const address = addressArg(args.account, 'account');
    const account = address.startsWith('M') ? baseAccount(address) : address;
    const rows = await queryRows<Row>(
      ctx.deps.ch,
      'SELECT * FROM account_activity WHERE account = {a:String}',
      { a: account },
      'accountActivity',
    );
    const r = rows[0];
    if (r === undefined) return null;
    return {
      account: str(r.account),
      transactions: num(r.transactions),
      paymentsIn: num(r.payments_in),
      paymentsOut: num(r.payments_out),
      trades: num(r.trades),
      firstLedger: num(r.first_ledger),
      lastLedger: num(r.last_ledger),
      firstSeen: time(r.first_seen),
      lastSeen: time(r.last_seen),
    };
  },
};
