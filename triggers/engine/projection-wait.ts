import { setTimeout as sleep } from 'node:timers/promises';
import { conditionProjections } from '../conditions/evaluate-condition.ts';
import type { ReadModelReader } from '../conditions/read-model-reader.ts';
import type { TriggerRule } from '../rules/rule-types.ts';

/** A ledger the read models must hold: every event of it is at or below `position`. */
export interface ProjectionTarget {
  readonly ledger: number;
  readonly position: bigint;
}

/** The read models (projection names) the read-model rules query. */
export const projectionsFor = (rules: readonly TriggerRule[]): string[] => [
  ...new Set(rules.flatMap((r) => (r.kind === 'readModel' ? conditionProjections(r.condition) : []))),
];

const POSITIONS_SQL = `SELECT g.projection_name AS projection, toString(max(c.position)) AS position
FROM (
  SELECT projection_name, generation, argMax(status, status_rank) AS status
  FROM _projection_generations GROUP BY projection_name, generation
) AS g
INNER JOIN _projection_checkpoints AS c ON c.projection_name = g.projection_name AND c.generation = g.generation
WHERE g.status = 'live' AND g.projection_name IN {names:Array(String)}
GROUP BY g.projection_name`;

/** Store position folded in by the live generation of each named projection (absent: none live). */
export async function readModelPositions(
  reader: ReadModelReader,
  projections: readonly string[],
): Promise<Map<string, bigint>> {
  const rows = await reader.query<{ projection: string; position: string }>(POSITIONS_SQL, {
    params: { names: projections },
  });
  return new Map(rows.map((r) => [r.projection, BigInt(r.position)]));
}

/** The first projection that has not folded in `position` yet, with where it stands; null when all have. */
export function behind(
  positions: ReadonlyMap<string, bigint>,
  projections: readonly string[],
  position: bigint,
): { projection: string; at: bigint | null } | null {
  for (const projection of projections) {
    const at = positions.get(projection);
    if (at === undefined || at < position) return { projection, at: at ?? null };
  }
  return null;
}

/**
 * A `waitForProjection` for the engine: polls the projection runner's checkpoints in ClickHouse
 * until every named read model has folded in the target ledger. Returns early when the signal aborts.
 */
export function createProjectionWait(options: {
  readonly reader: ReadModelReader;
  readonly projections: readonly string[];
  readonly pollIntervalMs?: number;
}): (target: ProjectionTarget, signal?: AbortSignal) => Promise<void> {
  const interval = options.pollIntervalMs ?? 200;
  return async (target, signal) => {
    while (signal?.aborted !== true) {
      const positions = await readModelPositions(options.reader, options.projections);
      if (behind(positions, options.projections, target.position) === null) return;
      await sleep(interval, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
    }
  };
}
