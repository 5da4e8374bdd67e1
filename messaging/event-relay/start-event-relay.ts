import type { EventStore } from '../../contracts/event-store.ts';
import type { MessageBus } from '../../contracts/message-bus.ts';
import { tailStore } from '../../event-store/shared/tail-store.ts';
import { encodeEventMessage } from './event-message.ts';

export interface EventRelayLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface EventRelay {
  /** Position of the last event published. */
  readonly position: bigint;
  readonly published: number;
  close(): Promise<void>;
}

/**
 * Publishes every event committed to the store from now on to `stellar.events.<type>` (NATS core), in
 * position order, each naming its predecessor so receivers notice a gap and fill it from the store.
 * Runs beside the writer (ingest), whose appends wake it at once. The store stays the source of truth:
 * a message lost while NATS reconnects is a gap that receivers backfill.
 */
export async function startEventRelay(options: {
  readonly store: EventStore;
  readonly bus: MessageBus;
  readonly logger?: EventRelayLogger;
  /** Start after this position; default: the store's head now. */
  readonly after?: bigint;
  readonly pollIntervalMs?: number;
}): Promise<EventRelay> {
  const { store, bus } = options;
  const controller = new AbortController();
  let previous = options.after ?? (await store.readLastEvent())?.position ?? 0n;
  let published = 0;
  options.logger?.info({ after: previous.toString(), bus: bus.kind }, 'event relay: publishing new events');

  const running = tailStore({
    store,
    after: previous,
    signal: controller.signal,
    pollIntervalMs: options.pollIntervalMs,
    onEvent: (event) => {
      const message = encodeEventMessage(event, previous);
      bus.publish(message.subject, message.data, { headers: message.headers });
      previous = event.position;
      published += 1;
    },
    onError: (error, after) =>
      options.logger?.warn({ err: error, after: after.toString() }, 'event relay: failed, retrying in 1 s'),
  });

  return {
    get position() {
      return previous;
    },
    get published() {
      return published;
    },
    async close() {
      controller.abort();
      await running;
      await bus.flush().catch(() => undefined);
    },
  };
}
