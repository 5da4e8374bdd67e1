import type { StoredEvent } from '../../contracts/event-store.ts';
import { STORE_ERR_CORRUPT, storeError } from '../errors.ts';
import type { EsdbContext } from './context.ts';
import { isStreamNotFound, mapEsdbError } from './esdb-errors.ts';
import type { LogSegment } from './log-entry.ts';

/** Event metadata this store writes next to each payload. */
export interface StoredMetadata {
  readonly id: string;
  readonly ledger: number | null;
}

/**
 * Reads a committed segment from its attempt stream, starting `fromOffset` events in, and gives each
 * event its logical stream, revision and global position (`segmentStart` is the first event's).
 */
export async function* readSegment(
  ctx: EsdbContext,
  segment: LogSegment,
  segmentStart: bigint,
  fromOffset: number,
): AsyncGenerator<StoredEvent> {
  const corrupt = (what: string, cause?: unknown) =>
    storeError(
      STORE_ERR_CORRUPT,
      `Committed stream ${segment.source} (logical ${segment.stream}) ${what}; the commit log says it holds ${segment.count} JSON events`,
      { details: { stream: segment.source, logicalStream: segment.stream }, cause },
    );
  if (fromOffset >= segment.count) return;
  let next = fromOffset;
  try {
    const read = ctx.client.readStream(segment.source, {
      fromRevision: BigInt(fromOffset),
      maxCount: segment.count - fromOffset,
    });
    for await (const resolved of read) {
      const event = resolved.event;
      if (event === undefined || event.revision !== BigInt(next))
        throw corrupt(`has a gap at revision ${next}`);
      if (!event.isJson) throw corrupt(`holds a non-JSON event at revision ${next}`);
      const metadata = event.metadata as Partial<StoredMetadata> | undefined;
      if (typeof metadata?.id !== 'string') throw corrupt(`has no id in the metadata of revision ${next}`);
      next += 1;
      yield {
        position: segmentStart + event.revision,
        stream: segment.stream,
        revision: segment.firstRevision + event.revision,
        type: event.type,
        id: metadata.id,
        ledger: typeof metadata.ledger === 'number' ? metadata.ledger : null,
        payload: event.data,
      };
    }
  } catch (error) {
    if (isStreamNotFound(error)) throw corrupt('does not exist', error);
    throw mapEsdbError(error, `Reading committed stream ${segment.source}`, {
      endpoint: ctx.endpoint,
      stream: segment.source,
    });
  }
  if (next !== segment.count) throw corrupt(`ends after ${next} events`);
}
