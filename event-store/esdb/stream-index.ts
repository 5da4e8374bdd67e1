import type { EsdbContext } from './context.ts';
import type { LogSegment } from './log-entry.ts';
import { readLogPage } from './log-reader.ts';

const LOG_PAGE = 500;

export interface IndexedSegment extends LogSegment {
  /** Global position of the segment's first event. */
  readonly firstPosition: bigint;
}

/**
 * Per-process index of logical streams, built by reading the commit log forward once and then only
 * the records added since. Only `appendToStream` (revision checks) and `readStream` use it, so an
 * ingest that only commits ledgers never builds it. Memory grows with the number of committed
 * segments (about 150 bytes each).
 */
export interface StreamIndex {
  /** Reads commit records up to and including `revision` (or to the log's end). */
  refresh(upTo?: bigint | null): Promise<void>;
  /** Last revision of a logical stream, null when it has no events. */
  head(stream: string): bigint | null;
  segments(stream: string): readonly IndexedSegment[];
}

export function createStreamIndex(ctx: EsdbContext): StreamIndex {
  const streams = new Map<string, IndexedSegment[]>();
  let nextRevision = 0n;
  let running: Promise<void> = Promise.resolve();

  const head = (stream: string): bigint | null => {
    const list = streams.get(stream);
    const last = list?.[list.length - 1];
    return last === undefined ? null : last.firstRevision + BigInt(last.count) - 1n;
  };

  const readUpTo = async (upTo: bigint | null | undefined): Promise<void> => {
    for (;;) {
      if (upTo !== undefined && (upTo === null || nextRevision > upTo)) return;
      const max = upTo === undefined ? LOG_PAGE : Math.min(LOG_PAGE, Number(upTo - nextRevision + 1n));
      const page = await readLogPage(ctx, { fromRevision: nextRevision, max });
      for (const { revision, entry } of page) {
        let position = entry.firstPosition;
        for (const segment of entry.segments) {
          const current = head(segment.stream);
          // A segment that does not continue its stream (the same ledger committed under two checkpoint
          // names) is left out: the first commit of a logical revision wins.
          if (segment.count > 0 && segment.firstRevision === (current === null ? 0n : current + 1n)) {
            const list = streams.get(segment.stream) ?? [];
            list.push({ ...segment, firstPosition: position });
            streams.set(segment.stream, list);
          }
          position += BigInt(segment.count);
        }
        nextRevision = revision + 1n;
      }
      if (page.length < max) return;
    }
  };

  return {
    refresh(upTo) {
      const run = running.then(() => readUpTo(upTo));
      running = run.catch(() => undefined);
      return run;
    },
    head,
    segments: (stream) => streams.get(stream) ?? [],
  };
}
