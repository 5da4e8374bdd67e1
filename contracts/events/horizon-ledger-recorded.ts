import type { EventEnvelope } from './envelope.ts';

export const HORIZON_LEDGER_RECORDED = 'HorizonLedgerRecorded';
export const HORIZON_LEDGER_RECORDED_VERSION = 1;

/**
 * A ledger as Horizon's `/ledgers` resource describes it. Its id is TOID(ledger, 0, 0), the same as the
 * LedgerClosed of the same ledger. It is a type of its own because Horizon does not say what
 * LedgerClosed needs (the fees charged in the ledger, the metadata version): those are not synthesized.
 * Header fields are read from `header_xdr` when the record carries it (the hash is then checked as the
 * SHA-256 of those bytes), else from Horizon's JSON fields.
 */
export interface HorizonLedgerRecordedData {
  readonly sequence: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly closeTime: string;
  readonly protocolVersion: number;
  /** Stroops. */
  readonly baseFee: number;
  /** Stroops. */
  readonly baseReserve: number;
  readonly maxTxSetSize: number;
  /** Lumens in existence, in stroops, as a decimal string. */
  readonly totalCoins: string;
  /** The fee pool, in stroops, as a decimal string. */
  readonly feePool: string;
  /** Counts from Horizon's JSON; null when the record omits them (trimmed recordings). */
  readonly successfulTransactionCount: number | null;
  readonly failedTransactionCount: number | null;
  /** Operations in all transactions of the ledger, failed ones included (`tx_set_operation_count`). */
  readonly operationCount: number | null;
  /** Operations in successful transactions only (Horizon's `operation_count`). */
  readonly successfulOperationCount: number | null;
  /** True when the header fields were read from `header_xdr`. */
  readonly fromHeaderXdr: boolean;
}

export type HorizonLedgerRecorded = EventEnvelope<typeof HORIZON_LEDGER_RECORDED, HorizonLedgerRecordedData>;
