import type { AppendResult, ExpectedRevision, NewEvent } from '../../contracts/event-store.ts';
import { checkExpectedRevision } from '../shared/expected-revision.ts';
import { prepareAppend } from '../shared/prepare-append.ts';
import type { SqliteContext } from './context.ts';
import { runWrite } from './run-write.ts';
import { streamHead } from './stream-head.ts';
import { insertEvents, type StreamWrite } from './write-events.ts';

/**
 * `appendToStream`: the revision check and the inserts run in one IMMEDIATE transaction, so a second
 * process writing the same file waits for the lock instead of interleaving.
 */
export function createAppendToStream(ctx: SqliteContext) {
  const { st } = ctx;
  const transaction = ctx.db.transaction((write: StreamWrite, expected: ExpectedRevision): AppendResult => {
    const head = streamHead(st, write.stream);
    checkExpectedRevision(write.stream, expected, head === undefined ? null : BigInt(head));
    if (write.events.length === 0) {
      return {
        nextRevision: head === undefined ? -1n : BigInt(head),
        lastPosition: BigInt(st.lastPosition.get() ?? 0),
      };
    }
    const first = head === undefined ? 0 : head + 1;
    const last = insertEvents(st, write, first);
    return { nextRevision: BigInt(first + write.events.length - 1), lastPosition: BigInt(last) };
  });

  return async (
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> => {
    const payloads = prepareAppend(ctx, stream, events, expected);
    const write: StreamWrite = { stream, events, payloads };
    const result = runWrite(ctx, 'appendToStream', [write], () => transaction.immediate(write, expected));
    if (events.length > 0) ctx.notifier.notify();
    return result;
  };
}
