import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventStore } from '../../contracts/event-store.ts';
import { resolveNetwork } from '../../contracts/network.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import { STREAM_CURSOR_COMMITTED } from '../../ingest/horizon/cursor-log.ts';
import type { StreamLogger } from '../../ingest/horizon/stream-horizon.ts';
import { createHttpClient, type HttpClient } from '../../ingest/remote/http/index.ts';
import type { EventFilterSpec } from '../../ingest/rpc-events/filters.ts';
import {
  type RpcEventsSummary,
  type StreamRpcEventsOptions,
  streamRpcEvents,
} from '../../ingest/rpc-events/stream-rpc-events.ts';
import { PUBNET } from '../helpers/fixtures.ts';

export const silentLogger: StreamLogger = { info() {}, warn() {}, debug() {} };

export const tempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));

/** An HTTP client with short timeouts and backoffs, so fault tests stay fast. */
export function fastHttpClient(overrides: { attempts?: number; idleMs?: number } = {}): HttpClient {
  return createHttpClient({
    retry: { attempts: overrides.attempts ?? 6, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 },
    timeouts: { responseMs: 2_000, idleMs: overrides.idleMs ?? 1_000 },
  });
}

export async function withStore<T>(file: string, run: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await createSqliteEventStore({ path: file });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

/** Runs the getEvents source over the replay server into a SQLite file until `to`. */
export function runRpcEvents(
  file: string,
  url: string,
  filter: EventFilterSpec,
  extra: Partial<StreamRpcEventsOptions> = {},
): Promise<RpcEventsSummary> {
  return withStore(file, (store) =>
    streamRpcEvents({
      store,
      http: extra.http ?? fastHttpClient(),
      source: `rpc-events:${url}`,
      url,
      network: resolveNetwork(PUBNET),
      filter,
      from: 63092982,
      to: 63093001,
      pageLimit: 100,
      pollIntervalMs: 20,
      logger: silentLogger,
      ...extra,
    }),
  );
}

export interface StoredFacts {
  /** Every fact by `type/id` (cursor bookkeeping left out). */
  readonly facts: Map<string, unknown>;
  /** Keys seen more than once (the store refuses them, so this stays empty). */
  readonly duplicates: string[];
  readonly cursors: number;
}

export async function storedFacts(file: string): Promise<StoredFacts> {
  return withStore(file, async (store) => {
    const facts = new Map<string, unknown>();
    const duplicates: string[] = [];
    let cursors = 0;
    for await (const e of store.readAll({})) {
      if (e.type === STREAM_CURSOR_COMMITTED) {
        cursors++;
        continue;
      }
      const key = `${e.type}/${e.id}`;
      if (facts.has(key)) duplicates.push(key);
      facts.set(key, e.payload);
    }
    return { facts, duplicates, cursors };
  });
}
