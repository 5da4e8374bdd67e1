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
import type { SqliteContext } from './context.ts';
import { createTextJoiner, encodeSegment, type SegmentWrite } from './segment-encode.ts';
import { mapSqliteError } from './sqlite-errors.ts';
import { streamHead } from './stream-head.ts';

/**
 * `commitLedgers`: for each ledger in order, check the stored checkpoint equals `expected`, write the
 * events as one `ledger_segments` row for `ledger-<seq>` (which must not exist yet) at the next
 * positions, and move the checkpoint. All of it is one IMMEDIATE transaction: any failure rolls every
 * ledger of the call back.
 *
 * (type, id) is checked for uniqueness across all events of the call, not against earlier commits
 * (see README.md): a ledger can be committed once only, and the checkpoint chain keeps the ingest
 * from committing one twice.
 */
export function createCommitLedgers(ctx: SqliteContext) {
  const { st, types } = ctx;
  const join = createTextJoiner();
  const readCheckpoint = (name: string): Checkpoint | null => {
    const row = st.readCheckpoint.get(name);
    return row === undefined ? null : { ledger: row.ledger, hash: row.hash };
  };

  const transaction = ctx.db.transaction(
    (commits: readonly LedgerCommit[], writes: readonly (SegmentWrite | null)[]): AppendResult => {
      let nextRevision = -1n;
      let last = st.lastPosition.get() ?? 0;
      for (let i = 0; i < commits.length; i++) {
        const commit = commits[i] as LedgerCommit;
        const write = writes[i] ?? null;
        const stored = readCheckpoint(commit.checkpointName);
        if (!sameCheckpoint(stored, commit.expected)) throw checkpointConflict(commit, stored);
        if (write !== null) {
          const head = streamHead(st, write.stream);
          checkExpectedRevision(write.stream, 'no_stream', head === undefined ? null : BigInt(head));
          const count = write.events.length;
          const typeChars = types.encode(write.events);
          st.insertSegment.run(
            last + count,
            last + 1,
            write.ledger,
            count,
            typeChars,
            write.ledgers,
            write.ids,
            join(write.payloads),
          );
          last += count;
        }
        nextRevision = BigInt(commit.events.length - 1);
        st.upsertCheckpoint.run(commit.checkpointName, commit.checkpoint.ledger, commit.checkpoint.hash);
      }
      return { nextRevision, lastPosition: BigInt(last) };
    },
  );

  return async (commits: readonly LedgerCommit[]): Promise<AppendResult> => {
    ctx.assertOpen('commitLedgers');
    const writes = commits.map((commit, i): SegmentWrite | null => {
      validateLedgerCommit(commit, i);
      return commit.events.length === 0 ? null : encodeSegment(commit.checkpoint.ledger, commit.events);
    });
    const duplicate = findDuplicateInBatch(commits.flatMap((c) => c.events));
    if (duplicate !== undefined) {
      const owner = commits.find((c) => c.events.includes(duplicate));
      throw duplicateEventError(duplicate, {
        stream: owner === undefined ? 'ledger-?' : ledgerStreamName(owner.checkpoint.ledger),
      });
    }
    let result: AppendResult;
    try {
      result = transaction.immediate(commits, writes);
      types.settle(true);
    } catch (error) {
      types.settle(false);
      throw mapSqliteError(error, 'commitLedgers', ctx.path);
    }
    if (commits.length > 0) ctx.notifier.notify();
    return result;
  };
}
