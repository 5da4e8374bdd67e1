import type { Checkpoint } from '../../contracts/checkpoint.ts';
import type { AppendResult, LedgerCommit } from '../../contracts/event-store.ts';
import { duplicateEventError, findDuplicateInBatch } from '../shared/duplicates.ts';
import {
  checkpointConflict,
  ledgerStreamName,
  sameCheckpoint,
  validateLedgerCommit,
} from '../shared/ledger-commit.ts';
import { serializeEvents } from '../shared/serialize-events.ts';
import { commitToLog } from './commit-to-log.ts';
import type { EsdbContext } from './context.ts';
import { nextPositionAfter } from './log-entry.ts';
import { readLogHead } from './log-reader.ts';
import type { PlannedWrite } from './write-attempt.ts';

/**
 * `commitLedgers`: each ledger's events go to their own attempt stream, then one commit record names
 * them all and carries the moved checkpoints, so several ledgers are still all or nothing.
 */
export function createCommitLedgers(ctx: EsdbContext) {
  return async (commits: readonly LedgerCommit[]): Promise<AppendResult> => {
    ctx.assertOpen('commitLedgers');
    const writes = commits.map((commit, i): PlannedWrite => {
      validateLedgerCommit(commit, i);
      const stream = ledgerStreamName(commit.checkpoint.ledger);
      return { stream, events: commit.events, payloads: serializeEvents(stream, commit.events) };
    });
    const duplicate = findDuplicateInBatch(writes.flatMap((w) => w.events));
    if (duplicate !== undefined) {
      const owner = writes.find((w) => w.events.includes(duplicate));
      throw duplicateEventError(duplicate, { stream: owner?.stream ?? 'ledger-?' });
    }
    const last = commits[commits.length - 1];
    if (last === undefined) {
      const head = await readLogHead(ctx);
      return { nextRevision: -1n, lastPosition: nextPositionAfter(head.entry) - 1n };
    }

    const entry = await commitToLog(ctx, {
      method: 'commitLedgers',
      writes: writes.filter((w) => w.events.length > 0),
      async decide(head) {
        const checkpoints = new Map<string, Checkpoint>(head.entry?.checkpoints ?? []);
        for (const commit of commits) {
          const stored = checkpoints.get(commit.checkpointName) ?? null;
          if (!sameCheckpoint(stored, commit.expected)) throw checkpointConflict(commit, stored);
          checkpoints.set(commit.checkpointName, {
            ledger: commit.checkpoint.ledger,
            hash: commit.checkpoint.hash,
          });
        }
        return { firstRevisions: writes.map(() => 0n), checkpoints };
      },
    });
    return {
      nextRevision: BigInt(last.events.length - 1),
      lastPosition: entry.firstPosition + BigInt(entry.count) - 1n,
    };
  };
}
