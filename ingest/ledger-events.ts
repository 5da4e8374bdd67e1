import type { NewEvent } from '../contracts/event-store.ts';
import type { DecodedLedger } from './decode/decode-ledger.ts';
import { factsToEvents } from './facts-to-events.ts';

/** One decoded ledger as the store takes it: continuity fields, counts, and its events in order. */
export interface LedgerEvents {
  readonly sequence: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly transactionCount: number;
  readonly operationCount: number;
  readonly events: readonly NewEvent[];
}

export const toLedgerEvents = (ledger: DecodedLedger): LedgerEvents => ({
  sequence: ledger.sequence,
  hash: ledger.hash,
  previousHash: ledger.previousHash,
  transactionCount: ledger.transactionCount,
  operationCount: ledger.operationCount,
  events: factsToEvents(ledger.facts),
});
