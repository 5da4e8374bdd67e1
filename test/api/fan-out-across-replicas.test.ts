import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCursor } from '../../api/live/event-cursor.ts';
import type { MessageBus } from '../../contracts/message-bus.ts';
import { type EventRelay, startEventRelay } from '../../messaging/event-relay/start-event-relay.ts';
import { connectNatsBus } from '../../messaging/nats/connect-nats-bus.ts';
import { type NatsServerHandle, startNatsServer } from '../helpers/nats-server.ts';
import { startCli } from '../helpers/run-cli.ts';
import { freePort, waitForHttp } from '../helpers/wait-for-http.ts';
import { type ApiFixture, createApiFixture } from './helpers/api-fixture.ts';
import { subscribe } from './helpers/ws-client.ts';

const _quiet = { info() {}, debug() {}, warn() {} };
const TRANSFERS =
  'subscription ($after: String) { tokenTransfers(after: $after) { cursor node { id amount } } }';
const LEDGERS = 'subscription ($after: String) { ledgerClosed(after: $after) { cursor node { sequence } } }';

let fixture: ApiFixture;
let nats: NatsServerHandle;
let bus: MessageBus;
let relay: EventRelay | null = null;
const replicas: { url: string; base: string; child: ReturnType<typeof startCli>['child'] }[] = [];

beforeAll(async () => {
  fixture = await createApiFixture('fanout', { to: 63092984, project: false });
  nats = await startNatsServer();
  for (const name of ['a', 'b']) {
    const port = await freePort();
    const { child } = startCli(
      [
        'serve',
        '--store',
        `sqlite:${fixture.storePath}`,
        '--clickhouse',
        `chdb:${path.join(fixture.dir, `ch-${name}`)}`,
        '--port',
        String(port),
        '--public',
        '--keys',
        path.join(fixture.dir, `keys-${name}.db`),
        '--nats',
        nats.url,
      ],
      fixture.dir,
    );
    const base = `http://127.0.0.1:${port}`;
    replicas.push({ base, url: `ws://127.0.0.1:${port}/graphql`, child });
  }
  await Promise.all(replicas.map((r) => waitForHttp(`${r.base}/healthz`, 60_000)));
  bus = await connectNatsBus({ url: nats.url });
  relay = await startEventRelay({ store: fixture.store, bus });
}, 120_000);

afterAll(async () => {
  await relay?.close();
  await bus?.close();
  for (const r of replicas) r.child.kill('SIGTERM');
  await Promise.all(
    replicas.map(
      (r) =>
        new Promise((resolve) => (r.child.exitCode !== null ? resolve(null) : r.child.once('exit', resolve))),
    ),
  );
  await nats?.dispose();
  await fixture?.close();
});

const ingest = (from: number, to: number): Promise<void> => fixture.ingest(from, to);

async function storedIds(after: bigint, type: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of fixture.store.readAll({ after, types: [type] })) ids.push(e.id);
  return ids;
}

async function feedCounter(base: string, via: 'bus' | 'store'): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`api_live_feed_events{via="${via}"}`));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

describe('live events across two API replicas through a real nats-server', () => {
  it('every subscriber on either replica gets exactly the stored sequence, carried by NATS', async () => {
    const start = (await fixture.store.readLastEvent())?.position ?? 0n;
    const after = { after: eventCursor(start) };
    const clients = await Promise.all(
      replicas.flatMap((r) => [
        subscribe(r.url, TRANSFERS, { variables: after }),
        subscribe(r.url, LEDGERS, { variables: after }),
      ]),
    );
    await ingest(63092985, 63092987);
    const transfers = await storedIds(start, 'TokenTransferred');
    expect(transfers.length).toBeGreaterThan(50);
    for (const [i, client] of clients.entries()) {
      const transfersClient = i % 2 === 0;
      await client.waitFor(transfersClient ? transfers.length : 3, 30_000);
      if (transfersClient) expect(client.items.map((item) => item.node.id)).toEqual(transfers);
      else expect(client.items.map((item) => item.node.sequence)).toEqual([63092985, 63092986, 63092987]);
    }
    for (const r of replicas) expect(await feedCounter(r.base, 'bus')).toBeGreaterThan(transfers.length);

    // With the relay gone, nothing reaches NATS: the replicas notice the store moved and read it.
    await relay?.close();
    relay = null;
    const before = (await fixture.store.readLastEvent())?.position ?? 0n;
    await ingest(63092988, 63092988);
    const more = await storedIds(before, 'TokenTransferred');
    for (const [i, client] of clients.entries()) {
      await client.waitFor(i % 2 === 0 ? transfers.length + more.length : 4, 30_000);
      if (i % 2 === 0) expect(client.items.map((item) => item.node.id)).toEqual([...transfers, ...more]);
      else expect(client.items.at(-1)?.node.sequence).toBe(63092988);
    }
    for (const r of replicas) expect(await feedCounter(r.base, 'store')).toBeGreaterThan(0);
    for (const client of clients) client.close();
  }, 120_000);
});
