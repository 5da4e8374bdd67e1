import type { StoredEvent } from '../../contracts/event-store.ts';
import type { EsdbContext } from './context.ts';
import { readLogPage } from './log-reader.ts';
import { readSegment } from './segment-reader.ts';

/** Commit records read per request. */
const LOG_PAGE = 100;

/** Where a walk stands: the next commit record to read and the last position handed out. */
export interface LogCursor {
  logRevision: bigint;
  after: bigint;
}

/**
 * Every committed event after the cursor, in position order, up to the log's current end: follows the
 * commit log and reads each committed segment, so attempt streams that never got a commit record
 * (failed or half-written commits) are never seen. Advances the cursor as it goes, so a later walk
 * from the same cursor continues where this one stopped.
 */
export async function* walkLog(
  ctx: EsdbContext,
  cursor: LogCursor,
  options: { types?: ReadonlySet<string> | undefined; signal?: AbortSignal | undefined },
): AsyncGenerator<StoredEvent> {
  const { types, signal } = options;
  for (;;) {
    if (signal?.aborted) return;
    ctx.assertOpen('readAll');
    const page = await readLogPage(ctx, { fromRevision: cursor.logRevision, max: LOG_PAGE });
    for (const { revision, entry } of page) {
      let start = entry.firstPosition;
      for (const segment of entry.segments) {
        const end = start + BigInt(segment.count); // exclusive
        const wanted = types === undefined || segment.types.some((t) => types.has(t));
        if (wanted && end - 1n > cursor.after) {
          const offset = cursor.after >= start ? Number(cursor.after - start + 1n) : 0;
          for await (const event of readSegment(ctx, segment, start, offset)) {
            if (signal?.aborted) return;
            if (types !== undefined && !types.has(event.type)) continue;
            cursor.after = event.position;
            yield event;
          }
        }
        start = end;
      }
      cursor.logRevision = revision + 1n;
      const last = entry.firstPosition + BigInt(entry.count) - 1n;
      if (last > cursor.after) cursor.after = last;
    }
    if (page.length < LOG_PAGE) return;
  }
}
