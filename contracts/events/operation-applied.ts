import type { OperationBody } from '../operation-bodies.ts';
import type { EventEnvelope } from './envelope.ts';

export const OPERATION_APPLIED = 'OperationApplied';
export const OPERATION_APPLIED_VERSION = 1;

export interface OperationAppliedData {
  /** 0-based index within the transaction. */
  readonly index: number;
  /** The XDR operation type name, e.g. `payment`, `pathPaymentStrictSend`, `invokeHostFunction`. */
  readonly operationType: OperationBody['type'];
  /** The operation's own source, or the transaction's source when it has none. */
  readonly sourceAccount: string;
  readonly body: OperationBody;
  /** Whether the enclosing transaction succeeded (a failed one applies no operation effect). */
  readonly transactionSuccessful: boolean;
  /** The operation's result code name, e.g. `paymentSuccess`; null when the tx failed before ops ran. */
  readonly resultCode: string | null;
}

export type OperationApplied = EventEnvelope<typeof OPERATION_APPLIED, OperationAppliedData>;
