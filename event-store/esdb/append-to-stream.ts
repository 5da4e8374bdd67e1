import type { AppendResult, ExpectedRevision, NewEvent } from '../../contracts/event-store.ts';
import { checkExpectedRevision } from '../shared/expected-revision.ts';
import { prepareAppend } from '../shared/prepare-append.ts';
import { commitToLog } from './commit-to-log.ts';
import type { EsdbContext } from './context.ts';
import { nextPositionAfter } from './log-entry.ts';
import { readLogHead } from './log-reader.ts';
import type { StreamIndex } from './stream-index.ts';

/** `appendToStream`: the stream's revision comes from the index of the commit log, checked at commit time. */
export function createAppendToStream(ctx: EsdbContext, index: StreamIndex) {
  return async (
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> => {
    const payloads = prepareAppend(ctx, stream, events, expected);

    if (events.length === 0) {
      const head = await readLogHead(ctx);
      await index.refresh(head.revision);
      const current = index.head(stream);
      checkExpectedRevision(stream, expected, current);
      return { nextRevision: current ?? -1n, lastPosition: nextPositionAfter(head.entry) - 1n };
    }

    const entry = await commitToLog(ctx, {
      method: 'appendToStream',
      writes: [{ stream, events, payloads }],
      async decide(head) {
        await index.refresh(head.revision);
        const current = index.head(stream);
        checkExpectedRevision(stream, expected, current);
        return {
          firstRevisions: [current === null ? 0n : current + 1n],
          checkpoints: head.entry?.checkpoints ?? new Map(),
        };
      },
    });
    const segment = entry.segments[0];
    return {
      nextRevision: segment === undefined ? -1n : segment.firstRevision + BigInt(segment.count) - 1n,
      lastPosition: entry.firstPosition + BigInt(entry.count) - 1n,
    };
  };
}
