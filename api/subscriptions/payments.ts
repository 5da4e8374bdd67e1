import { paymentsProjection } from '../../projections/read-models/index.ts';
import { accountArg, assetArg } from '../read/args.ts';
import { paymentNode } from '../resolvers/payments.ts';
import { rowOf } from './from-rows.ts';
import { subscriptionField } from './subscription-field.ts';

interface PaymentsFilter {
  readonly account?: string | null;
  readonly asset?: string | null;
}

/**
 * Payments as their operations are stored. Amounts the operation body does not state (path payment
 * strict send `amount`, account merge, claims) are null here; the `payments` query fills them in.
 */
export const paymentsSubscription = subscriptionField(
  'payments',
  (args: { after?: string | null; filter?: PaymentsFilter | null }) => {
    const account = args.filter?.account == null ? null : accountArg(args.filter.account, 'filter.account');
    const asset = args.filter?.asset == null ? null : assetArg(args.filter.asset, 'filter.asset');
    return {
      types: ['OperationApplied'],
      itemOf: (event) => {
        const row = rowOf(paymentsProjection, 'payments', event);
        if (row === null) return null;
        const node = paymentNode(row);
        if (account !== null && node.from !== account && node.to !== account) return null;
        if (asset !== null && node.asset !== asset && node.sourceAsset !== asset) return null;
        return node;
      },
    };
  },
);
