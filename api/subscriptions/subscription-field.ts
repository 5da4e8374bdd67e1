import type { StoredEvent } from '../../contracts/event-store.ts';
import { requirePrincipal } from '../auth/require-principal.ts';
import type { ApiContext } from '../context.ts';
import { apiError } from '../errors.ts';
import { eventCursor, eventPosition } from '../live/event-cursor.ts';
import { resumableEvents } from '../live/resumable-events.ts';

/** What one subscription delivers: which stored events it reads and the item each becomes (or null). */
export interface SubscriptionSpec<T> {
  readonly types: readonly string[];
  /** Called in event order; may keep state (candles). */
  readonly itemOf: (event: StoredEvent) => T | null;
}

/** WebSocket close code for a subscriber cut off as too slow. */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;

/**
 * A Subscription field: checks credentials and arguments up front (errors come back as GraphQL
 * errors with a code), then replays from the store after `after` and continues live. Every item gets
 * `cursor`, the position of its event.
 */
export function subscriptionField<A extends { after?: string | null }, T extends object>(
  field: string,
  specOf: (args: A, ctx: ApiContext) => SubscriptionSpec<T> | Promise<SubscriptionSpec<T>>,
) {
  return {
    resolve: (item: unknown) => item,
    subscribe: async (_root: unknown, args: A, ctx: ApiContext) => {
      requirePrincipal(ctx, field, 'subscription');
      const { store, feed, config, metrics } = ctx.deps;
      const after = args.after === undefined || args.after === null ? null : eventPosition(args.after);
      if (after !== null) {
        const head = (await store.readLastEvent())?.position ?? 0n;
        if (after > head) {
          throw apiError(
            'API_ERR_CURSOR_UNSERVABLE',
            `after points at store position ${after}, beyond the last stored event ${head}: the cursor is from another store; resubscribe without after`,
            { details: { argument: 'after', position: after.toString(), head: head.toString() } },
          );
        }
      }
      const spec = await specOf(args, ctx);
      const stop = new AbortController();
      const onSlowConsumer = (): void => {
        metrics.slowConsumers.inc({ subscription: field });
        const error = apiError(
          'API_ERR_SLOW_CONSUMER',
          `subscription ${field} fell more than ${config.subscriberQueueSize} events behind and took nothing for ${config.subscriberStallMs} ms, so it was disconnected; resubscribe with after = the last cursor received`,
          { details: { subscription: field } },
        );
        ctx.socket?.send(
          JSON.stringify({
            type: 'error',
            id: ctx.id,
            payload: [{ message: error.message, extensions: error.extensions }],
          }),
        );
        ctx.socket?.close(SLOW_CONSUMER_CLOSE_CODE, 'API_ERR_SLOW_CONSUMER');
        stop.abort();
      };
      const events = resumableEvents({
        store,
        feed,
        after,
        types: spec.types,
        queueSize: config.subscriberQueueSize,
        stallMs: config.subscriberStallMs,
        onSlowConsumer,
        signal: stop.signal,
      });
      return (async function* () {
        metrics.subscribers.inc({ subscription: field });
        try {
          for await (const event of events) {
            const item = spec.itemOf(event);
            if (item === null) continue;
            metrics.eventsDelivered.inc({ subscription: field });
            yield { cursor: eventCursor(event.position), node: item };
          }
        } finally {
          metrics.subscribers.dec({ subscription: field });
          stop.abort();
          await events.return(undefined);
        }
      })();
    },
  };
}
