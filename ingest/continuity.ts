import type { Checkpoint } from '../contracts/checkpoint.ts';
import { ingestError } from './errors.ts';
import type { LedgerEvents } from './ledger-events.ts';

/** A ledger must follow the chain tip: the next sequence, and the tip's hash as its previous hash. */
export function checkContinuity(tip: Checkpoint | null, ledger: LedgerEvents, origin: string): void {
  if (tip === null) return;
  if (ledger.sequence !== tip.ledger + 1) {
    throw ingestError(
      'INGEST_ERR_LEDGER_GAP',
      `expected ledger ${tip.ledger + 1} after ${tip.ledger} but the source gave ${ledger.sequence}: ledgers are missing from the source`,
      { file: origin, ledger: ledger.sequence, expected: tip.ledger + 1 },
    );
  }
  if (ledger.previousHash !== tip.hash) {
    throw ingestError(
      'INGEST_ERR_HASH_MISMATCH',
      `ledger ${ledger.sequence} says the previous ledger's hash is ${ledger.previousHash}, but the stored ledger ${tip.ledger} has hash ${tip.hash}: the source holds another chain`,
      { file: origin, ledger: ledger.sequence },
    );
  }
}

/** Where to start: right after the checkpoint; a requested start beyond it would leave a gap. */
export function startLedger(
  checkpoint: Checkpoint | null,
  from: number | undefined,
  checkpointName: string,
): number | undefined {
  if (checkpoint === null) return from;
  const next = checkpoint.ledger + 1;
  if (from !== undefined && from > next) {
    throw ingestError(
      'INGEST_ERR_LEDGER_GAP',
      `the store ends at ledger ${checkpoint.ledger} but --from is ${from}: ledgers ${next}..${from - 1} would be missing. Omit --from or use --from ${next}`,
      { checkpoint: checkpointName, storedLedger: checkpoint.ledger, from },
    );
  }
  return next;
}
