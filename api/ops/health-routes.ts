import type { FastifyInstance } from 'fastify';
import type { EventStore } from '../../contracts/event-store.ts';
import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';
import type { ApiConfig } from '../config.ts';
import type { ApiMetrics } from './metrics.ts';
import type { StatusSource } from './status.ts';

const PUBLIC = { config: { rateLimit: false } } as const;

/** /healthz (the process answers), /readyz (store, ClickHouse, read models caught up), /metrics. */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: {
    readonly store: EventStore;
    readonly ch: ClickHouse;
    readonly status: StatusSource;
    readonly metrics: ApiMetrics;
    readonly config: ApiConfig;
  },
): void {
  app.get('/healthz', PUBLIC, async () => ({ status: 'ok' }));

  app.get('/readyz', PUBLIC, async (_request, reply) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      await deps.store.readLastEvent();
      checks.store = { ok: true };
    } catch (error) {
      checks.store = { ok: false, detail: (error as Error).message };
    }
    try {
      await deps.ch.query('SELECT 1 AS one', { what: 'readiness probe' });
      checks.clickhouse = { ok: true };
    } catch (error) {
      checks.clickhouse = { ok: false, detail: (error as Error).message };
    }
    if (checks.store.ok && checks.clickhouse.ok) {
      const s = await deps.status.read();
      const lag = s.lagEvents;
      const ok = lag !== null && lag <= BigInt(deps.config.readyMaxLagEvents);
      checks.projections = {
        ok,
        detail:
          lag === null
            ? 'no read model has a checkpoint yet'
            : `slowest read model is ${lag} events behind the store (bound ${deps.config.readyMaxLagEvents})`,
      };
    }
    const ready = Object.values(checks).every((c) => c.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', PUBLIC, async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.header('content-type', deps.metrics.registry.contentType).send(body);
  });
}
