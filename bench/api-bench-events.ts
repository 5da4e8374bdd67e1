import type { NewEvent } from '../contracts/event-store.ts';

/**
 * Milliseconds on CLOCK_MONOTONIC, which every process on the machine shares: an append time taken
 * in the server process and a receipt time taken in the client process can be subtracted.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** A LedgerClosed event of the stored shape, for ledger `sequence`. */
export function ledgerClosedEvent(sequence: number): NewEvent {
  const data = {
    sequence,
    hash: sequence.toString(16).padStart(64, '0'),
    previousHash: '0'.repeat(64),
    closeTime: new Date().toISOString(),
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
    id: `bench-${sequence}`,
    ledger: sequence,
    payload: { id: `bench-${sequence}`, type: 'LedgerClosed', data },
  };
}
