import type { AssetString } from '../asset.ts';
import { toid } from '../ids.ts';
import type { EventEnvelope } from './envelope.ts';

export const LIQUIDITY_POOL_UPDATED = 'LiquidityPoolUpdated';
export const LIQUIDITY_POOL_UPDATED_VERSION = 1;

/**
 * How the operation changed the pool entry: `created` (first deposit trust line), `updated`
 * (trades, deposits, withdrawals, trust line count), `restored` (an archived entry brought back), or
 * `removed` (its last pool-share trust line went).
 */
export type LiquidityPoolChangeKind = 'created' | 'updated' | 'restored' | 'removed';

export interface LiquidityPoolUpdatedData {
  /** 0-based index of the operation within its transaction. */
  readonly operationIndex: number;
  readonly change: LiquidityPoolChangeKind;
  /** Hex pool id (SHA-256 of the pool parameters' XDR), as in TradeExecuted and `pool:<hex>` assets. */
  readonly poolId: string;
  /** The same id as an `L…` strkey. */
  readonly poolAddress: string;
  readonly assetA: AssetString;
  readonly assetB: AssetString;
  /** Pool fee in basis points (30 = 0.3%). */
  readonly fee: number;
  /** Integer stroops of asset A held by the pool after the operation, decimal string. */
  readonly reserveA: string;
  /** Integer stroops of asset B held by the pool after the operation, decimal string. */
  readonly reserveB: string;
  /** Pool shares in existence after the operation, decimal string. */
  readonly totalPoolShares: string;
  /** Trust lines holding the pool's shares after the operation, decimal string. */
  readonly poolSharesTrustLineCount: string;
}

/**
 * A liquidity pool entry as an operation of a successful transaction left it: one fact per pool per
 * operation whose ledger entry changes created, updated, restored or removed it (a path payment
 * crossing two pools gives two). For `removed`, the values are the entry's last state before the
 * removal (stellar-core removes a pool only when no share is left, so reserves and shares are 0).
 *
 * Only operation-level changes are read: ledger-level changes outside transactions (protocol
 * upgrades, evictions) and the transaction-level fee and sequence changes, which never touch a
 * pool, are ignored.
 *
 * ID: see liquidityPoolUpdatedId.
 */
export type LiquidityPoolUpdated = EventEnvelope<typeof LIQUIDITY_POOL_UPDATED, LiquidityPoolUpdatedData>;

/**
 * `${toid(ledger, txOrder, opIndex)}-${poolId}`: the operation's TOID (operations 1-based, as in
 * contracts/ids.ts) and the hex pool id, unique because an operation's meta changes a pool at most
 * once. Sorting by the TOID part gives chain order.
 */
export const liquidityPoolUpdatedId = (
  ledger: number,
  txOrder: number,
  opIndex: number,
  poolId: string,
): string => `${toid(ledger, txOrder, opIndex)}-${poolId}`;
