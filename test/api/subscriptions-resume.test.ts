import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { type ApiKeyStore, openApiKeyStore } from '../../api/auth/key-store.ts';
import { eventCursor } from '../../api/live/event-cursor.ts';
import { createApiServer } from '../../api/server.ts';
import type { NewEvent, StoredEvent } from '../../contracts/event-store.ts';
import { type ApiFixture, createApiFixture } from './helpers/api-fixture.ts';
import { subscribe } from './helpers/ws-client.ts';

const _quiet = { info() {}, debug() {}, warn() {} };
const TRANSFERS =
  'subscription ($after: String) { tokenTransfers(after: $after) { cursor node { id amount token } } }';

let fixture: ApiFixture;
let keys: ApiKeyStore;
let key: string;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  fixture = await createApiFixture('subscriptions', { to: 63092985, project: false });
  keys = openApiKeyStore(path.join(fixture.dir, 'keys.db'));
  key = keys.create('subscriber').key;
  app = await createApiServer({
    store: fixture.store,
    ch: fixture.ch,
    keys,
    config: { subscriberQueueSize: 200, subscriberStallMs: 1_000 },
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  url = `${address.replace('http', 'ws')}/graphql`;
});

afterAll(async () => {
  await app?.close();
  keys?.close();
  await fixture?.close();
});

const ingest = (from: number, to: number): Promise<void> => fixture.ingest(from, to);

async function storedAfter(position: bigint, type: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const e of fixture.store.readAll({ after: position, types: [type] })) events.push(e);
  return events;
}

/** Large items (aliases of a 56-character field), so a paused client's kernel buffers fill quickly. */
const WIDE = `subscription ($after: String) { tokenTransfers(after: $after) { cursor node { id ${Array.from(
  { length: 40 },
  (_, i) => `c${i}: contractId`,
).join(' ')} } } }`;

const head = async (): Promise<bigint> => (await fixture.store.readLastEvent())?.position ?? 0n;

