import type { EventStore } from '../../contracts/event-store.ts';
import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';

export interface ProjectionPosition {
  readonly projection: string;
  readonly position: bigint;
  readonly closeTime: string | null;
}

export interface PipelineStatus {
  readonly network: string;
  /** Last ledger the ingest checkpoint committed; null before the first. */
  readonly ingestedLedger: number | null;
  /** Position of the store's last event (0 when empty). */
  readonly head: bigint;
  readonly headCloseTime: string | null;
  /** Each live read model's checkpoint. */
  readonly projections: readonly ProjectionPosition[];
  /** Ledger of the slowest read model's position; null when none has a checkpoint. */
  readonly projectedLedger: number | null;
  readonly lagEvents: bigint | null;
  readonly lagSeconds: number | null;
}

/** Where ingest and the read models stand: for `_meta`, /readyz and /metrics. */
export interface StatusSource {
  read(): Promise<PipelineStatus>;
}

const LIVE_CHECKPOINTS = `SELECT c.projection_name AS projection, max(c.position) AS position,
  argMax(c.close_time, c.position) AS close_time
FROM _projection_checkpoints AS c
INNER JOIN (SELECT projection_name, generation FROM _projection_generations FINAL WHERE status = 'live') AS g
  ON c.projection_name = g.projection_name AND c.generation = g.generation
GROUP BY c.projection_name ORDER BY projection`;

export function createStatusSource(deps: {
  readonly store: EventStore;
  readonly ch: ClickHouse;
  readonly network: string;
}): StatusSource {
  const { store, ch, network } = deps;

  async function projections(): Promise<ProjectionPosition[]> {
    try {
      const rows = await ch.query<{ projection: string; position: string; close_time: string }>(
        LIVE_CHECKPOINTS,
        {
          what: 'read projection checkpoints',
        },
      );
      return rows.map((r) => ({
        projection: r.projection,
        position: BigInt(r.position),
        closeTime: r.close_time === '' ? null : r.close_time,
      }));
    } catch {
      // No runner tables yet: nothing is projected.
      return [];
    }
  }

  async function ledgerAt(position: bigint): Promise<number | null> {
    if (position <= 0n) return null;
    for await (const event of store.readAll({ after: position - 1n, limit: 1 })) return event.ledger;
    return null;
  }

  return {
    async read(): Promise<PipelineStatus> {
      const [checkpoint, last, positions] = await Promise.all([
        store.readCheckpoint(`ingest:${network}`),
        store.readLastEvent(),
        projections(),
      ]);
      const head = last?.position ?? 0n;
      const headCloseTime = (last?.payload as { closeTime?: string } | undefined)?.closeTime ?? null;
      const slowest = positions.reduce<ProjectionPosition | null>(
        (min, p) => (min === null || p.position < min.position ? p : min),
        null,
      );
      let lagSeconds: number | null = null;
      if (slowest !== null) {
        if (slowest.position >= head) lagSeconds = 0;
        else if (slowest.closeTime !== null && headCloseTime !== null)
          lagSeconds = Math.max(0, (Date.parse(headCloseTime) - Date.parse(slowest.closeTime)) / 1000);
      }
      return {
        network,
        ingestedLedger: checkpoint?.ledger ?? null,
        head,
        headCloseTime,
        projections: positions,
        projectedLedger: slowest === null ? null : await ledgerAt(slowest.position),
        lagEvents: slowest === null ? null : head > slowest.position ? head - slowest.position : 0n,
        lagSeconds,
      };
    },
  };
}
