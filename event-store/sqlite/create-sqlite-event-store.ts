import type { Checkpoint } from '../../contracts/checkpoint.ts';
import type {
  EventStore,
  LedgerCommit,
  ReadAllOptions,
  StoredEvent,
  SubscribeOptions,
} from '../../contracts/event-store.ts';
import { createChangeNotifier } from '../shared/change-notifier.ts';
import { validateStreamName } from '../shared/expected-revision.ts';
import { followEvents } from '../shared/follow-events.ts';
import { validateReadOptions } from '../shared/read-options.ts';
import { createAppendToStream } from './append-to-stream.ts';
import { createCommitLedgers } from './commit-ledgers.ts';
import { closedError, type SqliteContext } from './context.ts';
import { openDatabase } from './open-database.ts';
import { createPageReader, PAGE_SIZE } from './read-pages.ts';
import { rowToEvent } from './row-to-event.ts';
import { mapSqliteError } from './sqlite-errors.ts';
import { prepareStatements } from './statements.ts';

/**
 * The embedded event store: one SQLite file in WAL mode (see open-database.ts for durability).
 * Several processes may open the same file; writers take turns on SQLite's write lock.
 */
export function createSqliteEventStore({ path }: { path: string }): EventStore {
  const db = openDatabase(path);
  const notifier = createChangeNotifier();
  let closed = false;
  const ctx: SqliteContext = {
    db,
    st: prepareStatements(db),
    path,
    notifier,
    assertOpen(method) {
      if (closed) throw closedError(method, path);
    },
  };
  const { st } = ctx;
  const appendToStream = createAppendToStream(ctx);
  const commitLedgers = createCommitLedgers(ctx);

  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    validateReadOptions('readAll', options);
    const next = createPageReader(ctx, { after: options.after ?? 0n, types: options.types });
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0 && !options.signal?.aborted) {
      const batch = next(Math.min(PAGE_SIZE, remaining));
      for (const event of batch.events) {
        if (options.signal?.aborted) return;
        yield event;
      }
      remaining -= batch.events.length;
      if (!batch.more) return;
    }
  }

  async function* readStream(
    stream: string,
    options: { from?: bigint; signal?: AbortSignal } = {},
  ): AsyncGenerator<StoredEvent> {
    validateStreamName(stream);
    validateReadOptions('readStream', options);
    let from = options.from ?? 0n;
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
  }

  return {
    backend: 'sqlite',
    appendToStream,
    commitLedgers,
    commitLedger: (commit: LedgerCommit) => commitLedgers([commit]),
    async readCheckpoint(name: string): Promise<Checkpoint | null> {
      ctx.assertOpen('readCheckpoint');
      try {
        const row = st.readCheckpoint.get(name);
        return row === undefined ? null : { ledger: row.ledger, hash: row.hash };
      } catch (error) {
        throw mapSqliteError(error, `readCheckpoint ${name}`, path);
      }
    },
    readStream,
    readAll,
    subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent> {
      validateReadOptions('subscribe', options);
      const next = createPageReader(ctx, { after: options.after ?? 0n, types: options.types });
      async function* readNew(): AsyncGenerator<StoredEvent> {
        for (;;) {
          if (closed) return;
          const batch = next(PAGE_SIZE);
          yield* batch.events;
          if (!batch.more) return;
        }
      }
      return followEvents({
        readNew,
        notifier,
        signal: options.signal,
        pollIntervalMs: options.pollIntervalMs,
      });
    },
    async readLastEvent(): Promise<StoredEvent | null> {
      ctx.assertOpen('readLastEvent');
      try {
        const row = st.readLast.get();
        return row === undefined ? null : rowToEvent(row, path);
      } catch (error) {
        throw mapSqliteError(error, 'readLastEvent', path);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      notifier.close();
      db.close();
    },
  };
}