describe('subscriptions over websockets', () => {
  it('deliver live; a client that disconnects and resumes with after gets exactly the stored sequence', async () => {
    const start = await head();
    // A subscription without after starts when the server handles it; pinning `after` to the head
    // the test saw keeps the expectations exact whatever the timing.
    const a = await subscribe(url, TRANSFERS, {
      variables: { after: eventCursor(start) },
      payload: { apiKey: key },
    });
    const legacy = await subscribe(
      url,
      'subscription ($after: String) { ledgerClosed(after: $after) { cursor node { sequence hash } } }',
      {
        protocol: 'graphql-ws',
        variables: { after: eventCursor(start) },
        payload: { apiKey: key },
      },
    );
    await ingest(63092986, 63092987);
    const first = await storedAfter(start, 'TokenTransferred');
    expect(first.length).toBeGreaterThan(100);
    await a.waitFor(first.length);
    a.close();
    await a.closed;

    await ingest(63092988, 63092988); // while disconnected
    const resumed = await subscribe(url, TRANSFERS, {
      variables: { after: a.items.at(-1)?.cursor },
      payload: { apiKey: key },
    });
    await ingest(63092989, 63092989); // live again
    const all = await storedAfter(start, 'TokenTransferred');
    await resumed.waitFor(all.length - a.items.length);
    const union = [...a.items, ...resumed.items].map((i) => i.node.id);
    expect(union).toEqual(all.map((e) => e.id));
    expect(resumed.items.map((i) => i.cursor)).toEqual(
      all.slice(a.items.length).map((e) => eventCursor(e.position)),
    );

    // Resuming from the middle of what was delivered replays exactly the rest.
    const middle = await subscribe(url, TRANSFERS, {
      variables: { after: a.items[10]?.cursor },
      payload: { apiKey: key },
    });
    await middle.waitFor(all.length - 11);
    expect(middle.items.map((i) => i.node.id)).toEqual(all.slice(11).map((e) => e.id));

    // The legacy protocol saw every ledger closed since it subscribed.
    await legacy.waitFor(4);
    expect(legacy.items.map((i) => i.node.sequence)).toEqual([63092986, 63092987, 63092988, 63092989]);
    for (const c of [resumed, middle, legacy]) c.close();
  });

  it('cut off a consumer too slow for its queue while another continues; it resumes from its last cursor', async () => {
    const start = await head();
    const slow = await subscribe(url, WIDE, {
      variables: { after: eventCursor(start) },
      payload: { apiKey: key },
    });
    const fast = await subscribe(url, WIDE, {
      variables: { after: eventCursor(start) },
      payload: { authorization: `Bearer ${key}` },
    });
    // Stop reading the slow client's socket: its kernel buffers fill, then its server-side queue.
    (slow.socket as WebSocket & { _socket: { pause(): void; resume(): void } })._socket.pause();
    const model = (await storedAfter(0n, 'TokenTransferred'))[0] as StoredEvent;
    // Copies of a real transfer under ids of the RPC event id form, beyond the fixture's ledgers.
    const floodId = (i: number): string =>
      `${(900_000_000_000_000_000n + BigInt(i)).toString().padStart(19, '0')}-0000000000`;
    const flood: NewEvent[] = Array.from({ length: 40_000 }, (_, i) => ({
      type: 'TokenTransferred',
      id: floodId(i),
      payload: { ...(model.payload as object), id: floodId(i) },
    }));
    for (let i = 0; i < flood.length; i += 5_000)
      await fixture.store.appendToStream('test-flood', flood.slice(i, i + 5_000), 'any');
    const all = await storedAfter(start, 'TokenTransferred');
    expect(all.length).toBe(40_000);
    await fast.waitFor(all.length, 120_000);
    expect(fast.items.map((i) => i.node.id)).toEqual(all.map((e) => e.id));

    (slow.socket as WebSocket & { _socket: { resume(): void } })._socket.resume();
    expect(await slow.closed).toBe(4008);
    expect(slow.errors.map((e) => e.extensions?.code)).toContain('API_ERR_SLOW_CONSUMER');
    expect(slow.items.length).toBeLessThan(all.length);
    expect(slow.items.map((i) => i.node.id)).toEqual(all.slice(0, slow.items.length).map((e) => e.id));

    const again = await subscribe(url, WIDE, {
      variables: { after: slow.items.at(-1)?.cursor },
      payload: { apiKey: key },
    });
    await again.waitFor(all.length - slow.items.length, 120_000);
    expect([...slow.items, ...again.items].map((i) => i.node.id)).toEqual(all.map((e) => e.id));
    again.close();
    fast.close();
  });

  it('refuse missing or revoked keys and unservable cursors with a coded error', async () => {
    const anonymous = await subscribe(url, TRANSFERS);
    await expect(anonymous.waitFor(1, 10_000)).rejects.toThrow(/API_ERR_UNAUTHENTICATED/);
    anonymous.close();

    const revoked = keys.create('to revoke');
    keys.revoke(revoked.record.id);
    const refused = await subscribe(url, TRANSFERS, { payload: { apiKey: revoked.key } });
    await expect(refused.waitFor(1, 10_000)).rejects.toThrow(/API_ERR_UNAUTHENTICATED/);
    refused.close();

    const beyond = await subscribe(url, TRANSFERS, {
      variables: { after: eventCursor((await head()) + 1000n) },
      payload: { apiKey: key },
    });
    await expect(beyond.waitFor(1, 10_000)).rejects.toThrow(/API_ERR_CURSOR_UNSERVABLE/);
    beyond.close();

    const garbage = await subscribe(url, TRANSFERS, {
      variables: { after: 'bm90LWEtY3Vyc29y' },
      payload: { apiKey: key },
    });
    await expect(garbage.waitFor(1, 10_000)).rejects.toThrow(/API_ERR_BAD_CURSOR/);
    garbage.close();
  });
});
