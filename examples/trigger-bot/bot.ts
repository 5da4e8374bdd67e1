import { consumeTriggers } from './consume-triggers.ts';

/**
 * The example bot: prints each firing it receives and acknowledges it. Replace `act` with what your bot
 * does (place an order, page someone…), keyed by the firing id so that a redelivery is harmless.
 *
 *   NATS_URL=nats://127.0.0.1:4222 node --import tsx examples/trigger-bot/bot.ts [durable-name]
 */
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const durable = process.argv[2] ?? 'example-bot';
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

const done = new Set<string>();
await consumeTriggers({
  natsUrl,
  durable,
  signal: controller.signal,
  async act(firing, delivery) {
    if (done.has(firing.id)) return; // already acted on: a redelivery after a lost ack
    done.add(firing.id);
    const values = Object.entries(firing.data.values)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    process.stdout.write(
      `${firing.closeTime} ledger ${firing.ledger} ${firing.data.rule}: ${firing.data.reason}` +
        `${values ? ` (${values})` : ''}${delivery.redelivered ? ' [redelivered]' : ''}\n`,
    );
  },
});
