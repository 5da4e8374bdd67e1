import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../contracts/event-store.ts';
import type { MessageBus } from '../../contracts/message-bus.ts';
import { connectNatsBus } from '../../messaging/nats/connect-nats-bus.ts';
import {
  createTriggerDispatcher,
  TRIGGERS_JETSTREAM,
  type TriggerDispatcher,
} from '../../triggers/deliver/create-trigger-dispatcher.ts';
import { type NatsServerHandle, startNatsServer } from '../helpers/nats-server.ts';
import { appendFirings, createWorkspace, firing, waitFor } from './deliver-harness.ts';

interface Received {
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly body: { id: string; ledger: number; data: { rule: string } };
}

/**
 * Reads the TRIGGERS stream through a new durable pull consumer that acks each message, and checks
 * that the stream holds exactly `expected` messages (no extra copy stored).
 */
async function readTriggers(url: string, expected: number): Promise<Received[]> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const durable = `reader-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    await jsm.consumers.add(TRIGGERS_JETSTREAM, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    const consumer = await jetstream(nc).consumers.get(TRIGGERS_JETSTREAM, durable);
    const got: Received[] = [];
    const deadline = Date.now() + 15_000;
    while (got.length < expected && Date.now() < deadline) {
      for await (const m of await consumer.fetch({ max_messages: expected - got.length, expires: 1000 })) {
        got.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), body: m.json() });
        m.ack();
      }
    }
    const stream = await jsm.streams.info(TRIGGERS_JETSTREAM);
    expect(stream.state.messages).toBe(expected);
    expect((await consumer.info()).num_pending).toBe(0);
    return got;
  } finally {
    await nc.close();
  }
}

const ids = (events: readonly NewEvent[]): string[] => events.map((e) => e.id);

describe('NATS delivery of trigger firings on a real nats-server', () => {
  let server: NatsServerHandle;
  let ws: ReturnType<typeof createWorkspace>;
  const cleanups: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    server = await startNatsServer();
    ws = createWorkspace();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await ws.dispose();
    await server.dispose();
  });

  const openBus = async (): Promise<MessageBus> => {
    const bus = await connectNatsBus({ url: server.url, ackTimeoutMs: 300 });
    cleanups.push(() => bus.close());
    return bus;
  };
  const openDispatcher = (bus: MessageBus): TriggerDispatcher => {
    const d = createTriggerDispatcher({
      store: ws.store,
      bus,
      webhooks: [],
      statePath: ws.statePath,
      pollIntervalMs: 100,
      natsRetryInitialMs: 50,
      natsRetryMaxMs: 200,
    });
    cleanups.push(() => d.stop());
    return d;
  };

  it('publishes each firing that names nats once, on triggers.<rule>, with Nats-Msg-Id = event id, in order', async () => {
    const bus = await openBus();
    const events = [
      firing('dex-volume', 10, ['nats']),
      firing('whale', 10, ['nats']),
      firing('only-hook', 10, ['webhook:nope']),
      firing('dex-volume', 11, ['nats', 'nats']),
      firing('whale', 12, ['nats', 'webhook:nope']),
    ];
    await appendFirings(ws.store, events);
    const d = openDispatcher(bus);
    await d.start();
    d.notify();
    await waitFor('four NATS deliveries', () => d.stats().nats?.delivered === 4);

    const got = await readTriggers(server.url, 4);
    expect(got.map((m) => m.msgId)).toEqual(['dex-volume:10', 'whale:10', 'dex-volume:11', 'whale:12']);
    expect(got.map((m) => m.subject)).toEqual([
      'triggers.dex-volume',
      'triggers.whale',
      'triggers.dex-volume',
      'triggers.whale',
    ]);
    expect(got[1]?.body).toEqual(events[1]?.payload);
    expect(d.stats().nats).toMatchObject({ delivered: 4, duplicates: 0, lastRevision: 4n });
    expect(d.listDeadLetters().map((l) => [l.eventId, l.sink])).toEqual([
      ['only-hook:10', 'webhook:nope'],
      ['whale:12', 'webhook:nope'],
    ]);
  });

  it('delivers each (rule, ledger) once across a dispatcher restart that resends unacknowledged progress', async () => {
    const firstHalf = Array.from({ length: 15 }, (_, i) =>
      firing(i % 3 === 0 ? 'whale' : 'dex', 100 + i, ['nats']),
    );
    const secondHalf = Array.from({ length: 15 }, (_, i) =>
      firing(i % 3 === 0 ? 'whale' : 'dex', 115 + i, ['nats']),
    );
    await appendFirings(ws.store, firstHalf);
    const bus = await openBus();
    const first = openDispatcher(bus);
    await first.start();
    await waitFor('the first half', () => first.stats().nats?.delivered === 15);
    await first.stop();

    // A crash after JetStream acknowledged the last firings but before their progress was saved.
    const db = new Database(ws.statePath);
    db.prepare(
      "UPDATE trigger_sink_progress SET last_revision = last_revision - 3 WHERE sink = 'nats'",
    ).run();
    db.close();

    const second = openDispatcher(bus);
    await second.start();
    await appendFirings(ws.store, secondHalf.slice(0, 7));
    second.notify();
    await appendFirings(ws.store, secondHalf.slice(7));
    second.notify();
    await waitFor('the rest', () => second.stats().nats?.lastRevision === 29n);
    expect(second.stats().nats).toMatchObject({ delivered: 18, duplicates: 3 });

    const got = await readTriggers(server.url, 30);
    expect(got.map((m) => m.msgId)).toEqual(ids([...firstHalf, ...secondHalf]));
    expect(got.map((m) => m.body.data.rule)).toEqual(
      [...firstHalf, ...secondHalf].map((e) => e.id.split(':')[0]),
    );
  });

  it('waits out a nats-server outage while firings are appended: none lost, none doubled, order kept', async () => {
    const bus = await openBus();
    const d = openDispatcher(bus);
    await d.start();
    const before = Array.from({ length: 5 }, (_, i) => firing('dex', 200 + i, ['nats']));
    await appendFirings(ws.store, before);
    d.notify();
    await waitFor('deliveries before the outage', () => d.stats().nats?.delivered === 5);

    await server.stop();
    const during = Array.from({ length: 10 }, (_, i) =>
      firing(i % 2 === 0 ? 'dex' : 'whale', 205 + i, ['nats']),
    );
    for (let i = 0; i < during.length; i += 2) {
      await appendFirings(ws.store, during.slice(i, i + 2));
      d.notify();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitFor('failed attempts during the outage', () => (d.stats().nats?.retries ?? 0) >= 2);
    expect(d.stats().nats?.delivered).toBe(5);

    await server.start();
    await waitFor('every firing after the outage', () => d.stats().nats?.delivered === 15, 30_000);
    const got = await readTriggers(server.url, 15);
    expect(got.map((m) => m.msgId)).toEqual(ids([...before, ...during]));
    expect(got.map((m) => m.body.ledger)).toEqual(Array.from({ length: 15 }, (_, i) => 200 + i));
  });

  it('creates the TRIGGERS stream once NATS is reachable when it was down at start', async () => {
    const bus = await openBus();
    await server.stop();
    const d = createTriggerDispatcher({
      store: ws.store,
      bus,
      webhooks: [],
      statePath: ws.statePath,
      pollIntervalMs: 100,
      natsRetryInitialMs: 50,
      natsRetryMaxMs: 200,
      natsEnsureTimeoutMs: 300,
    });
    cleanups.push(() => d.stop());
    await d.start();
    const events = [firing('dex', 1, ['nats']), firing('dex', 2, ['nats'])];
    await appendFirings(ws.store, events);
    d.notify();
    await waitFor('failed attempts while NATS is down', () => (d.stats().nats?.retries ?? 0) >= 1);
    await server.start();
    await waitFor('deliveries once NATS is back', () => d.stats().nats?.delivered === 2, 30_000);
    const got = await readTriggers(server.url, 2);
    expect(got.map((m) => m.msgId)).toEqual(ids(events));
  });
});
