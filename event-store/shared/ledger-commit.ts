import type { Checkpoint } from '../../contracts/checkpoint.ts';
import type { IndexerError } from '../../contracts/errors.ts';
import type { LedgerCommit } from '../../contracts/event-store.ts';
import { STORE_ERR_CHECKPOINT_CONFLICT, STORE_ERR_INVALID_ARGUMENT, storeError } from '../errors.ts';

/** The stream a committed ledger's events go to. */
export const ledgerStreamName = (ledger: number): string => `ledger-${ledger}`;

export function sameCheckpoint(a: Checkpoint | null, b: Checkpoint | null): boolean {
  if (a === null || b === null) return a === b;
  return a.ledger === b.ledger && a.hash === b.hash;
}

export function describeCheckpoint(c: Checkpoint | null): string {
  return c === null ? 'none' : `${c.ledger}/${c.hash}`;
}

export function checkpointConflict(commit: LedgerCommit, stored: Checkpoint | null): IndexerError {
  return storeError(
    STORE_ERR_CHECKPOINT_CONFLICT,
    `Checkpoint ${commit.checkpointName} is ${describeCheckpoint(stored)} but the commit of ledger ${commit.checkpoint.ledger} expected ${describeCheckpoint(commit.expected)}; nothing was written, re-read the checkpoint and resume from it`,
    {
      details: {
        checkpoint: commit.checkpointName,
        ledger: commit.checkpoint.ledger,
        expected: describeCheckpoint(commit.expected),
        actual: describeCheckpoint(stored),
      },
    },
  );
}

/** Rejects a commit whose shape cannot be stored (checked before any write). */
export function validateLedgerCommit(commit: LedgerCommit, index: number): void {
  const where = `commit #${index}`;
  if (typeof commit.checkpointName !== 'string' || commit.checkpointName.length === 0) {
    throw invalid(`${where}: checkpointName must be a non-empty string`, index, 'checkpointName');
  }
  validateCheckpoint(
    commit.checkpoint,
    `${where} (${commit.checkpointName}) checkpoint`,
    index,
    'checkpoint',
  );
  if (commit.expected !== null) {
    validateCheckpoint(commit.expected, `${where} (${commit.checkpointName}) expected`, index, 'expected');
  }
  if (!Array.isArray(commit.events)) {
    throw invalid(`${where} (${commit.checkpointName}): events must be an array`, index, 'events');
  }
}

function validateCheckpoint(c: Checkpoint, what: string, index: number, field: string): void {
  if (typeof c !== 'object' || c === null || !Number.isSafeInteger(c.ledger) || c.ledger < 0) {
    throw invalid(`${what} must have a non-negative integer ledger`, index, field);
  }
  if (typeof c.hash !== 'string') {
    throw invalid(`${what} must have a string hash`, index, field);
  }
}

function invalid(message: string, index: number, field: string): IndexerError {
  return storeError(STORE_ERR_INVALID_ARGUMENT, message, { details: { commit: index, field } });
}
