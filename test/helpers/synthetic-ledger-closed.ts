import type { NewEvent } from '../../contracts/event-store.ts';

/** A synthetic LedgerClosed event of the stored shape, for ledger `sequence` (benches and API tests). */
export function ledgerClosedEvent(sequence: number, closeTime = new Date().toISOString()): NewEvent {
  const data = {
    sequence,
    hash: sequence.toString(16).padStart(64, '0'),
    previousHash: '0'.repeat(64),
    closeTime,
    protocolVersion: 26,
    baseFee: 100,
    baseReserve: 5000000,
    transactionCount: 0,
    successfulTransactionCount: 0,
    failedTransactionCount: 0,
    operationCount: 0,
    successfulOperationCount: 0,
    feeCharged: '0',
    metaVersion: 2,
  };
  return {
    type: 'LedgerClosed',
    id: `synthetic-${sequence}`,
    ledger: sequence,
    payload: { id: `synthetic-${sequence}`, type: 'LedgerClosed', data },
  };
}
