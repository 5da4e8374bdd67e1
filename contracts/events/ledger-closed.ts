import type { EventEnvelope } from './envelope.ts';

export const LEDGER_CLOSED = 'LedgerClosed';
export const LEDGER_CLOSED_VERSION = 1;

export interface LedgerClosedData {
  readonly sequence: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly closeTime: string;
  readonly protocolVersion: number;
  readonly baseFee: number;
  readonly baseReserve: number;
  readonly transactionCount: number;
  readonly successfulTransactionCount: number;
  readonly failedTransactionCount: number;
  /** Operations in all transactions of the ledger, failed ones included. */
  readonly operationCount: number;
  /** Operations in successful transactions only. */
  readonly successfulOperationCount: number;
  /** Total fee charged in stroops, as a decimal string. */
  readonly feeCharged: string;
  readonly metaVersion: number;
}

export type LedgerClosed = EventEnvelope<typeof LEDGER_CLOSED, LedgerClosedData>;
