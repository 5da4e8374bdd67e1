import type { BusMessage, DurablePublishResult, MessageBus } from '../contracts/message-bus.ts';
import { busError } from './errors.ts';
import { subjectMatches } from './subject-match.ts';

interface Subscription {
  readonly pattern: string;
  readonly handler: (message: BusMessage) => void;
}

/**
 * The bus of a single process: publish hands each message to every matching subscriber on the next
 * microtask, in publish order. Durable publishes are deduplicated by msgId within the window, like
 * JetStream, but nothing outlives the process.
 */
export function createInProcessBus(options: { duplicateWindowMs?: number } = {}): MessageBus {
  const subscriptions = new Set<Subscription>();
  const seen = new Map<string, number>();
  const windowMs = options.duplicateWindowMs ?? 120_000;
  let sequence = 0;
  let closed = false;

  const deliver = (message: BusMessage): void => {
    for (const s of subscriptions) {
      if (!subjectMatches(s.pattern, message.subject)) continue;
      queueMicrotask(() => {
        if (subscriptions.has(s)) s.handler(message);
      });
    }
  };
  const assertOpen = (what: string): void => {
    if (closed) throw busError('BUS_ERR_CLOSED', `in-process bus: ${what} after close()`);
  };
  const forget = (now: number): void => {
    for (const [id, at] of seen) {
      if (now - at < windowMs) break;
      seen.delete(id);
    }
  };

  return {
    kind: 'in-process',
    publish(subject, data, publishOptions) {
      assertOpen('publish');
      deliver({ subject, data, headers: { ...publishOptions?.headers } });
    },
    subscribe(subject, handler) {
      assertOpen('subscribe');
      const subscription: Subscription = { pattern: subject, handler };
      subscriptions.add(subscription);
      return () => {
        subscriptions.delete(subscription);
      };
    },
    async ensureStream() {
      assertOpen('ensureStream');
    },
    async publishDurable(subject, data, publishOptions): Promise<DurablePublishResult> {
      assertOpen('publishDurable');
      const now = Date.now();
      forget(now);
      if (seen.has(publishOptions.msgId)) return { duplicate: true, sequence: 0 };
      seen.set(publishOptions.msgId, now);
      sequence += 1;
      deliver({ subject, data, headers: { ...publishOptions.headers, 'Nats-Msg-Id': publishOptions.msgId } });
      return { duplicate: false, sequence };
    },
    async flush() {},
    async close() {
      closed = true;
      subscriptions.clear();
    },
  };
}
