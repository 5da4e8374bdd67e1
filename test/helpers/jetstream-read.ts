import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/**
 * Reads a JetStream stream through a durable pull consumer (created if missing), acknowledging each
 * message, until a fetch comes back empty (after `expiresMs`) or `max` messages were read. The same
 * durable name continues after what it acknowledged.
 */
export async function readDurable<T>(
  natsUrl: string,
  stream: string,
  durable: string,
  options: { readonly max?: number; readonly expiresMs?: number } = {},
): Promise<T[]> {
  const nc = await connect({ servers: natsUrl.replace('nats://', '') });
  try {
    await (await jetstreamManager(nc)).consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
    });
    const consumer = await jetstream(nc).consumers.get(stream, durable);
    const got: T[] = [];
    const max = options.max ?? Number.POSITIVE_INFINITY;
    while (got.length < max) {
      const batch = await consumer.fetch({ max_messages: 100, expires: options.expiresMs ?? 2_000 });
      let n = 0;
      for await (const m of batch) {
        got.push(m.json<T>());
        m.ack();
        n += 1;
      }
      if (n === 0) break;
    }
    return got;
  } finally {
    await nc.close();
  }
}
