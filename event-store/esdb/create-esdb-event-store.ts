import { END, EventStoreDBClient } from '@eventstore/db-client';
import type { Checkpoint } from '../../contracts/checkpoint.ts';
import { hasErrorCode } from '../../contracts/errors.ts';
import type {
  EventStore,
  LedgerCommit,
  ReadAllOptions,
  StoredEvent,
  SubscribeOptions,
} from '../../contracts/event-store.ts';
import { STORE_ERR_BAD_URI, storeError } from '../errors.ts';
import { createChangeNotifier } from '../shared/change-notifier.ts';
import { validateStreamName } from '../shared/expected-revision.ts';
import { followEvents } from '../shared/follow-events.ts';
import { validateReadOptions } from '../shared/read-options.ts';
import { createAppendToStream } from './append-to-stream.ts';
import { createCommitLedgers } from './commit-ledgers.ts';
import { redactConnectionString, toEsdbConnectionString } from './connection-string.ts';
import { closedError, type EsdbContext } from './context.ts';
import type { LogEntry } from './log-entry.ts';
import { locateAfter, readLogHead, readLogPage } from './log-reader.ts';
import { readSegment } from './segment-reader.ts';
import { createSerialQueue } from './serial-queue.ts';
import { createStreamIndex } from './stream-index.ts';
import { type LogCursor, walkLog } from './walk-log.ts';

export interface EsdbEventStoreOptions {
  /** `esdb://…`, `esdb+discover://…`, `kurrentdb://…` or `kurrentdb+discover://…`. */
  readonly connectionString: string;
  /** Prefix of every stream name this store uses; lets several stores share one server. Default none. */
  readonly streamPrefix?: string;
}

/** Name of the commit log stream (after the prefix). */
export const LOG_STREAM = 'store-log';

/**
 * The EventStoreDB / KurrentDB backend (design in event-store/esdb/README.md). Construction does not
 * connect: the client connects on the first call, and an unreachable server surfaces there as
 * STORE_ERR_UNAVAILABLE.
 */
export function createEsdbEventStore({
  connectionString,
  streamPrefix = '',
}: EsdbEventStoreOptions): EventStore {
  const endpoint = redactConnectionString(connectionString);
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(toEsdbConnectionString(connectionString));
  } catch (cause) {
    if (hasErrorCode(cause, STORE_ERR_BAD_URI)) throw cause;
    throw storeError(
      STORE_ERR_BAD_URI,
      `EventStoreDB connection string "${endpoint}" cannot be parsed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { details: { uri: endpoint }, cause },
    );
  }
  return createEsdbEventStoreFromClient({ client, endpoint, streamPrefix });
}

/** The same store over a client the caller built (custom credentials, channel options); close() disposes it. */
export function createEsdbEventStoreFromClient({
  client,
  endpoint,
  streamPrefix = '',
}: {
  client: EventStoreDBClient;
  /** How messages name the server (no password). */
  endpoint: string;
  streamPrefix?: string;
}): EventStore {
  const notifier = createChangeNotifier();
  let closed = false;
  const ctx: EsdbContext = {
    client,
    endpoint,
    prefix: streamPrefix,
    logStream: `${streamPrefix}${LOG_STREAM}`,
    notifier,
    assertOpen(method) {
      if (closed) throw closedError(method, endpoint);
    },
  };
  const index = createStreamIndex(ctx);
  const serial = createSerialQueue();
  const append = createAppendToStream(ctx, index);
  const commit = createCommitLedgers(ctx);
  const commitLedgers = (commits: readonly LedgerCommit[]) => serial(() => commit(commits));

  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    validateReadOptions('readAll', options);
    ctx.assertOpen('readAll');
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit === 0 || options.types?.length === 0) return;
    const after = options.after ?? 0n;
    const cursor: LogCursor = { logRevision: await locateAfter(ctx, after), after };
    const types = options.types === undefined ? undefined : new Set(options.types);
    let count = 0;
    for await (const event of walkLog(ctx, cursor, { types, signal: options.signal })) {
      yield event;
      if (++count >= limit) return;
    }
  }

  async function* readStream(
    stream: string,
    options: { from?: bigint; signal?: AbortSignal } = {},
  ): AsyncGenerator<StoredEvent> {
    validateStreamName(stream);
    validateReadOptions('readStream', options);
    ctx.assertOpen('readStream');
    const from = options.from ?? 0n;
    await index.refresh();
    for (const segment of index.segments(stream)) {
      if (segment.firstRevision + BigInt(segment.count) <= from) continue;
      const offset = from > segment.firstRevision ? Number(from - segment.firstRevision) : 0;
      for await (const event of readSegment(ctx, segment, segment.firstPosition, offset)) {
        if (options.signal?.aborted) return;
        yield event;
      }
    }
  }

  function subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent> {
    validateReadOptions('subscribe', options);
    const after = options.after ?? 0n;
    const types = options.types === undefined ? undefined : new Set(options.types);
    let cursor: LogCursor | undefined;
    async function* readNew(): AsyncGenerator<StoredEvent> {
      if (closed || types?.size === 0) return;
      cursor ??= { logRevision: await locateAfter(ctx, after), after };
      yield* walkLog(ctx, cursor, { types, signal: options.signal });
    }
    return followEvents({
      readNew,
      notifier,
      signal: options.signal,
      pollIntervalMs: options.pollIntervalMs,
    });
  }

  async function readLastEvent(): Promise<StoredEvent | null> {
    ctx.assertOpen('readLastEvent');
    let from: bigint | typeof END = END;
    for (;;) {
      const page = await readLogPage(ctx, { fromRevision: from, max: 20, backwards: true });
      for (const { entry } of page) {
        const last = await lastEventOf(entry);
        if (last !== null) return last;
      }
      const oldest = page[page.length - 1];
      if (oldest === undefined || oldest.revision === 0n) return null;
      from = oldest.revision - 1n;
    }
  }

  async function lastEventOf(entry: LogEntry): Promise<StoredEvent | null> {
    let end = entry.firstPosition + BigInt(entry.count);
    for (let i = entry.segments.length - 1; i >= 0; i--) {
      const segment = entry.segments[i];
      if (segment === undefined) continue;
      const start = end - BigInt(segment.count);
      if (segment.count > 0) {
        for await (const event of readSegment(ctx, segment, start, segment.count - 1)) return event;
      }
      end = start;
    }
    return null;
  }

  return {
    backend: 'esdb',
    appendToStream: (stream, events, expected) => serial(() => append(stream, events, expected)),
    commitLedgers,
    commitLedger: (c: LedgerCommit) => commitLedgers([c]),
    async readCheckpoint(name: string): Promise<Checkpoint | null> {
      ctx.assertOpen('readCheckpoint');
      const head = await readLogHead(ctx);
      return head.entry?.checkpoints.get(name) ?? null;
    },
    readStream,
    readAll,
    subscribe,
    readLastEvent,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      notifier.close();
      await client.dispose();
    },
  };
}
