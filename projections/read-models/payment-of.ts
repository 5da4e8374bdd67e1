import type { StoredEvent } from '../../contracts/event-store.ts';
import type { OperationApplied } from '../../contracts/events/operation-applied.ts';
import { baseAccount, claimableBalanceAddress, muxedOrNull } from './addresses.ts';
import { integerString } from './amounts.ts';

/** The operation types the `payments` read model holds. */
export const PAYMENT_TYPES = [
  'payment',
  'pathPaymentStrictReceive',
  'pathPaymentStrictSend',
  'createAccount',
  'accountMerge',
  'claimClaimableBalance',
] as const;

export type PaymentType = (typeof PAYMENT_TYPES)[number];

/**
 * What an operation's body says about a payment. `from`/`to` are `G…` accounts (a muxed address is
 * folded to its account and kept in `fromMuxed`/`toMuxed`), or the claimable balance's `B…` address
 * as `from` of a claim. Null amounts are not in the body; the payments reader fills them from the
 * operation's trades and CAP-67 events.
 */
export interface PaymentFacts {
  readonly type: PaymentType;
  readonly from: string;
  readonly to: string;
  readonly fromMuxed: string | null;
  readonly toMuxed: string | null;
  readonly asset: string | null;
  readonly amount: string | null;
  readonly sourceAsset: string | null;
  readonly sourceAmount: string | null;
  readonly claimableBalance: string | null;
}

/** The payment an operation made, or null when it is no payment or its transaction failed. */
export function paymentOf(
  projection: string,
  event: StoredEvent,
  fact: OperationApplied,
): PaymentFacts | null {
  const { data } = fact;
  if (!data.transactionSuccessful) return null;
  const body = data.body;
  const source = data.sourceAccount;
  switch (body.type) {
    case 'payment':
      return sent(body.type, source, body.destination, {
        asset: body.asset,
        amount: integerString(projection, event, 'body.amount', body.amount),
        sourceAsset: null,
        sourceAmount: null,
      });
    case 'createAccount':
      return sent(body.type, source, body.destination, {
        asset: 'native',
        amount: integerString(projection, event, 'body.startingBalance', body.startingBalance),
        sourceAsset: null,
        sourceAmount: null,
      });
    case 'pathPaymentStrictReceive':
      return sent(body.type, source, body.destination, {
        asset: body.destAsset,
        amount: integerString(projection, event, 'body.destAmount', body.destAmount),
        sourceAsset: body.sendAsset,
        sourceAmount: null,
      });
    case 'pathPaymentStrictSend':
      return sent(body.type, source, body.destination, {
        asset: body.destAsset,
        amount: null,
        sourceAsset: body.sendAsset,
        sourceAmount: integerString(projection, event, 'body.sendAmount', body.sendAmount),
      });
    case 'accountMerge':
      return sent(body.type, source, body.destination, {
        asset: 'native',
        amount: null,
        sourceAsset: null,
        sourceAmount: null,
      });
    case 'claimClaimableBalance': {
      const balance = claimableBalanceAddress(body.balanceId);
      return {
        type: body.type,
        from: balance,
        to: baseAccount(source),
        fromMuxed: null,
        toMuxed: muxedOrNull(source),
        asset: null,
        amount: null,
        sourceAsset: null,
        sourceAmount: null,
        claimableBalance: balance,
      };
    }
    default:
      return null;
  }
}

/** A payment from the operation's source to `to`, both folded to accounts. */
function sent(
  type: PaymentType,
  source: string,
  to: string,
  amounts: Pick<PaymentFacts, 'asset' | 'amount' | 'sourceAsset' | 'sourceAmount'>,
): PaymentFacts {
  return {
    type,
    from: baseAccount(source),
    to: baseAccount(to),
    fromMuxed: muxedOrNull(source),
    toMuxed: muxedOrNull(to),
    asset: amounts.asset,
    amount: amounts.amount,
    sourceAsset: amounts.sourceAsset,
    sourceAmount: amounts.sourceAmount,
    claimableBalance: null,
  };
}
