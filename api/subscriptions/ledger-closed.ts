import type { StoredEvent } from '../../contracts/event-store.ts';
import type { LedgerClosed } from '../../contracts/events/ledger-closed.ts';
import { subscriptionField } from './subscription-field.ts';

const ledgerOf = (event: StoredEvent) => {
  const { data } = event.payload as LedgerClosed;
  return {
    sequence: data.sequence,
    hash: data.hash,
    previousHash: data.previousHash,
    closeTime: data.closeTime.replace('.000Z', 'Z'),
    protocolVersion: data.protocolVersion,
    baseFee: data.baseFee,
    baseReserve: data.baseReserve,
    transactionCount: data.transactionCount,
    successfulTransactionCount: data.successfulTransactionCount,
    failedTransactionCount: data.failedTransactionCount,
    operationCount: data.operationCount,
    successfulOperationCount: data.successfulOperationCount,
    feeCharged: data.feeCharged,
    contractEvents: null,
  };
};

export const ledgerClosedSubscription = subscriptionField('ledgerClosed', () => ({
  types: ['LedgerClosed'],
  itemOf: ledgerOf,
}));
