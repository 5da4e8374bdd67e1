import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerFiredId } from '../../contracts/events/trigger-fired.ts';
import type { MessageBus } from '../../contracts/message-bus.ts';
import { consumeTriggers, type Firing } from '../../examples/trigger-bot/consume-triggers.ts';
import { connectNatsBus } from '../../messaging/nats/connect-nats-bus.ts';
import { type NatsServerHandle, startNatsServer } from '../helpers/nats-server.ts';

let nats: NatsServerHandle;
let bus: MessageBus;

beforeAll(async () => {
  nats = await startNatsServer();
  bus = await connectNatsBus({ url: nats.url });
  await bus.ensureStream({ name: 'TRIGGERS', subjects: ['triggers.>'] });
});
afterAll(async () => {
  await bus?.close();
  await nats?.dispose();
});

const firing = (rule: string, ledger: number): Firing => ({
  id: triggerFiredId(rule, ledger),
  ledger,
  closeTime: '2026-01-01T00:00:00Z',
  data: { rule, reason: 'test', matches: [], values: {} },
});

async function publish(f: Firing): Promise<void> {
  await bus.publishDurable(`triggers.${f.data.rule}`, new TextEncoder().encode(JSON.stringify(f)), {
    msgId: f.id,
  });
}

/** Runs the bot until it has acted `count` times (or 10 s), then stops it. */
async function runBot(count: number, act: (f: Firing, redelivered: boolean) => void): Promise<void> {
  const controller = new AbortController();
  let acted = 0;
  const timer = setTimeout(() => controller.abort(), 10_000);
  await consumeTriggers({
    natsUrl: nats.url,
    durable: 'test-bot',
    signal: controller.signal,
    async act(f, delivery) {
      act(f, delivery.redelivered);
      acted += 1;
      if (acted === count) setTimeout(() => controller.abort(), 200);
    },
  });
  clearTimeout(timer);
}

describe('example bot: durable JetStream pull consumer', () => {
  it('gets each firing once, redelivers one whose action failed, and resumes after its last ack', async () => {
    await publish(firing('big-in', 100));
    await publish(firing('big-in', 100)); // same id: dropped by the server
    await publish(firing('volume', 100));
    await publish(firing('big-in', 101));

    const seen: string[] = [];
    let failedOnce = false;
    await runBot(3, (f, redelivered) => {
      seen.push(`${f.id}${redelivered ? ' again' : ''}`);
      if (f.id === 'volume:100' && !failedOnce) {
        failedOnce = true;
        throw new Error('exchange unavailable');
      }
    });
    expect(seen.filter((s) => !s.endsWith('again'))).toEqual(['big-in:100', 'volume:100', 'big-in:101']);
    expect(seen).toContain('volume:100 again');

    // Same durable name: only what came after the last acknowledged firing.
    await publish(firing('big-in', 102));
    const resumed: string[] = [];
    await runBot(1, (f) => resumed.push(f.id));
    expect(resumed).toEqual(['big-in:102']);
  }, 40_000);
});
