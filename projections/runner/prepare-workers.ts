import type { Projection } from '../../contracts/projection.ts';
import type { ClickHouse } from '../clickhouse/clickhouse.ts';
import {
  createGenerationObjects,
  dropObjects,
  dropViews,
  exposeViews,
  generationObjects,
} from './generation-schema.ts';
import type { RunnerLogger } from './runner-logger.ts';
import type { GenerationRecord, RunnerState } from './runner-state.ts';
import { loadTableEncoders } from './table-columns.ts';
import { createWorker, type Worker } from './worker.ts';

export interface PreparedWorkers {
  readonly workers: Worker[];
  /** The live generation of each projection that has one (fed or, when outdated, only served). */
  readonly lives: Map<string, GenerationRecord>;
}

export interface PrepareOptions {
  readonly ch: ClickHouse;
  readonly state: RunnerState;
  readonly projections: readonly Projection[];
  /** Projections to rebuild from position 0 into a new generation. */
  readonly rebuild: ReadonlySet<string>;
  readonly logger: RunnerLogger;
}

/**
 * Decides, per projection, which generations to feed, and repairs what an interrupted run left:
 * - the newest live generation keeps its stable views (re-pointed, in case a swap was cut short);
 *   older live ones and retired ones are dropped; half-created ones are dropped;
 * - a new building generation starts from position 0 when asked (--rebuild), when there is none
 *   yet, or when the projection's version differs from the live generation's;
 * - an unfinished building generation of the current version continues where it stopped.
 * Returns the workers (the live generation when its version is current, and the building one) and
 * the live generations.
 */
export async function prepareWorkers(options: PrepareOptions): Promise<PreparedWorkers> {
  const all = await options.state.generations();
  // Projections are independent: their statements run concurrently (DDL on chDB is mostly waiting
  // for files), and the workers come back in the projections' order.
  const prepared = await Promise.allSettled(
    options.projections.map((projection) =>
      prepareProjection(
        options,
        projection,
        all.filter((g) => g.projection === projection.name).sort((a, b) => a.generation - b.generation),
      ),
    ),
  );
  const failed = prepared.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const workers: Worker[] = [];
  const lives = new Map<string, GenerationRecord>();
  for (const result of prepared) {
    if (result.status !== 'fulfilled') continue;
    workers.push(...result.value.workers);
    if (result.value.live !== undefined) lives.set(result.value.live.projection, result.value.live);
  }
  return { workers, lives };
}

/** What prepareWorkers decides and repairs for one projection, given its generations in order. */
async function prepareProjection(
  options: PrepareOptions,
  projection: Projection,
  mine: readonly GenerationRecord[],
): Promise<{ workers: Worker[]; live: GenerationRecord | undefined }> {
  const { ch, state, logger } = options;
  const workers: Worker[] = [];
  const live = mine.filter((g) => g.status === 'live').pop();
  // Views first: a swap cut short between "live" and "exposed" is finished before anything is dropped.
  if (live !== undefined) {
    await exposeViews(ch, live.views, { projection: projection.name });
  }
  for (const g of mine) {
    if (g.status === 'retired' || g.status === 'creating' || (g.status === 'live' && g !== live)) {
      await retire(options, g, live);
    }
  }

  let building = mine.filter((g) => g.status === 'building').pop();
  const wantRebuild = options.rebuild.has(projection.name);
  if (building !== undefined && (wantRebuild || building.version !== projection.version)) {
    await retire(options, building, live);
    building = undefined;
  }
  const outdated = live !== undefined && live.version !== projection.version;
  if (building === undefined && (wantRebuild || live === undefined || outdated)) {
    const generation = Math.max(0, ...mine.map((g) => g.generation)) + 1;
    building = await createGeneration(options, projection, generation);
    logger.info(
      {
        projection: projection.name,
        generation,
        reason: wantRebuild ? 'rebuild' : live === undefined ? 'first build' : 'new version',
      },
      'building a new generation from position 0',
    );
  }
  if (outdated) {
    logger.warn(
      { projection: projection.name, liveVersion: live.version, version: projection.version },
      'the live generation has another version: readers keep it, unchanged, until the rebuild swaps in',
    );
  }
  for (const g of [live, building]) {
    if (g === undefined || g.version !== projection.version) continue;
    const checkpoint = await state.checkpoint(projection.name, g.generation);
    const worker = createWorker(projection, g, checkpoint);
    await loadTableEncoders(ch, worker);
    workers.push(worker);
  }
  return { workers, live };
}

async function createGeneration(
  options: PrepareOptions,
  projection: Projection,
  generation: number,
): Promise<GenerationRecord> {
  const record: GenerationRecord = {
    projection: projection.name,
    generation,
    version: projection.version,
    status: 'creating',
    objects: generationObjects(projection, generation),
    views: [],
  };
  await options.state.putGeneration(record);
  const views = await createGenerationObjects(options.ch, projection, generation);
  const building: GenerationRecord = { ...record, status: 'building', views };
  await options.state.putGeneration(building);
  return building;
}

/**
 * Drops a generation that is no longer wanted: its reader views unless the live generation exposes
 * the same names, then its objects. Each step is idempotent, so an interrupted retire is finished
 * by the next start.
 */
export async function retire(
  options: Pick<PrepareOptions, 'ch' | 'state'>,
  g: GenerationRecord,
  live: GenerationRecord | undefined,
): Promise<void> {
  const details = { projection: g.projection, generation: g.generation };
  if (g.status !== 'retired') await options.state.putGeneration({ ...g, status: 'retired' });
  if (g.status === 'live' || g.status === 'retired') {
    const kept = new Set(live?.generation === g.generation ? [] : (live?.views ?? []).map((v) => v.name));
    await dropViews(
      options.ch,
      g.views.map((v) => v.name).filter((name) => !kept.has(name)),
      details,
    );
  }
  await dropObjects(options.ch, g.objects, details);
  await options.state.putGeneration({ ...g, status: 'dropped' });
}
