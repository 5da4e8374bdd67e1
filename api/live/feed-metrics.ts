import { Gauge, type Registry } from 'prom-client';
import type { LiveFeed } from './live-feed.ts';

/** For a feed that counts where its events came from (the bus feed): `api_live_feed_events{via}`. */
export function registerFeedMetrics(registry: Registry, feed: LiveFeed): void {
  const stats = (feed as { stats?: { fromBus: number; fromStore: number } }).stats;
  if (stats === undefined) return;
  new Gauge({
    name: 'api_live_feed_events',
    help: 'Live events this replica received: via="bus" straight from NATS, via="store" read to fill a gap',
    labelNames: ['via'] as const,
    registers: [registry],
    collect() {
      this.set({ via: 'bus' }, stats.fromBus);
      this.set({ via: 'store' }, stats.fromStore);
    },
  });
}
