import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import type { BusMessage, MessageBus } from '../../contracts/message-bus.ts';
import { createInProcessBus } from '../../messaging/in-process-bus.ts';
import { connectNatsBus } from '../../messaging/nats/connect-nats-bus.ts';
import { type NatsServerHandle, startNatsServer } from '../helpers/nats-server.ts';

const text = (m: BusMessage): string => new TextDecoder().decode(m.data);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

async function collect(bus: MessageBus, subject: string, count: number, act: () => Promise<void>) {
  const got: BusMessage[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const off = bus.subscribe(subject, (m) => {
    got.push(m);
    if (got.length === count) done();
  });
  await act();
  await Promise.race([all, new Promise((r) => setTimeout(r, 5000))]);
  off();
  return got;
}

describe('message bus on a real nats-server', () => {
  let server: NatsServerHandle;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('fans core messages out to every subscriber of a matching subject, with headers', async () => {
    const a = await connectNatsBus({ url: server.url });
    const b = await connectNatsBus({ url: server.url });
    try {
      const got = await collect(b, 'events.>', 2, async () => {
        await b.flush();
        a.publish('events.TradeExecuted', bytes('one'), { headers: { 'Stellar-Position': '7' } });
        a.publish('other.x', bytes('no'));
        a.publish('events.LedgerClosed', bytes('two'));
        await a.flush();
      });
      expect(got.map(text)).toEqual(['one', 'two']);
      expect(got[0]?.headers['Stellar-Position']).toBe('7');
      expect(got[1]?.subject).toBe('events.LedgerClosed');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('drops a durable message whose Nats-Msg-Id the stream has seen', async () => {
    const bus = await connectNatsBus({ url: server.url });
    try {
      await bus.ensureStream({ name: 'TEST_DEDUP', subjects: ['dedup.>'] });
      await bus.ensureStream({ name: 'TEST_DEDUP', subjects: ['dedup.>'] });
      const first = await bus.publishDurable('dedup.a', bytes('x'), { msgId: 'r1:100' });
      const again = await bus.publishDurable('dedup.a', bytes('x'), { msgId: 'r1:100' });
      const other = await bus.publishDurable('dedup.a', bytes('y'), { msgId: 'r1:101' });
      expect(first.duplicate).toBe(false);
      expect(again.duplicate).toBe(true);
      expect(other.sequence).toBe(first.sequence + 1);
    } finally {
      await bus.close();
    }
  });

  it('fails a durable publish with a retryable code while the server is down, and works after it is back', async () => {
    const bus = await connectNatsBus({ url: server.url, ackTimeoutMs: 500 });
    try {
      await bus.ensureStream({ name: 'TEST_OUTAGE', subjects: ['outage.>'] });
      await server.stop();
      const failure = await bus.publishDurable('outage.a', bytes('x'), { msgId: 'o:1' }).catch((e) => e);
      expect(hasErrorCode(failure, 'BUS_ERR_UNAVAILABLE')).toBe(true);
      expect((failure as { retryable: boolean }).retryable).toBe(true);
      await server.start();
      let result = null;
      for (let i = 0; i < 40 && result === null; i++) {
        result = await bus.publishDurable('outage.a', bytes('x'), { msgId: 'o:1' }).catch(() => null);
        if (result === null) await new Promise((r) => setTimeout(r, 250));
      }
      expect(result?.sequence).toBeGreaterThan(0);
    } finally {
      await bus.close();
    }
  });

  it('in background mode starts while the server is down, and delivers once it is up', async () => {
    await server.stop();
    const bus = await connectNatsBus({ url: server.url, background: true, ackTimeoutMs: 300 });
    try {
      const early = await bus.publishDurable('outage.b', bytes('x'), { msgId: 'b:1' }).catch((e) => e);
      expect(hasErrorCode(early, 'BUS_ERR_UNAVAILABLE')).toBe(true);
      await server.start();
      let result = null;
      for (let i = 0; i < 40 && result === null; i++) {
        result = await bus.publishDurable('outage.b', bytes('x'), { msgId: 'b:1' }).catch(() => null);
        if (result === null) await new Promise((r) => setTimeout(r, 250));
      }
      expect(result?.duplicate).toBe(false);
    } finally {
      await bus.close();
    }
    // Closing a bus that never connected returns at once and leaves no retry running.
    const never = await connectNatsBus({ url: 'nats://127.0.0.1:1', background: true });
    await never.close();
  });

  it('refuses a bad URL and an unreachable server with codes', async () => {
    const bad = await connectNatsBus({ url: 'http://x' }).catch((e) => e);
    expect(hasErrorCode(bad, 'BUS_ERR_BAD_URL')).toBe(true);
    const down = await connectNatsBus({ url: 'nats://127.0.0.1:1', connectTimeoutMs: 500 }).catch((e) => e);
    expect(hasErrorCode(down, 'BUS_ERR_CONNECT')).toBe(true);
  });
});

describe('in-process bus', () => {
  it('delivers to matching subscribers in order and dedups durable messages by msgId', async () => {
    const bus = createInProcessBus();
    const got = await collect(bus, 'triggers.*', 2, async () => {
      bus.publish('triggers.a', bytes('1'));
      bus.publish('triggers.a.b', bytes('skip'));
      expect((await bus.publishDurable('triggers.b', bytes('2'), { msgId: 'b:1' })).duplicate).toBe(false);
      expect((await bus.publishDurable('triggers.b', bytes('2'), { msgId: 'b:1' })).duplicate).toBe(true);
    });
    expect(got.map(text)).toEqual(['1', '2']);
    expect(got[1]?.headers['Nats-Msg-Id']).toBe('b:1');
    await bus.close();
    expect(() => bus.publish('x', bytes(''))).toThrow(/after close/);
  });
});
