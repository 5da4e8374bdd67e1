import type { Checkpoint } from '../../contracts/checkpoint.ts';
import type { AppendResult, LedgerCommit } from '../../contracts/event-store.ts';
import { duplicateEventError, findDuplicateInBatch } from '../shared/duplicates.ts';
import { checkExpectedRevision } from '../shared/expected-revision.ts';
import {
  checkpointConflict,
  ledgerStreamName,
  sameCheckpoint,
  validateLedgerCommit,
} from '../shared/ledger-commit.ts';
import { serializeEvents } from '../shared/serialize-events.ts';
import type { SqliteContext } from './context.ts';
import { runWrite } from './run-write.ts';
import { insertEvents, type StreamWrite } from './write-events.ts';

/**
 * `commitLedgers`: for each ledger in order, check the stored checkpoint equals `expected`, insert the
 * events into `ledger-<seq>` (which must not exist yet) and move the checkpoint. All of it is one
 * IMMEDIATE transaction: any failure rolls every ledger of the call back.
 */
export function createCommitLedgers(ctx: SqliteContext) {
  const { st } = ctx;
  const readCheckpoint = (name: string): Checkpoint | null => {
    const row = st.readCheckpoint.get(name);
    return row === undefined ? null : { ledger: row.ledger, hash: row.hash };
  };

  const transaction = ctx.db.transaction(
    (commits: readonly LedgerCommit[], writes: readonly StreamWrite[]) => {
      let nextRevision = -1n;
      let lastPosition: number | undefined;
      for (let i = 0; i < commits.length; i++) {
        const commit = commits[i] as LedgerCommit;
        const write = writes[i] as StreamWrite;
        const stored = readCheckpoint(commit.checkpointName);
        if (!sameCheckpoint(stored, commit.expected)) throw checkpointConflict(commit, stored);
        if (write.events.length > 0) {
          const head = st.streamHead.get(write.stream);
          checkExpectedRevision(write.stream, 'no_stream', head === undefined ? null : BigInt(head));
          lastPosition = insertEvents(st, write, 0);
        }
        nextRevision = BigInt(write.events.length - 1);
        st.upsertCheckpoint.run(commit.checkpointName, commit.checkpoint.ledger, commit.checkpoint.hash);
      }
      return { nextRevision, lastPosition: BigInt(lastPosition ?? st.lastPosition.get() ?? 0) };
    },
  );

  return async (commits: readonly LedgerCommit[]): Promise<AppendResult> => {
    ctx.assertOpen('commitLedgers');
    const writes = commits.map((commit, i): StreamWrite => {
      validateLedgerCommit(commit, i);
      const stream = ledgerStreamName(commit.checkpoint.ledger);
      return { stream, events: commit.events, payloads: serializeEvents(stream, commit.events) };
    });
    const duplicate = findDuplicateInBatch(writes.flatMap((w) => w.events));
    if (duplicate !== undefined) {
      const owner = writes.find((w) => w.events.includes(duplicate));
      throw duplicateEventError(duplicate, { stream: owner?.stream ?? 'ledger-?' });
    }
    const result: AppendResult = runWrite(ctx, 'commitLedgers', writes, () =>
      transaction.immediate(commits, writes),
    );
    if (commits.length > 0) ctx.notifier.notify();
    return result;
  };
}
