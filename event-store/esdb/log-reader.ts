import { BACKWARDS, END, FORWARDS } from '@eventstore/db-client';
import { STORE_ERR_CORRUPT, storeError } from '../errors.ts';
import type { EsdbContext } from './context.ts';
import { isStreamNotFound, mapEsdbError } from './esdb-errors.ts';
import { decodeLogEntry, type LogEntry, type LogHead } from './log-entry.ts';

export interface RevisionedEntry {
  readonly revision: bigint;
  readonly entry: LogEntry;
}

/** Reads up to `max` log entries from `fromRevision` in order (none when the log does not exist yet). */
export async function readLogPage(
  ctx: EsdbContext,
  options: { fromRevision: bigint | typeof END; max: number; backwards?: boolean },
): Promise<RevisionedEntry[]> {
  const entries: RevisionedEntry[] = [];
  try {
    const read = ctx.client.readStream(ctx.logStream, {
      fromRevision: options.fromRevision,
      maxCount: options.max,
      direction: options.backwards === true ? BACKWARDS : FORWARDS,
    });
    for await (const resolved of read) {
      const event = resolved.event;
      if (event === undefined) {
        throw storeError(
          STORE_ERR_CORRUPT,
          `Log stream ${ctx.logStream} returned an entry without an event`,
          {
            details: { stream: ctx.logStream },
          },
        );
      }
      entries.push({
        revision: event.revision,
        entry: decodeLogEntry(event.data, { stream: ctx.logStream, revision: event.revision }),
      });
    }
  } catch (error) {
    if (isStreamNotFound(error)) return [];
    throw mapEsdbError(error, `Reading the commit log ${ctx.logStream}`, {
      endpoint: ctx.endpoint,
      stream: ctx.logStream,
    });
  }
  return entries;
}

/** The last commit record: checkpoints, next position, and the revision a new commit must expect. */
export async function readLogHead(ctx: EsdbContext): Promise<LogHead> {
  const [last] = await readLogPage(ctx, { fromRevision: END, max: 1, backwards: true });
  return last === undefined
    ? { revision: null, entry: null }
    : { revision: last.revision, entry: last.entry };
}

export async function readLogEntry(ctx: EsdbContext, revision: bigint): Promise<LogEntry> {
  const [found] = await readLogPage(ctx, { fromRevision: revision, max: 1 });
  if (found === undefined || found.revision !== revision) {
    throw storeError(STORE_ERR_CORRUPT, `Commit record ${revision} of ${ctx.logStream} is missing`, {
      details: { stream: ctx.logStream, revision: revision.toString() },
    });
  }
  return found.entry;
}

/**
 * The log revision of the first entry holding a position above `after` (binary search: entries'
 * positions grow with their revision), or the revision after the head when there is none yet.
 */
export async function locateAfter(ctx: EsdbContext, after: bigint): Promise<bigint> {
  const head = await readLogHead(ctx);
  if (head.revision === null || head.entry === null) return 0n;
  const lastPosition = (e: LogEntry) => e.firstPosition + BigInt(e.count) - 1n;
  if (lastPosition(head.entry) <= after) return head.revision + 1n;
  if (after === 0n) return 0n;
  let lo = 0n;
  let hi = head.revision;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (lastPosition(await readLogEntry(ctx, mid)) > after) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}
