import type { xdr } from '@stellar/stellar-sdk';
import {
  TRADE_EXECUTED,
  TRADE_EXECUTED_VERSION,
  type TradeExecuted,
} from '../../contracts/events/trade-executed.ts';
import { tradeId } from '../../contracts/ids.ts';
import { hexOf } from './bytes.ts';
import { type FactContext, makeFact } from './fact-context.ts';
import { armOf } from './transaction-result.ts';
import { accountIdFromEd25519, accountIdToStrkey } from './xdr-values/accounts.ts';
import { assetToString } from './xdr-values/asset.ts';
import { fraction } from './xdr-values/fraction.ts';

type AnyUnion = { type: string; [arm: string]: unknown };
interface AtomAmounts {
  assetSold: xdr.Asset;
  amountSold: bigint;
  assetBought: xdr.Asset;
  amountBought: bigint;
}

/** The claim atoms of a successful offer or path-payment result; empty for every other result. */
export function claimAtomsOf(result: xdr.OperationResult): readonly xdr.ClaimAtom[] {
  const r = result as unknown as AnyUnion;
  if (r.type !== 'opInner') return [];
  const specific = armOf(r.tr);
  if (specific === undefined || !specific.type.endsWith('Success')) return [];
  const success = armOf(specific) as
    | { offersClaimed?: xdr.ClaimAtom[]; offers?: xdr.ClaimAtom[] }
    | undefined;
  return success?.offersClaimed ?? success?.offers ?? [];
}

/**
 * One TradeExecuted per claim atom of one operation. Call only for successful transactions: a failed
 * transaction's op results can still list atoms, but it was rolled back.
 */
export function tradesOfOperation(
  ctx: FactContext,
  txHash: string,
  txOrder: number,
  opIndex: number,
  buyer: string,
  result: xdr.OperationResult,
): TradeExecuted[] {
  return claimAtomsOf(result).map((atom, index) => {
    const a = atom as unknown as AnyUnion;
    const body = armOf(a) as unknown as AtomAmounts & {
      sellerId?: xdr.PublicKey;
      sellerEd25519?: unknown;
      offerId?: bigint;
      liquidityPoolId?: unknown;
    };
    const isPool = a.type === 'claimAtomTypeLiquidityPool';
    const seller = isPool
      ? null
      : body.sellerId !== undefined
        ? accountIdToStrkey(body.sellerId)
        : accountIdFromEd25519(body.sellerEd25519 as Uint8Array);
    return makeFact(
      ctx,
      TRADE_EXECUTED,
      TRADE_EXECUTED_VERSION,
      tradeId(ctx.ledger, txOrder, opIndex + 1, index),
      txHash,
      {
        operationIndex: opIndex,
        index,
        kind: isPool ? 'liquidity_pool' : 'orderbook',
        buyer,
        seller,
        offerId: isPool || body.offerId === undefined ? null : body.offerId.toString(),
        liquidityPoolId: isPool ? hexOf(body.liquidityPoolId) : null,
        assetSold: assetToString(body.assetSold),
        amountSold: body.amountSold.toString(),
        assetBought: assetToString(body.assetBought),
        amountBought: body.amountBought.toString(),
        price: body.amountSold === 0n ? null : fraction(body.amountBought, body.amountSold),
      },
    );
  });
}
