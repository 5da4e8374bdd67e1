import type { ClickHouse } from '../clickhouse/clickhouse.ts';
import { exposeViews } from './generation-schema.ts';
import { retire } from './prepare-workers.ts';
import type { GenerationRecord, RunnerState } from './runner-state.ts';
import type { Worker } from './worker.ts';
import { persistPositions } from './write-batch.ts';

/**
 * Blue/green: a building generation that has caught up becomes the live one. Its checkpoint is stored,
 * it is marked live, each stable reader view is replaced to read from it (CREATE OR REPLACE VIEW, one
 * atomic step per view), and the previous live generation is dropped. Readers see the old tables
 * until the replace and the complete new ones after it, never a half-built table. Interrupted at any
 * step, the next start finishes it (see prepareWorkers).
 */
export async function swapIn(
  deps: { readonly ch: ClickHouse; readonly state: RunnerState },
  worker: Worker,
  previous: GenerationRecord | undefined,
): Promise<GenerationRecord> {
  await persistPositions(deps.state, [worker]);
  const live: GenerationRecord = { ...worker.generation, status: 'live' };
  await deps.state.putGeneration(live);
  await exposeViews(deps.ch, live.views, { projection: live.projection, generation: live.generation });
  worker.status = 'live';
  if (previous !== undefined && previous.generation !== live.generation) await retire(deps, previous, live);
  return live;
}
