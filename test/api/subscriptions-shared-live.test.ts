import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCursor } from '../../api/live/event-cursor.ts';
import { createInProcessFeed, type LiveFeed } from '../../api/live/live-feed.ts';
import { createApiServer } from '../../api/server.ts';
import { liveDeliveryFor } from '../../api/subscriptions/live-delivery.ts';
import type { EventStore, NewEvent } from '../../contracts/event-store.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';
import {
  type ClickHouseConnector,
  createClickHouseConnector,
} from '../../projections/clickhouse/connector.ts';
import { ledgerClosedEvent } from '../helpers/synthetic-ledger-closed.ts';
import { subscribe } from './helpers/ws-client.ts';

const QUERY =
  'subscription ($after: String) { ledgerClosed(after: $after) { cursor node { sequence hash } } }';

let dir: string;
let store: EventStore;
let connector: ClickHouseConnector;
let ch: ClickHouse;
let feed: LiveFeed;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-shared-live-'));
  store = createSqliteEventStore({ path: path.join(dir, 'events.db') });
  connector = createClickHouseConnector();
  ch = await connector.open(`chdb:${path.join(dir, 'clickhouse')}`, { readOnly: true });
  feed = await createInProcessFeed({ store });
  app = await createApiServer({ store, ch, feed, config: { anonymous: 'all' } });
  url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws')}/graphql`;
});
afterAll(async () => {
  await app?.close();
  await feed?.close();
  await ch?.release();
  await connector?.close();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ledger = (sequence: number): NewEvent => ledgerClosedEvent(sequence, '2026-01-01T00:00:00.000Z');

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('live items shared by subscribers of the same query', () => {
  it('reach every subscriber whatever its after and protocol; a completed subscription stops at once', async () => {
    await store.appendToStream('ledgers', [ledger(1), ledger(2)], 'any');
    const { fanout } = liveDeliveryFor(feed, 10_000);
    const fromStart = await subscribe(url, QUERY, { variables: { after: eventCursor(0n) } });
    const fromOne = await subscribe(url, QUERY, { variables: { after: eventCursor(1n) } });
    const legacy = await subscribe(url, QUERY, {
      variables: { after: eventCursor(1n) },
      protocol: 'graphql-ws',
    });
    const live = await subscribe(url, QUERY);
    await fromStart.waitFor(2);
    await fromOne.waitFor(1);
    await legacy.waitFor(1);
    // All four caught up and on the direct path, in one group: their `after` differs, not their items.
    await until(() => fanout.stats.direct === 4);
    expect(fanout.stats.groups).toBe(1);

    await store.appendToStream('ledgers', [ledger(3), ledger(4)], 'any');
    await fromStart.waitFor(4);
    await fromOne.waitFor(3);
    await legacy.waitFor(3);
    await live.waitFor(2);
    const expected = [1, 2, 3, 4].map((n) => ({
      cursor: eventCursor(BigInt(n)),
      node: { sequence: n, hash: n.toString(16).padStart(64, '0') },
    }));
    expect(fromStart.items).toEqual(expected);
    expect(fromOne.items).toEqual(expected.slice(1));
    expect(legacy.items).toEqual(expected.slice(1));
    expect(live.items).toEqual(expected.slice(2));

    // The client completes its subscription: it leaves the direct path without waiting for an event.
    live.socket.send(JSON.stringify({ id: '1', type: 'complete' }));
    await until(() => fanout.stats.direct === 3 && fanout.stats.members === 3);
    await store.appendToStream('ledgers', [ledger(5)], 'any');
    await fromStart.waitFor(5);
    await legacy.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live.items).toHaveLength(2);
    expect(fromStart.errors).toEqual([]);

    for (const c of [fromStart, fromOne, legacy, live]) c.close();
    await Promise.all([fromStart, fromOne, legacy, live].map((c) => c.closed));
    await until(() => fanout.stats.members === 0);
    expect(fanout.stats.groups).toBe(0);
  });
});
