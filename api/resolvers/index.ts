import type { IResolvers } from 'mercurius';
import { requirePrincipal } from '../auth/require-principal.ts';
import type { ApiContext } from '../context.ts';
import { contractEventsSubscription, tokenTransfersSubscription } from '../subscriptions/contract-events.ts';
import { ledgerClosedSubscription } from '../subscriptions/ledger-closed.ts';
import { paymentsSubscription } from '../subscriptions/payments.ts';
import { candlesSubscription, tradesSubscription } from '../subscriptions/trades.ts';
import { triggerFiredSubscription } from '../subscriptions/trigger-fired.ts';
import { activityResolvers } from './activity.ts';
import { contractEventResolvers } from './contract-events.ts';
import { ledgerResolvers } from './ledgers.ts';
import { metaResolvers } from './meta.ts';
import { operationResolvers } from './operations.ts';
import { paymentResolvers } from './payments.ts';
import { tokenTransferResolvers } from './token-transfers.ts';
import { tradeResolvers } from './trades.ts';
import { transactionResolvers } from './transactions.ts';
import { triggerRuleMutations, triggerRuleQueries } from './trigger-rules.ts';

type QueryResolver = (root: unknown, args: never, ctx: ApiContext) => unknown;

/** Every Query field checks credentials first (anonymous access is per field, see config.anonymous). */
function guarded(resolvers: Record<string, QueryResolver>): Record<string, QueryResolver> {
  return Object.fromEntries(
    Object.entries(resolvers).map(([field, resolve]) => [
      field,
      (root: unknown, args: never, ctx: ApiContext) => {
        requirePrincipal(ctx, field, 'query');
        return resolve(root, args, ctx);
      },
    ]),
  );
}

export function createResolvers(): IResolvers {
  return {
    Query: {
      ...guarded({
        ...ledgerResolvers,
        ...transactionResolvers,
        ...operationResolvers,
        ...paymentResolvers,
        ...tradeResolvers,
        ...tokenTransferResolvers,
        ...contractEventResolvers,
        ...activityResolvers,
        ...metaResolvers,
      } as Record<string, QueryResolver>),
      ...triggerRuleQueries,
    },
    // Rule management checks credentials itself: never anonymous.
    Mutation: triggerRuleMutations,
    Subscription: {
      ledgerClosed: ledgerClosedSubscription,
      payments: paymentsSubscription,
      trades: tradesSubscription,
      candles: candlesSubscription,
      contractEvents: contractEventsSubscription,
      tokenTransfers: tokenTransfersSubscription,
      triggerFired: triggerFiredSubscription,
    },
  } as unknown as IResolvers;
}
