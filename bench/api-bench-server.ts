/**
 * The server side of `api-subscriptions.bench.ts`, in its own process (forked with an IPC channel):
 * a SQLite store, the API on an in-process live feed, and appends on request. The append is made
 * here, as the one-process `start` command's ingest makes it, so the feed is woken by the store's
 * in-process notifier; the append time is taken just before `appendToStream` on the machine-wide
 * monotonic clock (`process.hrtime`), which the client process reads too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInProcessFeed } from '../api/live/live-feed.ts';
import { createApiServer } from '../api/server.ts';
import { liveDeliveryFor } from '../api/subscriptions/live-delivery.ts';
import { createSqliteEventStore } from '../event-store/sqlite/create-sqlite-event-store.ts';
import { createClickHouseConnector } from '../projections/clickhouse/connector.ts';
import { ledgerClosedEvent } from '../test/helpers/synthetic-ledger-closed.ts';
import { monotonicMs } from './api-bench-events.ts';
import { serveBenchCommands } from './api-bench-ipc.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
const storePath = path.join(dir, 'events.db');
const store = createSqliteEventStore({ path: storePath });
const connector = createClickHouseConnector();
const ch = await connector.open(`chdb:${path.join(dir, 'clickhouse')}`, { readOnly: true });
const feed = await createInProcessFeed({ store });
const app = await createApiServer({
  store,
  ch,
  feed,
  config: { anonymous: 'all', rateLimit: 1_000_000, keepAliveMs: 0 },
});
const address = await app.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });

serveBenchCommands({
  url: `${address.replace('http', 'ws')}/graphql`,
  storePath,
  async append(sequence) {
    const event = ledgerClosedEvent(sequence);
    const atMs = monotonicMs();
    await store.appendToStream('bench', [event], 'any');
    return atMs;
  },
  // Subscribers caught up and on the direct path (the server's fan-out of this feed).
  subscribed: () => liveDeliveryFor(feed, 10_000).fanout.stats.direct,
  async close() {
    await app.close();
    await feed.close();
    await ch.release();
    await connector.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});
