import { contractEventsProjection, tokenTransfersProjection } from '../../projections/read-models/index.ts';
import { addressArg, contractArg, oneOfArg, tokenArg } from '../read/args.ts';
import { contractEventNode, topicFilters } from '../resolvers/contract-events.ts';
import { TRANSFER_KINDS, tokenTransferNode } from '../resolvers/token-transfers.ts';
import { rowOf } from './from-rows.ts';
import { subscriptionField } from './subscription-field.ts';

export const contractEventsSubscription = subscriptionField(
  'contractEvents',
  (args: { after?: string | null; contract: string; topics?: (string | null)[] | null }) => {
    const contract = contractArg(args.contract, 'contract');
    const topics = topicFilters(args.topics);
    return {
      types: ['ContractEventEmitted'],
      itemOf: (event) => {
        const row = rowOf(contractEventsProjection, 'contract_events', event);
        if (row === null || row.contract_id !== contract) return null;
        const node = contractEventNode(row);
        const matches = topics.every((t, i) => t === null || node.topics[i] === t);
        return matches ? node : null;
      },
    };
  },
);

interface TransferFilter {
  readonly token?: string | null;
  readonly account?: string | null;
  readonly kind?: string | null;
}

export const tokenTransfersSubscription = subscriptionField(
  'tokenTransfers',
  (args: { after?: string | null; filter?: TransferFilter | null }) => {
    const f = args.filter ?? {};
    const token = f.token == null ? null : tokenArg(f.token, 'filter.token');
    const account = f.account == null ? null : addressArg(f.account, 'filter.account');
    const kind = f.kind == null ? null : oneOfArg(f.kind, TRANSFER_KINDS, 'filter.kind');
    return {
      types: ['TokenTransferred'],
      itemOf: (event) => {
        const row = rowOf(tokenTransfersProjection, 'token_transfers', event);
        if (row === null) return null;
        const node = tokenTransferNode(row);
        if (token !== null && node.token !== token) return null;
        if (account !== null && node.from !== account && node.to !== account) return null;
        if (kind !== null && node.kind !== kind) return null;
        return node;
      },
    };
  },
);
