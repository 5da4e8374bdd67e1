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
  const amount = (field: string, value: string): string => integerString(projection, event, field, value);
  const parties = (to: string) => ({
    from: baseAccount(source),
    to: baseAccount(to),
    fromMuxed: muxedOrNull(source),
    toMuxed: muxedOrNull(to),
    claimableBalance: null,
  });
  switch (body.type) {
    case 'payment':
      return {
        type: body.type,
        ...parties(body.destination),
        asset: body.asset,
        amount: amount('body.amount', body.amount),
        sourceAsset: null,
        sourceAmount: null,
      };
    case 'createAccount':
      return {
        type: body.type,
        ...parties(body.destination),
        asset: 'native',
        amount: amount('body.startingBalance', body.startingBalance),
        sourceAsset: null,
        sourceAmount: null,
      };
    case 'pathPaymentStrictReceive':
      return {
        type: body.type,
        ...parties(body.destination),
        asset: body.destAsset,
        amount: amount('body.destAmount', body.destAmount),
        sourceAsset: body.sendAsset,
        sourceAmount: null,
      };
    case 'pathPaymentStrictSend':
      return {
        type: body.type,
        ...parties(body.destination),
        asset: body.destAsset,
        amount: null,
        sourceAsset: body.sendAsset,
        sourceAmount: amount('body.sendAmount', body.sendAmount),
      };
    case 'accountMerge':
      return {
        type: body.type,
        ...parties(body.destination),
        asset: 'native',
        amount: null,
        sourceAsset: null,
        sourceAmount: null,
      };
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
