import type { AssetString, Fraction } from '../asset.ts';
import type { EventEnvelope } from './envelope.ts';

export const TRADE_EXECUTED = 'TradeExecuted';
export const TRADE_EXECUTED_VERSION = 1;

export interface TradeExecutedData {
  readonly operationIndex: number;
  /** Index of the claim atom within the operation result (0-based). */
  readonly index: number;
  readonly kind: 'orderbook' | 'liquidity_pool';
  /** The taker: the operation's source account. */
  readonly buyer: string;
  /** The offer owner for order-book trades; null for pool trades. */
  readonly seller: string | null;
  readonly offerId: string | null;
  /** Hex pool id for liquidity-pool trades. */
  readonly liquidityPoolId: string | null;
  /** What the seller (maker or pool) gave up. */
  readonly assetSold: AssetString;
  readonly amountSold: string;
  /** What the seller received. */
  readonly assetBought: AssetString;
  readonly amountBought: string;
  /**
   * Price of the sold asset in units of the bought asset: amountBought / amountSold, reduced.
   * Null for the rare atom that moved nothing (both amounts 0).
   */
  readonly price: Fraction | null;
}

export type TradeExecuted = EventEnvelope<typeof TRADE_EXECUTED, TradeExecutedData>;
