import type { AssetString } from '../../contracts/asset.ts';
import {
  TRADE_EXECUTED,
  TRADE_EXECUTED_VERSION,
  type TradeExecuted,
} from '../../contracts/events/trade-executed.ts';
import { parseToid, tradeId } from '../../contracts/ids.ts';
import { fraction } from '../decode/xdr-values/fraction.ts';
import type { RecordReader } from './record-fields.ts';

interface Side {
  readonly account: string | null;
  readonly muxed: string | null;
  readonly pool: string | null;
  readonly offerId: string | null;
  readonly asset: AssetString;
  readonly amount: string;
}

/** Horizon's `{prefix}_asset_type/code/issuer` → `native` or `CODE:ISSUER`. */
export function horizonAsset(r: RecordReader, prefix: string): AssetString {
  const type = r.string(`${prefix}_asset_type`);
  if (type === 'native') return 'native';
  if (type !== 'credit_alphanum4' && type !== 'credit_alphanum12') {
    throw r.fail(
      `${prefix}_asset_type`,
      `must be native, credit_alphanum4 or credit_alphanum12, got "${type}"`,
    );
  }
  return `${r.string(`${prefix}_asset_code`)}:${r.string(`${prefix}_asset_issuer`)}`;
}

function offerIdOf(r: RecordReader, field: string): string | null {
  const v = r.record[field];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  throw r.fail(field, `must be an offer id, got ${JSON.stringify(v)}`);
}

function sideOf(r: RecordReader, prefix: 'base' | 'counter'): Side {
  return {
    account: r.optionalString(`${prefix}_account`),
    muxed: r.optionalString(`${prefix}_account_muxed`),
    pool: r.optionalString(`${prefix}_liquidity_pool_id`),
    offerId: offerIdOf(r, `${prefix}_offer_id`),
    asset: horizonAsset(r, prefix),
    amount: r.stroops(`${prefix}_amount`),
  };
}

/**
 * A `/trades` record → TradeExecuted with Horizon's paging token as id (`TOID-index`, the ledger path's
 * trade id). Horizon orders the two sides by asset (base/counter); `base_is_seller` says which side is
 * the maker (offer owner or pool), which is what the fact calls the seller. The price is recomputed
 * from the amounts, as the ledger path does (Horizon's `price` is the offer's price). Horizon's trade
 * records do not name their transaction: `txHash` is filled in by the caller from the operation.
 */
export function mapTrade(r: RecordReader, network: string, txHash: string | null): TradeExecuted {
  const { token } = r;
  if (token.index === null) throw r.fail('paging_token', 'must be `TOID-index` for a trade');
  const { ledger, txOrder, opIndex } = parseToid(token.toid);
  if (txOrder === 0 || opIndex === 0) throw r.fail('paging_token', 'is not the TOID of an operation');
  const base = sideOf(r, 'base');
  const counter = sideOf(r, 'counter');
  const baseIsSeller = r.boolean('base_is_seller');
  const seller = baseIsSeller ? base : counter;
  const buyer = baseIsSeller ? counter : base;
  const stated = r.optionalString('trade_type');
  const kind = stated ?? (seller.pool === null ? 'orderbook' : 'liquidity_pool');
  if (kind !== 'orderbook' && kind !== 'liquidity_pool') {
    throw r.fail('trade_type', `must be orderbook or liquidity_pool, got "${kind}"`);
  }
  const buyerAccount = buyer.muxed ?? buyer.account;
  const side = baseIsSeller ? 'counter' : 'base';
  if (buyerAccount === null)
    throw r.fail(`${side}_account`, 'is missing: the taker of a trade has an account');
  const makerSide = baseIsSeller ? 'base' : 'counter';
  if (kind === 'orderbook' && seller.account === null) {
    throw r.fail(`${makerSide}_account`, 'is missing: the maker of an order-book trade has an account');
  }
  if (kind === 'liquidity_pool' && seller.pool === null) {
    throw r.fail(`${makerSide}_liquidity_pool_id`, 'is missing: the maker of a pool trade is a pool');
  }
  const offerId = kind === 'orderbook' ? (seller.offerId ?? offerIdOf(r, 'offer_id')) : null;
  const amountSold = BigInt(seller.amount);
  const amountBought = BigInt(buyer.amount);
  return {
    id: tradeId(ledger, txOrder, opIndex, token.index),
    type: TRADE_EXECUTED,
    schemaVersion: TRADE_EXECUTED_VERSION,
    network,
    ledger,
    closeTime: r.time('ledger_close_time'),
    txHash,
    data: {
      operationIndex: opIndex - 1,
      index: token.index,
      kind,
      buyer: buyerAccount,
      seller: kind === 'orderbook' ? seller.account : null,
      offerId,
      liquidityPoolId: kind === 'liquidity_pool' ? seller.pool : null,
      assetSold: seller.asset,
      amountSold: seller.amount,
      assetBought: buyer.asset,
      amountBought: buyer.amount,
      price: amountSold === 0n ? null : fraction(amountBought, amountSold),
    },
  };
}
