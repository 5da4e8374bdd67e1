import type { Logger } from 'pino';
import type { EventStore } from '../contracts/event-store.ts';
import { startEventRelay } from '../messaging/event-relay/start-event-relay.ts';
import { connectNatsBus } from '../messaging/nats/connect-nats-bus.ts';

/**
 * Runs `work` with an event relay publishing what `store` commits to NATS (for the API replicas), when
 * a NATS URL is given; without one, just runs `work`. The relay drains before the bus closes.
 */
export async function withEventRelay<T>(
  options: { readonly natsUrl: string | undefined; readonly store: EventStore; readonly logger: Logger },
  work: () => Promise<T>,
): Promise<T> {
  if (options.natsUrl === undefined) return await work();
  const bus = await connectNatsBus({
    url: options.natsUrl,
    name: 'stellar-indexer-relay',
    background: true,
    logger: options.logger,
  });
  try {
    const relay = await startEventRelay({ store: options.store, bus, logger: options.logger });
    try {
      return await work();
    } finally {
      await relay.close();
      options.logger.info({ published: relay.published }, 'event relay: stopped');
    }
  } finally {
    await bus.close();
  }
}
