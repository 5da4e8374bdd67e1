import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StatusSource } from './status.ts';

export interface ApiMetrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly subscribers: Gauge<'subscription'>;
  readonly eventsDelivered: Counter<'subscription'>;
  readonly slowConsumers: Counter<'subscription'>;
}

/** One registry per server (no global default registry), pipeline gauges read on each scrape. */
export function createApiMetrics(status: StatusSource): ApiMetrics {
  const registry = new Registry();
  const requestDuration = new Histogram({
    name: 'api_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const subscribers = new Gauge({
    name: 'api_subscribers',
    help: 'Active GraphQL subscriptions by field',
    labelNames: ['subscription'] as const,
    registers: [registry],
  });
  const eventsDelivered = new Counter({
    name: 'api_events_delivered_total',
    help: 'Items delivered to subscribers (replayed and live)',
    labelNames: ['subscription'] as const,
    registers: [registry],
  });
  const slowConsumers = new Counter({
    name: 'api_slow_consumers_total',
    help: 'Subscribers disconnected because their queue filled up',
    labelNames: ['subscription'] as const,
    registers: [registry],
  });
  // Pipeline gauges are filled on scrape; one status read serves all of them.
  let pending: Promise<void> | null = null;
  const refresh = async (): Promise<void> => {
    pending ??= status
      .read()
      .then((s) => {
        if (s.ingestedLedger !== null) ingested.set(s.ingestedLedger);
        head.set(Number(s.head));
        for (const p of s.projections) position.set({ projection: p.projection }, Number(p.position));
        if (s.lagEvents !== null) lagEvents.set(Number(s.lagEvents));
        if (s.lagSeconds !== null) lagSeconds.set(s.lagSeconds);
      })
      .catch(() => undefined)
      .finally(() => {
        pending = null;
      });
    await pending;
  };
  const gauge = (name: string, help: string, labelNames: readonly string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry], collect: refresh });
  const ingested = gauge('indexer_ingested_ledger', 'Last ledger ingest committed');
  const head = gauge('indexer_store_head_position', 'Position of the last stored event');
  const position = gauge('indexer_projection_position', 'Store position each live read model has folded in', [
    'projection',
  ]);
  const lagEvents = gauge(
    'indexer_projection_lag_events',
    'Store events the slowest read model has not folded in yet',
  );
  const lagSeconds = gauge(
    'indexer_projection_lag_seconds',
    'Ledger close time of the store head minus that of the slowest read model',
  );
  return { registry, requestDuration, subscribers, eventsDelivered, slowConsumers };
}
