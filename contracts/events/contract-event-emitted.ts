import type { ScValJson } from '../scval-json.ts';
import type { EventEnvelope } from './envelope.ts';

export const CONTRACT_EVENT_EMITTED = 'ContractEventEmitted';
export const CONTRACT_EVENT_EMITTED_VERSION = 1;

export interface ContractEventEmittedData {
  /** C… strkey, or null for system events without a contract. */
  readonly contractId: string | null;
  readonly eventType: 'contract' | 'system' | 'diagnostic';
  /** Where it was emitted: an operation (0-based index) or the transaction itself (fees). */
  readonly operationIndex: number | null;
  /** Index within its operation (or within the transaction-level list). */
  readonly index: number;
  /** For transaction-level events: `beforeAllTxs`, `afterTx`, `afterAllTxs`. */
  readonly stage: string | null;
  /** Whether the transaction that emitted it succeeded. */
  readonly inSuccessfulContractCall: boolean;
  readonly topics: readonly ScValJson[];
  readonly data: ScValJson;
}

export type ContractEventEmitted = EventEnvelope<typeof CONTRACT_EVENT_EMITTED, ContractEventEmittedData>;
