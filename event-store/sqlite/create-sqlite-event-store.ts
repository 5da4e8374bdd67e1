import type { Checkpoint } from '../../contracts/checkpoint.ts';
import type {
  EventStore,
  LedgerCommit,
  ReadAllOptions,
  StoredEvent,
  SubscribeOptions,
} from '../../contracts/event-store.ts';
import { createChangeNotifier } from '../shared/change-notifier.ts';
import { followEvents } from '../shared/follow-events.ts';
import { validateReadOptions } from '../shared/read-options.ts';
import { createAppendToStream } from './append-to-stream.ts';
import { createCommitLedgers } from './commit-ledgers.ts';
import { closedError, type SqliteContext } from './context.ts';
import { openDatabase } from './open-database.ts';
import { createReadLastEvent } from './read-last-event.ts';
import { createPageReader, PAGE_SIZE } from './read-pages.ts';
import { createReadStream } from './read-stream.ts';
import { mapSqliteError } from './sqlite-errors.ts';
import { prepareStatements } from './statements.ts';
import { createTypeDictionary } from './type-dictionary.ts';

/**
 * The embedded event store: one SQLite file in WAL mode (see open-database.ts for durability).
 * Ledger commits are stored one row per ledger (`ledger_segments`), other appends one row per event
 * (`events`); positions are shared, and reads merge both. Several processes may open the same file;
 * writers take turns on SQLite's write lock.
 */
export function createSqliteEventStore({ path }: { path: string }): EventStore {
  const db = openDatabase(path);
  const notifier = createChangeNotifier();
  const st = prepareStatements(db);
  let closed = false;
  const ctx: SqliteContext = {
    db,
    st,
    types: createTypeDictionary(st, path),
    path,
    notifier,
    assertOpen(method) {
      if (closed) throw closedError(method, path);
    },
  };
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
    readStream: createReadStream(ctx),
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
    readLastEvent: createReadLastEvent(ctx),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      notifier.close();
      db.close();
    },
  };
}
