import type { StoredEvent } from '../../contracts/event-store.ts';
import { validateStreamName } from '../shared/expected-revision.ts';
import { validateReadOptions } from '../shared/read-options.ts';
import type { SqliteContext } from './context.ts';
import { PAGE_SIZE } from './read-pages.ts';
import { rowToEvent } from './row-to-event.ts';
import { decodeSegment, type Segment, segmentEvent } from './segment-decode.ts';
import { mapSqliteError } from './sqlite-errors.ts';
import { ledgerOfStream } from './stream-head.ts';

/**
 * `readStream`: a `ledger-<seq>` stream is its segment (revisions 0…count-1, payloads parsed one event
 * at a time) followed by any rows appended to it later; every other stream is events-table rows, read
 * PAGE_SIZE at a time.
 */
export function createReadStream(ctx: SqliteContext) {
  const { st, path } = ctx;

  const readSegment = (ledger: number, stream: string): Segment | undefined => {
    ctx.assertOpen('readStream');
    try {
      const row = st.segmentOfLedger.get(ledger);
      return row === undefined ? undefined : decodeSegment(row, row, path);
    } catch (error) {
      throw mapSqliteError(error, `readStream ${stream}`, path);
    }
  };

  return async function* readStream(
    stream: string,
    options: { from?: bigint; signal?: AbortSignal } = {},
  ): AsyncGenerator<StoredEvent> {
    validateStreamName(stream);
    validateReadOptions('readStream', options);
    let from = options.from ?? 0n;
    const ledger = ledgerOfStream(stream);
    const segment = ledger === undefined ? undefined : readSegment(ledger, stream);
    if (segment !== undefined) {
      for (let i = Number(from); i < segment.count; i++) {
        if (options.signal?.aborted) return;
        yield segmentEvent(segment, i, ctx.types, path);
      }
      if (from < BigInt(segment.count)) from = BigInt(segment.count);
    }
    while (!options.signal?.aborted) {
      ctx.assertOpen('readStream');
      let events: StoredEvent[];
      try {
        events = st.readStream.all(stream, from, PAGE_SIZE).map((row) => rowToEvent(row, path));
      } catch (error) {
        throw mapSqliteError(error, `readStream ${stream}`, path);
      }
      for (const event of events) {
        if (options.signal?.aborted) return;
        yield event;
      }
      const last = events[events.length - 1];
      if (last === undefined || events.length < PAGE_SIZE) return;
      from = last.revision + 1n;
    }
  };
}
