import type { GraphQLResolveInfo } from 'graphql';
import type { StoredEvent } from '../../contracts/event-store.ts';
import { requirePrincipal } from '../auth/require-principal.ts';
import type { ApiContext } from '../context.ts';
import { apiError } from '../errors.ts';
import { eventCursor, eventPosition } from '../live/event-cursor.ts';
import { type LiveTap, resumableEvents } from '../live/resumable-events.ts';
import { directDelivery, directSocketOf } from './direct-delivery.ts';
import { liveDeliveryFor } from './live-delivery.ts';
import type { Rendered } from './shared-render.ts';
import { executionRender, groupKeyOf } from './shared-render.ts';

/** What one subscription delivers: which stored events it reads and the item each becomes (or null). */
export interface SubscriptionSpec<T> {
  readonly types: readonly string[];
  /** Called in event order; may keep state (candles). */
  readonly itemOf: (event: StoredEvent) => T | null;
  /**
   * True when `itemOf` keeps state between events: every event then goes through this subscription's
   * own `itemOf` exactly once, and its live items are not shared with other subscribers.
   */
  readonly stateful?: boolean;
}

/** WebSocket close code for a subscriber cut off as too slow. */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;

/**
 * A Subscription field: checks credentials and arguments up front (errors come back as GraphQL
 * errors with a code), then replays from the store after `after` and continues live. Every item gets
 * `cursor`, the position of its event.
 *
 * Live items of stateless subscriptions over a websocket take the direct path once caught up:
 * subscribers with the same operation, variables (but `after`) and principal form a group, the group
 * executes and serializes each event once, and each member writes that message to its socket. The
 * replay, and the catch-up of a subscriber that fell behind, go through mercurius as usual.
 */
export function subscriptionField<A extends { after?: string | null }, T extends object>(
  field: string,
  specOf: (args: A, ctx: ApiContext) => SubscriptionSpec<T> | Promise<SubscriptionSpec<T>>,
) {
  return {
    resolve: (item: unknown) => item,
    subscribe: async (_root: unknown, args: A, ctx: ApiContext, info: GraphQLResolveInfo) => {
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
      const { fanout, sweeper } = liveDeliveryFor(feed, config.subscriberStallMs, ctx.app?.log);
      const socket = directSocketOf(ctx.socket);
      const direct = spec.stateful !== true && socket !== null && ctx.id !== undefined;
      const membership = fanout.join<Rendered>(
        direct ? groupKeyOf(info, ctx.principal?.id ?? null) : null,
        spec.types,
        () => ({
          render: direct ? executionRender(spec.itemOf, info, ctx) : () => null,
          delivered: (count) => metrics.eventsDelivered.inc({ subscription: field }, count),
        }),
      );
      const live: LiveTap = {
        listen: (listener) => membership.listen(listener),
        ...(direct && socket !== null
          ? {
              direct: directDelivery({
                membership,
                socket,
                id: String(ctx.id),
                queueSize: config.subscriberQueueSize,
              }),
            }
          : {}),
      };
      const events = resumableEvents({
        store,
        live,
        after,
        types: spec.types,
        queueSize: config.subscriberQueueSize,
        stallMs: config.subscriberStallMs,
        sweeper,
        onSlowConsumer,
        signal: stop.signal,
      });
      const items = (async function* () {
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
          membership.leave();
        }
      })();
      // Ending the subscription (client `complete`, socket closed) stops the direct path at once,
      // even while the generator waits for it; a generator never started still leaves its group.
      return {
        next: () => items.next(),
        return: async (value?: unknown) => {
          stop.abort();
          const done = await items.return(value as never);
          membership.leave();
          return done;
        },
        throw: (error?: unknown) => items.throw(error),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
}
