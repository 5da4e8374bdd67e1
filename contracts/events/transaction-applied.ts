import type { EventEnvelope } from './envelope.ts';

export const TRANSACTION_APPLIED = 'TransactionApplied';
export const TRANSACTION_APPLIED_VERSION = 1;

export type Memo =
  | { readonly type: 'none' }
  | { readonly type: 'text'; readonly value: string; readonly hex?: string }
  | { readonly type: 'id'; readonly value: string }
  | { readonly type: 'hash' | 'return'; readonly value: string };

export interface FeeBumpInfo {
  /** The account that paid the fee (a G… or M… strkey). */
  readonly feeSource: string;
  /** The fee-bump's maximum fee, stroops. */
  readonly maxFee: string;
  readonly innerHash: string;
  readonly innerMaxFee: string;
}

export interface TransactionAppliedData {
  readonly hash: string;
  /** 1-based application order within the ledger. */
  readonly applicationOrder: number;
  readonly sourceAccount: string;
  readonly sequence: string;
  readonly feeBump: FeeBumpInfo | null;
  /** Max fee of the (inner) transaction, stroops. */
  readonly maxFee: string;
  readonly feeCharged: string;
  readonly successful: boolean;
  /** The XDR result code name, e.g. `txSuccess`, `txFailed`, `txFeeBumpInnerSuccess`. */
  readonly resultCode: string;
  /** For a fee-bump, the inner transaction's result code. */
  readonly innerResultCode: string | null;
  readonly memo: Memo;
  readonly operationCount: number;
  /** Declared Soroban resource fee where the transaction has Soroban data. */
  readonly sorobanResourceFee: string | null;
  readonly envelopeType: string;
}

export type TransactionApplied = EventEnvelope<typeof TRANSACTION_APPLIED, TransactionAppliedData>;
